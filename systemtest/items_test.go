package systemtest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestPutGetDeleteRoundTrip(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	item := Item{"pk": S("alice"), "first_name": S("Alice"), "grades": L(N("90"), N("85"))}
	out, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	if out.Attributes != nil || out.ConsumedCapacity != nil {
		t.Errorf("PutItem without ReturnValues returned %s / %+v", show(out.Attributes), out.ConsumedCapacity)
	}
	wantItem(t, get(t, c, table, Item{"pk": S("alice")}), item)

	del, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("alice")}})
	if err != nil {
		t.Fatalf("DeleteItem: %v", err)
	}
	if del.Attributes != nil {
		t.Errorf("DeleteItem without ReturnValues returned %s", show(del.Attributes))
	}
	if it := get(t, c, table, Item{"pk": S("alice")}); it != nil {
		t.Errorf("item still there after DeleteItem: %s", show(it))
	}
	// Deleting what is not there succeeds.
	if _, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("alice")}}); err != nil {
		t.Errorf("DeleteItem of a missing item: %v", err)
	}
}

func TestGetItemMissingHasNoItem(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: Item{"pk": S("nobody")}})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if out.Item != nil {
		t.Errorf("GetItem of a missing key returned Item %s, want no Item member", show(out.Item))
	}
}

func TestRangeKeyItemsAreDistinct(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	put(t, c, table, Item{"pk": S("p"), "sk": N("1"), "v": S("one")})
	put(t, c, table, Item{"pk": S("p"), "sk": N("2"), "v": S("two")})
	wantItem(t, get(t, c, table, Item{"pk": S("p"), "sk": N("1")}), Item{"pk": S("p"), "sk": N("1"), "v": S("one")})
	wantItem(t, get(t, c, table, Item{"pk": S("p"), "sk": N("2")}), Item{"pk": S("p"), "sk": N("2"), "v": S("two")})
	// Number keys are compared as numbers: 1.0 is the key 1.
	wantItem(t, get(t, c, table, Item{"pk": S("p"), "sk": N("1.0")}), Item{"pk": S("p"), "sk": N("1"), "v": S("one")})
}

func TestPutItemReturnValues(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	first := Item{"pk": S("k"), "a": S("old"), "n": N("-0015.789e6")}
	out, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: first, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	if out.Attributes != nil {
		t.Errorf("ALL_OLD on a new item returned %s, want none", show(out.Attributes))
	}
	out, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k"), "b": S("new")}, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	wantItem(t, out.Attributes, Item{"pk": S("k"), "a": S("old"), "n": N("-15789000")})
	// PutItem replaces the whole item.
	wantItem(t, get(t, c, table, Item{"pk": S("k")}), Item{"pk": S("k"), "b": S("new")})
	out, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")}, ReturnValues: types.ReturnValueNone})
	if err != nil || out.Attributes != nil {
		t.Errorf("ReturnValues NONE: %v, %s", err, show(out.Attributes))
	}
}

func TestPutAndDeleteReturnValuesRestricted(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	for _, rv := range []types.ReturnValue{types.ReturnValueUpdatedOld, types.ReturnValueAllNew, types.ReturnValueUpdatedNew} {
		_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")}, ReturnValues: rv})
		wantValidation(t, err, "ReturnValues can only be ALL_OLD or NONE")
		_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, ReturnValues: rv})
		wantValidation(t, err, "ReturnValues can only be ALL_OLD or NONE")
	}
}

func TestDeleteItemReturnsOldItem(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	item := Item{"pk": S("k"), "b": S("b"), "n": N("1")}
	put(t, c, table, item)
	out, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatalf("DeleteItem: %v", err)
	}
	wantItem(t, out.Attributes, item)
	out, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatalf("DeleteItem: %v", err)
	}
	if out.Attributes != nil {
		t.Errorf("ALL_OLD on a missing item returned %s", show(out.Attributes))
	}
}

func TestGetItemProjectionExpression(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, Item{
		"pk":    S("k"),
		"a":     S("A"),
		"b":     N("2"),
		"name":  S("reserved word as attribute"),
		"m":     M(Item{"x": N("1"), "y": M(Item{"z": S("deep"), "w": S("other")})}),
		"l":     L(S("l0"), S("l1"), S("l2"), M(Item{"q": S("in list")})),
		"other": S("not projected"),
	})
	cases := []struct {
		name  string
		proj  string
		names map[string]string
		want  Item
	}{
		{"top-level attributes", "a, b", nil, Item{"a": S("A"), "b": N("2")}},
		{"reserved word through a name placeholder", "#n", map[string]string{"#n": "name"}, Item{"name": S("reserved word as attribute")}},
		{"nested map path keeps the map shape", "m.y.z", nil, Item{"m": M(Item{"y": M(Item{"z": S("deep")})})}},
		{"two paths into one map merge", "m.x, m.y.w", nil, Item{"m": M(Item{"x": N("1"), "y": M(Item{"w": S("other")})})}},
		{"list elements keep their order", "l[2], l[0]", nil, Item{"l": L(S("l0"), S("l2"))}},
		{"path through a list element", "l[3].q", nil, Item{"l": L(M(Item{"q": S("in list")}))}},
		{"missing paths are left out", "a, nope, m.nope, l[9]", nil, Item{"a": S("A")}},
		{"key attributes only when asked", "pk", nil, Item{"pk": S("k")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{
				TableName:                aws.String(table),
				Key:                      Item{"pk": S("k")},
				ProjectionExpression:     aws.String(tc.proj),
				ExpressionAttributeNames: tc.names,
			})
			if err != nil {
				t.Fatalf("GetItem: %v", err)
			}
			wantItem(t, out.Item, tc.want)
		})
	}

	// An existing item none of whose projected attributes exist comes back
	// as an empty Item, not as no Item.
	out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, ProjectionExpression: aws.String("nope")})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if out.Item == nil || len(out.Item) != 0 {
		t.Errorf("projection of missing attributes: Item = %s, want {}", show(out.Item))
	}
}

func TestGetItemAttributesToGetLegacy(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, Item{"pk": S("k"), "a": S("A"), "b": N("2"), "c": BOOL(true)})
	out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, AttributesToGet: []string{"a", "c", "missing"}})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	wantItem(t, out.Item, Item{"a": S("A"), "c": BOOL(true)})
}

func TestGetItemProjectionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	key := Item{"pk": S("k")}
	cases := []struct {
		name  string
		in    dynamodb.GetItemInput
		msg   string
		isPfx bool
	}{
		{"reserved word", dynamodb.GetItemInput{ProjectionExpression: aws.String("name")},
			"Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name", false},
		{"undefined name placeholder", dynamodb.GetItemInput{ProjectionExpression: aws.String("#x")},
			"Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x", false},
		{"unused name placeholder", dynamodb.GetItemInput{ProjectionExpression: aws.String("#a"), ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "b"}},
			"Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}", false},
		{"names without an expression", dynamodb.GetItemInput{ExpressionAttributeNames: map[string]string{"#a": "a"}},
			"ExpressionAttributeNames can only be specified when using expressions", false},
		{"overlapping paths", dynamodb.GetItemInput{ProjectionExpression: aws.String("a, a.b")},
			"Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]", false},
		{"the same path twice", dynamodb.GetItemInput{ProjectionExpression: aws.String("a, a")},
			"Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]", false},
		{"expression and AttributesToGet", dynamodb.GetItemInput{ProjectionExpression: aws.String("a"), AttributesToGet: []string{"a"}},
			"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}", false},
		{"empty expression", dynamodb.GetItemInput{ProjectionExpression: aws.String("")},
			"Invalid ProjectionExpression: The expression can not be empty;", false},
		{"syntax error", dynamodb.GetItemInput{ProjectionExpression: aws.String("a,,b")},
			"Invalid ProjectionExpression: Syntax error; token: ", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String(table)
			in.Key = key
			_, err := c.GetItem(ctxT(t), &in)
			if tc.isPfx {
				wantErrPrefix(t, err, "ValidationException", tc.msg)
			} else {
				wantValidation(t, err, tc.msg)
			}
		})
	}
}

func TestKeyValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	hash := hashTable(t, c)
	rng := rangeTable(t, c)
	bin := createTable(t, c, keyDef{"pk", "B"}, keyDef{})
	const noMatch = "The provided key element does not match the schema"

	for name, key := range map[string]Item{
		"wrong type":         {"pk": N("1")},
		"wrong name":         {"other": S("a")},
		"extra attribute":    {"pk": S("a"), "x": S("b")},
		"no key":             {},
		"set as a key value": {"pk": SS("a")},
	} {
		_, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(hash), Key: key})
		t.Run("GetItem "+name, func(t *testing.T) { wantValidation(t, err, noMatch) })
		_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(hash), Key: key})
		t.Run("DeleteItem "+name, func(t *testing.T) { wantValidation(t, err, noMatch) })
		_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(hash), Key: key})
		t.Run("UpdateItem "+name, func(t *testing.T) { wantValidation(t, err, noMatch) })
	}
	_, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(rng), Key: Item{"pk": S("a")}})
	t.Run("missing range key", func(t *testing.T) { wantValidation(t, err, noMatch) })

	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(hash), Item: Item{"other": S("a")}})
	t.Run("PutItem missing key", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values were invalid: Missing the key pk in the item")
	})
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(rng), Item: Item{"pk": S("a")}})
	t.Run("PutItem missing range key", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values were invalid: Missing the key sk in the item")
	})
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(hash), Item: Item{"pk": N("1")}})
	t.Run("PutItem key type mismatch", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
	})
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(hash), Item: Item{"pk": SS("a")}})
	t.Run("PutItem key is a set", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: SS")
	})
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(rng), Item: Item{"pk": S("a"), "sk": S("1")}})
	t.Run("PutItem range key type mismatch", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S")
	})

	const emptyS = "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(hash), Item: Item{"pk": S("")}})
	t.Run("PutItem empty string key", func(t *testing.T) { wantValidation(t, err, emptyS) })
	_, err = c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(hash), Key: Item{"pk": S("")}})
	t.Run("GetItem empty string key", func(t *testing.T) { wantValidation(t, err, emptyS) })
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(hash), Key: Item{"pk": S("")}})
	t.Run("UpdateItem empty string key", func(t *testing.T) { wantValidation(t, err, emptyS) })
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(hash), Key: Item{"pk": S("")}})
	t.Run("DeleteItem empty string key", func(t *testing.T) { wantValidation(t, err, emptyS) })
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(bin), Item: Item{"pk": B([]byte{})}})
	t.Run("PutItem empty binary key", func(t *testing.T) {
		wantValidation(t, err, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk")
	})
}

func TestItemSizeLimits(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	const maxItem = 400 * 1024
	// Size as AWS counts it: the UTF-8 bytes of each attribute name and
	// string value. {"pk": "k", "d": <n bytes>} is 2+1+1+n bytes.
	fits := Item{"pk": S("k"), "d": S(strings.Repeat("x", maxItem-4))}
	put(t, c, table, fits)
	if it := get(t, c, table, Item{"pk": S("k")}); len(it) != 2 {
		t.Errorf("400 KB item not stored whole")
	}
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item: Item{"pk": S("k2"), "d": S(strings.Repeat("x", maxItem-3))}})
	wantValidation(t, err, "Item size has exceeded the maximum allowed size")
	// Longer attribute names count too.
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item: Item{"pk": S("k2"), "dd": S(strings.Repeat("x", maxItem-4))}})
	wantValidation(t, err, "Item size has exceeded the maximum allowed size")

	// An update that grows the item past the limit.
	put(t, c, table, Item{"pk": S("u"), "d": S(strings.Repeat("x", maxItem-100))})
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       Item{"pk": S("u")},
		UpdateExpression:          aws.String("SET e = :v"),
		ExpressionAttributeValues: Item{":v": S(strings.Repeat("y", 200))},
	})
	wantValidation(t, err, "Item size to update has exceeded the maximum allowed size")
}

func TestKeySizeLimits(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := createTable(t, c, keyDef{"h", "S"}, keyDef{"r", "S"})
	put(t, c, table, Item{"h": S(strings.Repeat("h", 2048)), "r": S(strings.Repeat("r", 1024))})
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item: Item{"h": S(strings.Repeat("h", 2049)), "r": S("r")}})
	wantValidation(t, err, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item: Item{"h": S("h"), "r": S(strings.Repeat("r", 1025))}})
	wantValidation(t, err, "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	// Multi-byte characters count in UTF-8 bytes: 683 × 3 bytes = 2049.
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item: Item{"h": S(strings.Repeat("€", 683)), "r": S("r")}})
	wantValidation(t, err, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
}

func TestItemOperationsOnMissingTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := aws.String(tableName("missing"))
	const msg = "Requested resource not found"
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: table, Item: Item{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", msg)
	_, err = c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: table, Key: Item{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", msg)
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: table, Key: Item{"pk": S("a")},
		UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: Item{":v": S("x")}})
	wantErr(t, err, "ResourceNotFoundException", msg)
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: table, Key: Item{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", msg)

	// A malformed request is reported before the missing table.
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: table, Item: Item{"pk": S("a")}, ConditionExpression: aws.String("")})
	wantValidation(t, err, "Invalid ConditionExpression: The expression can not be empty;")
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: table, Item: Item{"pk": S("a")}, ReturnValues: types.ReturnValueAllNew})
	wantValidation(t, err, "ReturnValues can only be ALL_OLD or NONE")
}

func TestReturnConsumedCapacityWrites(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	// {"pk": "k", "d": n bytes} is 4+n bytes; a write unit is 1 KB.
	small := Item{"pk": S("k"), "d": S(strings.Repeat("x", 1024-4))}
	large := Item{"pk": S("k"), "d": S(strings.Repeat("x", 1024-3))}

	out, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: small, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	wantCapacity(t, out.ConsumedCapacity, table, 1, false)
	// Overwriting bills the larger of the old and the new item.
	out, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: large, ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	wantCapacity(t, out.ConsumedCapacity, table, 2, true)
	out, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	wantCapacity(t, out.ConsumedCapacity, table, 2, false)
	out, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")}, ReturnConsumedCapacity: types.ReturnConsumedCapacityNone})
	if err != nil || out.ConsumedCapacity != nil {
		t.Errorf("NONE: err %v, ConsumedCapacity %+v", err, out.ConsumedCapacity)
	}

	put(t, c, table, large)
	upd, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		UpdateExpression: aws.String("REMOVE d"), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatalf("UpdateItem: %v", err)
	}
	wantCapacity(t, upd.ConsumedCapacity, table, 2, false)

	del, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("nothing")}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatalf("DeleteItem: %v", err)
	}
	wantCapacity(t, del.ConsumedCapacity, table, 1, false)
	put(t, c, table, large)
	del, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")}, ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
	if err != nil {
		t.Fatalf("DeleteItem: %v", err)
	}
	wantCapacity(t, del.ConsumedCapacity, table, 2, true)
}

func TestReturnConsumedCapacityReads(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	// A read unit is 4 KB, strongly consistent; eventually consistent reads
	// cost half.
	// {"pk": "small", "d": n bytes} is 8+n bytes.
	put(t, c, table, Item{"pk": S("small"), "d": S(strings.Repeat("x", 4096-8))})
	put(t, c, table, Item{"pk": S("large"), "d": S(strings.Repeat("x", 4096-7))})
	cases := []struct {
		key        string
		consistent bool
		want       float64
	}{
		{"small", true, 1}, {"small", false, 0.5},
		{"large", true, 2}, {"large", false, 1},
		{"missing", true, 1}, {"missing", false, 0.5},
	}
	for _, tc := range cases {
		for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
			out, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: Item{"pk": S(tc.key)},
				ConsistentRead: aws.Bool(tc.consistent), ReturnConsumedCapacity: rcc})
			if err != nil {
				t.Fatalf("GetItem: %v", err)
			}
			t.Run(tc.key, func(t *testing.T) {
				wantCapacity(t, out.ConsumedCapacity, table, tc.want, rcc == types.ReturnConsumedCapacityIndexes)
			})
		}
	}
}

// wantCapacity asserts a ConsumedCapacity of units for table, with the
// per-table breakdown when indexes is set (ReturnConsumedCapacity INDEXES).
func wantCapacity(t testing.TB, cc *types.ConsumedCapacity, table string, units float64, indexes bool) {
	t.Helper()
	if cc == nil {
		t.Errorf("no ConsumedCapacity, want %v units", units)
		return
	}
	if aws.ToString(cc.TableName) != table || aws.ToFloat64(cc.CapacityUnits) != units {
		t.Errorf("ConsumedCapacity = %s %v units, want %s %v", aws.ToString(cc.TableName), aws.ToFloat64(cc.CapacityUnits), table, units)
	}
	if indexes && (cc.Table == nil || aws.ToFloat64(cc.Table.CapacityUnits) != units) {
		t.Errorf("INDEXES: ConsumedCapacity.Table = %+v, want %v units", cc.Table, units)
	}
	if !indexes && cc.Table != nil {
		t.Errorf("TOTAL: ConsumedCapacity.Table = %+v, want absent", cc.Table)
	}
}

func TestLegacyExpectedOnPutAndDelete(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, Item{"pk": S("k"), "a": S("x"), "n": N("5")})
	cases := []struct {
		name     string
		expected map[string]types.ExpectedAttributeValue
		op       types.ConditionalOperator
		pass     bool
	}{
		{"Exists false on an existing attribute", map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false)}}, "", false},
		{"Exists false on a missing attribute", map[string]types.ExpectedAttributeValue{"b": {Exists: aws.Bool(false)}}, "", true},
		{"Value equal", map[string]types.ExpectedAttributeValue{"a": {Value: S("x")}}, "", true},
		{"Value different", map[string]types.ExpectedAttributeValue{"a": {Value: S("y")}}, "", false},
		{"Exists true with value", map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(true), Value: S("x")}}, "", true},
		{"GT", map[string]types.ExpectedAttributeValue{"n": {ComparisonOperator: types.ComparisonOperatorGt, AttributeValueList: []types.AttributeValue{N("4")}}}, "", true},
		{"BETWEEN", map[string]types.ExpectedAttributeValue{"n": {ComparisonOperator: types.ComparisonOperatorBetween, AttributeValueList: []types.AttributeValue{N("6"), N("9")}}}, "", false},
		{"NULL", map[string]types.ExpectedAttributeValue{"zz": {ComparisonOperator: types.ComparisonOperatorNull}}, "", true},
		{"NOT_NULL", map[string]types.ExpectedAttributeValue{"zz": {ComparisonOperator: types.ComparisonOperatorNotNull}}, "", false},
		{"IN", map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorIn, AttributeValueList: []types.AttributeValue{S("w"), S("x")}}}, "", true},
		{"BEGINS_WITH", map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorBeginsWith, AttributeValueList: []types.AttributeValue{S("x")}}}, "", true},
		{"AND of one true one false", map[string]types.ExpectedAttributeValue{
			"a": {Value: S("x")}, "n": {ComparisonOperator: types.ComparisonOperatorLt, AttributeValueList: []types.AttributeValue{N("5")}}}, types.ConditionalOperatorAnd, false},
		{"OR of one true one false", map[string]types.ExpectedAttributeValue{
			"a": {Value: S("x")}, "n": {ComparisonOperator: types.ComparisonOperatorLt, AttributeValueList: []types.AttributeValue{N("5")}}}, types.ConditionalOperatorOr, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k"), "a": S("x"), "n": N("5")},
				Expected: tc.expected, ConditionalOperator: tc.op})
			if tc.pass && err != nil {
				t.Errorf("PutItem: %v", err)
			}
			if !tc.pass {
				wantConditionFailed(t, err)
			}
		})
	}
	_, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		Expected: map[string]types.ExpectedAttributeValue{"a": {Value: S("nope")}}})
	wantConditionFailed(t, err)
	if _, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		Expected: map[string]types.ExpectedAttributeValue{"a": {Value: S("x")}}}); err != nil {
		t.Errorf("DeleteItem with a true Expected: %v", err)
	}

	// Validation of the legacy shape.
	for _, tc := range []struct {
		exp map[string]types.ExpectedAttributeValue
		msg string
	}{
		{map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(true)}},
			"One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"},
		{map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false), Value: S("a")}},
			"One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"},
		{map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorLt}},
			"One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"},
		{map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(true), ComparisonOperator: types.ComparisonOperatorLt, Value: S("a")}},
			"One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a"},
		{map[string]types.ExpectedAttributeValue{"a": {ComparisonOperator: types.ComparisonOperatorBetween, AttributeValueList: []types.AttributeValue{N("1")}}},
			"One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
	} {
		_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("v")}, Expected: tc.exp})
		wantValidation(t, err, tc.msg)
	}
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("v")},
		Expected:            map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false)}},
		ConditionalOperator: types.ConditionalOperatorOr})
	wantValidation(t, err, "ConditionalOperator can only be used when Filter or Expected has two or more elements")
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("v")},
		Expected:            map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false)}},
		ConditionExpression: aws.String("attribute_not_exists(a)")})
	wantValidation(t, err, "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
}

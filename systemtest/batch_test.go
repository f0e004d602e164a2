package systemtest

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Messages AWS gives for faults of a batch as a whole.
const (
	msgDuplicates   = "Provided list of item keys contains duplicates"
	msgNoSchema     = "The provided key element does not match the schema"
	msgWriteShape   = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	msgTooManyGets  = "Too many items requested for the BatchGetItem call"
	msgTooManyPuts  = "Too many items requested for the BatchWriteItem call"
	msgNotFound     = "Requested resource not found"
	ruleMapValues25 = "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
)

func putW(item Item) types.WriteRequest {
	return types.WriteRequest{PutRequest: &types.PutRequest{Item: item}}
}

func delW(key Item) types.WriteRequest {
	return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}}
}

// batchWrite runs BatchWriteItem, failing the test on error or on any
// unprocessed item.
func batchWrite(t *testing.T, c *dynamodb.Client, in *dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
	t.Helper()
	out, err := c.BatchWriteItem(ctxT(t), in)
	if err != nil {
		t.Fatalf("BatchWriteItem: %v", err)
	}
	if out.UnprocessedItems == nil || len(out.UnprocessedItems) != 0 {
		t.Fatalf("UnprocessedItems = %v, want {}", out.UnprocessedItems)
	}
	return out
}

// writes runs BatchWriteItem of reqs, all on table.
func writes(t *testing.T, c *dynamodb.Client, table string, reqs ...types.WriteRequest) *dynamodb.BatchWriteItemOutput {
	t.Helper()
	return batchWrite(t, c, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
}

// keyList renders items as their sorted JSON, to compare sets of items.
func keyList(items []Item) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = show(it)
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// capacityOf returns the ConsumedCapacity entry of table, failing when absent.
func capacityOf(t *testing.T, ccs []types.ConsumedCapacity, table string) *types.ConsumedCapacity {
	t.Helper()
	for i := range ccs {
		if aws.ToString(ccs[i].TableName) == table {
			return &ccs[i]
		}
	}
	t.Fatalf("no ConsumedCapacity for %s in %+v", table, ccs)
	return nil
}

func TestBatchWriteAndGetOverTables(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	put(t, c, h, Item{"pk": S("old"), "v": S("gone soon")})
	batchWrite(t, c, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		h: {putW(Item{"pk": S("a"), "v": N("1")}), putW(Item{"pk": S("b"), "v": L(S("x"))}), delW(Item{"pk": S("old")})},
		r: {putW(Item{"pk": S("a"), "sk": N("1")}), putW(Item{"pk": S("a"), "sk": N("2.50")}), delW(Item{"pk": S("z"), "sk": N("9")})},
	}})
	empty := hashTable(t, c)
	out, err := c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		h:     {Keys: []Item{{"pk": S("a")}, {"pk": S("b")}, {"pk": S("old")}, {"pk": S("never")}}},
		r:     {Keys: []Item{{"pk": S("a"), "sk": N("2.5")}, {"pk": S("a"), "sk": N("1")}}, ConsistentRead: aws.Bool(true)},
		empty: {Keys: []Item{{"pk": S("a")}}},
	}})
	if err != nil {
		t.Fatalf("BatchGetItem: %v", err)
	}
	if got, want := keyList(out.Responses[h]), keyList([]Item{{"pk": S("a"), "v": N("1")}, {"pk": S("b"), "v": L(S("x"))}}); got != want {
		t.Errorf("Responses[%s] = %s, want %s", h, got, want)
	}
	if got, want := keyList(out.Responses[r]), keyList([]Item{{"pk": S("a"), "sk": N("1")}, {"pk": S("a"), "sk": N("2.5")}}); got != want {
		t.Errorf("Responses[%s] = %s, want %s", r, got, want)
	}
	if items, ok := out.Responses[empty]; !ok || len(items) != 0 {
		t.Errorf("Responses[%s] = %v (present %v), want an empty list", empty, items, ok)
	}
	if out.UnprocessedKeys == nil || len(out.UnprocessedKeys) != 0 || out.ConsumedCapacity != nil {
		t.Errorf("UnprocessedKeys = %v, ConsumedCapacity = %v; want {} and none", out.UnprocessedKeys, out.ConsumedCapacity)
	}
	d, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(h)})
	if err != nil || aws.ToInt64(d.Table.ItemCount) != 2 {
		t.Errorf("ItemCount of %s after the batch = %v (%v), want 2", h, d.Table.ItemCount, err)
	}
}

func TestBatchGetProjection(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	writes(t, c, table,
		putW(Item{"pk": S("a"), "x": S("1"), "y": S("2"), "m": M(Item{"in": N("3"), "out": N("4")})}),
		putW(Item{"pk": S("b"), "y": S("5")}))
	keys := []Item{{"pk": S("a")}, {"pk": S("b")}}
	for _, tc := range []struct {
		name string
		ka   types.KeysAndAttributes
		want []Item
	}{
		{"expression", types.KeysAndAttributes{Keys: keys, ProjectionExpression: aws.String("#x, m.#in"),
			ExpressionAttributeNames: map[string]string{"#x": "x", "#in": "in"}},
			[]Item{{"x": S("1"), "m": M(Item{"in": N("3")})}, {}}},
		{"AttributesToGet", types.KeysAndAttributes{Keys: keys, AttributesToGet: []string{"pk", "y"}},
			[]Item{{"pk": S("a"), "y": S("2")}, {"pk": S("b"), "y": S("5")}}},
	} {
		out, err := c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{table: tc.ka}})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got, want := keyList(out.Responses[table]), keyList(tc.want); got != want {
			t.Errorf("%s: Responses = %s, want %s", tc.name, got, want)
		}
	}
}

func TestBatchGetConsumedCapacity(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, other := hashTable(t, c), hashTable(t, c)
	writes(t, c, h, putW(Item{"pk": S("big"), "b": S(strings.Repeat("b", 4500))}), putW(Item{"pk": S("small")}))
	keys := []Item{{"pk": S("big")}, {"pk": S("small")}, {"pk": S("missing")}}
	for _, tc := range []struct {
		consistent  bool
		h, otherCap float64
	}{
		// Each item is rounded up to 4 KB on its own (a missing one costs as
		// the smallest), then halved when eventually consistent.
		{false, 2, 0.5},
		{true, 4, 1},
	} {
		for _, mode := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
			out, err := c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{ReturnConsumedCapacity: mode, RequestItems: map[string]types.KeysAndAttributes{
				h:     {Keys: keys, ConsistentRead: aws.Bool(tc.consistent)},
				other: {Keys: []Item{{"pk": S("x")}}, ConsistentRead: aws.Bool(tc.consistent)},
			}})
			if err != nil {
				t.Fatal(err)
			}
			indexes := mode == types.ReturnConsumedCapacityIndexes
			wantCapacity(t, capacityOf(t, out.ConsumedCapacity, h), h, tc.h, indexes)
			wantCapacity(t, capacityOf(t, out.ConsumedCapacity, other), other, tc.otherCap, indexes)
		}
	}
}

func TestBatchWriteConsumedCapacityAndMetrics(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, other := hashTable(t, c), hashTable(t, c)
	big := Item{"pk": S("big"), "b": S(strings.Repeat("b", 1500))}
	in := &dynamodb.BatchWriteItemInput{
		ReturnConsumedCapacity:      types.ReturnConsumedCapacityIndexes,
		ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize,
		RequestItems: map[string][]types.WriteRequest{
			h:     {putW(big), putW(Item{"pk": S("small")})},
			other: {delW(Item{"pk": S("missing")})},
		},
	}
	out := batchWrite(t, c, in)
	wantCapacity(t, capacityOf(t, out.ConsumedCapacity, h), h, 3, true)
	wantCapacity(t, capacityOf(t, out.ConsumedCapacity, other), other, 1, true)
	// No table has local secondary indexes, so there are no item collections.
	if len(out.ItemCollectionMetrics) != 0 {
		t.Errorf("ItemCollectionMetrics = %v, want none", out.ItemCollectionMetrics)
	}
	// A delete is charged for the item it deletes.
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	in.RequestItems = map[string][]types.WriteRequest{h: {delW(Item{"pk": S("big")}), delW(Item{"pk": S("small")})}}
	out = batchWrite(t, c, in)
	wantCapacity(t, capacityOf(t, out.ConsumedCapacity, h), h, 3, false)
	if len(out.ConsumedCapacity) != 1 {
		t.Errorf("ConsumedCapacity = %+v, want only %s", out.ConsumedCapacity, h)
	}
}

func TestBatchGetUnprocessedKeysOver16MB(t *testing.T) {
	t.Parallel()
	c := client(t)
	a, b := hashTable(t, c), hashTable(t, c)
	pad := strings.Repeat("p", 390*1024)
	want := map[string]bool{}
	all := map[string][]Item{}
	for i := range 100 {
		table := a
		if i >= 60 {
			table = b
		}
		k := fmt.Sprintf("k%03d", i)
		want[table+"/"+k] = true
		all[table] = append(all[table], Item{"pk": S(k)})
	}
	for table, keys := range all {
		for i := 0; i < len(keys); i += 25 {
			var reqs []types.WriteRequest
			for _, key := range keys[i:min(i+25, len(keys))] {
				reqs = append(reqs, putW(Item{"pk": key["pk"], "pad": S(pad)}))
			}
			writes(t, c, table, reqs...)
		}
	}
	names := map[string]string{"#p": "pad"} // a reserved word
	req := map[string]types.KeysAndAttributes{
		a: {Keys: all[a], ProjectionExpression: aws.String("pk, #p"), ExpressionAttributeNames: names, ConsistentRead: aws.Bool(true)},
		b: {Keys: all[b], ProjectionExpression: aws.String("pk, #p"), ExpressionAttributeNames: names, ConsistentRead: aws.Bool(true)},
	}
	got := map[string]bool{}
	calls := 0
	for len(req) > 0 {
		if calls++; calls > 10 {
			t.Fatalf("still %d tables unprocessed after 10 calls", len(req))
		}
		out, err := c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			t.Fatalf("call %d: %v", calls, err)
		}
		n := 0
		for table, items := range out.Responses {
			for _, it := range items {
				k := table + "/" + it["pk"].(*types.AttributeValueMemberS).Value
				if got[k] {
					t.Errorf("%s returned twice", k)
				}
				got[k] = true
				n++
			}
		}
		if n == 0 || n*len(pad) > 16<<20 {
			t.Fatalf("call %d returned %d items of %d bytes", calls, n, len(pad))
		}
		for table, ka := range out.UnprocessedKeys {
			if aws.ToString(ka.ProjectionExpression) != "pk, #p" || ka.ExpressionAttributeNames["#p"] != "pad" || !aws.ToBool(ka.ConsistentRead) {
				t.Errorf("UnprocessedKeys[%s] lost the request's parameters: %+v", table, ka)
			}
		}
		req = out.UnprocessedKeys
	}
	if calls < 3 || len(got) != len(want) {
		t.Errorf("%d calls returned %d distinct items, want at least 3 calls and all %d", calls, len(got), len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("%s never returned", k)
		}
	}
}

func TestBatchGetErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	keysN := func(n int) []Item {
		ks := make([]Item, n)
		for i := range ks {
			ks[i] = Item{"pk": S(fmt.Sprint(i))}
		}
		return ks
	}
	get := func(items map[string]types.KeysAndAttributes) error {
		_, err := c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: items})
		return err
	}
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: []Item{{"pk": S("a")}, {"pk": S("b")}, {"pk": S("a")}}}}), msgDuplicates)
	// Numbers are compared as numbers.
	wantValidation(t, get(map[string]types.KeysAndAttributes{r: {Keys: []Item{{"pk": S("a"), "sk": N("1")}, {"pk": S("a"), "sk": N("1.0")}}}}), msgDuplicates)
	// The same key in two tables is two items.
	if err := get(map[string]types.KeysAndAttributes{h: {Keys: []Item{{"pk": S("a")}}}, hashTable(t, c): {Keys: []Item{{"pk": S("a")}}}}); err != nil {
		t.Errorf("same key in two tables: %v", err)
	}
	rkeys := make([]Item, 41)
	for i := range rkeys {
		rkeys[i] = Item{"pk": S("a"), "sk": N(fmt.Sprint(i))}
	}
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: keysN(60)}, r: {Keys: rkeys}}), msgTooManyGets)
	err := get(map[string]types.KeysAndAttributes{h: {Keys: keysN(101)}})
	wantErrPrefix(t, err, "ValidationException", "1 validation error detected: Value '[{\"pk\":{\"S\":\"0\"}},")
	if ae := apiError(t, err); !strings.HasSuffix(ae.ErrorMessage(), "' at 'requestItems."+h+".member.keys' failed to satisfy constraint: Member must have length less than or equal to 100") {
		t.Errorf("101 keys: %q", ae.ErrorMessage())
	}
	wantErr(t, get(map[string]types.KeysAndAttributes{h: {Keys: keysN(1)}, "no-such-table": {Keys: keysN(1)}}), "ResourceNotFoundException", msgNotFound)
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: []Item{{"pk": N("1")}}}}), msgNoSchema)
	wantValidation(t, get(map[string]types.KeysAndAttributes{r: {Keys: []Item{{"pk": S("a")}}}}), msgNoSchema)
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: []Item{{"pk": S("")}}}}),
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
	wantValidation(t, get(map[string]types.KeysAndAttributes{
		h: {Keys: keysN(1), AttributesToGet: []string{"a"}},
		r: {Keys: []Item{{"pk": S("a"), "sk": N("1")}}, ProjectionExpression: aws.String("a")},
	}), "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: keysN(1), ExpressionAttributeNames: map[string]string{"#a": "a"}}}),
		"ExpressionAttributeNames can only be specified when using expressions")
	wantValidation(t, get(map[string]types.KeysAndAttributes{h: {Keys: keysN(1), ProjectionExpression: aws.String("a"), ExpressionAttributeNames: map[string]string{"#a": "a"}}}),
		"Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}")
	// A malformed projection is reported before a missing table.
	wantErrPrefix(t, get(map[string]types.KeysAndAttributes{"no-such-table": {Keys: keysN(1), ProjectionExpression: aws.String("a,")}}),
		"ValidationException", "Invalid ProjectionExpression: Syntax error;")
	wantValidation(t, get(map[string]types.KeysAndAttributes{"ab": {Keys: []Item{{"pk": S("x")}}}}),
		`1 validation error detected: Value '{"ab":{"Keys":[{"pk":{"S":"x"}}]}}' at 'requestItems' failed to satisfy constraint: `+
			"Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, "+
			"Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]")
	_, err = c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{ReturnConsumedCapacity: "hi", RequestItems: map[string]types.KeysAndAttributes{h: {Keys: keysN(1)}}})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
}

func TestBatchWriteErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	puts := func(n int, prefix string) []types.WriteRequest {
		reqs := make([]types.WriteRequest, n)
		for i := range reqs {
			reqs[i] = putW(Item{"pk": S(fmt.Sprint(prefix, i))})
		}
		return reqs
	}
	write := func(items map[string][]types.WriteRequest) error {
		_, err := c.BatchWriteItem(ctxT(t), &dynamodb.BatchWriteItemInput{RequestItems: items})
		return err
	}
	err := write(map[string][]types.WriteRequest{h: puts(26, "")})
	wantErrPrefix(t, err, "ValidationException", "1 validation error detected: Value '{"+h+"=[WriteRequest(putRequest=PutRequest(item={pk=")
	if ae := apiError(t, err); !strings.HasSuffix(ae.ErrorMessage(), "' at 'requestItems' failed to satisfy constraint: "+ruleMapValues25) {
		t.Errorf("26 requests in one table: %q", ae.ErrorMessage())
	}
	h2 := hashTable(t, c)
	wantValidation(t, write(map[string][]types.WriteRequest{h: puts(13, "a"), h2: puts(13, "b")}), msgTooManyPuts)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {putW(Item{"pk": S("a")}), putW(Item{"pk": S("a"), "v": S("2")})}}), msgDuplicates)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {putW(Item{"pk": S("a")}), delW(Item{"pk": S("a")})}}), msgDuplicates)
	wantValidation(t, write(map[string][]types.WriteRequest{r: {delW(Item{"pk": S("a"), "sk": N("10")}), putW(Item{"pk": S("a"), "sk": N("1E1")})}}), msgDuplicates)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {{}}}), msgWriteShape)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {{PutRequest: &types.PutRequest{Item: Item{"pk": S("a")}}, DeleteRequest: &types.DeleteRequest{Key: Item{"pk": S("a")}}}}}), msgWriteShape)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {putW(Item{"pk": S("a"), "n": N("x")})}}), "The parameter cannot be converted to a numeric value: x")
	wantValidation(t, write(map[string][]types.WriteRequest{h: {putW(Item{"pk": S("a"), "b": S(strings.Repeat("b", 400*1024))})}}),
		"Item size has exceeded the maximum allowed size")
	wantValidation(t, write(map[string][]types.WriteRequest{r: {putW(Item{"pk": S("a"), "sk": N("1"), "x": S("1")}), putW(Item{"pk": S(""), "sk": N("1")})}}),
		"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
	wantValidation(t, write(map[string][]types.WriteRequest{r: {putW(Item{"pk": S("a")})}}), msgNoSchema)
	wantValidation(t, write(map[string][]types.WriteRequest{h: {delW(Item{"pk": S("a"), "x": S("b")})}}), msgNoSchema)
	wantErr(t, write(map[string][]types.WriteRequest{h: puts(1, "nf"), "no-such-table": puts(1, "")}), "ResourceNotFoundException", msgNotFound)
	// A batch with one invalid request writes nothing, in any table.
	wantValidation(t, write(map[string][]types.WriteRequest{
		h: {putW(Item{"pk": S("valid")})},
		r: {putW(Item{"pk": S("valid"), "sk": N("1")}), putW(Item{"pk": S("invalid"), "sk": S("1")})},
	}), msgNoSchema)
	for _, k := range []struct {
		table string
		key   Item
	}{{h, Item{"pk": S("valid")}}, {h, Item{"pk": S("nf0")}}, {r, Item{"pk": S("valid"), "sk": N("1")}}, {r, Item{"pk": S("a"), "sk": N("1")}}} {
		if it := get(t, c, k.table, k.key); it != nil {
			t.Errorf("a rejected batch wrote %s", show(it))
		}
	}
	_, err = c.BatchWriteItem(ctxT(t), &dynamodb.BatchWriteItemInput{ReturnItemCollectionMetrics: "hi", RequestItems: map[string][]types.WriteRequest{h: puts(1, "")}})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]")
}

func TestBatchWire(t *testing.T) {
	t.Parallel()
	c := client(t)
	h := hashTable(t, c)
	ok := func(op, body, want string) {
		t.Helper()
		r := raw(t, rawOpts{target: target + op}, body)
		wantEnvelope(t, r)
		if r.status != 200 || string(r.body) != want {
			t.Errorf("%s %s = %d %s, want %s", op, body, r.status, r.body, want)
		}
	}
	ok("BatchWriteItem", `{"RequestItems":{"`+h+`":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}}]}}`, `{"UnprocessedItems":{}}`)
	ok("BatchGetItem", `{"RequestItems":{"`+h+`":{"Keys":[{"pk":{"S":"a"}}]}}}`, `{"Responses":{"`+h+`":[{"pk":{"S":"a"}}]},"UnprocessedKeys":{}}`)
	ok("BatchGetItem", `{"RequestItems":{"`+h+`":{"Keys":[{"pk":{"S":"b"}}]}}}`, `{"Responses":{"`+h+`":[]},"UnprocessedKeys":{}}`)

	// Field constraints are answered from AWS's validation layer.
	bad := func(op, body, msg string) {
		t.Helper()
		wantWireError(t, raw(t, rawOpts{target: target + op}, body), validateNS+"ValidationException", msg)
	}
	for _, op := range []string{"BatchGetItem", "BatchWriteItem"} {
		bad(op, `{}`, "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null")
		bad(op, `{"RequestItems":{}}`, "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	bad("BatchGetItem", `{"RequestItems":{"`+h+`":{"Keys":[]}}}`,
		"1 validation error detected: Value '[]' at 'requestItems."+h+".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1")
	bad("BatchGetItem", `{"RequestItems":{"`+h+`":{}}}`,
		"1 validation error detected: Value null at 'requestItems."+h+".member.keys' failed to satisfy constraint: Member must not be null")
	bad("BatchWriteItem", `{"RequestItems":{"`+h+`":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"PutRequest":{},"DeleteRequest":{}}]}}`,
		"2 validation errors detected: "+
			"Value null at 'requestItems."+h+".member.2.member.deleteRequest.key' failed to satisfy constraint: Member must not be null; "+
			"Value null at 'requestItems."+h+".member.2.member.putRequest.item' failed to satisfy constraint: Member must not be null")
	bad("BatchWriteItem", `{"RequestItems":{"`+h+`":[]}}`,
		"1 validation error detected: Value '{"+h+"=[]}' at 'requestItems' failed to satisfy constraint: "+ruleMapValues25)
}

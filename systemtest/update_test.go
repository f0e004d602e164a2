package systemtest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// update runs UpdateItem on key with expr and values, returning ALL_NEW.
func update(t *testing.T, c *dynamodb.Client, table string, key Item, expr string, names map[string]string, values Item) Item {
	t.Helper()
	out, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       key,
		UpdateExpression:          aws.String(expr),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ReturnValues:              types.ReturnValueAllNew,
	})
	if err != nil {
		t.Fatalf("UpdateItem %q: %v", expr, err)
	}
	return out.Attributes
}

func TestUpdateExpressionActions(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	base := func() Item {
		return Item{
			"pk":   S("k"),
			"n":    N("10"),
			"s":    S("str"),
			"a":    S("A"),
			"b":    S("B"),
			"l":    L(S("l0"), S("l1"), S("l2"), S("l3")),
			"m":    M(Item{"x": N("1"), "deeper": M(Item{"z": S("z")})}),
			"ss":   SS("a", "b"),
			"ns":   NS("1", "2"),
			"bs":   BS([]byte{1}, []byte{2}),
			"list": L(N("1")),
		}
	}
	with := func(changes Item, removed ...string) Item {
		it := base()
		for k, v := range changes {
			it[k] = v
		}
		for _, k := range removed {
			delete(it, k)
		}
		return it
	}
	cases := []struct {
		name   string
		expr   string
		names  map[string]string
		values Item
		want   Item
	}{
		{"SET a new attribute", "SET c = :v", nil, Item{":v": S("new")}, with(Item{"c": S("new")})},
		{"SET overwrites", "SET s = :v", nil, Item{":v": N("3")}, with(Item{"s": N("3")})},
		{"SET plus", "SET n = n + :v", nil, Item{":v": N("2.5")}, with(Item{"n": N("12.5")})},
		{"SET minus to negative", "SET n = n - :v", nil, Item{":v": N("15")}, with(Item{"n": N("-5")})},
		{"SET value minus path", "SET n = :v - n", nil, Item{":v": N("1")}, with(Item{"n": N("-9")})},
		{"SET from another attribute", "SET c = s", nil, nil, with(Item{"c": S("str")})},
		{"operands read the old item", "SET a = b, b = a", nil, nil, with(Item{"a": S("B"), "b": S("A")})},
		{"operands read the old item in arithmetic", "SET n = n + :one, c = n", nil, Item{":one": N("1")}, with(Item{"n": N("11"), "c": N("10")})},
		{"if_not_exists on a missing attribute", "SET c = if_not_exists(c, :v)", nil, Item{":v": N("0")}, with(Item{"c": N("0")})},
		{"if_not_exists on an existing attribute", "SET n = if_not_exists(n, :v)", nil, Item{":v": N("0")}, base()},
		{"if_not_exists inside arithmetic", "SET c = if_not_exists(c, :zero) + :one", nil, Item{":zero": N("0"), ":one": N("1")}, with(Item{"c": N("1")})},
		{"list_append at the end", "SET l = list_append(l, :v)", nil, Item{":v": L(S("l4"))}, with(Item{"l": L(S("l0"), S("l1"), S("l2"), S("l3"), S("l4"))})},
		{"list_append at the front", "SET l = list_append(:v, l)", nil, Item{":v": L(S("first"))}, with(Item{"l": L(S("first"), S("l0"), S("l1"), S("l2"), S("l3"))})},
		{"list_append with if_not_exists", "SET c = list_append(if_not_exists(c, :empty), :v)", nil, Item{":empty": L(), ":v": L(N("1"))}, with(Item{"c": L(N("1"))})},
		{"SET a list element", "SET l[1] = :v", nil, Item{":v": S("new")}, with(Item{"l": L(S("l0"), S("new"), S("l2"), S("l3"))})},
		{"SET past the end appends", "SET l[10] = :v", nil, Item{":v": S("new")}, with(Item{"l": L(S("l0"), S("l1"), S("l2"), S("l3"), S("new"))})},
		{"SET a nested map attribute", "SET m.deeper.y = :v", nil, Item{":v": S("y")}, with(Item{"m": M(Item{"x": N("1"), "deeper": M(Item{"z": S("z"), "y": S("y")})})})},
		{"SET through name placeholders", "SET #m.#x = :v", map[string]string{"#m": "m", "#x": "x"}, Item{":v": N("2")}, with(Item{"m": M(Item{"x": N("2"), "deeper": M(Item{"z": S("z")})})})},
		{"SET an attribute whose name has a dot", "SET #d = :v", map[string]string{"#d": "a.b"}, Item{":v": S("dotted")}, with(Item{"a.b": S("dotted")})},
		{"REMOVE attributes", "REMOVE s, a", nil, nil, with(nil, "s", "a")},
		{"REMOVE a missing attribute", "REMOVE nope", nil, nil, base()},
		{"REMOVE list elements shifts the rest", "REMOVE l[0], l[2]", nil, nil, with(Item{"l": L(S("l1"), S("l3"))})},
		{"REMOVE past the end of a list", "REMOVE l[9]", nil, nil, base()},
		{"REMOVE a nested attribute", "REMOVE m.deeper.z", nil, nil, with(Item{"m": M(Item{"x": N("1"), "deeper": M(nil)})})},
		{"ADD to a number", "ADD n :v", nil, Item{":v": N("-3")}, with(Item{"n": N("7")})},
		{"ADD to a missing number starts at 0", "ADD c :v", nil, Item{":v": N("4")}, with(Item{"c": N("4")})},
		{"ADD to a string set", "ADD ss :v", nil, Item{":v": SS("b", "c")}, with(Item{"ss": SS("a", "b", "c")})},
		{"ADD to a number set", "ADD ns :v", nil, Item{":v": NS("3")}, with(Item{"ns": NS("1", "2", "3")})},
		{"ADD to a binary set", "ADD bs :v", nil, Item{":v": BS([]byte{3})}, with(Item{"bs": BS([]byte{1}, []byte{2}, []byte{3})})},
		{"ADD a set to a missing attribute", "ADD c :v", nil, Item{":v": SS("x")}, with(Item{"c": SS("x")})},
		{"ADD into a map member", "ADD m.x :v", nil, Item{":v": N("1")}, with(Item{"m": M(Item{"x": N("2"), "deeper": M(Item{"z": S("z")})})})},
		{"DELETE from a set", "DELETE ss :v", nil, Item{":v": SS("a", "zz")}, with(Item{"ss": SS("b")})},
		{"DELETE the last elements removes the set", "DELETE ns :v", nil, Item{":v": NS("1", "2")}, with(nil, "ns")},
		{"DELETE from a missing set", "DELETE c :v", nil, Item{":v": SS("a")}, base()},
		{"all four sections", "SET c = :v REMOVE s ADD n :one DELETE ss :a", nil, Item{":v": S("c"), ":one": N("1"), ":a": SS("a")},
			with(Item{"c": S("c"), "n": N("11"), "ss": SS("b")}, "s")},
		{"sections in any order and case", "delete ss :a add n :one remove s set c = :v", nil, Item{":v": S("c"), ":one": N("1"), ":a": SS("a")},
			with(Item{"c": S("c"), "n": N("11"), "ss": SS("b")}, "s")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := Item{"pk": S("k-" + tc.name)}
			item := base()
			item["pk"] = key["pk"]
			put(t, c, table, item)
			tc.want["pk"] = key["pk"]
			got := update(t, c, table, key, tc.expr, tc.names, tc.values)
			wantItem(t, got, tc.want)
			wantItem(t, get(t, c, table, key), tc.want)
		})
	}
}

func TestUpdateItemCreatesItem(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	// No update at all: the item is the key.
	key := Item{"pk": S("p"), "sk": N("1")}
	if _, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key}); err != nil {
		t.Fatalf("UpdateItem: %v", err)
	}
	wantItem(t, get(t, c, table, key), key)
	// An upsert with SET and ADD.
	key2 := Item{"pk": S("p"), "sk": N("2")}
	got := update(t, c, table, key2, "SET a = :a ADD cnt :one", nil, Item{":a": S("x"), ":one": N("1")})
	wantItem(t, got, Item{"pk": S("p"), "sk": N("2"), "a": S("x"), "cnt": N("1")})
	// REMOVE alone on a missing item still creates it with its key.
	key3 := Item{"pk": S("p"), "sk": N("3")}
	update(t, c, table, key3, "REMOVE a", nil, nil)
	wantItem(t, get(t, c, table, key3), key3)
}

func TestUpdateItemReturnValues(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	key := Item{"pk": S("k")}
	old := Item{"pk": S("k"), "a": S("a"), "b": S("b"), "m": M(Item{"x": N("1"), "y": N("2")}), "keep": S("keep")}
	run := func(rv types.ReturnValue) Item {
		t.Helper()
		put(t, c, table, old)
		out, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
			TableName:                 aws.String(table),
			Key:                       key,
			UpdateExpression:          aws.String("SET a = :new, c = :new, m.x = :new REMOVE b"),
			ExpressionAttributeValues: Item{":new": S("new")},
			ReturnValues:              rv,
		})
		if err != nil {
			t.Fatalf("UpdateItem %s: %v", rv, err)
		}
		return out.Attributes
	}
	if got := run(types.ReturnValueNone); got != nil {
		t.Errorf("NONE returned %s", show(got))
	}
	if got := run(""); got != nil {
		t.Errorf("default returned %s", show(got))
	}
	wantItem(t, run(types.ReturnValueAllOld), old)
	wantItem(t, run(types.ReturnValueAllNew), Item{"pk": S("k"), "a": S("new"), "c": S("new"), "m": M(Item{"x": S("new"), "y": N("2")}), "keep": S("keep")})
	// UPDATED_* return only the updated paths, nested ones in their maps.
	wantItem(t, run(types.ReturnValueUpdatedOld), Item{"a": S("a"), "b": S("b"), "m": M(Item{"x": N("1")})})
	wantItem(t, run(types.ReturnValueUpdatedNew), Item{"a": S("new"), "c": S("new"), "m": M(Item{"x": S("new")})})

	// ALL_OLD on a new item returns nothing.
	out, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("fresh")},
		UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: Item{":v": S("v")}, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatalf("UpdateItem: %v", err)
	}
	if out.Attributes != nil {
		t.Errorf("ALL_OLD on a new item returned %s", show(out.Attributes))
	}
}

func TestUpdateItemNestedAgainstOldItem(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	key := Item{"pk": S("k")}
	update(t, c, table, key, "SET b = :b, c = :c", nil, Item{
		":b": M(Item{"a": N("1"), "b": N("2"), "c": N("3")}),
		":c": L(N("1"), N("3")),
	})
	// Every operand reads the item as it was before this update.
	out, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       key,
		UpdateExpression:          aws.String("SET b.c = c[1] + b.a, b.a = pk, c[1] = pk, c[4] = b.a - b.b, c[2] = b.c ADD c[8] :ss, c[6] :two"),
		ExpressionAttributeValues: Item{":two": N("2"), ":ss": SS("a")},
		ReturnValues:              types.ReturnValueUpdatedNew,
	})
	if err != nil {
		t.Fatalf("UpdateItem: %v", err)
	}
	wantItem(t, out.Attributes, Item{
		"b": M(Item{"a": S("k"), "c": N("4")}),
		"c": L(S("k"), N("3"), N("2")),
	})
	wantItem(t, get(t, c, table, key), Item{
		"pk": S("k"),
		"b":  M(Item{"a": S("k"), "b": N("2"), "c": N("4")}),
		"c":  L(N("1"), S("k"), N("3"), N("-1"), N("2"), SS("a")),
	})
}

func TestUpdateExpressionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	key := Item{"pk": S("k"), "sk": N("1")}
	put(t, c, table, Item{"pk": S("k"), "sk": N("1"), "s": S("str"), "n": N("1"), "ss": SS("a"), "ns": NS("1"), "m": M(Item{"x": N("1")}), "l": L(N("1"))})
	cases := []struct {
		name   string
		expr   string
		values Item
		names  map[string]string
		msg    string
		prefix bool
	}{
		{"empty", "", nil, nil, "Invalid UpdateExpression: The expression can not be empty;", false},
		{"no action", "whatever", nil, nil, "Invalid UpdateExpression: Syntax error; token: ", true},
		{"SET without a value", "SET a", nil, nil, "Invalid UpdateExpression: Syntax error; token: ", true},
		{"REMOVE with a value", "REMOVE a = :v", Item{":v": S("x")}, nil, "Invalid UpdateExpression: Syntax error; token: ", true},
		{"multiplication", "SET a = b * c", nil, nil, "Invalid UpdateExpression: Syntax error; token: ", true},
		{"two plus operations", "SET a = n + n + n", nil, nil, "Invalid UpdateExpression: Syntax error; token: ", true},
		{"SET twice", "SET a = :v SET b = :v", Item{":v": S("x")}, nil,
			`Invalid UpdateExpression: The "SET" section can only be used once in an update expression;`, false},
		{"REMOVE twice", "REMOVE a SET b = :v REMOVE c", Item{":v": S("x")}, nil,
			`Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;`, false},
		{"reserved word", "REMOVE name", nil, nil,
			"Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name", false},
		{"unknown function", "SET a = foo(:v)", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Invalid function name; function: foo", false},
		{"if_not_exists with one operand", "SET a = if_not_exists(s)", nil, nil,
			"Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1", false},
		{"if_not_exists of a value", "SET a = if_not_exists(:v, s)", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists", false},
		{"undefined value", "SET a = :nope", nil, nil,
			"Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope", false},
		{"undefined name", "SET #nope = :v", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #nope", false},
		{"unused value", "SET a = :v", Item{":v": S("x"), ":w": S("y")}, nil,
			"Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}", false},
		{"unused name", "SET a = :v", Item{":v": S("x")}, map[string]string{"#w": "w"},
			"Value provided in ExpressionAttributeNames unused in expressions: keys: {#w}", false},
		{"overlapping SET and REMOVE", "SET a = :v REMOVE a", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]", false},
		{"overlapping parent and child", "SET m.x = :v, m = :v", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m]", false},
		{"conflicting map and list access", "REMOVE m.x SET m[1] = :v", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m, [1]]", false},
		{"ADD a string", "ADD s :v", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND", false},
		{"ADD a list", "ADD l :v", Item{":v": L(N("1"))}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND", false},
		{"DELETE a number", "DELETE n :v", Item{":v": N("1")}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND", false},
		{"plus on a string value", "SET a = n + :v", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S", false},
		{"minus on a map value", "SET a = n - :v", Item{":v": M(nil)}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: M", false},
		{"list_append of a string", "SET a = list_append(:v, l)", Item{":v": S("x")}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S", false},
		{"update the hash key", "SET pk = :v", Item{":v": S("x")}, nil,
			"One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key", false},
		{"remove the range key", "REMOVE sk", nil, nil,
			"One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key", false},
		{"arithmetic on a stored string", "SET a = s + :one", Item{":one": N("1")}, nil,
			"An operand in the update expression has an incorrect data type", false},
		{"ADD a number to a stored set", "ADD ss :one", Item{":one": N("1")}, nil,
			"An operand in the update expression has an incorrect data type", false},
		{"ADD a number set to a string set", "ADD ss :v", Item{":v": NS("1")}, nil,
			"An operand in the update expression has an incorrect data type", false},
		{"DELETE a string set from a number set", "DELETE ns :v", Item{":v": SS("1")}, nil,
			"An operand in the update expression has an incorrect data type", false},
		{"list_append to a stored number", "SET a = list_append(n, :v)", Item{":v": L()}, nil,
			"An operand in the update expression has an incorrect data type", false},
		{"reading a missing attribute", "SET a = nope", nil, nil,
			"The provided expression refers to an attribute that does not exist in the item", false},
		{"arithmetic on a missing attribute", "SET a = nope + :one", Item{":one": N("1")}, nil,
			"The provided expression refers to an attribute that does not exist in the item", false},
		{"setting inside a missing map", "SET nope.x = :v", Item{":v": S("x")}, nil,
			"The document path provided in the update expression is invalid for update", false},
		{"setting a map member of a list", "SET l.x = :v", Item{":v": S("x")}, nil,
			"The document path provided in the update expression is invalid for update", false},
		{"indexing a map", "SET m[0] = :v", Item{":v": S("x")}, nil,
			"The document path provided in the update expression is invalid for update", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
				TableName:                 aws.String(table),
				Key:                       key,
				UpdateExpression:          aws.String(tc.expr),
				ExpressionAttributeValues: tc.values,
				ExpressionAttributeNames:  tc.names,
			})
			if tc.prefix {
				wantErrPrefix(t, err, "ValidationException", tc.msg)
			} else {
				wantValidation(t, err, tc.msg)
			}
		})
	}
	// A missing item has no attributes to read or paths to set into.
	_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("none"), "sk": N("1")},
		UpdateExpression: aws.String("SET b.a = :v"), ExpressionAttributeValues: Item{":v": S("x")}})
	wantValidation(t, err, "The document path provided in the update expression is invalid for update")

	// Expression parameters without an expression.
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		ExpressionAttributeValues: Item{":v": S("x")}})
	wantValidation(t, err, "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null")
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		ExpressionAttributeNames: map[string]string{"#a": "a"}})
	wantValidation(t, err, "ExpressionAttributeNames can only be specified when using expressions")
}

func TestAttributeUpdatesLegacy(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	key := Item{"pk": S("k")}
	put(t, c, table, Item{"pk": S("k"), "gone": S("x"), "n": N("1"), "ss": SS("a", "b"), "ns": NS("1", "2", "3")})
	out, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{
		TableName: aws.String(table),
		Key:       key,
		AttributeUpdates: map[string]types.AttributeValueUpdate{
			"put":   {Action: types.AttributeActionPut, Value: S("v")},
			"dflt":  {Value: S("default action is PUT")},
			"gone":  {Action: types.AttributeActionDelete},
			"n":     {Action: types.AttributeActionAdd, Value: N("3")},
			"fresh": {Action: types.AttributeActionAdd, Value: N("5")},
			"ss":    {Action: types.AttributeActionAdd, Value: SS("c")},
			"ns":    {Action: types.AttributeActionDelete, Value: NS("1", "4")},
			"lst":   {Action: types.AttributeActionAdd, Value: L(S("a"))},
		},
		ReturnValues: types.ReturnValueAllNew,
	})
	if err != nil {
		t.Fatalf("UpdateItem: %v", err)
	}
	want := Item{"pk": S("k"), "put": S("v"), "dflt": S("default action is PUT"), "n": N("4"), "fresh": N("5"),
		"ss": SS("a", "b", "c"), "ns": NS("2", "3"), "lst": L(S("a"))}
	wantItem(t, out.Attributes, want)

	for _, tc := range []struct {
		upd map[string]types.AttributeValueUpdate
		msg string
	}{
		{map[string]types.AttributeValueUpdate{"a": {Action: types.AttributeActionAdd}},
			"One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"},
		{map[string]types.AttributeValueUpdate{"a": {Action: types.AttributeActionAdd, Value: S("x")}},
			"One or more parameter values were invalid: ADD action is not supported for the type S"},
		{map[string]types.AttributeValueUpdate{"a": {Action: types.AttributeActionDelete, Value: N("1")}},
			"One or more parameter values were invalid: DELETE action with value is not supported for the type N"},
		{map[string]types.AttributeValueUpdate{"pk": {Value: S("x")}},
			"One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"},
		{map[string]types.AttributeValueUpdate{"n": {Action: types.AttributeActionAdd, Value: SS("x")}},
			"Type mismatch for attribute to update"},
	} {
		_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key, AttributeUpdates: tc.upd})
		wantValidation(t, err, tc.msg)
	}
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		AttributeUpdates: map[string]types.AttributeValueUpdate{"a": {Value: S("x")}},
		UpdateExpression: aws.String("SET b = :v"), ExpressionAttributeValues: Item{":v": S("x")}})
	wantValidation(t, err, "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
}

package systemtest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// condItem is the item every condition below is evaluated against.
func condItem() Item {
	return Item{
		"pk":    S("c"),
		"n":     N("5"),
		"s":     S("hello"),
		"b":     B([]byte{1, 2, 3}),
		"t":     BOOL(true),
		"nul":   NULL(),
		"ss":    SS("a", "b"),
		"ns":    NS("1", "2"),
		"bs":    BS([]byte{1}, []byte{2}),
		"l":     L(N("1"), S("x"), M(Item{"m": M(Item{"deep": N("7")})})),
		"m":     M(Item{"x": N("1"), "y": M(Item{"z": S("q")}), "nums": L(N("10"), N("20"), N("30"))}),
		"blank": S(""),
		"Name":  S("reserved as written in mixed case"),
	}
}

// condValues are the expression attribute values the conditions may use;
// each case passes only those it refers to, since AWS rejects unused ones.
var condValues = Item{
	":zero": N("0"), ":one": N("1"), ":two": N("2"), ":three": N("3"), ":four": N("4"),
	":five": N("5"), ":five0": N("5.0"), ":six": N("6"), ":seven": N("7"), ":ten": N("10"),
	":twenty": N("20"), ":thirty": N("30"),
	":s5": S("5"), ":hello": S("hello"), ":world": S("world"), ":he": S("he"), ":lo": S("lo"),
	":ell": S("ell"), ":a": S("a"), ":x": S("x"), ":z": S("z"), ":q": S("q"), ":empty": S(""),
	":b12": B([]byte{1, 2}), ":b123": B([]byte{1, 2, 3}), ":b2": B([]byte{2}),
	":true": BOOL(true), ":false": BOOL(false), ":null": NULL(),
	":ssba": SS("b", "a"), ":ssa": SS("a"), ":ns21": NS("2", "1"),
	":mq": M(Item{"z": S("q")}), ":list": L(N("10"), N("20"), N("30")),
	":tN": S("N"), ":tS": S("S"), ":tSS": S("SS"), ":tNULL": S("NULL"), ":tM": S("M"), ":tL": S("L"),
	":tBOOL": S("BOOL"), ":tB": S("B"), ":tNS": S("NS"), ":tBS": S("BS"),
}

// valuesFor picks the placeholders named in keys out of condValues.
func valuesFor(t *testing.T, keys ...string) Item {
	t.Helper()
	if len(keys) == 0 {
		return nil
	}
	out := Item{}
	for _, k := range keys {
		v, ok := condValues[k]
		if !ok {
			t.Fatalf("test bug: no value %s", k)
		}
		out[k] = v
	}
	return out
}

func TestConditionExpressionEvaluation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, condItem())
	cases := []struct {
		expr   string
		values []string
		names  map[string]string
		want   bool
	}{
		// Comparators on numbers compare numerically.
		{"n = :five", []string{":five"}, nil, true},
		{"n = :five0", []string{":five0"}, nil, true},
		{"n <> :five", []string{":five"}, nil, false},
		{"n < :ten", []string{":ten"}, nil, true},
		{"n <= :five", []string{":five"}, nil, true},
		{"n > :four", []string{":four"}, nil, true},
		{"n >= :six", []string{":six"}, nil, false},
		// Strings and binaries compare by bytes.
		{"s < :world", []string{":world"}, nil, true},
		{"s > :he", []string{":he"}, nil, true},
		{"b < :b2", []string{":b2"}, nil, true},
		{"b = :b123", []string{":b123"}, nil, true},
		// Different types are never equal, and never ordered.
		{"n = :s5", []string{":s5"}, nil, false},
		{"n <> :s5", []string{":s5"}, nil, true},
		{"n < :s5", []string{":s5"}, nil, false},
		// Documents, sets, booleans and nulls compare by value.
		{"t = :true", []string{":true"}, nil, true},
		{"t = :false", []string{":false"}, nil, false},
		{"nul = :null", []string{":null"}, nil, true},
		{"ss = :ssba", []string{":ssba"}, nil, true},
		{"ns = :ns21", []string{":ns21"}, nil, true},
		{"ss = :ssa", []string{":ssa"}, nil, false},
		{"m.y = :mq", []string{":mq"}, nil, true},
		{"m.nums = :list", []string{":list"}, nil, true},
		{"blank = :empty", []string{":empty"}, nil, true},
		// A missing attribute equals nothing.
		{"nope = :five", []string{":five"}, nil, false},
		{"nope <> :five", []string{":five"}, nil, true},
		{"nope < :five", []string{":five"}, nil, false},
		// BETWEEN is inclusive; IN matches any member.
		{"n BETWEEN :four AND :six", []string{":four", ":six"}, nil, true},
		{"n BETWEEN :five AND :five", []string{":five"}, nil, true},
		{"n BETWEEN :six AND :ten", []string{":six", ":ten"}, nil, false},
		{"s BETWEEN :he AND :world", []string{":he", ":world"}, nil, true},
		{"s IN (:a, :hello)", []string{":a", ":hello"}, nil, true},
		{"n IN (:one, :two)", []string{":one", ":two"}, nil, false},
		{"n IN (:s5, :five)", []string{":s5", ":five"}, nil, true},
		// AND binds tighter than OR; NOT tighter than AND; parentheses group.
		{"n = :five OR n = :four AND s = :a", []string{":five", ":four", ":a"}, nil, true},
		{"(n = :five OR n = :four) AND s = :a", []string{":five", ":four", ":a"}, nil, false},
		{"NOT n = :five", []string{":five"}, nil, false},
		{"NOT n = :four AND s = :hello", []string{":four", ":hello"}, nil, true},
		{"NOT (n = :four OR s = :hello)", []string{":four", ":hello"}, nil, false},
		{"n = :five and s = :hello", []string{":five", ":hello"}, nil, true},
		{"(n = :four) or (s = :hello)", []string{":four", ":hello"}, nil, true},
		// Functions.
		{"attribute_exists(s)", nil, nil, true},
		{"attribute_exists(nope)", nil, nil, false},
		{"attribute_not_exists(nope)", nil, nil, true},
		{"attribute_not_exists(s)", nil, nil, false},
		{"attribute_exists(nul)", nil, nil, true},
		{"attribute_exists(m.y.z)", nil, nil, true},
		{"attribute_exists(m.y.w)", nil, nil, false},
		{"attribute_exists(m.x.y)", nil, nil, false},
		{"attribute_exists(l[2].m.deep)", nil, nil, true},
		{"attribute_exists(l[3])", nil, nil, false},
		{"attribute_exists(s[0])", nil, nil, false},
		{"attribute_type(n, :tN)", []string{":tN"}, nil, true},
		{"attribute_type(n, :tS)", []string{":tS"}, nil, false},
		{"attribute_type(ss, :tSS)", []string{":tSS"}, nil, true},
		{"attribute_type(ns, :tNS)", []string{":tNS"}, nil, true},
		{"attribute_type(bs, :tBS)", []string{":tBS"}, nil, true},
		{"attribute_type(b, :tB)", []string{":tB"}, nil, true},
		{"attribute_type(t, :tBOOL)", []string{":tBOOL"}, nil, true},
		{"attribute_type(nul, :tNULL)", []string{":tNULL"}, nil, true},
		{"attribute_type(m, :tM)", []string{":tM"}, nil, true},
		{"attribute_type(l, :tL)", []string{":tL"}, nil, true},
		{"attribute_type(nope, :tS)", []string{":tS"}, nil, false},
		{"begins_with(s, :he)", []string{":he"}, nil, true},
		{"begins_with(s, :lo)", []string{":lo"}, nil, false},
		{"begins_with(b, :b12)", []string{":b12"}, nil, true},
		{"begins_with(n, :he)", []string{":he"}, nil, false},
		{"contains(s, :ell)", []string{":ell"}, nil, true},
		{"contains(s, :z)", []string{":z"}, nil, false},
		{"contains(ss, :a)", []string{":a"}, nil, true},
		{"contains(ss, :z)", []string{":z"}, nil, false},
		{"contains(ns, :two)", []string{":two"}, nil, true},
		{"contains(l, :x)", []string{":x"}, nil, true},
		{"contains(l, :one)", []string{":one"}, nil, true},
		{"contains(l, :two)", []string{":two"}, nil, false},
		{"size(s) = :five", []string{":five"}, nil, true},
		{"size(b) = :three", []string{":three"}, nil, true},
		{"size(ss) = :two", []string{":two"}, nil, true},
		{"size(l) = :three", []string{":three"}, nil, true},
		{"size(m) = :three", []string{":three"}, nil, true},
		{"size(m.nums) > :two", []string{":two"}, nil, true},
		{"size(blank) = :zero", []string{":zero"}, nil, true},
		{"size(nope) = :zero", []string{":zero"}, nil, false},
		{"size(s) BETWEEN :four AND :six", []string{":four", ":six"}, nil, true},
		// Document paths, with and without name placeholders.
		{"m.y.z = :q", []string{":q"}, nil, true},
		{"m.nums[1] = :twenty", []string{":twenty"}, nil, true},
		{"l[2].m.deep = :seven", []string{":seven"}, nil, true},
		{"#m.#l[2] = :thirty", []string{":thirty"}, map[string]string{"#m": "m", "#l": "nums"}, true},
		{"#name = :hello", []string{":hello"}, map[string]string{"#name": "s"}, true},
		{"#dotted = :five", []string{":five"}, map[string]string{"#dotted": "n"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{
				TableName:                 aws.String(table),
				Item:                      condItem(),
				ConditionExpression:       aws.String(tc.expr),
				ExpressionAttributeNames:  tc.names,
				ExpressionAttributeValues: valuesFor(t, tc.values...),
			})
			if tc.want && err != nil {
				t.Errorf("condition should hold: %v", err)
			}
			if !tc.want {
				wantConditionFailed(t, err)
			}
		})
	}
}

func TestConditionOnEveryWriteOperation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	key := Item{"pk": S("k")}

	// PutItem with attribute_not_exists creates once, then refuses.
	putOnce := func() error {
		_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table),
			Item: Item{"pk": S("k"), "v": N("1")}, ConditionExpression: aws.String("attribute_not_exists(pk)")})
		return err
	}
	if err := putOnce(); err != nil {
		t.Fatalf("first conditional put: %v", err)
	}
	wantConditionFailed(t, putOnce())

	// UpdateItem on a missing item: the condition sees no attributes.
	_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("absent")},
		UpdateExpression: aws.String("SET v = :v"), ConditionExpression: aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: Item{":v": N("1")}})
	wantConditionFailed(t, err)
	if it := get(t, c, table, Item{"pk": S("absent")}); it != nil {
		t.Errorf("failed conditional update created %s", show(it))
	}

	// UpdateItem with a true and a false condition.
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		UpdateExpression: aws.String("SET v = :two"), ConditionExpression: aws.String("v = :one"),
		ExpressionAttributeValues: Item{":one": N("1"), ":two": N("2")}})
	if err != nil {
		t.Fatalf("UpdateItem with a true condition: %v", err)
	}
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		UpdateExpression: aws.String("SET v = :two"), ConditionExpression: aws.String("v = :one"),
		ExpressionAttributeValues: Item{":one": N("1"), ":two": N("3")}})
	wantConditionFailed(t, err)
	wantItem(t, get(t, c, table, key), Item{"pk": S("k"), "v": N("2")})

	// DeleteItem.
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: key,
		ConditionExpression: aws.String("v > :five"), ExpressionAttributeValues: Item{":five": N("5")}})
	wantConditionFailed(t, err)
	if get(t, c, table, key) == nil {
		t.Fatalf("failed conditional delete removed the item")
	}
	if _, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: key,
		ConditionExpression: aws.String("v < :five"), ExpressionAttributeValues: Item{":five": N("5")}}); err != nil {
		t.Fatalf("DeleteItem with a true condition: %v", err)
	}
	if it := get(t, c, table, key); it != nil {
		t.Errorf("item survived its delete: %s", show(it))
	}
}

func TestReturnValuesOnConditionCheckFailure(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	old := Item{"pk": S("k"), "v": N("1"), "tags": SS("x")}
	put(t, c, table, old)
	cond := aws.String("v = :nine")
	vals := Item{":nine": N("9")}

	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")},
		ConditionExpression: cond, ExpressionAttributeValues: vals,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	wantItem(t, wantConditionFailed(t, err).Item, old)

	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		UpdateExpression: aws.String("SET w = :nine"), ConditionExpression: cond, ExpressionAttributeValues: vals,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	wantItem(t, wantConditionFailed(t, err).Item, old)

	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		ConditionExpression: cond, ExpressionAttributeValues: vals,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	wantItem(t, wantConditionFailed(t, err).Item, old)

	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		ConditionExpression: cond, ExpressionAttributeValues: vals,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureNone})
	if ccf := wantConditionFailed(t, err); ccf.Item != nil {
		t.Errorf("NONE returned the item %s", show(ccf.Item))
	}
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		ConditionExpression: cond, ExpressionAttributeValues: vals})
	if ccf := wantConditionFailed(t, err); ccf.Item != nil {
		t.Errorf("default returned the item %s", show(ccf.Item))
	}
	// No item: nothing to return.
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("none")},
		ConditionExpression:                 aws.String("attribute_exists(pk)"),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	if ccf := wantConditionFailed(t, err); len(ccf.Item) != 0 {
		t.Errorf("missing item: returned %s", show(ccf.Item))
	}

	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("k")},
		ConditionExpression: cond, ExpressionAttributeValues: vals, ReturnValuesOnConditionCheckFailure: "BOGUS"})
	wantValidation(t, err, "1 validation error detected: Value 'BOGUS' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]")
}

func TestConditionExpressionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, condItem())
	cases := []struct {
		name   string
		expr   string
		values Item
		names  map[string]string
		msg    string
		prefix bool
	}{
		{"empty", "", nil, nil, "Invalid ConditionExpression: The expression can not be empty;", false},
		{"lone path", "foo", nil, nil, `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"`, false},
		{"unclosed function", "attribute_not_exists(", nil, nil, `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("`, false},
		{"double operator", "s = = :v", Item{":v": S("x")}, nil, `Invalid ConditionExpression: Syntax error; token: "=", near: `, true},
		{"trailing AND", "s = :v AND", Item{":v": S("x")}, nil, `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: `, true},
		{"unknown function", "foo(s)", nil, nil, "Invalid ConditionExpression: Invalid function name; function: foo", false},
		{"wrong arity", "attribute_exists(s, n)", nil, nil,
			"Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2", false},
		{"reserved word", "name = :v", Item{":v": S("x")}, nil,
			"Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name", false},
		{"reserved word in mixed case", "Name = :v", Item{":v": S("x")}, nil,
			"Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name", false},
		{"redundant parentheses", "((s = :v))", Item{":v": S("x")}, nil,
			"Invalid ConditionExpression: The expression has redundant parentheses;", false},
		{"undefined value", "s = :v", nil, nil,
			"Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v", false},
		{"undefined name", "#x = :v", Item{":v": S("x")}, nil,
			"Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x", false},
		{"BETWEEN bounds inverted", "n BETWEEN :hi AND :lo", Item{":hi": N("6"), ":lo": N("4")}, nil,
			"Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: AttributeValue: {N:4}", false},
		{"BETWEEN bounds of two types", "n BETWEEN :lo AND :hi", Item{":lo": N("4"), ":hi": S("6")}, nil,
			"Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:4}, upper bound operand: AttributeValue: {S:6}", false},
		{"begins_with on a number", "begins_with(s, :v)", Item{":v": N("1")}, nil,
			"Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", false},
		{"size of a number value", "size(:v) = :v", Item{":v": N("1")}, nil,
			"Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N", false},
		{"attribute_exists of a value", "attribute_exists(:v)", Item{":v": S("x")}, nil,
			"Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists", false},
		{"operand compared with itself", "s = s", nil, nil,
			"Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [s]", false},
		{"function used as an operand", "attribute_exists(s) = :v", Item{":v": BOOL(true)}, nil,
			"Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists", false},
		{"size alone", "size(s)", nil, nil,
			"Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size", false},
		{"unused value", "s = :v", Item{":v": S("x"), ":unused": S("y")}, nil,
			"Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}", false},
		{"unused name", "s = :v", Item{":v": S("x")}, map[string]string{"#unused": "s"},
			"Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{
				TableName:                 aws.String(table),
				Item:                      Item{"pk": S("c")},
				ConditionExpression:       aws.String(tc.expr),
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
	// The list of valid types is printed in the order of a Java hash set:
	// dynalite recorded {B,NULL,SS,BOOL,L,BS,N,NS,S,M} against AWS, later
	// emulators record {N,BS,L,B,NULL,M,S,SS,NS,BOOL}; either is AWS's.
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("c")},
		ConditionExpression: aws.String("attribute_type(s, :t)"), ExpressionAttributeValues: Item{":t": S("XX")}})
	ae := apiError(t, err)
	const typePrefix = "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: "
	if m := ae.ErrorMessage(); ae.ErrorCode() != "ValidationException" ||
		(m != typePrefix+"{B,NULL,SS,BOOL,L,BS,N,NS,S,M}" && m != typePrefix+"{N,BS,L,B,NULL,M,S,SS,NS,BOOL}") {
		t.Errorf("invalid attribute type: %s: %q", ae.ErrorCode(), m)
	}

	// None of the refused writes changed the item.
	wantItem(t, get(t, c, table, Item{"pk": S("c")}), condItem())
}

package systemtest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestAllTenTypesRoundTrip(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	everything := func() Item {
		return Item{
			"s":    S("text ✓ with unicode"),
			"n":    N("-56.789"),
			"b":    B([]byte{0, 1, 2, 0xfe, 0xff}),
			"bool": BOOL(false),
			"null": NULL(),
			"ss":   SS("a", "b"),
			"ns":   NS("-56.789", "1", "1e3"),
			"bs":   BS([]byte("x"), []byte{0}),
		}
	}
	item := everything()
	item["pk"] = S("all")
	inner := everything()
	inner["l"] = L()
	inner["m"] = M(nil)
	item["l"] = L(S("a"), N("1"), B([]byte("b")), BOOL(true), NULL(), SS("a"), NS("1"), BS([]byte("c")), L(), M(nil), M(inner))
	item["m"] = M(Item{"inner": M(inner), "list": L(L(L(S("deep"))))})
	put(t, c, table, item)
	want := Item{}
	for k, v := range item {
		want[k] = v
	}
	// Numbers come back normalised, in sets too.
	want["ns"] = NS("-56.789", "1", "1000")
	wantInner := everything()
	wantInner["ns"] = NS("-56.789", "1", "1000")
	wantInner["l"] = L()
	wantInner["m"] = M(nil)
	want["l"] = L(S("a"), N("1"), B([]byte("b")), BOOL(true), NULL(), SS("a"), NS("1"), BS([]byte("c")), L(), M(nil), M(wantInner))
	want["m"] = M(Item{"inner": M(wantInner), "list": L(L(L(S("deep"))))})
	wantItem(t, get(t, c, table, Item{"pk": S("all")}), want)
}

func TestEmptyValuesOutsideKeys(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	item := Item{
		"pk":   S("empty"),
		"s":    S(""),
		"b":    B([]byte{}),
		"l":    L(),
		"m":    M(nil),
		"deep": M(Item{"s": S(""), "l": L(S(""))}),
	}
	put(t, c, table, item)
	wantItem(t, get(t, c, table, Item{"pk": S("empty")}), item)
	got := update(t, c, table, Item{"pk": S("empty")}, "SET s2 = :e", nil, Item{":e": S("")})
	wantItem(t, got, Item{"pk": S("empty"), "s": S(""), "b": B([]byte{}), "l": L(), "m": M(nil),
		"deep": M(Item{"s": S(""), "l": L(S(""))}), "s2": S("")})
}

func TestNumberNormalisation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	cases := []struct{ in, want string }{
		{"1.50", "1.5"},
		{"0001", "1"},
		{"-0", "0"},
		{"0.000", "0"},
		{"+7", "7"},
		{"1e2", "100"},
		{"1E-2", "0.01"},
		{"-1.230e+1", "-12.3"},
		{"100", "100"},
		{"0012345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
		{"-00001.23456789012345678901234567890123456780000", "-1.2345678901234567890123456789012345678"},
		{"9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{"-9.9999999999999999999999999999999999999E+125", "-99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{"1E-130", "0." + strings.Repeat("0", 129) + "1"},
		{"-1E-130", "-0." + strings.Repeat("0", 129) + "1"},
	}
	for i, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			key := Item{"pk": S("num-" + string(rune('a'+i)))}
			put(t, c, table, Item{"pk": key["pk"], "n": N(tc.in)})
			wantItem(t, get(t, c, table, key), Item{"pk": key["pk"], "n": N(tc.want)})
		})
	}
	// Arithmetic keeps 38 digits exactly.
	got := update(t, c, table, Item{"pk": S("arith")}, "SET n = :a + :b", nil, Item{
		":a": N("12345678901234567890123456789012345678"),
		":b": N("-12345678901234567890123456789012345677"),
	})
	wantItem(t, got, Item{"pk": S("arith"), "n": N("1")})
	got = update(t, c, table, Item{"pk": S("arith2")}, "SET n = :a - :b", nil, Item{":a": N("0.1"), ":b": N("0.3")})
	wantItem(t, got, Item{"pk": S("arith2"), "n": N("-0.2")})
}

func TestNumberLimits(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	cases := []struct{ in, msg string }{
		{"123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"},
		{"-1.23456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"},
		{"1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"-1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"-1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"b", "The parameter cannot be converted to a numeric value: b"},
		{"1.2.3", "The parameter cannot be converted to a numeric value: 1.2.3"},
		{"", "The parameter cannot be converted to a numeric value"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("n"), "n": N(tc.in)}})
			wantValidation(t, err, tc.msg)
		})
	}
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("n"), "ns": NS("1", "b")}})
	wantValidation(t, err, "The parameter cannot be converted to a numeric value: b")
	// Arithmetic past the range is refused too.
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("n")},
		UpdateExpression:          aws.String("SET n = :a + :a"),
		ExpressionAttributeValues: Item{":a": N("9.9999999999999999999999999999999999999E+125")}})
	wantValidation(t, err, "Number overflow. Attempting to store a number with magnitude larger than supported range")
}

func TestSetValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	const prefix = "One or more parameter values were invalid: "
	cases := []struct {
		name string
		v    Item
		msg  string
	}{
		{"empty string set", Item{"a": SS()}, prefix + "An string set  may not be empty"},
		{"empty number set", Item{"a": NS()}, prefix + "An number set  may not be empty"},
		{"empty binary set", Item{"a": BS()}, prefix + "Binary sets should not be empty"},
		{"duplicate strings", Item{"a": SS("a", "a")}, prefix + "Input collection [a, a] contains duplicates."},
		{"duplicate numbers", Item{"a": NS("1", "1")}, "Input collection contains duplicates"},
		{"duplicate binaries", Item{"a": BS([]byte("b"), []byte("b"))}, prefix + "Input collection [Yg==, Yg==]of type BS contains duplicates."},
		{"false NULL", Item{"a": &types.AttributeValueMemberNULL{Value: false}}, prefix + "Null attribute value types must have the value of true"},
		{"duplicate set inside a map", Item{"m": M(Item{"a": SS("x", "x")})}, prefix + "Input collection [x, x] contains duplicates."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			item := Item{"pk": S("sets")}
			for k, v := range tc.v {
				item[k] = v
			}
			_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item})
			wantValidation(t, err, tc.msg)
		})
	}
	// The same rules hold for expression attribute values.
	_, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("sets")},
		UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: Item{":v": SS("a", "a")}})
	wantValidation(t, err, "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Input collection [a, a] contains duplicates. for key :v")
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("sets")},
		UpdateExpression: aws.String("SET a = :v"), ExpressionAttributeValues: Item{":v": N("x")}})
	wantValidation(t, err, "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v")
}

func TestNestingDepthLimit(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	nest := func(depth int) Item {
		v := S("leaf")
		for i := 0; i < depth; i++ {
			if i%2 == 0 {
				v = M(Item{"n": v})
			} else {
				v = L(v)
			}
		}
		return Item{"pk": S("deep"), "d": v}
	}
	// The attribute itself is level 1: 31 wrappers put the leaf at level 32,
	// the deepest DynamoDB stores.
	put(t, c, table, nest(31))
	wantItem(t, get(t, c, table, Item{"pk": S("deep")}), nest(31))
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: nest(32)})
	// AWS's wording after the first sentence differs between regions.
	wantErrPrefix(t, err, "ValidationException", "Nesting Levels have exceeded supported limits")
}

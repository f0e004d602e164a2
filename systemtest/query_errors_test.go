package systemtest

// Query: errors of key conditions and starting keys, expression and legacy
// forms (see query_test.go for where the messages come from).

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestQueryExclusiveStartKeyValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsSeedNumeric(t, c)
	ht := hashTable(t, c)
	// Confirmed wording (dynalite's suite, recorded against AWS; the range
	// key predicate message also in field reports): a start key whose
	// attributes are not exactly the table's key gives a message beginning
	// "The provided starting key is invalid" (AWS may continue it with
	// ": ..."; only the beginning is asserted); a key attribute of the
	// wrong type gives one containing "The provided key element does not
	// match the schema" (with or without that prefix). The two boundary
	// messages are confirmed in full.
	const invalid = "The provided starting key is invalid"
	const schema = "The provided key element does not match the schema"
	cases := []struct {
		name   string
		table  string
		expr   string
		values Item
		esk    Item
		msg    string
		match  string // "exact", "prefix" or "contains"
	}{
		{"sort key missing", table, "pk = :p", Item{":p": S("p")}, Item{"pk": S("p")}, invalid, "prefix"},
		{"partition key missing", table, "pk = :p", Item{":p": S("p")}, Item{"sk": N("1")}, invalid, "prefix"},
		{"sort key of the wrong type", table, "pk = :p", Item{":p": S("p")}, Item{"pk": S("p"), "sk": S("1")}, schema, "contains"},
		{"partition key of the wrong type", table, "pk = :p", Item{":p": S("p")}, Item{"pk": N("1"), "sk": N("1")}, schema, "contains"},
		{"an extra non-key attribute", table, "pk = :p", Item{":p": S("p")}, Item{"pk": S("p"), "sk": N("1"), "v": N("1")}, invalid, "prefix"},
		{"hash table: extra attribute", ht, "pk = :p", Item{":p": S("p")}, Item{"pk": S("p"), "sk": N("1")}, invalid, "prefix"},
		{"hash table: wrong attribute", ht, "pk = :p", Item{":p": S("p")}, Item{"other": S("p")}, invalid, "prefix"},
		{"another partition", table, "pk = :p", Item{":p": S("p")}, Item{"pk": S("q"), "sk": N("1")},
			"The provided starting key is outside query boundaries based on provided conditions", "exact"},
		{"sort key outside the key condition", table, "pk = :p AND sk > :n", Item{":p": S("p"), ":n": N("5")}, Item{"pk": S("p"), "sk": N("1")},
			"The provided starting key does not match the range key predicate", "exact"},
		{"sort key outside the key condition, backwards", table, "pk = :p AND sk < :n", Item{":p": S("p"), ":n": N("5")}, Item{"pk": S("p"), "sk": N("10")},
			"The provided starting key does not match the range key predicate", "exact"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &dynamodb.QueryInput{TableName: aws.String(tc.table), KeyConditionExpression: aws.String(tc.expr),
				ExpressionAttributeValues: tc.values, ExclusiveStartKey: tc.esk}
			if strings.HasSuffix(tc.name, "backwards") {
				in.ScanIndexForward = aws.Bool(false)
			}
			_, err := c.Query(ctxT(t), in)
			qsWantErrMatch(t, err, tc.match, tc.msg)
		})
	}
	// A start key on the boundary of the condition is inside it.
	out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p AND sk >= :n"),
		ExpressionAttributeValues: Item{":p": S("p"), ":n": N("2")}, ExclusiveStartKey: Item{"pk": S("p"), "sk": N("2")}})
	if got := qsVals(out.Items, "sk"); !qsEq(got, qsNumbers[7:]) {
		t.Errorf("from the lower bound: %v, want %v", got, qsNumbers[7:])
	}
}

// qsWantErrMatch asserts a ValidationException whose message is msg
// ("exact"), begins with it ("prefix") or contains it ("contains").
func qsWantErrMatch(t testing.TB, err error, match, msg string) {
	t.Helper()
	switch match {
	case "exact":
		wantValidation(t, err, msg)
	case "prefix":
		wantErrPrefix(t, err, "ValidationException", msg)
	default:
		ae := apiError(t, err)
		if ae.ErrorCode() != "ValidationException" || !strings.Contains(ae.ErrorMessage(), msg) {
			t.Errorf("error mismatch\n got: %s: %q\nwant: ValidationException: …%q…", ae.ErrorCode(), ae.ErrorMessage(), msg)
		}
	}
}

func TestQueryKeyConditionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c) // pk S, sk N
	ht := hashTable(t, c)     // pk S
	v := Item{":s": S("p"), ":t": S("q"), ":n": N("1"), ":m": N("5")}
	const typeMismatch = "One or more parameter values were invalid: Condition parameter type does not match schema type"
	cases := []struct {
		name   string
		table  string
		expr   string
		values Item
		msg    string
		prefix bool // msg is the confirmed beginning only
	}{
		{"no partition key condition", table, "sk = :n", v, "Query condition missed key schema element: pk", false},
		{"condition on a non-key attribute", table, "pk = :s AND attr1 = :n", v, "Query condition missed key schema element: sk", false},
		{"only non-key attributes", ht, "a = :s AND b = :s", v, "Query key condition not supported", false},
		{"range condition on the partition key", ht, "pk > :s", v, "Query key condition not supported", false},
		{"begins_with on the partition key", ht, "begins_with(pk, :s)", v, "Query key condition not supported", false},
		{"sort key condition on a hash-only table", ht, "pk = :s AND sk = :n", v, "Query key condition not supported", false},
		{"OR", table, "pk = :s OR sk = :n", v, "Invalid operator used in KeyConditionExpression: OR", false},
		{"NOT", table, "NOT pk = :s", v, "Invalid operator used in KeyConditionExpression: NOT", false},
		{"<>", table, "pk <> :s", v, "Invalid operator used in KeyConditionExpression: <>", false},
		{"IN", table, "pk IN (:s, :t)", v, "Invalid operator used in KeyConditionExpression: IN", false},
		{"attribute_exists", table, "attribute_exists(pk)", v, "Invalid operator used in KeyConditionExpression: attribute_exists", false},
		{"contains", table, "pk = :s AND contains(sk, :n)", v, "Invalid operator used in KeyConditionExpression: contains", false},
		{"partition key value of the wrong type", table, "pk = :n", v, typeMismatch, false},
		{"sort key value of the wrong type", table, "pk = :s AND sk = :t", v, typeMismatch, false},
		{"sort key range of the wrong type", table, "pk = :s AND sk > :t", v, typeMismatch, false},
		{"partition key twice", table, "pk = :s AND pk = :t", v, "KeyConditionExpressions must only contain one condition per key", false},
		{"three conditions", table, "pk = :s AND sk > :n AND attr1 = :n", v, "Conditions can be of length 1 or 2 only", false},
		{"nested attribute", table, "pk.x = :s", v, "KeyConditionExpressions cannot have conditions on nested attributes", false},
		{"begins_with on a number sort key", table, "pk = :s AND begins_with(sk, :n)", v,
			"Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", true},
		{"BETWEEN bounds reversed", table, "pk = :s AND sk BETWEEN :m AND :n", v,
			"Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}", false},
		{"BETWEEN bounds of different types", table, "pk = :s AND sk BETWEEN :n AND :t", v,
			"Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:q}", false},
		{"syntax error", table, "pk = ", v, "Invalid KeyConditionExpression: Syntax error; ", true},
		{"empty expression", table, "", v, "Invalid KeyConditionExpression: The expression can not be empty;", false},
		{"undefined value", table, "pk = :nope", v,
			"Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &dynamodb.QueryInput{TableName: aws.String(tc.table), KeyConditionExpression: aws.String(tc.expr)}
			// Pass only the values the expression uses, so that an unused
			// value is not the error reported.
			for k, av := range tc.values {
				if strings.Contains(tc.expr, k) {
					if in.ExpressionAttributeValues == nil {
						in.ExpressionAttributeValues = Item{}
					}
					in.ExpressionAttributeValues[k] = av
				}
			}
			if tc.name == "undefined value" {
				in.ExpressionAttributeValues = nil
			}
			_, err := c.Query(ctxT(t), in)
			if tc.prefix {
				wantErrPrefix(t, err, "ValidationException", tc.msg)
			} else {
				wantValidation(t, err, tc.msg)
			}
		})
	}
}

func TestQueryLegacyKeyConditionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c) // pk S, sk N
	ht := hashTable(t, c)
	eqP := cond(types.ComparisonOperatorEq, S("p"))
	cases := []struct {
		name  string
		table string
		kc    map[string]types.Condition
		msg   string
	}{
		{"no partition key", table, map[string]types.Condition{"sk": cond(types.ComparisonOperatorGt, N("1"))}, "Query condition missed key schema element: pk"},
		{"non-key attribute", table, map[string]types.Condition{"pk": eqP, "other": cond(types.ComparisonOperatorEq, N("1"))}, "Query condition missed key schema element: sk"},
		{"not indexable: NE", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorNe, N("1"))}, "Attempted conditional constraint is not an indexable operation"},
		{"not indexable: IN", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorIn, N("1"))}, "Attempted conditional constraint is not an indexable operation"},
		{"not indexable: NOT_NULL", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorNotNull)}, "Attempted conditional constraint is not an indexable operation"},
		{"not indexable on the partition key", ht, map[string]types.Condition{"pk": cond(types.ComparisonOperatorContains, S("p"))}, "Attempted conditional constraint is not an indexable operation"},
		{"range operator on the partition key", ht, map[string]types.Condition{"pk": cond(types.ComparisonOperatorGt, S("p"))}, "Query key condition not supported"},
		{"wrong type", table, map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, N("1"))},
			"One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"wrong number of arguments", table, map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"), S("q"))},
			"One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"},
		{"BETWEEN with one argument", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorBetween, N("1"))},
			"One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
		{"BETWEEN reversed", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorBetween, N("5"), N("1"))},
			"The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
		{"BEGINS_WITH a number", table, map[string]types.Condition{"pk": eqP, "sk": cond(types.ComparisonOperatorBeginsWith, N("1"))},
			"One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(tc.table), KeyConditions: tc.kc})
			wantValidation(t, err, tc.msg)
		})
	}

	t.Run("neither form", func(t *testing.T) {
		_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table)})
		wantValidation(t, err, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	})
	t.Run("both forms", func(t *testing.T) {
		_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: map[string]types.Condition{"pk": eqP},
			KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
		wantValidation(t, err, "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}")
	})
	t.Run("legacy filter with a key condition expression", func(t *testing.T) {
		_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: Item{":p": S("p")}, QueryFilter: map[string]types.Condition{"v": cond(types.ComparisonOperatorEq, N("1"))}})
		wantValidation(t, err, "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}")
	})
	// KeyConditions without a KeyConditionExpression do not count as a
	// non-expression parameter: AWS accepts them next to a FilterExpression
	// (the mixing message it records for Query lists every other legacy
	// parameter, never KeyConditions alone).
	t.Run("legacy key condition with a filter expression", func(t *testing.T) {
		put(t, c, table, Item{"pk": S("p"), "sk": N("1"), "v": N("1")})
		out, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: map[string]types.Condition{"pk": eqP},
			FilterExpression: aws.String("attribute_not_exists(v)"), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		if out.ScannedCount == 0 || out.Count != 0 {
			t.Fatalf("Count %d ScannedCount %d, want 0 of at least 1", out.Count, out.ScannedCount)
		}
	})
}

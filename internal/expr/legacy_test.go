package expr

import (
	"errors"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// legacyResult renders a translation result like the datadriven tests do.
func legacyResult(err error, tree func() string) string {
	if err == nil {
		return tree()
	}
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation {
		return "not a ValidationException: " + err.Error()
	}
	return "error: " + e.Message
}

func ptr[T any](v T) *T { return &v }

var (
	vS   = attr.Str("x")
	vS2  = attr.Str("y")
	vN   = attr.Num("1")
	vN9  = attr.Num("9")
	vN10 = attr.Num("10")
	vSS  = attr.StrSet("a")
	vL   = attr.List(attr.Num("1"))
	vM   = attr.Map(map[string]attr.Value{})
	vB   = attr.Bin([]byte("b"))
	vT   = attr.Bool(true)
	vNul = attr.Null()
)

func TestTranslateExpected(t *testing.T) {
	type exp = map[string]ExpectedAttributeValue
	for _, tc := range []struct {
		exp  exp
		op   string
		want string
	}{
		{nil, "", "true"},
		{exp{}, "", "true"},
		{exp{"a": {Value: &vS}}, "", `a = S:"x"`},
		{exp{"a": {Value: &vS, Exists: ptr(true)}}, "", `a = S:"x"`},
		{exp{"a": {Exists: ptr(false)}}, "", "attribute_not_exists(a)"},
		{exp{"a": {}}, "", "error: One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a"},
		{exp{"a": {Exists: ptr(true)}}, "", "error: One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"},
		{exp{"a": {Exists: ptr(false), Value: &vS}}, "", "error: One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"},
		{exp{"a": {Exists: ptr(true), ComparisonOperator: "EQ", Value: &vS}}, "", "error: One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a"},
		{exp{"a": {Value: &vS, AttributeValueList: []attr.Value{vS}, ComparisonOperator: "EQ"}}, "", "error: One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a"},
		{exp{"a": {AttributeValueList: []attr.Value{vS}}}, "", "error: One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: a"},
		{exp{"a": {ComparisonOperator: "EQ"}}, "", "error: One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"},
		{exp{"a": {ComparisonOperator: "EQ", AttributeValueList: []attr.Value{}}}, "", "error: One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"},
		{exp{"a": {ComparisonOperator: "NULL"}}, "", "attribute_not_exists(a)"},
		{exp{"a": {ComparisonOperator: "NOT_NULL"}}, "", "attribute_exists(a)"},
		{exp{"a": {ComparisonOperator: "NULL", Value: &vS}}, "", "error: One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator"},
		{exp{"a": {ComparisonOperator: "EQ", Value: &vS}}, "", `a = S:"x"`},
		{exp{"a": {ComparisonOperator: "NE", AttributeValueList: []attr.Value{vS}}}, "", `(attribute_not_exists(a) OR a <> S:"x")`},
		{exp{"a": {ComparisonOperator: "NOT_CONTAINS", Value: &vS}}, "", `(attribute_exists(a) AND NOT contains(a, S:"x"))`},
		{exp{"a": {ComparisonOperator: "GT", Value: &vSS}}, "", "error: One or more parameter values were invalid: ComparisonOperator GT is not valid for SS AttributeValue type"},
		{exp{"a": {ComparisonOperator: "BOGUS", Value: &vS}}, "", "error: 1 validation error detected: Value 'BOGUS' at 'expected.a.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: " + ComparisonOperatorEnum},
		{exp{"b": {Exists: ptr(false)}, "a": {Value: &vS}}, "", `(a = S:"x" AND attribute_not_exists(b))`},
		{exp{"b": {Exists: ptr(false)}, "a": {Value: &vS}}, "AND", `(a = S:"x" AND attribute_not_exists(b))`},
		{exp{"b": {Exists: ptr(false)}, "a": {Value: &vS}, "c": {ComparisonOperator: "NOT_NULL"}}, "OR", `((a = S:"x" OR attribute_not_exists(b)) OR attribute_exists(c))`},
		{exp{"a": {Value: &vS}}, "OR", "error: ConditionalOperator can only be used when Filter or Expected has two or more elements"},
		{nil, "OR", "error: ConditionalOperator cannot be used without Filter or Expected"},
		{exp{"a": {Value: &vS}}, "XOR", "error: 1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]"},
		{exp{"b": {}, "a": {Exists: ptr(true)}}, "", "error: One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"},
	} {
		c, err := TranslateExpected(tc.exp, tc.op)
		if got := legacyResult(err, func() string { return formatCond(c) }); got != tc.want {
			t.Errorf("TranslateExpected(%v, %q)\n got: %s\nwant: %s", tc.exp, tc.op, got, tc.want)
		}
	}
}

func TestTranslateConditions(t *testing.T) {
	vals := func(vs ...attr.Value) []attr.Value { return vs }
	const inv = "error: One or more parameter values were invalid: "
	for _, tc := range []struct {
		op   string
		args []attr.Value
		want string
	}{
		{"EQ", vals(vS), `a = S:"x"`},
		{"EQ", vals(vM), `a = M:{}`},
		{"NE", vals(vN), `(attribute_not_exists(a) OR a <> N:1)`},
		{"LE", vals(vN), `a <= N:1`},
		{"LT", vals(vS), `a < S:"x"`},
		{"GE", vals(vB), `a >= B:Yg==`},
		{"GT", vals(vN), `a > N:1`},
		{"NULL", nil, `attribute_not_exists(a)`},
		{"NOT_NULL", nil, `attribute_exists(a)`},
		{"CONTAINS", vals(vS), `contains(a, S:"x")`},
		{"CONTAINS", vals(vT), `contains(a, BOOL:true)`},
		{"NOT_CONTAINS", vals(vN), `(attribute_exists(a) AND NOT contains(a, N:1))`},
		{"BEGINS_WITH", vals(vB), `begins_with(a, B:Yg==)`},
		{"IN", vals(vS, vS2), `a IN (S:"x", S:"y")`},
		{"BETWEEN", vals(vS, vS2), `a BETWEEN S:"x" AND S:"y"`},
		{"BETWEEN", vals(vN9, vN10), `a BETWEEN N:9 AND N:10`},
		{"BETWEEN", vals(vS, vS), `a BETWEEN S:"x" AND S:"x"`},
		{"EQ", nil, inv + "Invalid number of argument(s) for the EQ ComparisonOperator"},
		{"EQ", vals(vS, vS), inv + "Invalid number of argument(s) for the EQ ComparisonOperator"},
		{"NE", nil, inv + "Invalid number of argument(s) for the NE ComparisonOperator"},
		{"CONTAINS", nil, inv + "Invalid number of argument(s) for the CONTAINS ComparisonOperator"},
		{"BEGINS_WITH", vals(vS, vS), inv + "Invalid number of argument(s) for the BEGINS_WITH ComparisonOperator"},
		{"IN", nil, inv + "Invalid number of argument(s) for the IN ComparisonOperator"},
		{"BETWEEN", vals(vS), inv + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
		{"BETWEEN", vals(vS, vS, vS), inv + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
		{"NULL", vals(vS), inv + "Invalid number of argument(s) for the NULL ComparisonOperator"},
		{"NOT_NULL", vals(vS), inv + "Invalid number of argument(s) for the NOT_NULL ComparisonOperator"},
		{"GT", vals(vSS), inv + "ComparisonOperator GT is not valid for SS AttributeValue type"},
		{"LE", vals(vT), inv + "ComparisonOperator LE is not valid for BOOL AttributeValue type"},
		{"IN", vals(vM), inv + "ComparisonOperator IN is not valid for M AttributeValue type"},
		{"IN", vals(vNul), inv + "ComparisonOperator IN is not valid for NULL AttributeValue type"},
		{"CONTAINS", vals(vL), inv + "ComparisonOperator CONTAINS is not valid for L AttributeValue type"},
		{"NOT_CONTAINS", vals(vSS), inv + "ComparisonOperator NOT_CONTAINS is not valid for SS AttributeValue type"},
		{"BEGINS_WITH", vals(vN), inv + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
		{"BETWEEN", vals(vT, vT), inv + "ComparisonOperator BETWEEN is not valid for BOOL AttributeValue type"},
		{"IN", vals(vS, vN), inv + "AttributeValues inside AttributeValueList must be of same type"},
		{"BETWEEN", vals(vN, vS), inv + "AttributeValues inside AttributeValueList must be of same type"},
		{"BETWEEN", vals(vS2, vS), "error: The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
		{"BETWEEN", vals(vN10, vN9), "error: The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
		{"", vals(vS), "error: 1 validation error detected: Value null at 'comparisonOperator' failed to satisfy constraint: Member must not be null"},
		{"LIKE", vals(vS), "error: 1 validation error detected: Value 'LIKE' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: " + ComparisonOperatorEnum},
	} {
		conds := map[string]LegacyCondition{"a": {ComparisonOperator: tc.op, AttributeValueList: tc.args}}
		c, err := TranslateConditions(conds, "")
		if got := legacyResult(err, func() string { return formatCond(c) }); got != tc.want {
			t.Errorf("TranslateConditions(%s %v)\n got: %s\nwant: %s", tc.op, tc.args, got, tc.want)
		}
	}
	conds := map[string]LegacyCondition{
		"b": {ComparisonOperator: "NULL"},
		"a": {ComparisonOperator: "EQ", AttributeValueList: []attr.Value{vS}},
	}
	c, err := TranslateConditions(conds, "OR")
	if got, want := legacyResult(err, func() string { return formatCond(c) }), `(a = S:"x" OR attribute_not_exists(b))`; got != want {
		t.Errorf("OR of two: got %s, want %s", got, want)
	}
}

func TestTranslateAttributeUpdates(t *testing.T) {
	type upd = map[string]AttributeValueUpdate
	const inv = "error: One or more parameter values were invalid: "
	for _, tc := range []struct {
		in   upd
		want string
	}{
		{upd{}, ""},
		{upd{"a": {Value: &vS}}, `SET a = S:"x"`},
		{upd{"a": {Value: &vS, Action: "PUT"}}, `SET a = S:"x"`},
		{upd{"a": {Action: "DELETE"}}, `REMOVE a`},
		{upd{"a": {Action: "DELETE", Value: &vSS}}, `DELETE a SS:[a]`},
		{upd{"a": {Action: "ADD", Value: &vN}}, `ADD a N:1`},
		{upd{"a": {Action: "ADD", Value: &vSS}}, `ADD a SS:[a]`},
		{upd{"a": {Action: "ADD", Value: &vL}}, `SET a = list_append(if_not_exists(a, L:[]), L:[N:1])`},
		{upd{"c": {Action: "DELETE"}, "b": {Action: "ADD", Value: &vN}, "a": {Value: &vS}}, "SET a = S:\"x\"\nREMOVE c\nADD b N:1"},
		{upd{"a": {}}, inv + "Only DELETE action is allowed when no attribute value is specified"},
		{upd{"a": {Action: "ADD"}}, inv + "Only DELETE action is allowed when no attribute value is specified"},
		{upd{"a": {Action: "DELETE", Value: &vS}}, inv + "DELETE action with value is not supported for the type S"},
		{upd{"a": {Action: "DELETE", Value: &vL}}, inv + "DELETE action with value is not supported for the type L"},
		{upd{"a": {Action: "DELETE", Value: &vN}}, inv + "DELETE action with value is not supported for the type N"},
		{upd{"a": {Action: "ADD", Value: &vS}}, inv + "ADD action is not supported for the type S"},
		{upd{"a": {Action: "ADD", Value: &vB}}, inv + "ADD action is not supported for the type B"},
		{upd{"a": {Action: "ADD", Value: &vNul}}, inv + "ADD action is not supported for the type NULL"},
		{upd{"a": {Action: "ADD", Value: &vT}}, inv + "ADD action is not supported for the type BOOL"},
		{upd{"a": {Action: "ADD", Value: &vM}}, inv + "ADD action is not supported for the type M"},
		{upd{"a": {Action: "REPLACE", Value: &vS}}, "error: 1 validation error detected: Value 'REPLACE' at 'attributeUpdates.a.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"},
	} {
		u, err := TranslateAttributeUpdates(tc.in)
		if got := legacyResult(err, func() string { return formatUpdate(u) }); got != tc.want {
			t.Errorf("TranslateAttributeUpdates(%v)\n got: %s\nwant: %s", tc.in, got, tc.want)
		}
	}
}

func TestTranslateAttributesToGet(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"a", "b.c", "COMMENT"}, `a, "b.c", COMMENT`},
		{[]string{"a", "b", "a"}, "error: One or more parameter values were invalid: Duplicate value in attribute name: a"},
		{[]string{}, "error: 1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	} {
		p, err := TranslateAttributesToGet(tc.in)
		if got := legacyResult(err, func() string { return formatProjection(p) }); got != tc.want {
			t.Errorf("TranslateAttributesToGet(%q)\n got: %s\nwant: %s", tc.in, got, tc.want)
		}
	}
}

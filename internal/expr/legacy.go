package expr

import (
	"sort"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// ExpectedAttributeValue is one entry of the legacy Expected parameter.
type ExpectedAttributeValue struct {
	Value              *attr.Value  `json:"Value,omitempty"`
	Exists             *bool        `json:"Exists,omitempty"`
	ComparisonOperator string       `json:"ComparisonOperator,omitempty"`
	AttributeValueList []attr.Value `json:"AttributeValueList,omitempty"`
}

// AttributeValueUpdate is one entry of the legacy AttributeUpdates
// parameter. An empty Action means PUT.
type AttributeValueUpdate struct {
	Value  *attr.Value `json:"Value,omitempty"`
	Action string      `json:"Action,omitempty"`
}

// LegacyCondition is one entry of the legacy QueryFilter, ScanFilter and
// KeyConditions parameters.
type LegacyCondition struct {
	ComparisonOperator string       `json:"ComparisonOperator,omitempty"`
	AttributeValueList []attr.Value `json:"AttributeValueList,omitempty"`
}

// ComparisonOperatorEnum is the enumeration of ComparisonOperator as AWS
// lists it in "Member must satisfy enum value set: …" messages, for callers
// that check field constraints before translating.
const ComparisonOperatorEnum = "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"

// IsComparisonOperator reports whether op is a ComparisonOperator.
func IsComparisonOperator(op string) bool {
	_, ok := legacyOps[op]
	return ok
}

// AttributeActionEnum is the enumeration of AttributeValueUpdate.Action as
// AWS lists it.
const AttributeActionEnum = "[ADD, PUT, DELETE]"

// TranslateExpected translates Expected and ConditionalOperator ("AND",
// "OR" or "" for AND) into a condition: the entries joined by the operator,
// in order of attribute name. No entries give Literal{true}.
//
// Each entry is checked as AWS checks it, and the first fault is returned
// as a ValidationException with AWS's message. Entries are checked in order
// of attribute name (AWS's order follows the request's JSON, which a Go map
// does not keep).
func TranslateExpected(exp map[string]ExpectedAttributeValue, conditionalOperator string) (Condition, error) {
	if err := checkConditionalOperator(conditionalOperator, len(exp)); err != nil {
		return nil, err
	}
	var conds []Condition
	for _, name := range sortedKeys(exp) {
		c, err := translateExpectation(name, exp[name])
		if err != nil {
			return nil, err
		}
		conds = append(conds, c)
	}
	return join(conds, conditionalOperator), nil
}

// TranslateConditions translates QueryFilter, ScanFilter or KeyConditions,
// with ConditionalOperator, into a condition, as TranslateExpected does.
// Which operators a key condition may use depends on the key schema and is
// the caller's to check.
func TranslateConditions(conds map[string]LegacyCondition, conditionalOperator string) (Condition, error) {
	if err := checkConditionalOperator(conditionalOperator, len(conds)); err != nil {
		return nil, err
	}
	var out []Condition
	for _, name := range sortedKeys(conds) {
		lc := conds[name]
		if lc.ComparisonOperator == "" {
			return nil, apierr.New(apierr.Validation, "1 validation error detected: Value null at 'comparisonOperator' failed to satisfy constraint: Member must not be null")
		}
		c, err := comparison(name, lc.ComparisonOperator, lc.AttributeValueList, "comparisonOperator")
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return join(out, conditionalOperator), nil
}

// TranslateAttributesToGet translates AttributesToGet into a projection of
// top-level attributes, in the order given.
func TranslateAttributesToGet(names []string) (Projection, error) {
	if len(names) == 0 {
		return nil, apierr.New(apierr.Validation, "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	seen := map[string]bool{}
	out := make(Projection, 0, len(names))
	for _, n := range names {
		if seen[n] {
			return nil, invalidParam("Duplicate value in attribute name: %s", n)
		}
		seen[n] = true
		out = append(out, Path{{Name: n}})
	}
	return out, nil
}

// checkConditionalOperator checks ConditionalOperator against the number of
// conditions it joins.
func checkConditionalOperator(op string, n int) error {
	switch {
	case op == "":
		return nil
	case op != "AND" && op != "OR":
		return apierr.Newf(apierr.Validation, "1 validation error detected: Value '%s' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]", op)
	case n == 0:
		return apierr.New(apierr.Validation, "ConditionalOperator cannot be used without Filter or Expected")
	case n == 1:
		return apierr.New(apierr.Validation, "ConditionalOperator can only be used when Filter or Expected has two or more elements")
	}
	return nil
}

// join combines conditions with AND (or OR), left to right.
func join(conds []Condition, op string) Condition {
	if len(conds) == 0 {
		return Literal{Value: true}
	}
	out := conds[0]
	for _, c := range conds[1:] {
		if op == "OR" {
			out = Or{L: out, R: c}
		} else {
			out = And{L: out, R: c}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// invalidParam returns "One or more parameter values were invalid: …".
func invalidParam(format string, args ...any) *apierr.Error {
	return apierr.Newf(apierr.Validation, "One or more parameter values were invalid: "+format, args...)
}

func top(name string) Path { return Path{{Name: name}} }

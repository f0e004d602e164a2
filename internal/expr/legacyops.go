package expr

import (
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// translateExpectation checks and translates one Expected entry, in the
// order AWS checks: conflicting members first, then missing values, then
// the comparison's operands.
func translateExpectation(name string, e ExpectedAttributeValue) (Condition, error) {
	co, hasList := e.ComparisonOperator, e.AttributeValueList != nil
	field := "expected." + name + ".member.comparisonOperator"
	if _, ok := legacyOps[co]; co != "" && !ok {
		return nil, enumError(co, field)
	}
	switch {
	case e.Exists != nil && co != "":
		return nil, invalidParam("Exists and ComparisonOperator cannot be used together for Attribute: %s", name)
	case e.Value != nil && hasList:
		return nil, invalidParam("Value and AttributeValueList cannot be used together for Attribute: %s", name)
	case co == "" && hasList:
		return nil, invalidParam("AttributeValueList can only be used with a ComparisonOperator for Attribute: %s", name)
	case e.Exists != nil && !*e.Exists && e.Value != nil:
		return nil, invalidParam("Value cannot be used when Exists is false for Attribute: %s", name)
	}
	if co != "" {
		if e.Value == nil && !hasList && co != "NULL" && co != "NOT_NULL" {
			return nil, invalidParam("Value or AttributeValueList must be used with ComparisonOperator: %s for Attribute: %s", co, name)
		}
		args := e.AttributeValueList
		if e.Value != nil {
			args = []attr.Value{*e.Value}
		}
		return comparison(name, co, args, field)
	}
	switch {
	case e.Value != nil:
		return Compare{Op: OpEQ, L: PathOperand{Path: top(name)}, R: ValueOperand{Value: *e.Value}}, nil
	case e.Exists == nil:
		return nil, invalidParam("Value must be provided when Exists is null for Attribute: %s", name)
	case *e.Exists:
		return nil, invalidParam("Value must be provided when Exists is true for Attribute: %s", name)
	}
	return AttributeNotExists{Path: top(name)}, nil
}

// legacyOp describes one ComparisonOperator: how many values it takes
// (-1: one or more) and which value types it accepts.
type legacyOp struct {
	args int
	ok   func(attr.Kind) bool
}

func anyKind(attr.Kind) bool { return true }

func scalarKind(k attr.Kind) bool {
	return isSortable(k) || k == attr.KindBOOL || k == attr.KindNULL
}

var legacyOps = map[string]legacyOp{
	"EQ": {1, anyKind}, "NE": {1, anyKind},
	"LE": {1, isSortable}, "LT": {1, isSortable}, "GE": {1, isSortable}, "GT": {1, isSortable},
	"NULL": {0, anyKind}, "NOT_NULL": {0, anyKind},
	"CONTAINS": {1, scalarKind}, "NOT_CONTAINS": {1, scalarKind},
	"BEGINS_WITH": {1, func(k attr.Kind) bool { return k == attr.KindS || k == attr.KindB }},
	"IN":          {-1, isSortable}, "BETWEEN": {2, isSortable},
}

// comparison checks and translates "name op args". field is where the
// operator sits in the request, for the enumeration error.
func comparison(name, op string, args []attr.Value, field string) (Condition, error) {
	lo, ok := legacyOps[op]
	if !ok {
		return nil, enumError(op, field)
	}
	if lo.args >= 0 && len(args) != lo.args || lo.args < 0 && len(args) == 0 {
		return nil, invalidParam("Invalid number of argument(s) for the %s ComparisonOperator", op)
	}
	for _, v := range args {
		if !lo.ok(v.Kind) {
			return nil, invalidParam("ComparisonOperator %s is not valid for %s AttributeValue type", op, v.Kind)
		}
		if v.Kind != args[0].Kind {
			return nil, invalidParam("AttributeValues inside AttributeValueList must be of same type")
		}
	}
	if op == "BETWEEN" && compareScalars(args[0], args[1]) > 0 {
		return nil, apierr.New(apierr.Validation, "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
	}
	return legacyCondition(top(name), op, args), nil
}

// legacyCondition expresses a checked comparison in the expression tree.
// Where the legacy meaning on a missing attribute differs from the plain
// expression, the tree says so explicitly: NE holds when the attribute is
// missing, NOT_CONTAINS does not.
func legacyCondition(path Path, op string, args []attr.Value) Condition {
	x := PathOperand{Path: path}
	vals := make([]Operand, len(args))
	for i, v := range args {
		vals[i] = ValueOperand{Value: v}
	}
	switch op {
	case "NULL":
		return AttributeNotExists{Path: path}
	case "NOT_NULL":
		return AttributeExists{Path: path}
	case "NE":
		return Or{L: AttributeNotExists{Path: path}, R: Compare{Op: OpNE, L: x, R: vals[0]}}
	case "CONTAINS":
		return Contains{X: x, Operand: vals[0]}
	case "NOT_CONTAINS":
		return And{L: AttributeExists{Path: path}, R: Not{C: Contains{X: x, Operand: vals[0]}}}
	case "BEGINS_WITH":
		return BeginsWith{X: x, Prefix: vals[0]}
	case "IN":
		return In{X: x, List: vals}
	case "BETWEEN":
		return Between{X: x, Lo: vals[0], Hi: vals[1]}
	}
	return Compare{Op: legacyCompareOps[op], L: x, R: vals[0]}
}

func enumError(op, field string) error {
	return apierr.Newf(apierr.Validation, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: %s", op, field, ComparisonOperatorEnum)
}

var legacyCompareOps = map[string]CompareOp{"EQ": OpEQ, "LE": OpLE, "LT": OpLT, "GE": OpGE, "GT": OpGT}

// TranslateAttributeUpdates translates AttributeUpdates into an update, in
// order of attribute name: PUT sets the value; DELETE without a value
// removes the attribute, with a set value deletes those elements; ADD of a
// number or set adds to it, and ADD of a list appends to the list, or sets
// it when the attribute is missing.
//
// Each entry is checked as AWS checks it, and the first fault (in name
// order) is returned as a ValidationException with AWS's message.
func TranslateAttributeUpdates(m map[string]AttributeValueUpdate) (*Update, error) {
	u := &Update{}
	for _, name := range sortedKeys(m) {
		if err := addAttributeUpdate(u, name, m[name]); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func addAttributeUpdate(u *Update, name string, au AttributeValueUpdate) error {
	action := au.Action
	if action == "" {
		action = "PUT"
	}
	if action != "PUT" && action != "ADD" && action != "DELETE" {
		return apierr.Newf(apierr.Validation, "1 validation error detected: Value '%s' at 'attributeUpdates.%s.member.action' failed to satisfy constraint: Member must satisfy enum value set: %s", action, name, AttributeActionEnum)
	}
	path := top(name)
	if au.Value == nil {
		if action != "DELETE" {
			return invalidParam("Only DELETE action is allowed when no attribute value is specified")
		}
		u.Remove = append(u.Remove, path)
		return nil
	}
	v := ValueOperand{Value: *au.Value}
	k := au.Value.Kind
	switch {
	case action == "PUT":
		u.Set = append(u.Set, SetAction{Path: path, Value: v})
	case action == "DELETE" && !k.IsSet():
		return invalidParam("DELETE action with value is not supported for the type %s", k)
	case action == "DELETE":
		u.Delete = append(u.Delete, DeleteAction{Path: path, Value: v})
	case k == attr.KindL:
		empty := IfNotExists{Path: path, Default: ValueOperand{Value: attr.List()}}
		u.Set = append(u.Set, SetAction{Path: path, Value: ListAppend{A: empty, B: v}})
	case k == attr.KindN || k.IsSet():
		u.Add = append(u.Add, AddAction{Path: path, Value: v})
	default:
		return invalidParam("ADD action is not supported for the type %s", k)
	}
	return nil
}

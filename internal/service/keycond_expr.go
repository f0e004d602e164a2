package service

import (
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// keyCond is one attribute's part of a Query's key condition, in the
// legacy KeyConditions form that both KeyConditions and a parsed
// KeyConditionExpression are brought to: a ComparisonOperator (EQ, LT, LE,
// GT, GE, BETWEEN, BEGINS_WITH, or a non-indexable one given through
// KeyConditions) and its values.
type keyCond struct {
	op   string
	args []attr.Value
	// refs are the placeholders args were given by in a
	// KeyConditionExpression, in order ("" for none); nil for
	// KeyConditions. The slice may be shared: it is never modified.
	refs []string
}

// keyConds maps attribute names to their conditions.
type keyConds map[string]keyCond

// keyCondsOfExpression brings a parsed KeyConditionExpression to keyConds,
// raising AWS's errors for the shapes a key condition may not have: OR,
// NOT, IN, <>, functions other than begins_with, nested operations and
// attributes, conditions naming no attribute or two, and two conditions on
// one attribute. A condition written value-first (:v < sk) is turned
// around (sk > :v).
func keyCondsOfExpression(c expr.Condition) (keyConds, error) {
	out := keyConds{}
	if err := addKeyConds(c, out); err != nil {
		return nil, err
	}
	return out, nil
}

func addKeyConds(c expr.Condition, out keyConds) error {
	switch n := c.(type) {
	case expr.And:
		if err := addKeyConds(n.L, out); err != nil {
			return err
		}
		return addKeyConds(n.R, out)
	case expr.Or:
		return invalidKeyOperator("OR")
	case expr.Not:
		return invalidKeyOperator("NOT")
	case expr.In:
		return invalidKeyOperator("IN")
	case expr.AttributeExists:
		return invalidKeyOperator("attribute_exists")
	case expr.AttributeNotExists:
		return invalidKeyOperator("attribute_not_exists")
	case expr.AttributeType:
		return invalidKeyOperator("attribute_type")
	case expr.Contains:
		return invalidKeyOperator("contains")
	case expr.Compare:
		if n.Op == expr.OpNE {
			return invalidKeyOperator("<>")
		}
		return addKeyCond(out, compareNames[n.Op], n.L, n.R)
	case expr.Between:
		if _, ok := n.X.(expr.PathOperand); !ok {
			return keyFirstOperand("BETWEEN")
		}
		return addKeyCond(out, "BETWEEN", n.X, n.Lo, n.Hi)
	case expr.BeginsWith:
		if _, ok := n.X.(expr.PathOperand); !ok {
			return keyFirstOperand("begins_with")
		}
		return addKeyCond(out, "BEGINS_WITH", n.X, n.Prefix)
	}
	return invalidKeyOperator("?")
}

var compareNames = map[expr.CompareOp]string{
	expr.OpEQ: "EQ", expr.OpLT: "LT", expr.OpLE: "LE", expr.OpGT: "GT", expr.OpGE: "GE",
}

// mirrored is the operator that holds with its operands swapped.
var mirrored = map[string]string{"EQ": "EQ", "LT": "GT", "LE": "GE", "GT": "LT", "GE": "LE"}

// addKeyCond records one comparison: exactly one of its operands must be a
// top-level attribute, the others values.
func addKeyCond(out keyConds, op string, operands ...expr.Operand) error {
	name, at := "", -1
	var args []attr.Value
	var refs []string
	for i, o := range operands {
		switch v := o.(type) {
		case expr.PathOperand:
			if at >= 0 {
				return apierr.New(apierr.Validation, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
			}
			if len(v.Path) > 1 {
				return apierr.New(apierr.Validation, "KeyConditionExpressions cannot have conditions on nested attributes")
			}
			name, at = v.Path[0].Name, i
		case expr.ValueOperand:
			args, refs = append(args, v.Value), append(refs, v.Ref)
		default:
			return apierr.New(apierr.Validation, "KeyConditionExpressions cannot contain nested operations")
		}
	}
	if at < 0 {
		return apierr.New(apierr.Validation, "Invalid condition in KeyConditionExpression: No key attribute specified")
	}
	if _, dup := out[name]; dup {
		return apierr.New(apierr.Validation, "KeyConditionExpressions must only contain one condition per key")
	}
	if at != 0 {
		op = mirrored[op]
	}
	out[name] = keyCond{op: op, args: args, refs: refs}
	return nil
}

func invalidKeyOperator(op string) error {
	return apierr.New(apierr.Validation, "Invalid operator used in KeyConditionExpression: "+op)
}

func keyFirstOperand(op string) error {
	return apierr.Newf(apierr.Validation, "Invalid condition in KeyConditionExpression: %s operator must have the key attribute as its first operand", op)
}

// keyCondsOfLegacy brings KeyConditions to keyConds. The entries were
// checked by expr.TranslateConditions.
func keyCondsOfLegacy(m map[string]expr.LegacyCondition) keyConds {
	out := make(keyConds, len(m))
	for name, lc := range m {
		out[name] = keyCond{op: lc.ComparisonOperator, args: lc.AttributeValueList}
	}
	return out
}

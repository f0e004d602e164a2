package eval

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// Condition reports whether c holds for item; a nil item means there is no
// item (every path is missing), and a nil c always holds. It serves
// ConditionExpression, FilterExpression and the legacy Expected and
// QueryFilter/ScanFilter once translated.
//
// AWS's rules, which it follows:
//   - A missing operand (a path that does not exist, size() of a missing
//     path or of a type without a size) is unequal to everything: "=" is
//     false, "<>" is true (even between two missing operands), and the
//     ordered comparisons, BETWEEN, IN and the functions are false.
//   - Operands of different types are unequal; <, <=, >, >= and BETWEEN
//     hold only between two S (UTF-8 bytewise), two N (numerically) or two B
//     (unsigned bytewise), so comparing anything else is false, not an error.
//   - Numbers compare numerically, sets as sets, lists in order, maps by
//     key (attr.Equal).
//
// Should an update-only operator (+, -, list_append, if_not_exists) appear
// and fail, the whole condition is false, as AWS turns any evaluation error
// in a condition into a failed check. Condition does not modify item.
func Condition(c expr.Condition, item attr.Item) bool {
	if c == nil {
		return true
	}
	ok, err := condition(c, item)
	return err == nil && ok
}

func condition(c expr.Condition, item attr.Item) (bool, error) {
	switch c := conditionValue(c).(type) {
	case expr.Compare:
		return compare(c, item)
	case expr.Between:
		return between(c, item)
	case expr.In:
		return in(c, item)
	case expr.And:
		return and(c, item)
	case expr.Or:
		return or(c, item)
	case expr.Not:
		ok, err := condition(c.C, item)
		return !ok, err
	case expr.AttributeExists:
		_, ok := Resolve(c.Path, item)
		return ok, nil
	case expr.AttributeNotExists:
		_, ok := Resolve(c.Path, item)
		return !ok, nil
	case expr.AttributeType:
		return attributeType(c, item)
	case expr.BeginsWith:
		return beginsWith(c, item)
	case expr.Contains:
		return contains(c, item)
	case expr.Literal:
		return c.Value, nil
	}
	return false, nil
}

// and and or evaluate left to right and stop early; as the operands of a
// condition cannot fail, that gives the same answer as evaluating both.
func and(c expr.And, item attr.Item) (bool, error) {
	ok, err := condition(c.L, item)
	if err != nil || !ok {
		return false, err
	}
	return condition(c.R, item)
}

func or(c expr.Or, item attr.Item) (bool, error) {
	ok, err := condition(c.L, item)
	if err != nil || ok {
		return ok, err
	}
	return condition(c.R, item)
}

// compare is L op R.
func compare(c expr.Compare, item attr.Item) (bool, error) {
	l, lok, err := operand(c.L, item)
	if err != nil {
		return false, err
	}
	r, rok, err := operand(c.R, item)
	if err != nil {
		return false, err
	}
	switch c.Op {
	case expr.OpEQ:
		return lok && rok && attr.Equal(l, r), nil
	case expr.OpNE:
		return !(lok && rok && attr.Equal(l, r)), nil
	}
	if !lok || !rok {
		return false, nil
	}
	cmp, ok := attr.Compare(l, r)
	if !ok {
		return false, nil
	}
	switch c.Op {
	case expr.OpLT:
		return cmp < 0, nil
	case expr.OpLE:
		return cmp <= 0, nil
	case expr.OpGT:
		return cmp > 0, nil
	case expr.OpGE:
		return cmp >= 0, nil
	}
	return false, nil
}

// between is X BETWEEN Lo AND Hi, which AWS evaluates as X <= Hi AND
// X >= Lo: bounds of another type than X, or Lo > Hi, make it false.
func between(c expr.Between, item attr.Item) (bool, error) {
	var vs [3]attr.Value
	for i, o := range []expr.Operand{c.X, c.Lo, c.Hi} {
		v, ok, err := operand(o, item)
		if err != nil || !ok {
			return false, err
		}
		vs[i] = v
	}
	hi, okHi := attr.Compare(vs[0], vs[2])
	lo, okLo := attr.Compare(vs[0], vs[1])
	return okHi && okLo && hi <= 0 && lo >= 0, nil
}

// in is X IN (List...): X equals one of the list.
func in(c expr.In, item attr.Item) (bool, error) {
	x, ok, err := operand(c.X, item)
	if err != nil {
		return false, err
	}
	found := false
	for _, o := range c.List {
		v, vok, err := operand(o, item)
		if err != nil {
			return false, err
		}
		found = found || (ok && vok && attr.Equal(x, v))
	}
	return found, nil
}

// conditionValue turns the pointer form of a condition node into its value
// form (*expr.Compare into expr.Compare, and so on).
func conditionValue(c expr.Condition) expr.Condition {
	switch p := c.(type) {
	case *expr.Compare:
		return deref(p)
	case *expr.Between:
		return deref(p)
	case *expr.In:
		return deref(p)
	case *expr.And:
		return deref(p)
	case *expr.Or:
		return deref(p)
	case *expr.Not:
		return deref(p)
	case *expr.AttributeExists:
		return deref(p)
	case *expr.AttributeNotExists:
		return deref(p)
	case *expr.AttributeType:
		return deref(p)
	case *expr.BeginsWith:
		return deref(p)
	case *expr.Contains:
		return deref(p)
	case *expr.Literal:
		return deref(p)
	}
	return c
}

// deref returns *p as a Condition, or nil for a nil pointer.
func deref[T expr.Condition](p *T) expr.Condition {
	if p == nil {
		return nil
	}
	return *p
}

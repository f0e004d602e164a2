package eval

import (
	"strconv"
	"unicode/utf8"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// operand evaluates o against item (the item as it was before any update).
// It returns the value, whether there is one, and an error only from the
// update-only operators (+, -, list_append, if_not_exists), which fail as
// AWS's do: a missing operand is MsgAttributeNotFound, a wrong type
// MsgOperandType. A missing path is not an error here: callers decide.
//
// Operands may be given as values or pointers (expr.PathOperand or
// *expr.PathOperand); both mean the same.
func operand(o expr.Operand, item attr.Item) (attr.Value, bool, error) {
	switch o := operandValue(o).(type) {
	case expr.PathOperand:
		v, ok := Resolve(o.Path, item)
		return v, ok, nil
	case expr.ValueOperand:
		return o.Value, !o.Value.IsZero(), nil
	case expr.SizeOperand:
		v, ok := size(o.Path, item)
		return v, ok, nil
	case expr.IfNotExists:
		return ifNotExists(o, item)
	case expr.ListAppend:
		return listAppend(o, item)
	case expr.Arith:
		return arith(o, item)
	}
	return attr.Value{}, false, nil
}

// operandValue turns the pointer form of an operand into its value form.
func operandValue(o expr.Operand) expr.Operand {
	switch p := o.(type) {
	case *expr.PathOperand:
		return derefOperand(p)
	case *expr.ValueOperand:
		return derefOperand(p)
	case *expr.SizeOperand:
		return derefOperand(p)
	case *expr.IfNotExists:
		return derefOperand(p)
	case *expr.ListAppend:
		return derefOperand(p)
	case *expr.Arith:
		return derefOperand(p)
	}
	return o
}

// derefOperand returns *p as an Operand, or nil for a nil pointer.
func derefOperand[T expr.Operand](p *T) expr.Operand {
	if p == nil {
		return nil
	}
	return *p
}

// size is size(path): the length of S in UTF-16 code units (Java's
// String.length, which AWS uses: "é𝄞" has size 3), of B in bytes, the
// number of elements of a set, list or map. Other types and missing paths
// have no size: the result does not exist.
func size(path expr.Path, item attr.Item) (attr.Value, bool) {
	v, ok := Resolve(path, item)
	if !ok {
		return attr.Value{}, false
	}
	var n int
	switch v.Kind {
	case attr.KindS:
		n = utf16Len(v.S)
	case attr.KindB:
		n = len(v.B)
	case attr.KindSS, attr.KindNS:
		n = len(v.Strs)
	case attr.KindBS:
		n = len(v.Bins)
	case attr.KindL:
		n = len(v.L)
	case attr.KindM:
		n = len(v.M)
	default:
		return attr.Value{}, false
	}
	return attr.Num(strconv.Itoa(n)), true
}

// utf16Len counts the UTF-16 code units of s: two for characters outside
// the Basic Multilingual Plane, one for every other character (and for
// every invalid byte, as Java's decoder replaces each with U+FFFD).
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i, n = i+1, n+1
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n++
		}
		i, n = i+w, n+1
	}
	return n
}

// ifNotExists is if_not_exists(path, default): the value at path if there
// is one, else the default. As in AWS, a default that does not exist is an
// error even when the path exists.
func ifNotExists(o expr.IfNotExists, item attr.Item) (attr.Value, bool, error) {
	v, ok := Resolve(o.Path, item)
	d, dok, err := operand(o.Default, item)
	if err != nil {
		return attr.Value{}, false, err
	}
	if !dok {
		return attr.Value{}, false, errAttributeNotFound()
	}
	if ok {
		return v, true, nil
	}
	return d, true, nil
}

// listAppend is list_append(a, b): the elements of a, then those of b.
func listAppend(o expr.ListAppend, item attr.Item) (attr.Value, bool, error) {
	a, err := typedOperand(o.A, item, attr.KindL)
	if err != nil {
		return attr.Value{}, false, err
	}
	b, err := typedOperand(o.B, item, attr.KindL)
	if err != nil {
		return attr.Value{}, false, err
	}
	l := make([]attr.Value, 0, len(a.L)+len(b.L))
	l = append(append(l, a.L...), b.L...)
	return attr.List(l...), true, nil
}

// arith is a + b or a - b on numbers, exact, checked against DynamoDB's
// number limits.
func arith(o expr.Arith, item attr.Item) (attr.Value, bool, error) {
	l, err := typedOperand(o.L, item, attr.KindN)
	if err != nil {
		return attr.Value{}, false, err
	}
	r, err := typedOperand(o.R, item, attr.KindN)
	if err != nil {
		return attr.Value{}, false, err
	}
	var n string
	if o.Op == '-' {
		n, err = subtractNumbers(l.S, r.S)
	} else {
		n, err = addNumbers(l.S, r.S)
	}
	if err != nil {
		return attr.Value{}, false, errValidation(err)
	}
	return attr.Num(n), true, nil
}

// typedOperand evaluates an operand of an update-only operator, which must
// exist and be of kind k. Like AWS it checks existence, then type.
func typedOperand(o expr.Operand, item attr.Item, k attr.Kind) (attr.Value, error) {
	v, ok, err := operand(o, item)
	switch {
	case err != nil:
		return attr.Value{}, err
	case !ok:
		return attr.Value{}, errAttributeNotFound()
	case v.Kind != k:
		return attr.Value{}, errOperandType()
	}
	return v, nil
}

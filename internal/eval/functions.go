package eval

import (
	"bytes"
	"strings"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// attributeType is attribute_type(path, :type): the path exists and its
// type descriptor is the string :type ("S", "NS", "BOOL", ...). A type
// operand that is not a string makes it false (the parser refuses those, and
// unknown type names, before evaluation).
func attributeType(c expr.AttributeType, item attr.Item) (bool, error) {
	t, ok, err := operand(c.Type, item)
	if err != nil || !ok || t.Kind != attr.KindS {
		return false, err
	}
	v, ok := Resolve(c.Path, item)
	return ok && v.Kind.String() == t.S, nil
}

// beginsWith is begins_with(x, prefix): two strings or two binaries, the
// first starting with the second. Any other pair is false.
func beginsWith(c expr.BeginsWith, item attr.Item) (bool, error) {
	x, xok, err := operand(c.X, item)
	if err != nil {
		return false, err
	}
	p, pok, err := operand(c.Prefix, item)
	if err != nil || !xok || !pok || x.Kind != p.Kind {
		return false, err
	}
	switch x.Kind {
	case attr.KindS:
		return strings.HasPrefix(x.S, p.S), nil
	case attr.KindB:
		return bytes.HasPrefix(x.B, p.B), nil
	}
	return false, nil
}

// contains is contains(x, y), which AWS defines as one of:
//   - x and y both S, or both B: y is a substring of x;
//   - x a set: y is an element (S in SS, N in NS numerically, B in BS);
//   - x a list: some element of x equals y (attr.Equal, any type).
//
// Everything else is false: a map contains nothing, and a set is not an
// element of itself.
func contains(c expr.Contains, item attr.Item) (bool, error) {
	x, xok, err := operand(c.X, item)
	if err != nil {
		return false, err
	}
	y, yok, err := operand(c.Operand, item)
	if err != nil || !xok || !yok {
		return false, err
	}
	return containsValue(x, y), nil
}

func containsValue(x, y attr.Value) bool {
	switch {
	case x.Kind == attr.KindS && y.Kind == attr.KindS:
		return strings.Contains(x.S, y.S)
	case x.Kind == attr.KindB && y.Kind == attr.KindB:
		return bytes.Contains(x.B, y.B)
	case x.Kind == attr.KindL:
		for _, e := range x.L {
			if attr.Equal(e, y) {
				return true
			}
		}
	case x.Kind.IsSet() && y.Kind == elementKind(x.Kind):
		return setHas(x, y)
	}
	return false
}

// elementKind is the kind of the elements of a set kind.
func elementKind(set attr.Kind) attr.Kind {
	switch set {
	case attr.KindSS:
		return attr.KindS
	case attr.KindNS:
		return attr.KindN
	case attr.KindBS:
		return attr.KindB
	}
	return attr.KindInvalid
}

// setHas reports whether the set s holds the element e (of s's element
// kind): numbers compare numerically.
func setHas(s, e attr.Value) bool {
	switch s.Kind {
	case attr.KindSS:
		for _, x := range s.Strs {
			if x == e.S {
				return true
			}
		}
	case attr.KindNS:
		for _, x := range s.Strs {
			if attr.Equal(attr.Num(x), e) {
				return true
			}
		}
	case attr.KindBS:
		for _, x := range s.Bins {
			if bytes.Equal(x, e.B) {
				return true
			}
		}
	}
	return false
}

package eval

import "github.com/basalt-db/basalt/internal/attr"

// apply performs one action on old (which exists or not) at the given
// nesting level, returning the new value and whether to keep one.
func (up *updater) apply(a *action, old attr.Value, exists bool, level int) (attr.Value, bool, error) {
	switch a.kind {
	case actSet:
		v, ok, err := operand(a.value, up.old)
		if err != nil {
			return attr.Value{}, false, err
		}
		if !ok {
			return attr.Value{}, false, errAttributeNotFound()
		}
		if d := depth(v); d > 0 && level+d-1 >= maxNestingLevel {
			up.tooDeep = true
		}
		return v, true, nil
	case actAdd:
		return up.add(a, old, exists)
	case actDelete:
		return up.delete(a, old, exists)
	}
	return attr.Value{}, false, nil // actRemove
}

// add is ADD: a number adds to a number, a set unions with a set of the same
// type; a missing attribute takes the operand as it is.
func (up *updater) add(a *action, old attr.Value, exists bool) (attr.Value, bool, error) {
	v, ok, err := operand(a.value, up.old)
	switch {
	case err != nil:
		return attr.Value{}, false, err
	case !ok:
		return attr.Value{}, false, errAttributeNotFound()
	case !exists:
		return v, true, nil
	case old.Kind != v.Kind:
		return attr.Value{}, false, errOperandType()
	}
	switch v.Kind {
	case attr.KindN:
		n, err := addNumbers(old.S, v.S)
		if err != nil {
			return attr.Value{}, false, errValidation(err)
		}
		return attr.Num(n), true, nil
	case attr.KindSS, attr.KindNS, attr.KindBS:
		return union(old, v), true, nil
	}
	return attr.Value{}, false, errOperandType()
}

// delete is DELETE: the elements of the operand set leave the stored set of
// the same type; an emptied set, or a missing attribute, leaves nothing.
func (up *updater) delete(a *action, old attr.Value, exists bool) (attr.Value, bool, error) {
	v, ok, err := operand(a.value, up.old)
	switch {
	case err != nil:
		return attr.Value{}, false, err
	case !ok:
		return attr.Value{}, false, errAttributeNotFound()
	case !exists:
		return attr.Value{}, false, nil
	case old.Kind != v.Kind || !v.Kind.IsSet():
		return attr.Value{}, false, errOperandType()
	}
	d := difference(old, v)
	return d, d.Kind != attr.KindInvalid, nil
}

// union returns the set a with the elements of b it lacks appended in b's
// order; a itself when nothing is new.
func union(a, b attr.Value) attr.Value {
	have := elements(a)
	n := setLen(a)
	out := a
	for i := 0; i < setLen(b); i++ {
		k := elementKey(b, i)
		if _, ok := have[k]; ok {
			continue
		}
		have[k] = struct{}{}
		if setLen(out) == n { // first new element: copy before appending
			out = copySet(a, setLen(b))
		}
		out = appendElement(out, b, i)
	}
	return out
}

// difference returns the set a without the elements of b: a itself when
// nothing goes, the zero Value when nothing is left.
func difference(a, b attr.Value) attr.Value {
	gone := elements(b)
	out := attr.Value{Kind: a.Kind}
	for i := 0; i < setLen(a); i++ {
		if _, ok := gone[elementKey(a, i)]; !ok {
			out = appendElement(out, a, i)
		}
	}
	switch setLen(out) {
	case 0:
		return attr.Value{}
	case setLen(a):
		return a
	}
	return out
}

// elements indexes the elements of a set by elementKey.
func elements(s attr.Value) map[string]struct{} {
	m := make(map[string]struct{}, setLen(s))
	for i := 0; i < setLen(s); i++ {
		m[elementKey(s, i)] = struct{}{}
	}
	return m
}

// elementKey is the text of element i of set s. Numbers in an NS are
// normalised (attr.Value's contract), so equal numbers have equal text.
func elementKey(s attr.Value, i int) string {
	if s.Kind == attr.KindBS {
		return string(s.Bins[i])
	}
	return s.Strs[i]
}

func setLen(s attr.Value) int {
	if s.Kind == attr.KindBS {
		return len(s.Bins)
	}
	return len(s.Strs)
}

// copySet returns a copy of set s with room for extra more elements.
func copySet(s attr.Value, extra int) attr.Value {
	if s.Kind == attr.KindBS {
		return attr.Value{Kind: s.Kind, Bins: append(make([][]byte, 0, len(s.Bins)+extra), s.Bins...)}
	}
	return attr.Value{Kind: s.Kind, Strs: append(make([]string, 0, len(s.Strs)+extra), s.Strs...)}
}

// appendElement appends element i of from to the set to, which it owns.
func appendElement(to, from attr.Value, i int) attr.Value {
	if to.Kind == attr.KindBS {
		to.Bins = append(to.Bins, from.Bins[i])
	} else {
		to.Strs = append(to.Strs, from.Strs[i])
	}
	return to
}

// depth is the number of nested map and list levels in v: 0 for a scalar or
// set, 1 for a map or list of scalars, and so on.
func depth(v attr.Value) int {
	d := 0
	switch v.Kind {
	case attr.KindM:
		for _, c := range v.M {
			d = max(d, depth(c))
		}
	case attr.KindL:
		for _, c := range v.L {
			d = max(d, depth(c))
		}
	default:
		return 0
	}
	return d + 1
}

package eval

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// ApplyUpdate applies u to item and returns the new item; a nil item means
// there is no item yet (UpdateItem creates one). It never modifies item or
// any value inside it: maps and lists along the updated paths are copied,
// everything else is shared with item. The result is never nil.
//
// It follows AWS's rules:
//   - Every operand is evaluated against item as it was before the update:
//     "SET a = :v, b = a" copies the old a, and "REMOVE a[1] SET a[3] = :v"
//     means the old a[3].
//   - SET a.b or a[1] needs a to exist and be a map, or a list; otherwise
//     MsgPathInvalid. SET a[i] past the end of the list appends; several
//     appends land in index order.
//   - REMOVE of a missing attribute, key or index does nothing, but its
//     parent must exist (MsgPathInvalid otherwise), except that when there
//     is no item at all REMOVE does nothing. Several removals from one list
//     use the old indexes.
//   - ADD to a missing attribute stores the operand (a number starts from
//     0); ADD of a number adds exactly; ADD of a set unions; DELETE removes
//     set elements, and removes the attribute when no element is left;
//     DELETE from a missing attribute does nothing. A type mismatch with the
//     stored value is MsgOperandType. ADD and DELETE work on nested paths
//     with the same parent rules as SET.
//   - A SET operand that does not exist is MsgAttributeNotFound; + and -
//     need numbers and list_append lists (MsgOperandType); number results
//     are checked against DynamoDB's limits (attr's messages).
//   - A result nesting maps and lists 32 levels deep or more (the item
//     being level 0) is MsgNestingTooDeep.
//
// Before evaluating anything it repeats the parser's static checks that it
// can make on the tree — overlapping or conflicting paths, and the types of
// literal operands of ADD, DELETE, +, - and list_append — with AWS's
// "Invalid UpdateExpression: ..." messages. Every error is an *apierr.Error
// (ValidationException). Numbers in the result stay normalised and sets
// never become empty.
func ApplyUpdate(u *expr.Update, item attr.Item) (attr.Item, error) {
	if u == nil {
		return copyItem(item), nil
	}
	t, err := updateTree(u, true)
	if err != nil {
		return nil, err
	}
	if err := checkOperands(u); err != nil {
		return nil, err
	}
	if item == nil && len(u.Remove) > 0 {
		if t, err = updateTree(u, false); err != nil {
			return nil, err
		}
	}
	up := updater{old: item}
	out, err := up.applyMap(t, item, 1)
	if err != nil {
		return nil, err
	}
	if up.tooDeep {
		return nil, errNestingTooDeep()
	}
	return out, nil
}

// actionKind is the clause an action comes from.
type actionKind uint8

const (
	actSet actionKind = iota + 1
	actRemove
	actAdd
	actDelete
)

// action is what happens at one leaf of the update tree.
type action struct {
	kind  actionKind
	value expr.Operand // nil for REMOVE
}

// updateTree builds the tree of u's paths, refusing overlaps and conflicts
// as AWS does; with removes false it leaves out the REMOVE actions.
func updateTree(u *expr.Update, removes bool) (*node, error) {
	t := newNode()
	for _, a := range u.Set {
		if err := t.insert(a.Path, &action{kind: actSet, value: a.Value}); err != nil {
			return nil, err
		}
	}
	for _, p := range u.Remove {
		if !removes {
			continue
		}
		if err := t.insert(p, &action{kind: actRemove}); err != nil {
			return nil, err
		}
	}
	for _, a := range u.Add {
		if err := t.insert(a.Path, &action{kind: actAdd, value: a.Value}); err != nil {
			return nil, err
		}
	}
	for _, a := range u.Delete {
		if err := t.insert(a.Path, &action{kind: actDelete, value: a.Value}); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// updater walks the update tree over the old item, building the new one.
type updater struct {
	old     attr.Item // the item before the update; operands read it
	tooDeep bool      // a SET result breaks the nesting limit
}

// applyMap returns a copy of m with the children of n applied; level is the
// nesting level of m's values.
func (up *updater) applyMap(n *node, m map[string]attr.Value, level int) (map[string]attr.Value, error) {
	out := make(map[string]attr.Value, len(m)+len(n.keys))
	for k, v := range m {
		if _, hit := n.find(expr.PathElem{Name: k}); !hit {
			out[k] = v
		}
	}
	for i, el := range n.keys {
		if el.IsIndex {
			return nil, errPathInvalid()
		}
		old, exists := m[el.Name]
		v, keep, err := up.applyChild(n.kids[i], old, exists, level)
		if err != nil {
			return nil, err
		}
		if keep {
			out[el.Name] = v
		}
	}
	return out, nil
}

// applyList returns a copy of l with the children of n (all indexes, in
// ascending order) applied: indexes refer to l as it is, removed elements
// close up, and elements set past the end are appended in index order.
func (up *updater) applyList(n *node, l []attr.Value, level int) ([]attr.Value, error) {
	for _, el := range n.keys {
		if !el.IsIndex || el.Index < 0 {
			return nil, errPathInvalid()
		}
	}
	out := make([]attr.Value, 0, len(l)+len(n.keys))
	j := 0
	for i, v := range l {
		if j == len(n.keys) || n.keys[j].Index != i {
			out = append(out, v)
			continue
		}
		r, keep, err := up.applyChild(n.kids[j], v, true, level)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, r)
		}
		j++
	}
	for ; j < len(n.keys); j++ {
		r, keep, err := up.applyChild(n.kids[j], attr.Value{}, false, level)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, r)
		}
	}
	return out, nil
}

// applyChild applies the subtree c to old (which exists or not) at the
// given nesting level, returning the new value and whether to keep one.
func (up *updater) applyChild(c *node, old attr.Value, exists bool, level int) (attr.Value, bool, error) {
	if c.leaf() {
		return up.apply(c.act, old, exists, level)
	}
	if !exists {
		return attr.Value{}, false, errPathInvalid()
	}
	switch old.Kind {
	case attr.KindM:
		m, err := up.applyMap(c, old.M, level+1)
		return attr.Map(m), err == nil, err
	case attr.KindL:
		l, err := up.applyList(c, old.L, level+1)
		return attr.List(l...), err == nil, err
	}
	return attr.Value{}, false, errPathInvalid()
}

// copyItem returns a shallow copy of item (never nil).
func copyItem(item attr.Item) attr.Item {
	out := make(attr.Item, len(item))
	for k, v := range item {
		out[k] = v
	}
	return out
}

package eval

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// Project returns a new item holding only the parts of item that the paths
// of p name, nested as they are in item: a.b[1] gives {a: {b: [element]}}.
// As in AWS:
//   - paths that do not exist are left out, and so is a map or list that
//     would be left empty (projecting a.x when a has no x leaves out a);
//   - list elements keep their relative order and are compacted: a[3], a[1]
//     of a five-element list give a two-element list [a[1], a[3]];
//   - a name step into a list or an index step into a map matches nothing.
//
// Overlapping paths, which the parser refuses, are merged: a path
// enclosing another wins. A nil item gives nil; otherwise the result is
// never nil (possibly empty). It shares unmodified values with item and does
// not modify item.
func Project(p expr.Projection, item attr.Item) attr.Item {
	if item == nil {
		return nil
	}
	if topLevelOnly(p) {
		out := make(attr.Item, len(p))
		for _, path := range p {
			if v, ok := item[path[0].Name]; ok {
				out[path[0].Name] = v
			}
		}
		return out
	}
	t := newNode()
	for _, path := range p {
		t.insertLenient(path)
	}
	out := make(attr.Item, len(t.keys))
	for i, el := range t.keys {
		if v, ok := item[el.Name]; ok && !el.IsIndex {
			if pv, ok := project(t.kids[i], v); ok {
				out[el.Name] = pv
			}
		}
	}
	return out
}

// topLevelOnly reports whether every path of p is a single name, the common
// case that needs no tree.
func topLevelOnly(p expr.Projection) bool {
	for _, path := range p {
		if len(path) != 1 || path[0].IsIndex {
			return false
		}
	}
	return true
}

// project returns the parts of v that the tree n selects, and whether
// anything is left.
func project(n *node, v attr.Value) (attr.Value, bool) {
	if n.leaf() {
		return v, true
	}
	switch v.Kind {
	case attr.KindM:
		m := make(map[string]attr.Value, len(n.keys))
		for i, el := range n.keys {
			if c, ok := v.M[el.Name]; ok && !el.IsIndex {
				if pc, ok := project(n.kids[i], c); ok {
					m[el.Name] = pc
				}
			}
		}
		return attr.Map(m), len(m) > 0
	case attr.KindL:
		var l []attr.Value
		for i, el := range n.keys { // ascending indexes
			if el.IsIndex && el.Index >= 0 && el.Index < len(v.L) {
				if pc, ok := project(n.kids[i], v.L[el.Index]); ok {
					l = append(l, pc)
				}
			}
		}
		return attr.List(l...), len(l) > 0
	}
	return attr.Value{}, false
}

// UpdatedPaths returns the paths u sets, removes, adds to or deletes from,
// in the order SET, REMOVE, ADD, DELETE. Projecting the item before the
// update on them gives ReturnValues=UPDATED_OLD, the item after it
// UPDATED_NEW, which is how AWS computes both. A nil u gives nil.
func UpdatedPaths(u *expr.Update) expr.Projection {
	if u == nil {
		return nil
	}
	p := make(expr.Projection, 0, len(u.Set)+len(u.Remove)+len(u.Add)+len(u.Delete))
	for _, a := range u.Set {
		p = append(p, a.Path)
	}
	p = append(p, u.Remove...)
	for _, a := range u.Add {
		p = append(p, a.Path)
	}
	for _, a := range u.Delete {
		p = append(p, a.Path)
	}
	return p
}

package eval

import (
	"sort"

	"github.com/basalt-db/basalt/internal/expr"
)

// node is one step of a path tree: the trie of the paths of a projection or
// an update, shaped as DynamoDB builds it. A leaf ends a path; for updates
// it carries the action to apply there. Children are kept in lessElem order,
// which is the order in which DynamoDB visits them.
type node struct {
	keys []expr.PathElem // the children's steps, as key(el), sorted by lessElem
	kids []*node         // kids[i] is the child at keys[i]; none for a leaf
	act  *action         // updates only: the action at this leaf
}

func newNode() *node { return &node{} }

func (n *node) leaf() bool { return len(n.kids) == 0 }

// find returns the position of el (a key) in n.keys, and whether it is there.
func (n *node) find(el expr.PathElem) (int, bool) {
	i := sort.Search(len(n.keys), func(i int) bool { return !lessElem(n.keys[i], el) })
	return i, i < len(n.keys) && n.keys[i] == el
}

// child returns the child at step el (a key), or nil.
func (n *node) child(el expr.PathElem) *node {
	if i, ok := n.find(el); ok {
		return n.kids[i]
	}
	return nil
}

// add attaches c as the child el (a key not yet present) of n.
func (n *node) add(el expr.PathElem, c *node) {
	i, _ := n.find(el)
	n.keys = append(n.keys, expr.PathElem{})
	copy(n.keys[i+1:], n.keys[i:])
	n.keys[i] = el
	n.kids = append(n.kids, nil)
	copy(n.kids[i+1:], n.kids[i:])
	n.kids[i] = c
}

// insert adds path p, ending in a leaf carrying act, refusing a path equal
// to, inside or enclosing an existing one (an overlap), or using a list as a
// map or a map as a list beside an existing one (a conflict, as a.b with
// a[1]). The message names the existing path first, then p, as the parser
// does; with several clashes in one update, which pair the parser names is
// its business (it runs first).
func (n *node) insert(p expr.Path, act *action) error {
	for depth, el := range p {
		el = key(el)
		c := n.child(el)
		switch {
		case c == nil && len(n.keys) > 0 && n.keys[0].IsIndex != el.IsIndex:
			return clash("conflict", n.leafPath(p[:depth]), p)
		case c == nil:
			n.add(el, chain(p[depth+1:], act))
			return nil
		case c.leaf() || depth == len(p)-1:
			return clash("overlap", c.leafPath(p[:depth+1]), p)
		}
		n = c
	}
	return nil
}

// clash is AWS's error for two paths that overlap or conflict.
func clash(what string, one, two expr.Path) error {
	return errUpdateStatic("Two document paths "+what+" with each other; must remove or rewrite one of these paths",
		"path one: "+formatPath(one)+", path two: "+formatPath(two))
}

// insertLenient adds path p to a projection tree, resolving overlaps rather
// than refusing them: a path enclosing another wins (projecting a and a.b
// projects all of a).
func (n *node) insertLenient(p expr.Path) {
	for depth, el := range p {
		el = key(el)
		c := n.child(el)
		if c == nil {
			n.add(el, chain(p[depth+1:], nil))
			return
		}
		if c.leaf() {
			return
		}
		if depth == len(p)-1 {
			c.kids, c.keys = nil, nil
			return
		}
		n = c
	}
}

// chain returns a straight line of nodes for the steps of rest, ending in a
// leaf carrying act.
func chain(rest expr.Path, act *action) *node {
	leaf := newNode()
	leaf.act = act
	c := leaf
	for i := len(rest) - 1; i >= 0; i-- {
		up := newNode()
		up.add(key(rest[i]), c)
		c = up
	}
	return c
}

// leafPath returns prefix followed by the first key at each level below n,
// down to a leaf: a path that exists in the tree when prefix leads to n.
func (n *node) leafPath(prefix expr.Path) expr.Path {
	p := append(expr.Path{}, prefix...)
	for c := n; !c.leaf(); c = c.kids[0] {
		p = append(p, c.keys[0])
	}
	return p
}

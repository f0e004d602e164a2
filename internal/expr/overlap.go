package expr

import (
	"sort"
	"strconv"
)

// checkOverlaps raises AWS's error when two of paths (the paths an update
// writes, or a projection's paths) are the same, one is inside the other
// ("overlap"), or one uses an attribute as a list where the other uses it
// as a map ("conflict").
//
// With several clashes, which one AWS names depends on how it finds them:
// it puts the paths in a tree and reports the first clash it meets walking
// the tree, newest branch first, each branch after the branches below it.
// We walk the same way. The message names the earlier-written path first.
func checkOverlaps(param string, paths []Path) {
	root := &trie{}
	for i, p := range paths {
		root.insert(p, i)
	}
	w := overlapWalk{param: param, paths: paths}
	w.visit(root)
}

// trie is one node of the tree of paths: the element leading to it, the
// first path that created it, its children, and the paths ending here.
type trie struct {
	key  PathElem
	born int
	kids []*trie
	ends []int
}

func (t *trie) insert(p Path, i int) {
	node := t
	for _, e := range p {
		var next *trie
		for _, k := range node.kids {
			if k.key == e {
				next = k
			}
		}
		if next == nil {
			next = &trie{key: e, born: i}
			node.kids = append(node.kids, next)
		}
		node = next
	}
	node.ends = append(node.ends, i)
}

// entry is a child branch (kid != nil) or a path ending at a node.
type entry struct {
	i   int
	kid *trie
}

// entries lists t's branches and ending paths, newest first.
func (t *trie) entries() []entry {
	var es []entry
	for _, k := range t.kids {
		es = append(es, entry{k.born, k})
	}
	for _, i := range t.ends {
		es = append(es, entry{i, nil})
	}
	sort.SliceStable(es, func(a, b int) bool { return es[a].i > es[b].i })
	return es
}

// endIn returns the path that follows e's newest entries down to an end.
func (e entry) endIn() int {
	for e.kid != nil {
		e = e.kid.entries()[0]
	}
	return e.i
}

type overlapWalk struct {
	param string
	paths []Path
}

func (w overlapWalk) visit(t *trie) {
	list := t.entries()
	for _, e := range list {
		if e.kid != nil {
			w.visit(e.kid)
		}
		for _, x := range list {
			if x == e {
				continue
			}
			if e.kid == nil || x.kid == nil {
				w.clash("overlap", e.endIn(), x.endIn())
			}
			if x.kid.key.IsIndex != e.kid.key.IsIndex {
				w.clash("conflict", x.endIn(), e.endIn())
			}
		}
	}
}

func (w overlapWalk) clash(what string, x, y int) {
	a, b := min(x, y), max(x, y)
	raise(invalid(w.param, "Two document paths %s with each other; must remove or rewrite one of these paths; path one: %s, path two: %s",
		what, FormatPath(w.paths[a]), FormatPath(w.paths[b])))
}

// FormatPath renders a path as AWS does in messages: its elements in
// brackets, separated by ", ", with list indexes in brackets of their own
// and names as they are (after substitution), e.g. [a, b, [2], c].
func FormatPath(p Path) string {
	b := []byte{'['}
	for i, e := range p {
		if i > 0 {
			b = append(b, ", "...)
		}
		if e.IsIndex {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e.Index), 10)
			b = append(b, ']')
		} else {
			b = append(b, e.Name...)
		}
	}
	return string(append(b, ']'))
}

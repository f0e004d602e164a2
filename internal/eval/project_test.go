package eval

import (
	"testing"

	"github.com/basalt-db/basalt/internal/expr"
)

func proj(paths ...string) expr.Projection {
	var p expr.Projection
	for _, s := range paths {
		p = append(p, P(s))
	}
	return p
}

func TestProject(t *testing.T) {
	item := I(
		"a", M("b", L(N("0"), N("1"), M("c", N("2"), "d", N("3"))), "x", S("y")),
		"l", L(S("l0"), S("l1"), S("l2"), S("l3"), S("l4")),
		"s", S("str"),
		"n", N("1"),
		"ss", SS("p", "q"),
		"e", M(),
	)
	for _, tc := range []struct {
		name string
		p    expr.Projection
		want string
	}{
		{"top level", proj("s", "n"), `{n:1 s:"str"}`},
		{"top level missing", proj("s", "zz"), `{s:"str"}`},
		{"nothing", proj("zz"), `{}`},
		{"whole map", proj("a"), `{a:{b:[0 1 {c:2 d:3}] x:"y"}}`},
		{"map key", proj("a.x"), `{a:{x:"y"}}`},
		{"list element", proj("a.b[1]"), `{a:{b:[1]}}`},
		{"deep", proj("a.b[2].d"), `{a:{b:[{d:3}]}}`},
		{"elements compacted in order", proj("l[3]", "l[1]"), `{l:["l1" "l3"]}`},
		{"index past end", proj("l[9]"), `{}`},
		{"index past end beside one", proj("l[9]", "l[0]"), `{l:["l0"]}`},
		{"missing key leaves parent out", proj("a.zz"), `{}`},
		{"missing deep key", proj("a.b[2].zz", "s"), `{s:"str"}`},
		{"name into list", proj("l.x"), `{}`},
		{"index into map", proj("a[0]"), `{}`},
		{"name into scalar", proj("s.x"), `{}`},
		{"empty map projected whole", proj("e"), `{e:{}}`},
		{"key of empty map", proj("e.x"), `{}`},
		{"set whole", proj("ss"), `{ss:SS(p q)}`},
		{"index into set", proj("ss[0]"), `{}`},
		{"two keys of one map", proj("a.x", "a.b[0]"), `{a:{b:[0] x:"y"}}`},
		{"overlap: enclosing wins", proj("a.x", "a"), `{a:{b:[0 1 {c:2 d:3}] x:"y"}}`},
		{"overlap: enclosing first", proj("a", "a.x"), `{a:{b:[0 1 {c:2 d:3}] x:"y"}}`},
		{"duplicate", proj("s", "s"), `{s:"str"}`},
		{"mixed top and nested", proj("n", "a.b[2].c"), `{a:{b:[{c:2}]} n:1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := deepCopy(item)
			got := Project(tc.p, item)
			if s := show(got); s != tc.want {
				t.Errorf("Project = %s, want %s", s, tc.want)
			}
			if show(item) != show(before) {
				t.Errorf("Project modified the item")
			}
		})
	}
	if Project(proj("a"), nil) != nil {
		t.Error("Project of no item is not nil")
	}
	if got := Project(proj("zz"), I()); got == nil {
		t.Error("Project of an item is nil")
	}
}

func TestResolve(t *testing.T) {
	item := I("a", M("b", L(N("0"), M("c", S("x")))), "s", S("y"))
	for _, tc := range []struct {
		path string
		want string // "" = missing
	}{
		{"a.b[1].c", `"x"`},
		{"a.b[0]", "0"},
		{"s", `"y"`},
		{"a.b[2]", ""},
		{"a.b[1].d", ""},
		{"a.c", ""},
		{"s.x", ""},
		{"s[0]", ""},
		{"a[0]", ""},
		{"zz", ""},
	} {
		v, ok := Resolve(P(tc.path), item)
		got := ""
		if ok {
			got = show(v)
		}
		if got != tc.want {
			t.Errorf("Resolve(%s) = %q, %v; want %q", tc.path, got, ok, tc.want)
		}
	}
	if _, ok := Resolve(P("a"), nil); ok {
		t.Error("Resolve in no item found something")
	}
	if _, ok := Resolve(nil, item); ok {
		t.Error("Resolve of an empty path found something")
	}
	if _, ok := Resolve(expr.Path{{Index: 0, IsIndex: true}}, item); ok {
		t.Error("Resolve of a path starting with an index found something")
	}
	neg := expr.Path{{Name: "a"}, {Name: "b"}, {Index: -1, IsIndex: true}}
	if _, ok := Resolve(neg, item); ok {
		t.Error("Resolve of a negative index found something")
	}
}

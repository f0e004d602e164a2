package eval

import (
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

func benchItem() attr.Item {
	return I(
		"id", S("user#12345"),
		"name", S("Ada Lovelace"),
		"status", S("active"),
		"count", N("41"),
		"score", N("1234.5678"),
		"tags", SS("admin", "editor", "viewer"),
		"m", M("x", N("1"), "y", S("why"), "z", L(N("1"), N("2"), N("3"))),
		"l", L(S("a"), S("b"), S("c"), S("d")),
		"old", B("stale bytes"),
	)
}

// BenchmarkCondition evaluates a typical conditional-write condition:
// attribute_exists(id) AND status <> :s AND size(tags) > :n
// AND begins_with(name, :p) AND score BETWEEN :lo AND :hi.
func BenchmarkCondition(b *testing.B) {
	item := benchItem()
	c := expr.And{
		L: expr.And{
			L: expr.AttributeExists{Path: P("id")},
			R: cmp(expr.OpNE, Path("status"), Val(S("banned"))),
		},
		R: expr.And{
			L: cmp(expr.OpGT, Size("tags"), Val(N("2"))),
			R: expr.And{
				L: expr.BeginsWith{X: Path("name"), Prefix: Val(S("Ada"))},
				R: expr.Between{X: Path("score"), Lo: Val(N("1000")), Hi: Val(N("2000.25"))},
			},
		},
	}
	if !Condition(c, item) {
		b.Fatal("condition does not hold")
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Condition(c, item)
	}
}

// BenchmarkApplyUpdate applies a typical update:
// SET count = count + :one, m.x = :v, l[1] = :w REMOVE old ADD tags :t.
func BenchmarkApplyUpdate(b *testing.B) {
	item := benchItem()
	u := &expr.Update{
		Set: []expr.SetAction{
			set("count", plus(Path("count"), Val(N("1")))),
			set("m.x", Val(N("2"))),
			set("l[1]", Val(S("B"))),
		},
		Remove: rm("old"),
		Add:    []expr.AddAction{add("tags", SS("owner"))},
	}
	if _, err := ApplyUpdate(u, item); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ApplyUpdate(u, item); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProject projects nested paths, the tree-building case.
func BenchmarkProject(b *testing.B) {
	item := benchItem()
	p := proj("id", "m.x", "m.z[2]", "l[0]", "l[3]")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Project(p, item)
	}
}

package eval

import (
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// condItem is the item the condition tests run against.
func condItem() attr.Item {
	return I(
		"s", S("hello"),
		"s2", S("hello"),
		"n", N("5"),
		"n2", N("5"),
		"b", B("hi there"),
		"b127", attr.Bin([]byte{127}),
		"t", attr.Bool(true),
		"nul", attr.Null(),
		"l", L(N("2"), S("dog"), N("7"), NS("1", "2"), L(N("3"), N("4")), M("k", S("v"))),
		"m", M("x", N("1"), "y", L(N("-1"), N("2"), N("0")), "deep", M("z", S("q"))),
		"ss", SS("a", "b"),
		"ns", NS("1", "2.5"),
		"bs", BS("x", "y"),
		"u", S("é𝄞"),
		"empty", S(""),
		"lo", N("1"),
		"hi", N("9"),
	)
}

func cmp(op expr.CompareOp, l, r expr.Operand) expr.Compare { return expr.Compare{Op: op, L: l, R: r} }

type condCase struct {
	name string
	c    expr.Condition
	want bool
}

func runConds(t *testing.T, item attr.Item, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := deepCopy(item)
			if got := Condition(tc.c, item); got != tc.want {
				t.Errorf("Condition = %v, want %v", got, tc.want)
			}
			if show(before) != show(item) {
				t.Errorf("Condition modified the item")
			}
		})
	}
}

func TestConditionCompare(t *testing.T) {
	runConds(t, condItem(), []condCase{
		{"S = S", cmp(expr.OpEQ, Path("s"), Val(S("hello"))), true},
		{"path = path", cmp(expr.OpEQ, Path("s"), Path("s2")), true},
		{"N = N numerically", cmp(expr.OpEQ, Path("n"), Val(N("5"))), true},
		{"B = B", cmp(expr.OpEQ, Path("b"), Val(B("hi there"))), true},
		{"BOOL = BOOL", cmp(expr.OpEQ, Path("t"), Val(attr.Bool(true))), true},
		{"NULL = NULL", cmp(expr.OpEQ, Path("nul"), Val(attr.Null())), true},
		{"L = L", cmp(expr.OpEQ, Path("m.y"), Val(L(N("-1"), N("2"), N("0")))), true},
		{"L order matters", cmp(expr.OpEQ, Path("m.y"), Val(L(N("2"), N("-1"), N("0")))), false},
		{"M = M", cmp(expr.OpEQ, Path("m.deep"), Val(M("z", S("q")))), true},
		{"SS = SS any order", cmp(expr.OpEQ, Path("ss"), Val(SS("b", "a"))), true},
		{"NS = NS", cmp(expr.OpEQ, Path("ns"), Val(NS("2.5", "1"))), true},
		{"S = S unequal", cmp(expr.OpEQ, Path("s"), Val(S("hell"))), false},
		{"N = S types differ", cmp(expr.OpEQ, Path("n"), Val(S("5"))), false},
		{"N <> S types differ", cmp(expr.OpNE, Path("n"), Val(S("5"))), true},
		{"S <> S equal", cmp(expr.OpNE, Path("s"), Val(S("hello"))), false},
		{"missing = value", cmp(expr.OpEQ, Path("zz"), Val(S("x"))), false},
		{"value = missing", cmp(expr.OpEQ, Val(S("x")), Path("zz")), false},
		{"missing <> value", cmp(expr.OpNE, Path("zz"), Val(S("x"))), true},
		{"missing = missing", cmp(expr.OpEQ, Path("zz"), Path("qq")), false},
		{"missing <> missing", cmp(expr.OpNE, Path("zz"), Path("qq")), true},
		{"nested = ", cmp(expr.OpEQ, Path("m.deep.z"), Val(S("q"))), true},
		{"list element", cmp(expr.OpEQ, Path("l[1]"), Val(S("dog"))), true},
		{"N < N", cmp(expr.OpLT, Path("n"), Val(N("10"))), true},
		{"N < N false", cmp(expr.OpLT, Path("n"), Val(N("5"))), false},
		{"N <= N", cmp(expr.OpLE, Path("n"), Val(N("5.0"))), true},
		{"N > N", cmp(expr.OpGT, Path("n"), Val(N("-5"))), true},
		{"N >= N", cmp(expr.OpGE, Path("n"), Path("n2")), true},
		{"S < S bytewise", cmp(expr.OpLT, Path("s"), Val(S("help"))), true},
		{"S > S", cmp(expr.OpGT, Path("s"), Val(S("Hello"))), true},
		{"B < B unsigned", cmp(expr.OpLT, Path("b127"), Val(attr.Bin([]byte{128}))), true},
		{"B >= B unsigned", cmp(expr.OpGE, Path("b127"), Val(attr.Bin([]byte{128}))), false},
		{"value < path", cmp(expr.OpLT, Val(N("1")), Path("n")), true},
		{"nested < nested", cmp(expr.OpLT, Path("m.x"), Path("m.y[1]")), true},
		{"nested < nested false", cmp(expr.OpLT, Path("m.x"), Path("m.y[0]")), false},
		{"N < S mismatch", cmp(expr.OpLT, Path("n"), Val(S("17"))), false},
		{"N >= S mismatch", cmp(expr.OpGE, Path("n"), Val(S("17"))), false},
		{"missing < value", cmp(expr.OpLT, Path("zz"), Val(N("1"))), false},
		{"value < missing", cmp(expr.OpLT, Val(N("1")), Path("zz")), false},
		{"missing >= missing", cmp(expr.OpGE, Path("zz"), Path("qq")), false},
		{"missing <= missing", cmp(expr.OpLE, Path("zz"), Path("qq")), false},
		{"L < N unordered type", cmp(expr.OpLT, Path("l"), Val(N("1"))), false},
		{"L >= L unordered type", cmp(expr.OpGE, Path("l"), Path("l")), false},
		{"BOOL <= BOOL unordered type", cmp(expr.OpLE, Path("t"), Val(attr.Bool(true))), false},
		{"missing past list end", cmp(expr.OpLT, Path("m.x"), Path("m.y[100]")), false},
	})
}

func TestConditionBetweenIn(t *testing.T) {
	bt := func(x, lo, hi expr.Operand) expr.Between { return expr.Between{X: x, Lo: lo, Hi: hi} }
	runConds(t, condItem(), []condCase{
		{"between", bt(Path("n"), Val(N("1")), Val(N("9"))), true},
		{"between inclusive low", bt(Path("n"), Val(N("5")), Val(N("9"))), true},
		{"between inclusive high", bt(Path("n"), Val(N("1")), Val(N("5"))), true},
		{"between same bounds", bt(Path("s"), Val(S("hello")), Val(S("hello"))), true},
		{"between below", bt(Path("n"), Val(N("6")), Val(N("9"))), false},
		{"between strings", bt(Path("s"), Val(S("a")), Val(S("z"))), true},
		{"between binary", bt(Path("b"), Val(B("a")), Val(B("z"))), true},
		{"between paths", bt(Path("n"), Path("lo"), Path("hi")), true},
		{"between bounds reversed (paths)", bt(Path("n"), Path("hi"), Path("lo")), false},
		{"between type mismatch", bt(Path("n"), Val(S("0")), Val(S("9"))), false},
		{"between mixed bounds", bt(Path("n"), Path("lo"), Val(S("dog"))), false},
		{"between missing x", bt(Path("zz"), Val(N("1")), Val(N("9"))), false},
		{"between missing bound", bt(Path("n"), Path("zz"), Val(N("9"))), false},
		{"between unordered type", bt(Path("l"), Path("l"), Path("l")), false},
		{"in match", expr.In{X: Path("n"), List: []expr.Operand{Val(N("1")), Val(N("5"))}}, true},
		{"in no match", expr.In{X: Path("n"), List: []expr.Operand{Val(N("1")), Val(N("6"))}}, false},
		{"in mixed types", expr.In{X: Path("n"), List: []expr.Operand{Val(S("dog")), Val(N("5.0"))}}, true},
		{"in path", expr.In{X: Path("n"), List: []expr.Operand{Path("n2")}}, true},
		{"in any type", expr.In{X: Path("m.deep"), List: []expr.Operand{Val(M("z", S("q")))}}, true},
		{"in missing x", expr.In{X: Path("zz"), List: []expr.Operand{Val(N("1"))}}, false},
		{"in missing elements", expr.In{X: Path("zz"), List: []expr.Operand{Path("qq")}}, false},
	})
}

func TestConditionFunctions(t *testing.T) {
	at := func(p, typ string) expr.AttributeType { return expr.AttributeType{Path: P(p), Type: Val(S(typ))} }
	bw := func(x, p expr.Operand) expr.BeginsWith { return expr.BeginsWith{X: x, Prefix: p} }
	ct := func(x, o expr.Operand) expr.Contains { return expr.Contains{X: x, Operand: o} }
	runConds(t, condItem(), []condCase{
		{"exists", expr.AttributeExists{Path: P("s")}, true},
		{"exists missing", expr.AttributeExists{Path: P("zz")}, false},
		{"exists nested", expr.AttributeExists{Path: P("m.deep.z")}, true},
		{"exists nested missing", expr.AttributeExists{Path: P("m.deep.w")}, false},
		{"exists index", expr.AttributeExists{Path: P("m.y[2]")}, true},
		{"exists index past end", expr.AttributeExists{Path: P("m.y[3]")}, false},
		{"exists name into scalar", expr.AttributeExists{Path: P("s.x")}, false},
		{"exists index into map", expr.AttributeExists{Path: P("m[0]")}, false},
		{"exists name into list", expr.AttributeExists{Path: P("l.x")}, false},
		{"exists NULL value", expr.AttributeExists{Path: P("nul")}, true},
		{"not exists", expr.AttributeNotExists{Path: P("zz")}, true},
		{"not exists present", expr.AttributeNotExists{Path: P("m.x")}, false},
		{"not exists nested under scalar", expr.AttributeNotExists{Path: P("n.x")}, true},
		{"type S", at("s", "S"), true},
		{"type N", at("n", "N"), true},
		{"type B", at("b", "B"), true},
		{"type BOOL", at("t", "BOOL"), true},
		{"type NULL", at("nul", "NULL"), true},
		{"type L", at("l", "L"), true},
		{"type M", at("m", "M"), true},
		{"type SS", at("ss", "SS"), true},
		{"type NS", at("ns", "NS"), true},
		{"type BS", at("bs", "BS"), true},
		{"type nested", at("m.y[0]", "N"), true},
		{"type wrong", at("s", "N"), false},
		{"type missing", at("zz", "S"), false},
		{"type operand not a string", expr.AttributeType{Path: P("n"), Type: Val(N("1"))}, false},
		{"begins_with S", bw(Path("s"), Val(S("hel"))), true},
		{"begins_with S whole", bw(Path("s"), Val(S("hello"))), true},
		{"begins_with S empty prefix", bw(Path("s"), Val(S(""))), true},
		{"begins_with S no", bw(Path("s"), Val(S("ello"))), false},
		{"begins_with B", bw(Path("b"), Val(B("hi"))), true},
		{"begins_with B vs S", bw(Path("b"), Val(S("hi"))), false},
		{"begins_with N", bw(Path("n"), Val(N("5"))), false},
		{"begins_with missing", bw(Path("zz"), Val(S("h"))), false},
		{"begins_with reversed", bw(Val(S("hellohi")), Path("s")), true},
		{"begins_with two paths", bw(Path("s"), Path("s2")), true},
		{"contains substring", ct(Path("s"), Val(S("ell"))), true},
		{"contains substring no", ct(Path("s"), Val(S("elo"))), false},
		{"contains B", ct(Path("b"), Val(B("here"))), true},
		{"contains B vs S", ct(Path("b"), Val(S("here"))), false},
		{"contains S vs N", ct(Path("n"), Val(N("5"))), false},
		{"contains SS", ct(Path("ss"), Val(S("a"))), true},
		{"contains SS no", ct(Path("ss"), Val(S("c"))), false},
		{"contains SS substring is not element", ct(Path("ss"), Val(S(""))), false},
		{"contains NS numerically", ct(Path("ns"), Val(N("2.5"))), true},
		{"contains NS wrong type", ct(Path("ns"), Val(S("1"))), false},
		{"contains BS", ct(Path("bs"), Val(B("y"))), true},
		{"contains list number", ct(Path("l"), Val(N("7"))), true},
		{"contains list string", ct(Path("l"), Val(S("dog"))), true},
		{"contains list set any order", ct(Path("l"), Val(NS("2", "1"))), true},
		{"contains list list", ct(Path("l"), Val(L(N("3"), N("4")))), true},
		{"contains list map", ct(Path("l"), Val(M("k", S("v")))), true},
		{"contains list no", ct(Path("l"), Val(N("3"))), false},
		{"contains set not member of itself", ct(Path("ss"), Val(SS("a", "b"))), false},
		{"contains map key", ct(Path("m"), Val(S("x"))), false},
		{"contains BOOL", ct(Path("t"), Val(attr.Bool(true))), false},
		{"contains missing", ct(Path("zz"), Val(S("x"))), false},
		{"contains missing operand", ct(Path("s"), Path("zz")), false},
	})
}

func TestConditionSize(t *testing.T) {
	runConds(t, condItem(), []condCase{
		{"size S", cmp(expr.OpEQ, Size("s"), Val(N("5"))), true},
		{"size S UTF-16 units", cmp(expr.OpEQ, Size("u"), Val(N("3"))), true},
		{"size S not UTF-8 bytes", cmp(expr.OpEQ, Size("u"), Val(N("6"))), false},
		{"size empty S", cmp(expr.OpEQ, Size("empty"), Val(N("0"))), true},
		{"size B", cmp(expr.OpEQ, Size("b"), Val(N("8"))), true},
		{"size SS", cmp(expr.OpEQ, Size("ss"), Val(N("2"))), true},
		{"size NS", cmp(expr.OpEQ, Size("ns"), Val(N("2"))), true},
		{"size BS", cmp(expr.OpEQ, Size("bs"), Val(N("2"))), true},
		{"size L", cmp(expr.OpEQ, Size("l"), Val(N("6"))), true},
		{"size M", cmp(expr.OpEQ, Size("m"), Val(N("3"))), true},
		{"size nested", cmp(expr.OpEQ, Size("m.y"), Val(N("3"))), true},
		{"size compared to path", cmp(expr.OpLT, Size("ss"), Path("n")), true},
		{"size <", cmp(expr.OpLT, Size("s"), Val(N("7"))), true},
		{"size >=", cmp(expr.OpGE, Size("s"), Val(N("5"))), true},
		{"size <>", cmp(expr.OpNE, Size("s"), Val(N("4"))), true},
		{"size between", expr.Between{X: Size("s"), Lo: Val(N("1")), Hi: Val(N("5"))}, true},
		{"size in", expr.In{X: Size("s"), List: []expr.Operand{Val(N("4")), Val(N("5"))}}, true},
		{"size vs string", cmp(expr.OpEQ, Size("s"), Val(S("5"))), false},
		{"size N has none", cmp(expr.OpEQ, Size("n"), Val(N("1"))), false},
		{"size N not <", cmp(expr.OpLT, Size("n"), Val(N("3"))), false},
		{"size N not >=", cmp(expr.OpGE, Size("n"), Val(N("3"))), false},
		{"size BOOL has none", cmp(expr.OpGE, Size("t"), Val(N("0"))), false},
		{"size NULL has none", cmp(expr.OpGE, Size("nul"), Val(N("0"))), false},
		{"size missing", cmp(expr.OpGE, Size("zz"), Val(N("0"))), false},
		{"size missing =", cmp(expr.OpEQ, Size("zz"), Val(N("0"))), false},
		{"size missing <> (no value is unequal)", cmp(expr.OpNE, Size("zz"), Val(N("0"))), true},
	})
}

func TestConditionLogic(t *testing.T) {
	tr := cmp(expr.OpEQ, Path("n"), Val(N("5")))
	fa := cmp(expr.OpEQ, Path("n"), Val(N("6")))
	miss := cmp(expr.OpLT, Path("zz"), Val(N("1")))
	runConds(t, condItem(), []condCase{
		{"and tt", expr.And{L: tr, R: tr}, true},
		{"and tf", expr.And{L: tr, R: fa}, false},
		{"and ft", expr.And{L: fa, R: tr}, false},
		{"or tf", expr.Or{L: tr, R: fa}, true},
		{"or ft", expr.Or{L: fa, R: tr}, true},
		{"or ff", expr.Or{L: fa, R: fa}, false},
		{"not t", expr.Not{C: tr}, false},
		{"not f", expr.Not{C: fa}, true},
		{"not missing comparison", expr.Not{C: miss}, true},
		{"not not", expr.Not{C: expr.Not{C: tr}}, true},
		{"literal true", expr.Literal{Value: true}, true},
		{"literal false", expr.Literal{Value: false}, false},
		{"nil condition", nil, true},
		{"nested", expr.Or{L: expr.And{L: fa, R: tr}, R: expr.Not{C: fa}}, true},
		{"pointer forms", &expr.And{L: &expr.Compare{Op: expr.OpEQ, L: &expr.PathOperand{Path: P("n")}, R: &expr.ValueOperand{Value: N("5")}}, R: &expr.Not{C: &fa}}, true},
		{"pointer functions", &expr.Contains{X: &expr.PathOperand{Path: P("ss")}, Operand: Val(S("a"))}, true},
		{"nil pointer", (*expr.Compare)(nil), false},
		{"update-only operand that fails", cmp(expr.OpEQ, expr.Arith{Op: '+', L: Path("s"), R: Val(N("1"))}, Val(N("1"))), false},
		{"update-only operand that fails under not", expr.Not{C: cmp(expr.OpEQ, expr.Arith{Op: '+', L: Path("zz"), R: Val(N("1"))}, Val(N("1")))}, false},
		{"update-only operand that works", cmp(expr.OpEQ, expr.Arith{Op: '+', L: Path("n"), R: Val(N("1"))}, Val(N("6"))), true},
	})
}

func TestConditionNoItem(t *testing.T) {
	runConds(t, nil, []condCase{
		{"not exists", expr.AttributeNotExists{Path: P("p")}, true},
		{"exists", expr.AttributeExists{Path: P("p")}, false},
		{"<>", cmp(expr.OpNE, Path("p"), Val(S("x"))), true},
		{"=", cmp(expr.OpEQ, Path("p"), Val(S("x"))), false},
		{"size", cmp(expr.OpNE, Size("p"), Val(N("1"))), true},
		{"literal", expr.Literal{Value: true}, true},
	})
}

package eval

import (
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// Update builders for tests.
func set(path string, v expr.Operand) expr.SetAction { return expr.SetAction{Path: P(path), Value: v} }
func add(path string, v attr.Value) expr.AddAction {
	return expr.AddAction{Path: P(path), Value: Val(v)}
}
func del(path string, v attr.Value) expr.DeleteAction {
	return expr.DeleteAction{Path: P(path), Value: Val(v)}
}
func rm(paths ...string) []expr.Path {
	var out []expr.Path
	for _, p := range paths {
		out = append(out, P(p))
	}
	return out
}
func plus(l, r expr.Operand) expr.Arith         { return expr.Arith{Op: '+', L: l, R: r} }
func minus(l, r expr.Operand) expr.Arith        { return expr.Arith{Op: '-', L: l, R: r} }
func appendL(a, b expr.Operand) expr.ListAppend { return expr.ListAppend{A: a, B: b} }
func ine(path string, d expr.Operand) expr.IfNotExists {
	return expr.IfNotExists{Path: P(path), Default: d}
}

type updCase struct {
	name string
	item attr.Item
	u    expr.Update
	want attr.Item // when err == ""
	err  string
}

func runUpdates(t *testing.T, cases []updCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := deepCopy(tc.item)
			got, err := ApplyUpdate(&tc.u, tc.item)
			if show(before) != show(tc.item) {
				t.Fatalf("ApplyUpdate modified its input: %s, was %s", show(tc.item), show(before))
			}
			if tc.err != "" {
				wantValidation(t, err, tc.err)
				return
			}
			if err != nil {
				t.Fatalf("ApplyUpdate: %v", err)
			}
			if got == nil || !sameItem(got, tc.want) {
				t.Fatalf("ApplyUpdate = %s, want %s", show(got), show(tc.want))
			}
		})
	}
}

func TestUpdateSet(t *testing.T) {
	base := I("a", S("hello"), "n", N("2"), "l", L(S("hi"), N("2")))
	runUpdates(t, []updCase{
		{"new attribute", base, expr.Update{Set: []expr.SetAction{set("b", Val(N("4")))}},
			I("a", S("hello"), "n", N("2"), "l", L(S("hi"), N("2")), "b", N("4")), ""},
		{"overwrite", base, expr.Update{Set: []expr.SetAction{set("a", Val(S("hey")))}},
			I("a", S("hey"), "n", N("2"), "l", L(S("hi"), N("2"))), ""},
		{"on no item", nil, expr.Update{Set: []expr.SetAction{set("b", Val(N("4")))}}, I("b", N("4")), ""},
		{"several", nil, expr.Update{Set: []expr.SetAction{set("x", Val(N("4"))), set("y", Val(N("4")))}}, I("x", N("4"), "y", N("4")), ""},
		{"copy", base, expr.Update{Set: []expr.SetAction{set("b", Path("a"))}},
			I("a", S("hello"), "n", N("2"), "l", L(S("hi"), N("2")), "b", S("hello")), ""},
		{"copy to itself", base, expr.Update{Set: []expr.SetAction{set("a", Path("a"))}}, base, ""},
		{"copy missing", base, expr.Update{Set: []expr.SetAction{set("c", Path("z"))}}, nil, MsgAttributeNotFound},
		{"copy missing, no item", nil, expr.Update{Set: []expr.SetAction{set("c", Path("z"))}}, nil, MsgAttributeNotFound},
		{"operands read the old item", base, expr.Update{Set: []expr.SetAction{set("x", Val(N("4"))), set("y", Path("x"))}}, nil, MsgAttributeNotFound},
		{"swap", I("a", N("1"), "b", N("2")), expr.Update{Set: []expr.SetAction{set("a", Path("b")), set("b", Path("a"))}},
			I("a", N("2"), "b", N("1")), ""},
		{"remove then copy", base, expr.Update{Set: []expr.SetAction{set("b", Path("a"))}, Remove: rm("a")},
			I("b", S("hello"), "n", N("2"), "l", L(S("hi"), N("2"))), ""},
		{"copy nested", I("a", M("c", M("x", N("7")))), expr.Update{Set: []expr.SetAction{set("z", Path("a.c.x"))}},
			I("a", M("c", M("x", N("7"))), "z", N("7")), ""},
		{"empty list and map", nil, expr.Update{Set: []expr.SetAction{set("d", Val(L())), set("e", Val(M()))}}, I("d", L(), "e", M()), ""},
	})
}

func TestUpdateArithmetic(t *testing.T) {
	base := I("a", N("2"), "s", S("x"), "l", L(N("1")))
	runUpdates(t, []updCase{
		{"path + value", base, expr.Update{Set: []expr.SetAction{set("a", plus(Path("a"), Val(N("3"))))}}, I("a", N("5"), "s", S("x"), "l", L(N("1"))), ""},
		{"value + path", base, expr.Update{Set: []expr.SetAction{set("b", plus(Val(N("3")), Path("a")))}}, I("a", N("2"), "b", N("5"), "s", S("x"), "l", L(N("1"))), ""},
		{"value - path", base, expr.Update{Set: []expr.SetAction{set("b", minus(Val(N("7")), Path("a")))}}, I("a", N("2"), "b", N("5"), "s", S("x"), "l", L(N("1"))), ""},
		{"path + path", base, expr.Update{Set: []expr.SetAction{set("b", plus(Path("a"), Path("a")))}}, I("a", N("2"), "b", N("4"), "s", S("x"), "l", L(N("1"))), ""},
		{"two values", nil, expr.Update{Set: []expr.SetAction{set("b", minus(Val(N("5")), Val(N("2"))))}}, I("b", N("3")), ""},
		{"exact decimal", nil, expr.Update{Set: []expr.SetAction{set("b", plus(Val(N("0.1")), Val(N("0.2"))))}}, I("b", N("0.3")), ""},
		{"normalised result", nil, expr.Update{Set: []expr.SetAction{set("b", plus(Val(N("1.5")), Val(N("1.5"))))}}, I("b", N("3")), ""},
		{"negative result", nil, expr.Update{Set: []expr.SetAction{set("b", minus(Val(N("1")), Val(N("1.25"))))}}, I("b", N("-0.25")), ""},
		{"missing operand", base, expr.Update{Set: []expr.SetAction{set("a", plus(Path("z"), Val(N("3"))))}}, nil, MsgAttributeNotFound},
		{"missing right operand", base, expr.Update{Set: []expr.SetAction{set("a", minus(Path("a"), Path("z")))}}, nil, MsgAttributeNotFound},
		{"string operand", base, expr.Update{Set: []expr.SetAction{set("a", plus(Path("s"), Val(N("3"))))}}, nil, MsgOperandType},
		{"list operand", base, expr.Update{Set: []expr.SetAction{set("a", minus(Path("a"), Path("l")))}}, nil, MsgOperandType},
		{"wrong type before missing", base, expr.Update{Set: []expr.SetAction{set("a", plus(Path("s"), Path("z")))}}, nil, MsgOperandType},
		{"missing before wrong type", base, expr.Update{Set: []expr.SetAction{set("a", plus(Path("z"), Path("s")))}}, nil, MsgAttributeNotFound},
		{"overflow", nil, expr.Update{Set: []expr.SetAction{set("b", plus(Val(N("9"+strings.Repeat("0", 125))), Val(N("9"+strings.Repeat("0", 125)))))}}, nil, attr.ErrNumberOverflow.Error()},
		{"precision", nil, expr.Update{Set: []expr.SetAction{set("b", plus(Val(N("1"+strings.Repeat("0", 37))), Val(N("0.1"))))}}, nil, attr.ErrNumberDigits.Error()},
		{"literal string operand (static)", nil, expr.Update{Set: []expr.SetAction{set("b", plus(Val(S("dog")), Val(N("3"))))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"},
		{"literal list operand of - (static)", nil, expr.Update{Set: []expr.SetAction{set("b", minus(Path("a"), Val(L())))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L"},
	})
}

func TestUpdateFunctions(t *testing.T) {
	base := I("a", L(S("hi"), N("2")), "b", L(S("x")), "n", N("2"), "s", S("str"))
	withA := func(kv ...any) attr.Item {
		return I(append([]any{"a", L(S("hi"), N("2")), "b", L(S("x")), "n", N("2"), "s", S("str")}, kv...)...)
	}
	runUpdates(t, []updCase{
		{"list_append values", nil, expr.Update{Set: []expr.SetAction{set("a", appendL(Val(L(N("4"), S("hello"))), Val(L(S("hi"), N("7")))))}},
			I("a", L(N("4"), S("hello"), S("hi"), N("7"))), ""},
		{"list_append to path", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("a"), Val(L(N("4")))))}}, withA("c", L(S("hi"), N("2"), N("4"))), ""},
		{"list_append before path", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Val(L(S("dog"))), Path("a")))}}, withA("c", L(S("dog"), S("hi"), N("2"))), ""},
		{"list_append two paths", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("a"), Path("b")))}}, withA("c", L(S("hi"), N("2"), S("x"))), ""},
		{"list_append empty", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Val(L()), Val(L())))}}, withA("c", L()), ""},
		{"list_append missing", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("z"), Val(L())))}}, nil, MsgAttributeNotFound},
		{"list_append missing second", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Val(L()), Path("z")))}}, nil, MsgAttributeNotFound},
		{"list_append no item", nil, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("b"), Val(L())))}}, nil, MsgAttributeNotFound},
		{"list_append number", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("n"), Val(L())))}}, nil, MsgOperandType},
		{"list_append string", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Val(L()), Path("s")))}}, nil, MsgOperandType},
		{"list_append literal map (static)", base, expr.Update{Set: []expr.SetAction{set("c", appendL(Path("a"), Val(M())))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: M"},
		{"if_not_exists missing", base, expr.Update{Set: []expr.SetAction{set("c", ine("c", Val(N("2"))))}}, withA("c", N("2")), ""},
		{"if_not_exists present", base, expr.Update{Set: []expr.SetAction{set("n", ine("n", Val(N("3"))))}}, base, ""},
		{"if_not_exists other path", base, expr.Update{Set: []expr.SetAction{set("c", ine("n", Val(N("3"))))}}, withA("c", N("2")), ""},
		{"if_not_exists nested path", I("m", M("x", N("1"))), expr.Update{Set: []expr.SetAction{set("c", ine("m.x", Val(N("3"))))}},
			I("m", M("x", N("1")), "c", N("1")), ""},
		{"if_not_exists default path", base, expr.Update{Set: []expr.SetAction{set("c", ine("z", Path("n")))}}, withA("c", N("2")), ""},
		{"if_not_exists default missing", base, expr.Update{Set: []expr.SetAction{set("c", ine("z", Path("q")))}}, nil, MsgAttributeNotFound},
		{"if_not_exists default missing, path present", base, expr.Update{Set: []expr.SetAction{set("c", ine("n", Path("q")))}}, nil, MsgAttributeNotFound},
		{"counter idiom", nil, expr.Update{Set: []expr.SetAction{set("c", plus(ine("c", Val(N("0"))), Val(N("1"))))}}, I("c", N("1")), ""},
		{"counter idiom existing", I("c", N("41")), expr.Update{Set: []expr.SetAction{set("c", plus(ine("c", Val(N("0"))), Val(N("1"))))}}, I("c", N("42")), ""},
		{"list_append of if_not_exists", base, expr.Update{Set: []expr.SetAction{set("z", appendL(ine("z", Val(L())), Val(L(N("1")))))}}, withA("z", L(N("1"))), ""},
		{"nested if_not_exists", base, expr.Update{Set: []expr.SetAction{set("c", ine("z", ine("n", Val(N("9")))))}}, withA("c", N("2")), ""},
	})
}

func TestUpdateNestedSet(t *testing.T) {
	runUpdates(t, []updCase{
		{"map key", I("a", M("b", N("3"), "c", N("4")), "d", N("5")), expr.Update{Set: []expr.SetAction{set("a.c", Val(N("7")))}},
			I("a", M("b", N("3"), "c", N("7")), "d", N("5")), ""},
		{"new map key", I("a", M("b", N("3"))), expr.Update{Set: []expr.SetAction{set("a.d", Val(N("3")))}},
			I("a", M("b", N("3"), "d", N("3"))), ""},
		{"replace with other type", I("a", M("b", N("3"), "c", M("one", N("1")))), expr.Update{Set: []expr.SetAction{set("a.c", Val(N("7")))}},
			I("a", M("b", N("3"), "c", N("7"))), ""},
		{"list element", I("a", L(S("one"), S("two"), S("three"))), expr.Update{Set: []expr.SetAction{set("a[1]", Val(S("hello")))}},
			I("a", L(S("one"), S("hello"), S("three"))), ""},
		{"past the end appends", I("a", L(S("one"), S("two"), S("three"))), expr.Update{Set: []expr.SetAction{set("a[7]", Val(S("hello")))}},
			I("a", L(S("one"), S("two"), S("three"), S("hello"))), ""},
		{"appends in index order", I("a", L(S("one"))), expr.Update{Set: []expr.SetAction{
			set("a[84]", Val(S("a1"))), set("a[37]", Val(S("a2"))), set("a[17]", Val(S("a3"))), set("a[50]", Val(S("a4")))}},
			I("a", L(S("one"), S("a3"), S("a2"), S("a4"), S("a1"))), ""},
		{"deep", I("a", M("b", N("3"), "c", L(S("hi"), M("x", M("y", L(N("3"), N("5"), N("7"))))))),
			expr.Update{Set: []expr.SetAction{set("a.c[1].x.y[1]", Val(N("9"))), set("a.z", Path("a.c[1].x.y[1]"))}},
			I("a", M("b", N("3"), "z", N("5"), "c", L(S("hi"), M("x", M("y", L(N("3"), N("9"), N("7"))))))), ""},
		{"several in one map", I("a", M("x", N("3"), "y", N("4"), "c", M("y", N("3"))), "b", M("x", N("1"), "y", N("2"))),
			expr.Update{Set: []expr.SetAction{set("a.b", Val(N("10"))), set("a.c.d", Val(S("dog"))), set("b.x", Val(N("17")))}, Remove: rm("a.x", "b.y")},
			I("a", M("y", N("4"), "b", N("10"), "c", M("y", N("3"), "d", S("dog"))), "b", M("x", N("17"))), ""},
		{"parent missing", I("a", S("hello")), expr.Update{Set: []expr.SetAction{set("c.c", Val(N("7")))}}, nil, MsgPathInvalid},
		{"parent missing, no item", nil, expr.Update{Set: []expr.SetAction{set("c.c", Val(N("7")))}}, nil, MsgPathInvalid},
		{"parent a string", I("a", S("hello")), expr.Update{Set: []expr.SetAction{set("a.c", Val(N("7")))}}, nil, MsgPathInvalid},
		{"name into list", I("b", L(S("hi"))), expr.Update{Set: []expr.SetAction{set("b.c", Val(N("7")))}}, nil, MsgPathInvalid},
		{"index into map", I("b", M("c", N("1"))), expr.Update{Set: []expr.SetAction{set("b[0]", Val(N("7")))}}, nil, MsgPathInvalid},
		{"index into string", I("a", S("hello")), expr.Update{Set: []expr.SetAction{set("a[0]", Val(N("7")))}}, nil, MsgPathInvalid},
		{"index into missing", I("a", S("hello")), expr.Update{Set: []expr.SetAction{set("b[0]", Val(N("7")))}}, nil, MsgPathInvalid},
		{"grandparent missing past list end", I("a", L(N("1"))), expr.Update{Set: []expr.SetAction{set("a[5].x", Val(N("7")))}}, nil, MsgPathInvalid},
		{"nested operand missing", I("a", M()), expr.Update{Set: []expr.SetAction{set("a.b", Path("z"))}}, nil, MsgAttributeNotFound},
	})
}

func TestUpdateRemove(t *testing.T) {
	runUpdates(t, []updCase{
		{"attribute", I("a", S("hello"), "b", S("hi")), expr.Update{Remove: rm("a")}, I("b", S("hi")), ""},
		{"missing attribute", I("a", S("hello")), expr.Update{Remove: rm("c")}, I("a", S("hello")), ""},
		{"no item", nil, expr.Update{Remove: rm("c")}, I(), ""},
		{"nested, no item", nil, expr.Update{Remove: rm("x.y", "z[0]")}, I(), ""},
		{"nested", I("a", M("b", N("3"), "c", L(S("hi"), M("x", M("y", L(N("3"), N("5"), N("7"))), "q", N("2"))))),
			expr.Update{Remove: rm("a.c[1].x.y[1]", "a.c[1].q")},
			I("a", M("b", N("3"), "c", L(S("hi"), M("x", M("y", L(N("3"), N("7"))))))), ""},
		{"missing key", I("a", M("x", N("3")), "b", L(S("hi"))), expr.Update{Remove: rm("a.y", "b[7]", "c")},
			I("a", M("x", N("3")), "b", L(S("hi"))), ""},
		{"past list end", I("a", L(N("4"), N("5"), N("6"))), expr.Update{Remove: rm("a[17]")}, I("a", L(N("4"), N("5"), N("6"))), ""},
		{"several from one list use old indexes", I("a", L(N("0"), N("1"), N("2"), N("3"), N("4"))), expr.Update{Remove: rm("a[1]", "a[3]")},
			I("a", L(N("0"), N("2"), N("4"))), ""},
		{"order of removals irrelevant", I("a", L(N("0"), N("1"), N("2"), N("3"), N("4"))), expr.Update{Remove: rm("a[3]", "a[0]", "a[4]")},
			I("a", L(N("1"), N("2"))), ""},
		{"remove and set in one list", I("a", L(N("2"), N("3"), N("4"), N("5"), N("6"), N("7"))),
			expr.Update{Remove: rm("a[1]"), Set: []expr.SetAction{set("a[3]", Val(N("17")))}},
			I("a", L(N("2"), N("4"), N("17"), N("6"), N("7"))), ""},
		{"only map member", I("a", M("b", N("1"))), expr.Update{Remove: rm("a.b")}, I("a", M()), ""},
		{"only list element", I("a", L(N("1"))), expr.Update{Remove: rm("a[0]")}, I("a", L()), ""},
		{"parent missing", I("a", S("hello"), "b", L(S("hi"))), expr.Update{Remove: rm("c.c")}, nil, MsgPathInvalid},
		{"parent a string", I("a", S("hello")), expr.Update{Remove: rm("a.c")}, nil, MsgPathInvalid},
		{"name in list", I("b", L(S("hi"))), expr.Update{Remove: rm("b.c")}, nil, MsgPathInvalid},
		{"index in string", I("a", S("hello")), expr.Update{Remove: rm("a[0]")}, nil, MsgPathInvalid},
		{"index in missing", I("a", S("hello")), expr.Update{Remove: rm("b[0]")}, nil, MsgPathInvalid},
		{"no item, set still checked", nil, expr.Update{Remove: rm("x.y"), Set: []expr.SetAction{set("c.d", Val(N("1")))}}, nil, MsgPathInvalid},
		{"no item, set applies", nil, expr.Update{Remove: rm("x.y"), Set: []expr.SetAction{set("c", Val(N("1")))}}, I("c", N("1")), ""},
	})
}

func TestUpdateAdd(t *testing.T) {
	runUpdates(t, []updCase{
		{"number", I("a", N("3"), "b", S("hi")), expr.Update{Add: []expr.AddAction{add("a", N("4"))}}, I("a", N("7"), "b", S("hi")), ""},
		{"negative number", I("a", N("3")), expr.Update{Add: []expr.AddAction{add("a", N("-3.5"))}}, I("a", N("-0.5")), ""},
		{"number to missing", I("a", S("hello")), expr.Update{Add: []expr.AddAction{add("b", N("7"))}}, I("a", S("hello"), "b", N("7")), ""},
		{"number, no item", nil, expr.Update{Add: []expr.AddAction{add("b", N("8"))}}, I("b", N("8")), ""},
		{"number to string", I("b", S("hi")), expr.Update{Add: []expr.AddAction{add("b", N("1"))}}, nil, MsgOperandType},
		{"number to set", I("b", NS("1")), expr.Update{Add: []expr.AddAction{add("b", N("1"))}}, nil, MsgOperandType},
		{"number overflow", I("a", N("9"+strings.Repeat("9", 37)+strings.Repeat("0", 88))), expr.Update{Add: []expr.AddAction{add("a", N("1"+strings.Repeat("0", 125)))}},
			nil, attr.ErrNumberOverflow.Error()},
		{"string set", I("a", SS("dog", "cat", "mouse")), expr.Update{Add: []expr.AddAction{add("a", SS("pig"))}}, I("a", SS("dog", "cat", "mouse", "pig")), ""},
		{"string set overlap", I("a", SS("beaver", "lynx", "coati")), expr.Update{Add: []expr.AddAction{add("a", SS("coati", "beaver", "badger"))}},
			I("a", SS("beaver", "lynx", "coati", "badger")), ""},
		{"number set", I("a", NS("1", "2")), expr.Update{Add: []expr.AddAction{add("a", NS("2", "3"))}}, I("a", NS("1", "2", "3")), ""},
		{"binary set", I("a", BS("x")), expr.Update{Add: []expr.AddAction{add("a", BS("x", "y"))}}, I("a", BS("x", "y")), ""},
		{"set to missing", I("a", S("hello")), expr.Update{Add: []expr.AddAction{add("b", SS("dog"))}}, I("a", S("hello"), "b", SS("dog")), ""},
		{"set, no item", nil, expr.Update{Add: []expr.AddAction{add("b", SS("cat"))}}, I("b", SS("cat")), ""},
		{"set of other type", I("a", SS("1")), expr.Update{Add: []expr.AddAction{add("a", NS("1"))}}, nil, MsgOperandType},
		{"set to list", I("a", L(N("1"), N("2"))), expr.Update{Add: []expr.AddAction{add("a", NS("3", "4"))}}, nil, MsgOperandType},
		{"set to number", I("a", N("1")), expr.Update{Add: []expr.AddAction{add("a", NS("3"))}}, nil, MsgOperandType},
		{"nested number", I("a", M("n", N("1"))), expr.Update{Add: []expr.AddAction{add("a.n", N("2"))}}, I("a", M("n", N("3"))), ""},
		{"nested missing key", I("a", M()), expr.Update{Add: []expr.AddAction{add("a.n", N("2"))}}, I("a", M("n", N("2"))), ""},
		{"nested in list", I("a", L(N("1"), NS("5"))), expr.Update{Add: []expr.AddAction{add("a[1]", NS("6"))}}, I("a", L(N("1"), NS("5", "6"))), ""},
		{"nested parent missing", I("x", N("1")), expr.Update{Add: []expr.AddAction{add("a.n", N("2"))}}, nil, MsgPathInvalid},
		{"literal string (static)", I("a", N("1")), expr.Update{Add: []expr.AddAction{add("a", S("hello"))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
		{"literal list (static)", I("a", L()), expr.Update{Add: []expr.AddAction{add("a", L(N("3")))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"},
		{"literal map (static)", nil, expr.Update{Add: []expr.AddAction{add("a", M())}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: MAP, typeSet: ALLOWED_FOR_ADD_OPERAND"},
	})
}

func TestUpdateDelete(t *testing.T) {
	runUpdates(t, []updCase{
		{"elements", I("a", SS("dog", "cat", "mouse"), "b", S("hi")), expr.Update{Delete: []expr.DeleteAction{del("a", SS("cat", "mouse"))}},
			I("a", SS("dog"), "b", S("hi")), ""},
		{"absent element", I("a", SS("dog")), expr.Update{Delete: []expr.DeleteAction{del("a", SS("pig"))}}, I("a", SS("dog")), ""},
		{"all elements", I("a", SS("dog"), "b", S("hi")), expr.Update{Delete: []expr.DeleteAction{del("a", SS("dog"))}}, I("b", S("hi")), ""},
		{"missing attribute", I("b", S("hi")), expr.Update{Delete: []expr.DeleteAction{del("a", SS("dog"))}}, I("b", S("hi")), ""},
		{"no item", nil, expr.Update{Delete: []expr.DeleteAction{del("a", SS("dog"))}}, I(), ""},
		{"number set", I("a", NS("1", "2.5", "3")), expr.Update{Delete: []expr.DeleteAction{del("a", NS("2.5"))}}, I("a", NS("1", "3")), ""},
		{"binary set", I("a", BS("x", "y")), expr.Update{Delete: []expr.DeleteAction{del("a", BS("y"))}}, I("a", BS("x")), ""},
		{"other set type", I("a", SS("1")), expr.Update{Delete: []expr.DeleteAction{del("a", NS("1"))}}, nil, MsgOperandType},
		{"from a string", I("a", S("x")), expr.Update{Delete: []expr.DeleteAction{del("a", SS("x"))}}, nil, MsgOperandType},
		{"nested", I("m", M("s", SS("a", "b"))), expr.Update{Delete: []expr.DeleteAction{del("m.s", SS("a"))}}, I("m", M("s", SS("b"))), ""},
		{"nested all", I("m", M("s", SS("a"), "k", N("1"))), expr.Update{Delete: []expr.DeleteAction{del("m.s", SS("a"))}}, I("m", M("k", N("1"))), ""},
		{"nested parent missing", I("x", N("1")), expr.Update{Delete: []expr.DeleteAction{del("m.s", SS("a"))}}, nil, MsgPathInvalid},
		{"literal string (static)", I("a", SS("x")), expr.Update{Delete: []expr.DeleteAction{del("a", S("hello"))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
		{"literal number (static)", I("a", SS("x")), expr.Update{Delete: []expr.DeleteAction{del("a", N("1"))}}, nil,
			"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
	})
}

func TestUpdatePathClashes(t *testing.T) {
	const overlap = "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; "
	const conflict = "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; "
	v := Val(N("1"))
	runUpdates(t, []updCase{
		{"same path", nil, expr.Update{Set: []expr.SetAction{set("a", v), set("a", v)}}, nil, overlap + "path one: [a], path two: [a]"},
		{"set and remove", nil, expr.Update{Set: []expr.SetAction{set("a", v)}, Remove: rm("a")}, nil, overlap + "path one: [a], path two: [a]"},
		{"parent then child", nil, expr.Update{Set: []expr.SetAction{set("a", v), set("a.b", v)}}, nil, overlap + "path one: [a], path two: [a, b]"},
		{"child then parent", nil, expr.Update{Set: []expr.SetAction{set("a.b", v), set("a", v)}}, nil, overlap + "path one: [a, b], path two: [a]"},
		{"deep", nil, expr.Update{Set: []expr.SetAction{set("a.b", v), set("a.b.c.d.e", v)}}, nil, overlap + "path one: [a, b], path two: [a, b, c, d, e]"},
		{"index", nil, expr.Update{Set: []expr.SetAction{set("a[1][1]", v), set("a[1]", v)}}, nil, overlap + "path one: [a, [1], [1]], path two: [a, [1]]"},
		{"existing path through the parent", nil, expr.Update{Set: []expr.SetAction{set("a.b", v), set("a.c.d", v), set("a.c", v)}}, nil,
			overlap + "path one: [a, c, d], path two: [a, c]"},
		{"add and delete", nil, expr.Update{Add: []expr.AddAction{add("s", SS("x"))}, Delete: []expr.DeleteAction{del("s", SS("y"))}}, nil,
			overlap + "path one: [s], path two: [s]"},
		{"name beside index", nil, expr.Update{Set: []expr.SetAction{set("a.b", v), set("a[1]", v)}}, nil, conflict + "path one: [a, b], path two: [a, [1]]"},
		{"index beside name", nil, expr.Update{Set: []expr.SetAction{set("a.b.c", v), set("a.b[2]", v)}}, nil, conflict + "path one: [a, b, c], path two: [a, b, [2]]"},
		{"no clash", I("a", M("x", N("1"), "c", M()), "b", M()), expr.Update{Set: []expr.SetAction{set("a.b", v), set("a.c.d", v), set("b.x", v)}, Remove: rm("a.x")},
			I("a", M("b", N("1"), "c", M("d", N("1"))), "b", M("x", N("1"))), ""},
	})
}

// nest returns a value of n nested maps around a number.
func nest(n int) attr.Value {
	v := N("1")
	for i := 0; i < n; i++ {
		v = M("x", v)
	}
	return v
}

func TestUpdateNesting(t *testing.T) {
	runUpdates(t, []updCase{
		{"31 levels", nil, expr.Update{Set: []expr.SetAction{set("a", Val(nest(31)))}}, I("a", nest(31)), ""},
		{"32 levels", nil, expr.Update{Set: []expr.SetAction{set("a", Val(nest(32)))}}, nil, MsgNestingTooDeep},
		{"30 levels under a map", I("a", M()), expr.Update{Set: []expr.SetAction{set("a.b", Val(nest(30)))}}, I("a", M("b", nest(30))), ""},
		{"31 levels under a map", I("a", M()), expr.Update{Set: []expr.SetAction{set("a.b", Val(nest(31)))}}, nil, MsgNestingTooDeep},
		{"grown by list_append", I("l", L(nest(30))), expr.Update{Set: []expr.SetAction{set("c", appendL(Path("l"), Val(L())))}}, I("l", L(nest(30)), "c", L(nest(30))), ""},
		{"list past limit", I("l", L(nest(31))), expr.Update{Set: []expr.SetAction{set("c", Path("l"))}}, nil, MsgNestingTooDeep},
		{"path error first", nil, expr.Update{Set: []expr.SetAction{set("a", Val(nest(40))), set("b.c", Val(N("1")))}}, nil, MsgPathInvalid},
	})
}

func TestUpdateNilAndPointers(t *testing.T) {
	item := I("a", N("1"))
	got, err := ApplyUpdate(nil, item)
	if err != nil || !sameItem(got, item) {
		t.Fatalf("ApplyUpdate(nil) = %s, %v", show(got), err)
	}
	got["b"] = N("2")
	if _, ok := item["b"]; ok {
		t.Fatal("ApplyUpdate(nil) returned the input map")
	}
	u := &expr.Update{
		Set: []expr.SetAction{{Path: P("c"), Value: &expr.Arith{Op: '+', L: &expr.PathOperand{Path: P("a")}, R: &expr.ValueOperand{Value: N("1")}}}},
		Add: []expr.AddAction{{Path: P("a"), Value: &expr.ValueOperand{Value: N("5")}}},
	}
	got, err = ApplyUpdate(u, item)
	if err != nil || !sameItem(got, I("a", N("6"), "c", N("2"))) {
		t.Fatalf("ApplyUpdate(pointer operands) = %s, %v", show(got), err)
	}
}

// TestUpdateSetOrder checks that ADD keeps the stored order of a set and
// appends new elements in the operand's order.
func TestUpdateSetOrder(t *testing.T) {
	got, err := ApplyUpdate(&expr.Update{Add: []expr.AddAction{add("a", SS("pig", "cat", "ant"))}}, I("a", SS("dog", "cat")))
	if err != nil {
		t.Fatal(err)
	}
	if s := show(got); s != `{a:SS(dog cat pig ant)}` {
		t.Fatalf("got %s", s)
	}
}

// TestUpdateCopyOnWrite checks that the result shares untouched values and
// that writing through the result cannot reach the input.
func TestUpdateCopyOnWrite(t *testing.T) {
	item := I("m", M("a", L(N("1"), N("2")), "b", M("c", N("3"))), "s", SS("x"), "l", L(M("k", N("1"))))
	before := deepCopy(item)
	u := &expr.Update{
		Set:    []expr.SetAction{set("m.a[0]", Val(N("9"))), set("l[0].k", Val(N("2")))},
		Add:    []expr.AddAction{add("s", SS("y"))},
		Remove: rm("m.b.c"),
	}
	got, err := ApplyUpdate(u, item)
	if err != nil {
		t.Fatal(err)
	}
	if show(item) != show(before) {
		t.Fatalf("input modified: %s", show(item))
	}
	want := I("m", M("a", L(N("9"), N("2")), "b", M()), "s", SS("x", "y"), "l", L(M("k", N("2"))))
	if !sameItem(got, want) {
		t.Fatalf("got %s, want %s", show(got), show(want))
	}
	// Mutating the result's containers must not reach the input.
	got["m"].M["a"].L[1] = N("0")
	got["m"].M["b"].M["new"] = N("0")
	got["l"].L[0].M["k"] = N("0")
	got["s"].Strs[0] = "z"
	if show(item) != show(before) {
		t.Fatalf("input reachable through result: %s", show(item))
	}
}

func TestUpdatedPaths(t *testing.T) {
	u := &expr.Update{
		Set:    []expr.SetAction{set("a.b", Val(N("1")))},
		Remove: rm("c[2]"),
		Add:    []expr.AddAction{add("d", N("1"))},
		Delete: []expr.DeleteAction{del("e", SS("x"))},
	}
	got := UpdatedPaths(u)
	var names []string
	for _, p := range got {
		names = append(names, formatPath(p))
	}
	if s := strings.Join(names, " "); s != "[a, b] [c, [2]] [d] [e]" {
		t.Fatalf("UpdatedPaths = %s", s)
	}
	if UpdatedPaths(nil) != nil {
		t.Fatal("UpdatedPaths(nil) != nil")
	}
	// UPDATED_OLD and UPDATED_NEW are projections of the old and new item.
	old := I("a", M("b", N("0"), "x", N("5")), "c", L(N("0"), N("1"), N("2")), "d", N("1"), "e", SS("x", "y"), "z", N("9"))
	cur, err := ApplyUpdate(u, old)
	if err != nil {
		t.Fatal(err)
	}
	if s := show(Project(got, old)); s != `{a:{b:0} c:[2] d:1 e:SS(x y)}` {
		t.Errorf("UPDATED_OLD = %s", s)
	}
	if s := show(Project(got, cur)); s != `{a:{b:1} d:2 e:SS(y)}` {
		t.Errorf("UPDATED_NEW = %s", s)
	}
}

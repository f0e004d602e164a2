package attr

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestEqual(t *testing.T) {
	m := func(kv ...any) Value {
		mm := map[string]Value{}
		for i := 0; i < len(kv); i += 2 {
			mm[kv[i].(string)] = kv[i+1].(Value)
		}
		return Map(mm)
	}
	for _, tc := range []struct {
		name string
		a, b Value
		want bool
	}{
		{"S equal", Str("a"), Str("a"), true},
		{"S differ", Str("a"), Str("b"), false},
		{"S vs N", Str("1"), Num("1"), false},
		{"N equal", Num("1.5"), Num("1.5"), true},
		{"N numerically", Num("1.5"), Num("1.50"), true},
		{"N exponent", Num("100"), Num("1E2"), true},
		{"N differ", Num("1"), Num("2"), false},
		{"B equal", Bin([]byte{1, 2}), Bin([]byte{1, 2}), true},
		{"B differ", Bin([]byte{1, 2}), Bin([]byte{1}), false},
		{"B empty vs nil", Bin([]byte{}), Bin(nil), true},
		{"BOOL", Bool(true), Bool(true), true},
		{"BOOL differ", Bool(true), Bool(false), false},
		{"NULL", Null(), Null(), true},
		{"NULL vs BOOL", Null(), Bool(true), false},
		{"zero values", Value{}, Value{}, false},
		{"zero vs S", Value{}, Str(""), false},
		{"L equal", List(Num("1"), Str("x")), List(Num("1.0"), Str("x")), true},
		{"L order matters", List(Num("1"), Str("x")), List(Str("x"), Num("1")), false},
		{"L length", List(Num("1")), List(Num("1"), Num("1")), false},
		{"L empty", List(), List(), true},
		{"M equal", m("a", Num("1"), "b", Str("x")), m("b", Str("x"), "a", Num("1")), true},
		{"M value differs", m("a", Num("1")), m("a", Num("2")), false},
		{"M key differs", m("a", Num("1")), m("b", Num("1")), false},
		{"M size differs", m("a", Num("1")), m("a", Num("1"), "b", Num("1")), false},
		{"M empty", m(), m(), true},
		{"M nested set", m("s", StrSet("a", "b")), m("s", StrSet("b", "a")), true},
		{"SS any order", StrSet("a", "b", "c"), StrSet("c", "a", "b"), true},
		{"SS differ", StrSet("a", "b"), StrSet("a", "c"), false},
		{"SS size", StrSet("a"), StrSet("a", "b"), false},
		{"NS any order", NumSet("1", "2"), NumSet("2", "1"), true},
		{"NS numerically", NumSet("1", "2.50"), NumSet("2.5", "1"), true},
		{"NS differ", NumSet("1", "2"), NumSet("1", "3"), false},
		{"BS any order", BinSet([]byte("a"), []byte("b")), BinSet([]byte("b"), []byte("a")), true},
		{"BS differ", BinSet([]byte("a")), BinSet([]byte("b")), false},
		{"SS vs NS", StrSet("1"), NumSet("1"), false},
		{"L with sets", List(NumSet("1", "2")), List(NumSet("2", "1")), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Equal(tc.a, tc.b); got != tc.want {
				t.Errorf("Equal(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := Equal(tc.b, tc.a); got != tc.want {
				t.Errorf("Equal(%v, %v) (swapped) = %v, want %v", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

func TestEqualLargeSets(t *testing.T) {
	var a, b []string
	var ba, bb [][]byte
	for i := 0; i < 50; i++ {
		a = append(a, strconv.Itoa(i))
		b = append(b, strconv.Itoa(49-i))
		ba = append(ba, []byte{byte(i)})
		bb = append(bb, []byte{byte(49 - i)})
	}
	for _, tc := range []struct {
		a, b Value
		want bool
	}{
		{StrSet(a...), StrSet(b...), true},
		{NumSet(a...), NumSet(b...), true},
		{BinSet(ba...), BinSet(bb...), true},
		{StrSet(a...), StrSet(append(b[1:], "x")...), false},
		{NumSet(a...), NumSet(append(b[1:], "99")...), false},
		{BinSet(ba...), BinSet(append(bb[1:], []byte("x"))...), false},
	} {
		if got := Equal(tc.a, tc.b); got != tc.want {
			t.Errorf("Equal(%v, ...) = %v, want %v", tc.a.Kind, got, tc.want)
		}
	}
	// A non-normalised number in a large set is still matched numerically.
	c := append([]string{}, b...)
	c[0] = "49.0"
	if !Equal(NumSet(a...), NumSet(c...)) {
		t.Error("large NS with 49.0 vs 49: want equal")
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b Value
		cmp  int
		ok   bool
	}{
		{Str("a"), Str("b"), -1, true},
		{Str("b"), Str("a"), 1, true},
		{Str("a"), Str("a"), 0, true},
		{Str("Z"), Str("a"), -1, true},               // bytewise: 'Z' < 'a'
		{Str("é"), Str("z"), 1, true},                // UTF-8 bytes: 0xC3 > 'z'
		{Str("\uffff"), Str("\U0001F600"), -1, true}, // UTF-8, not UTF-16, order
		{Str(""), Str("a"), -1, true},
		{Num("2"), Num("10"), -1, true},
		{Num("-2"), Num("-10"), 1, true},
		{Num("1.5"), Num("1.50"), 0, true},
		{Num("0.1"), Num("0.09"), 1, true},
		{Num("-0.5"), Num("0"), -1, true},
		{Num("1E2"), Num("99"), 1, true},
		{Bin([]byte{127}), Bin([]byte{128}), -1, true}, // unsigned bytes
		{Bin([]byte{1}), Bin([]byte{1, 0}), -1, true},
		{Bin(nil), Bin(nil), 0, true},
		{Num("1"), Str("1"), 0, false},
		{Str("a"), Bin([]byte("a")), 0, false},
		{Bool(false), Bool(true), 0, false},
		{Null(), Null(), 0, false},
		{List(), List(), 0, false},
		{StrSet("a"), StrSet("b"), 0, false},
		{Value{}, Value{}, 0, false},
		{Value{}, Num("1"), 0, false},
	} {
		cmp, ok := Compare(tc.a, tc.b)
		if cmp != tc.cmp || ok != tc.ok {
			t.Errorf("Compare(%v, %v) = %d, %v; want %d, %v", tc.a, tc.b, cmp, ok, tc.cmp, tc.ok)
		}
	}
}

// TestNumberTextMatchesCompareNumbers checks the parse-free comparison of
// normalised numbers against the apd-based CompareNumbers.
func TestNumberTextMatchesCompareNumbers(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	nums := []string{"0", "1", "-1", "0.5", "-0.5", "10", "9.99", "100", "0.001", "-0.001", "123.456", "-123.456"}
	for i := 0; i < 300; i++ {
		nums = append(nums, randomNumber(rng))
	}
	for _, a := range nums {
		for _, b := range nums {
			if got, want := cmpNumText(a, b), CompareNumbers(a, b); got != want {
				t.Fatalf("cmpNumText(%q, %q) = %d, CompareNumbers = %d", a, b, got, want)
			}
		}
	}
}

func randomNumber(rng *rand.Rand) string {
	var sb strings.Builder
	if rng.Intn(2) == 0 {
		sb.WriteByte('-')
	}
	for i := rng.Intn(6) + 1; i > 0; i-- {
		sb.WriteByte(byte('0' + rng.Intn(10)))
	}
	if rng.Intn(2) == 0 {
		sb.WriteByte('.')
		for i := rng.Intn(6) + 1; i > 0; i-- {
			sb.WriteByte(byte('0' + rng.Intn(10)))
		}
	}
	if rng.Intn(4) == 0 {
		sb.WriteString("e" + strconv.Itoa(rng.Intn(20)-10))
	}
	n, err := NormalizeNumber(sb.String())
	if err != nil {
		panic(err)
	}
	return n
}

func TestSplitNumRejectsNonNormalised(t *testing.T) {
	for _, s := range []string{"", "-", "-0", "01", "1.", "1.50", ".5", "1e2", "+1", "1.2.3", "abc", "--1"} {
		if _, ok := cmpSplitNum(s); ok {
			t.Errorf("cmpSplitNum(%q) accepted a non-normalised number", s)
		}
	}
	for _, s := range []string{"0", "1", "-1", "0.5", "-0.05", "10", "100.25"} {
		if _, ok := cmpSplitNum(s); !ok {
			t.Errorf("cmpSplitNum(%q) rejected a normalised number", s)
		}
	}
}

func BenchmarkCompareNumbers(b *testing.B) {
	x, y := Num("12345.678"), Num("12345.6781")
	for i := 0; i < b.N; i++ {
		Compare(x, y)
	}
}

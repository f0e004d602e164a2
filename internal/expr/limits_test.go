package expr

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// parseAny parses s as kind ("ConditionExpression", "FilterExpression",
// "KeyConditionExpression", "UpdateExpression" or "ProjectionExpression").
func parseAny(p *Params, kind, s string) error {
	var err error
	switch kind {
	case "UpdateExpression":
		_, err = p.ParseUpdate(s)
	case "ProjectionExpression":
		_, err = p.ParseProjection(s)
	default:
		_, err = p.ParseCondition(kind, s)
	}
	return err
}

func wantMessage(t *testing.T, err error, want string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation {
		t.Fatalf("got %v, want ValidationException %q", err, want)
	}
	if e.Message != want {
		t.Fatalf("got message\n\t%s\nwant\n\t%s", e.Message, want)
	}
}

func testParams() *Params {
	return NewParams(map[string]string{"#n": "n"}, map[string]attr.Value{":v": attr.Num("1"), ":l": attr.List()})
}

func TestExpressionSize(t *testing.T) {
	for _, tc := range []struct{ kind, prefix, suffix, tail string }{
		{"ConditionExpression", "a", " = :v", " expression size: 4097"},
		{"FilterExpression", "a", " = :v", " expression size: 4097"},
		{"KeyConditionExpression", "a", " = :v", ""},
		{"UpdateExpression", "SET a", " = :v", ""},
		{"ProjectionExpression", "a", "", ""},
	} {
		name := tc.prefix + strings.Repeat("z", maxExprBytes-len(tc.prefix)-len(tc.suffix))
		if err := parseAny(testParams(), tc.kind, name+tc.suffix); err != nil {
			t.Fatalf("%s of 4096 bytes: %v", tc.kind, err)
		}
		err := parseAny(testParams(), tc.kind, name+"z"+tc.suffix)
		wantMessage(t, err, "Invalid "+tc.kind+": Expression size has exceeded the maximum allowed size;"+tc.tail)
	}
}

func TestBlankExpression(t *testing.T) {
	err := parseAny(testParams(), "ConditionExpression", " \t\n")
	wantMessage(t, err, `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ""`)
	err = parseAny(testParams(), "UpdateExpression", "  ")
	wantMessage(t, err, `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ""`)
}

func TestOperatorCount(t *testing.T) {
	cond := func(n int) string { // n comparisons joined by n-1 ORs: 2n-1 operators
		return strings.Repeat("a < :v OR ", n-1) + "a < :v"
	}
	if err := parseAny(testParams(), "ConditionExpression", cond(150)); err != nil {
		t.Fatalf("299 operators: %v", err)
	}
	err := parseAny(testParams(), "ConditionExpression", cond(151))
	wantMessage(t, err, "Invalid ConditionExpression: The expression contains too many operators; operator count: 301")

	upd := func(n int) string { // n distinct actions a<i>=b+:v
		acts := make([]string, n)
		for i := range acts {
			acts[i] = "a" + strconv.Itoa(i) + "=b+:v"
		}
		return "SET " + strings.Join(acts, ",")
	}
	if err := parseAny(testParams(), "UpdateExpression", upd(300)); err != nil {
		t.Fatalf("300 operators: %v", err)
	}
	wantMessage(t, parseAny(testParams(), "UpdateExpression", upd(301)),
		"Invalid UpdateExpression: The expression contains too many operators; operator count: 301")
}

func TestInOperands(t *testing.T) {
	in := func(n int) string { return "a IN (" + strings.Repeat(":v, ", n-1) + ":v)" }
	if err := parseAny(testParams(), "ConditionExpression", in(100)); err != nil {
		t.Fatalf("100 operands: %v", err)
	}
	wantMessage(t, parseAny(testParams(), "FilterExpression", in(101)),
		"Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101")
}

func TestPathDepth(t *testing.T) {
	path := func(n int) string { return "a" + strings.Repeat(".#n", (n-1)/2) + strings.Repeat("[0]", n-1-(n-1)/2) }
	for _, tc := range []struct{ kind, before, after string }{
		{"ConditionExpression", "", " = :v"},
		{"UpdateExpression", "SET ", " = :v"},
		{"UpdateExpression", "REMOVE ", ""},
		{"ProjectionExpression", "", ""},
	} {
		if err := parseAny(testParams(), tc.kind, tc.before+path(32)+tc.after); err != nil {
			t.Fatalf("%s, 32 levels: %v", tc.kind, err)
		}
		wantMessage(t, parseAny(testParams(), tc.kind, tc.before+path(33)+tc.after),
			"Invalid "+tc.kind+": The document path has too many nesting levels; nesting levels: 33")
	}
}

// TestDeepNesting checks that the parser stays fast on the deepest inputs
// 4 KB allows: every parenthesis is parsed once.
func TestDeepNesting(t *testing.T) {
	start := time.Now()
	for _, s := range []string{
		strings.Repeat("(", 2000) + "a = :v" + strings.Repeat(")", 2000),
		strings.Repeat("(", 2000) + "a" + strings.Repeat(")", 2000) + " = :v",
		strings.Repeat("(a = :v AND ", 400) + "a = :v" + strings.Repeat(")", 400),
		strings.Repeat("NOT ", 1000) + "a = :v",
		strings.Repeat("(", 4000),
		"a = " + strings.Repeat("(", 2000) + ":v" + strings.Repeat(")", 2000),
	} {
		_ = parseAny(testParams(), "ConditionExpression", s)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("deep nesting took %v", d)
	}
	wantMessage(t, parseAny(testParams(), "ConditionExpression", strings.Repeat("(", 3)+"a = :v"+strings.Repeat(")", 3)),
		"Invalid ConditionExpression: The expression has redundant parentheses;")
}

func TestFormatPath(t *testing.T) {
	p := Path{{Name: "a"}, {Name: "b.c"}, {Index: 2, IsIndex: true}, {Name: "[3]"}}
	if got, want := FormatPath(p), "[a, b.c, [2], [3]]"; got != want {
		t.Fatalf("FormatPath = %q, want %q", got, want)
	}
}

func TestReservedWords(t *testing.T) {
	if n := len(strings.Fields(reservedList)); n != 573 {
		t.Fatalf("reserved list has %d words, want 573", n)
	}
	for _, w := range []string{"comment", "Comment", "TTL", "value", "ZONE"} {
		if !isReserved(w) {
			t.Errorf("%s not reserved", w)
		}
	}
	for _, w := range []string{"size", "convert", "remove", "and", "a", "commentary", "localtimestamps"} {
		if isReserved(w) {
			t.Errorf("%s reserved", w)
		}
	}
	longest := 0
	for _, w := range strings.Fields(reservedList) {
		longest = max(longest, len(w))
		if !isReserved(strings.ToLower(w)) && !notEnforced[w] {
			t.Errorf("%s not reserved", w)
		}
	}
	if longest != longestReserved {
		t.Errorf("longestReserved = %d, the longest word has %d", longestReserved, longest)
	}
	if n := testing.AllocsPerRun(100, func() { isReserved("Comment") }); n != 0 {
		t.Errorf("isReserved allocates %v times", n)
	}
}

func TestKeywords(t *testing.T) {
	longest := 0
	for _, kw := range keywords {
		longest = max(longest, len(kw))
		for _, w := range []string{kw, strings.ToLower(kw), strings.ToLower(kw[:1]) + kw[1:]} {
			if got, ok := keyword(w); !ok || got != kw {
				t.Errorf("keyword(%q) = %q, %v", w, got, ok)
			}
		}
		if _, ok := keyword(kw + "S"); ok {
			t.Errorf("keyword(%q) is a keyword", kw+"S")
		}
	}
	if longest != longestKeyword {
		t.Errorf("longestKeyword = %d, the longest keyword has %d", longestKeyword, longest)
	}
	if n := testing.AllocsPerRun(100, func() { keyword("between") }); n != 0 {
		t.Errorf("keyword allocates %v times", n)
	}
}

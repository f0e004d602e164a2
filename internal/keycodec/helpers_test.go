package keycodec

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
)

// parseValue parses a test value: `S "go-quoted"`, `N 1.5`, `B 00ff` (hex;
// `B ""` is empty).
func parseValue(t testing.TB, s string) attr.Value {
	t.Helper()
	kind, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	switch kind {
	case "S":
		u, err := strconv.Unquote(rest)
		if err != nil {
			t.Fatalf("bad S %s: %v", rest, err)
		}
		return attr.Str(u)
	case "N":
		return attr.Num(rest)
	case "B":
		if rest == `""` {
			return attr.Bin([]byte{})
		}
		b, err := hex.DecodeString(rest)
		if err != nil {
			t.Fatalf("bad B %s: %v", rest, err)
		}
		return attr.Bin(b)
	case "BOOL":
		return attr.Bool(rest == "true")
	case "NULL":
		return attr.Null()
	}
	t.Fatalf("bad value %q", s)
	return attr.Value{}
}

// formatValue is the inverse of parseValue.
func formatValue(v attr.Value) string {
	switch v.Kind {
	case attr.KindS:
		return "S " + strconv.Quote(v.S)
	case attr.KindN:
		return "N " + v.S
	case attr.KindB:
		if len(v.B) == 0 {
			return `B ""`
		}
		return "B " + hex.EncodeToString(v.B)
	}
	return fmt.Sprintf("<%v>", v.Kind)
}

// spaced renders b as hex bytes separated by spaces.
func spaced(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	return sb.String()
}

// relTo renders key relative to prefix p: "P" for p itself, "P+<hex>" for
// keys extending it, "end(P)" for PrefixEnd(p), else the full hex.
func relTo(p, key []byte) string {
	switch {
	case key == nil:
		return "nil"
	case bytes.Equal(key, p):
		return "P"
	case bytes.Equal(key, PrefixEnd(p)):
		return "end(P)"
	case bytes.HasPrefix(key, p):
		return "P+ " + spaced(key[len(p):])
	}
	return spaced(key)
}

func mustEncode(t testing.TB, v attr.Value) []byte {
	t.Helper()
	b, err := AppendValue(nil, v)
	if err != nil {
		t.Fatalf("AppendValue(%s): %v", formatValue(v), err)
	}
	return b
}

// valueEqual compares key attribute values (S, N numerically, B).
func valueEqual(a, b attr.Value) bool {
	return a.Kind == b.Kind && compareValues(a, b) == 0
}

// compareValues orders two values of one key type as DynamoDB does.
func compareValues(a, b attr.Value) int {
	switch a.Kind {
	case attr.KindN:
		return attr.CompareNumbers(a.S, b.S)
	case attr.KindB:
		return bytes.Compare(a.B, b.B)
	}
	return strings.Compare(a.S, b.S)
}

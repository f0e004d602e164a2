package eval

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// P parses a test path such as "a.b[2].c" (names may not contain . or [).
func P(s string) expr.Path {
	var p expr.Path
	for _, part := range strings.Split(s, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			p = append(p, expr.PathElem{Name: name})
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			n, err := strconv.Atoi(idx)
			if err != nil {
				panic("bad test path " + s)
			}
			p = append(p, expr.PathElem{Index: n, IsIndex: true})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return p
}

// Short constructors for test values and operands.
func S(s string) attr.Value              { return attr.Str(s) }
func N(n string) attr.Value              { return attr.Num(n) }
func B(b string) attr.Value              { return attr.Bin([]byte(b)) }
func L(vs ...attr.Value) attr.Value      { return attr.List(vs...) }
func SS(ss ...string) attr.Value         { return attr.StrSet(ss...) }
func NS(ns ...string) attr.Value         { return attr.NumSet(ns...) }
func Path(s string) expr.PathOperand     { return expr.PathOperand{Path: P(s)} }
func Val(v attr.Value) expr.ValueOperand { return expr.ValueOperand{Value: v, Ref: ":v"} }
func Size(s string) expr.SizeOperand     { return expr.SizeOperand{Path: P(s)} }

func BS(bs ...string) attr.Value {
	var out [][]byte
	for _, b := range bs {
		out = append(out, []byte(b))
	}
	return attr.BinSet(out...)
}

// M builds a map value from alternating keys and values.
func M(kv ...any) attr.Value { return attr.Map(kvMap(kv)) }

// I builds an item from alternating names and values.
func I(kv ...any) attr.Item { return kvMap(kv) }

func kvMap(kv []any) map[string]attr.Value {
	m := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(attr.Value)
	}
	return m
}

// deepCopy copies an item down to its leaves, to check later that nothing
// was modified.
func deepCopy(item attr.Item) attr.Item {
	if item == nil {
		return nil
	}
	out := attr.Item{}
	for k, v := range item {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v attr.Value) attr.Value {
	c := v
	if v.B != nil {
		c.B = append([]byte{}, v.B...)
	}
	if v.L != nil {
		c.L = make([]attr.Value, len(v.L))
		for i, e := range v.L {
			c.L[i] = deepCopyValue(e)
		}
	}
	if v.M != nil {
		c.M = deepCopy(v.M)
	}
	if v.Strs != nil {
		c.Strs = append([]string{}, v.Strs...)
	}
	if v.Bins != nil {
		c.Bins = make([][]byte, len(v.Bins))
		for i, b := range v.Bins {
			c.Bins[i] = append([]byte{}, b...)
		}
	}
	return c
}

// show renders an item or value compactly and deterministically.
func show(v any) string {
	switch v := v.(type) {
	case attr.Item:
		if v == nil {
			return "<nil>"
		}
		return showMap(v)
	case attr.Value:
		return showValue(v)
	}
	return fmt.Sprint(v)
}

func showMap(m map[string]attr.Value) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + showValue(m[k])
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func showValue(v attr.Value) string {
	switch v.Kind {
	case attr.KindS:
		return strconv.Quote(v.S)
	case attr.KindN:
		return v.S
	case attr.KindB:
		return "b" + strconv.Quote(string(v.B))
	case attr.KindBOOL:
		return strconv.FormatBool(v.Bool)
	case attr.KindNULL:
		return "null"
	case attr.KindL:
		parts := make([]string, len(v.L))
		for i, e := range v.L {
			parts[i] = showValue(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case attr.KindM:
		return showMap(v.M)
	case attr.KindSS, attr.KindNS:
		return v.Kind.String() + "(" + strings.Join(v.Strs, " ") + ")"
	case attr.KindBS:
		parts := make([]string, len(v.Bins))
		for i, b := range v.Bins {
			parts[i] = string(b)
		}
		return "BS(" + strings.Join(parts, " ") + ")"
	}
	return "<none>"
}

// sameItem compares items with attr.Equal (sets as sets).
func sameItem(a, b attr.Item) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	return attr.Equal(attr.Map(a), attr.Map(b)) || (len(a) == 0 && len(b) == 0)
}

// wantValidation checks that err is a ValidationException with message msg.
func wantValidation(t *testing.T, err error, msg string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want ValidationException %q", err, msg)
	}
	if e.Code != apierr.Validation || e.Message != msg {
		t.Fatalf("error = %v (code %d), want ValidationException %q", e.Message, e.Code, msg)
	}
}

package keycodec

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/cockroachdb/datadriven"
)

// TestDataDriven runs testdata/*. The outputs pin the on-disk key format:
// a changed byte there is a format change (see DESIGN.md). Regenerate with
// go test ./internal/keycodec -run TestDataDriven -rewrite.
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "encode":
				return ddEncode(t, d)
			case "sort":
				return ddSort(t, d)
			case "item-key":
				return ddItemKey(t, d)
			case "decode":
				return ddDecode(t, d)
			case "range":
				return ddRange(t, d)
			case "segments":
				return ddSegments(t, d)
			case "catalog":
				return ddCatalog(t, d)
			}
			d.Fatalf(t, "unknown command %s", d.Cmd)
			return ""
		})
	})
}

// encode: one value per line → its encoding, and what it decodes to.
func ddEncode(t *testing.T, d *datadriven.TestData) string {
	var out strings.Builder
	for _, line := range lines(d.Input) {
		v := parseValue(t, line)
		enc, err := AppendValue(nil, v)
		if err != nil {
			fmt.Fprintf(&out, "%s: error: %v\n", line, err)
			continue
		}
		back, rest, err := DecodeValue(enc)
		if err != nil || len(rest) != 0 {
			t.Fatalf("%s: decode: %v, rest %x", line, err, rest)
		}
		fmt.Fprintf(&out, "%s: %s", line, spaced(enc))
		if f := formatValue(back); f != line {
			fmt.Fprintf(&out, " (decodes as %s)", f)
		}
		out.WriteByte('\n')
	}
	return out.String()
}

// sort: values → sorted by their encodings.
func ddSort(t *testing.T, d *datadriven.TestData) string {
	type pair struct {
		line string
		enc  []byte
	}
	var ps []pair
	for _, line := range lines(d.Input) {
		ps = append(ps, pair{line, mustEncode(t, parseValue(t, line))})
	}
	slices.SortStableFunc(ps, func(a, b pair) int { return bytes.Compare(a.enc, b.enc) })
	var out strings.Builder
	for _, p := range ps {
		fmt.Fprintln(&out, p.line)
	}
	return out.String()
}

// item-key table=<id>: "pk: <value>" [ "sk: <value>" ] → key components.
func ddItemKey(t *testing.T, d *datadriven.TestData) string {
	var table uint64
	d.ScanArgs(t, "table", &table)
	pk, sk := keyInput(t, d.Input)
	key, err := ItemKey(table, pk, sk)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return describeItemKey(t, key)
}

func describeItemKey(t *testing.T, key []byte) string {
	table, pk, sk, err := DecodeItemKey(key)
	if err != nil {
		t.Fatalf("DecodeItemKey(%x): %v", key, err)
	}
	pkLen := len(mustEncode(t, pk))
	var out strings.Builder
	fmt.Fprintf(&out, "space %02x\ntable %x\nhash  %x\npk    %s\n", key[0], key[1:9], key[9:17],
		spaced(key[itemHeader:itemHeader+pkLen]))
	if sk != nil {
		fmt.Fprintf(&out, "sk    %s\n", spaced(key[itemHeader+pkLen:]))
	}
	fmt.Fprintf(&out, "decoded table=%d pk=%s", table, formatValue(pk))
	if sk != nil {
		fmt.Fprintf(&out, " sk=%s", formatValue(*sk))
	}
	return out.String() + "\n"
}

// decode: hex item keys → components or the error.
func ddDecode(t *testing.T, d *datadriven.TestData) string {
	var out strings.Builder
	for _, line := range lines(d.Input) {
		key, err := hex.DecodeString(strings.ReplaceAll(line, " ", ""))
		if err != nil {
			t.Fatalf("bad hex %q", line)
		}
		table, pk, sk, err := DecodeItemKey(key)
		switch {
		case err != nil:
			fmt.Fprintf(&out, "error: %v\n", err)
		case sk == nil:
			fmt.Fprintf(&out, "table=%d pk=%s\n", table, formatValue(pk))
		default:
			fmt.Fprintf(&out, "table=%d pk=%s sk=%s\n", table, formatValue(pk), formatValue(*sk))
		}
	}
	return out.String()
}

// range table=<id> op=<op>: "pk:", "a:", "b:" lines → bounds relative to
// the partition prefix P.
func ddRange(t *testing.T, d *datadriven.TestData) string {
	var table uint64
	var opName string
	d.ScanArgs(t, "table", &table)
	d.ScanArgs(t, "op", &opName)
	ops := map[string]Op{"eq": OpEQ, "lt": OpLT, "le": OpLE, "gt": OpGT, "ge": OpGE,
		"between": OpBetween, "begins_with": OpBeginsWith}
	vals := fields(t, d.Input)
	lower, upper, err := SortKeyRange(table, vals["pk"], ops[opName], vals["a"], vals["b"])
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	p, _ := PartitionPrefix(table, vals["pk"])
	return fmt.Sprintf("lower %s\nupper %s\n", relTo(p, lower), relTo(p, upper))
}

// segments table=<id> total=<n> → each segment's bounds.
func ddSegments(t *testing.T, d *datadriven.TestData) string {
	var table uint64
	var total int
	d.ScanArgs(t, "table", &table)
	d.ScanArgs(t, "total", &total)
	var out strings.Builder
	for s := 0; s < max(total, 1); s++ {
		lower, upper, err := SegmentSpan(table, s, total)
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		fmt.Fprintf(&out, "%d: %x .. %x\n", s, lower, upper)
	}
	return out.String()
}

// catalog: "account region name" lines → catalog keys; also shows the
// system keys.
func ddCatalog(t *testing.T, d *datadriven.TestData) string {
	var out strings.Builder
	for _, line := range lines(d.Input) {
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("catalog line %q: want account region name", line)
		}
		key := CatalogKey(f[0], f[1], f[2])
		a, r, n, err := DecodeCatalogKey(key)
		if err != nil || a != f[0] || r != f[1] || n != f[2] {
			t.Fatalf("DecodeCatalogKey(%x) = %q %q %q, %v", key, a, r, n, err)
		}
		fmt.Fprintf(&out, "%s: %s\n", line, spaced(key))
	}
	lower, upper := CatalogSpan()
	fmt.Fprintf(&out, "span: %x .. %x\nformat key: %s\n", lower, upper, spaced(FormatKey()))
	return out.String()
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// fields parses "name: <value>" lines.
func fields(t *testing.T, s string) map[string]attr.Value {
	m := map[string]attr.Value{}
	for _, l := range lines(s) {
		name, v, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		m[name] = parseValue(t, v)
	}
	return m
}

func keyInput(t *testing.T, s string) (attr.Value, *attr.Value) {
	m := fields(t, s)
	if sk, ok := m["sk"]; ok {
		return m["pk"], &sk
	}
	return m["pk"], nil
}

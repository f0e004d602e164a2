package expr

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/cockroachdb/datadriven"
)

// TestDataDriven runs the files in testdata/. Commands:
//
//	params                     set the names and values for later cases:
//	names: {"#a": "x"}         (JSON)
//	values: {":v": {"S": "x"}} (DynamoDB JSON)
//
//	condition [param=P]        parse the input as a condition expression
//	update                     parse the input as an update expression
//	projection                 parse the input as a projection expression
//	request                    parse each line "kind: expression" with one
//	                           Params, then CheckUnused
//
// Each prints the tree, or "error: <message>" for a ValidationException.
// Rewrite the expected output with: go test ./internal/expr -rewrite
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var names map[string]string
		var values map[string]attr.Value
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			input := strings.TrimSuffix(d.Input, "\n")
			switch d.Cmd {
			case "params":
				names, values = parseParams(t, input)
				return ""
			case "condition":
				param := "ConditionExpression"
				d.MaybeScanArgs(t, "param", &param)
				c, err := NewParams(names, values).ParseCondition(param, input)
				return result(t, err, func() string { return formatCond(c) })
			case "update":
				u, err := NewParams(names, values).ParseUpdate(input)
				return result(t, err, func() string { return formatUpdate(u) })
			case "projection":
				p, err := NewParams(names, values).ParseProjection(input)
				return result(t, err, func() string { return formatProjection(p) })
			case "request":
				return result(t, runRequest(NewParams(names, values), input), func() string { return "ok" })
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

// runRequest parses each "kind: expression" line with p, then checks for
// unused placeholders.
func runRequest(p *Params, input string) error {
	for _, line := range strings.Split(input, "\n") {
		kind, s, _ := strings.Cut(line, ": ")
		var err error
		switch kind {
		case "condition":
			_, err = p.ParseCondition("ConditionExpression", s)
		case "update":
			_, err = p.ParseUpdate(s)
		case "projection":
			_, err = p.ParseProjection(s)
		default:
			err = fmt.Errorf("unknown kind %q", kind)
		}
		if err != nil {
			return err
		}
	}
	return p.CheckUnused()
}

// result renders a parse result: the tree, or the ValidationException.
func result(t *testing.T, err error, tree func() string) string {
	if err == nil {
		return tree()
	}
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation {
		t.Fatalf("not a ValidationException: %v", err)
	}
	return "error: " + e.Message
}

func parseParams(t *testing.T, input string) (map[string]string, map[string]attr.Value) {
	var names map[string]string
	var values map[string]attr.Value
	for _, line := range strings.Split(input, "\n") {
		key, rest, _ := strings.Cut(line, ":")
		switch key {
		case "names":
			if err := json.Unmarshal([]byte(rest), &names); err != nil {
				t.Fatal(err)
			}
		case "values":
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(rest), &raw); err != nil {
				t.Fatal(err)
			}
			values = map[string]attr.Value{}
			for k, r := range raw {
				values[k] = decodeValue(t, r)
			}
		default:
			t.Fatalf("bad params line %q", line)
		}
	}
	return names, values
}

// decodeValue decodes DynamoDB JSON; numbers are taken as written.
func decodeValue(t *testing.T, r json.RawMessage) attr.Value {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r, &m); err != nil || len(m) != 1 {
		t.Fatalf("bad value %s", r)
	}
	for k, raw := range m {
		var s string
		var ss []string
		switch k {
		case "S", "N", "B":
			mustUnmarshal(t, raw, &s)
		case "SS", "NS", "BS":
			mustUnmarshal(t, raw, &ss)
		}
		switch k {
		case "S":
			return attr.Str(s)
		case "N":
			return attr.Num(s)
		case "B":
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				t.Fatal(err)
			}
			return attr.Bin(b)
		case "BOOL":
			var b bool
			mustUnmarshal(t, raw, &b)
			return attr.Bool(b)
		case "NULL":
			return attr.Null()
		case "SS":
			return attr.StrSet(ss...)
		case "NS":
			return attr.NumSet(ss...)
		case "BS":
			bs := make([][]byte, len(ss))
			for i := range ss {
				bs[i] = []byte(ss[i])
			}
			return attr.BinSet(bs...)
		case "L":
			var l []json.RawMessage
			mustUnmarshal(t, raw, &l)
			vs := make([]attr.Value, len(l))
			for i := range l {
				vs[i] = decodeValue(t, l[i])
			}
			return attr.List(vs...)
		case "M":
			var mm map[string]json.RawMessage
			mustUnmarshal(t, raw, &mm)
			out := map[string]attr.Value{}
			for k, v := range mm {
				out[k] = decodeValue(t, v)
			}
			return attr.Map(out)
		}
	}
	t.Fatalf("bad value %s", r)
	return attr.Value{}
}

func mustUnmarshal(t *testing.T, raw json.RawMessage, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

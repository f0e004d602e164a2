package eval

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
	"github.com/cockroachdb/datadriven"
)

// TestDataDriven runs the files in testdata through the real parser
// (package expr) and this package. Commands:
//
//	params      lines "names: {json}" and "values: {json}" (DynamoDB JSON);
//	            used by every following command of the file
//	item        the current item, a DynamoDB JSON object; empty input means
//	            there is no item
//	condition   evaluate the condition expression against the item
//	update      apply the update expression to the item and print the new
//	            item; with "returns", also print UPDATED_OLD and UPDATED_NEW;
//	            with "keep", make the result the current item
//	project     project the item on the projection expression
//
// Items print as {name:value ...} with keys sorted, strings quoted, numbers
// bare, sets as SS(...) and binaries as b"..."; failures print
// "error: <message>". Rewrite expected output with
// go test ./internal/eval -rewrite.
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var names map[string]string
		var values map[string]attr.Value
		var item attr.Item
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			input := strings.TrimSuffix(d.Input, "\n")
			switch d.Cmd {
			case "params":
				names, values = ddParams(t, input)
				return ""
			case "item":
				item = nil
				if input != "" {
					item = ddItem(t, json.RawMessage(input))
				}
				return show(item)
			case "condition":
				c, err := expr.NewParams(names, values).ParseCondition("ConditionExpression", input)
				if err != nil {
					return ddError(t, err)
				}
				if Condition(c, item) {
					return "true"
				}
				return "false"
			case "update":
				return ddUpdate(t, d, input, names, values, &item)
			case "project":
				p, err := expr.NewParams(names, values).ParseProjection(input)
				if err != nil {
					return ddError(t, err)
				}
				return show(Project(p, item))
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

func ddUpdate(t *testing.T, d *datadriven.TestData, input string, names map[string]string, values map[string]attr.Value, item *attr.Item) string {
	u, err := expr.NewParams(names, values).ParseUpdate(input)
	if err != nil {
		return ddError(t, err)
	}
	out, err := ApplyUpdate(u, *item)
	if err != nil {
		return ddError(t, err)
	}
	res := show(out)
	if d.HasArg("returns") {
		p := UpdatedPaths(u)
		res += "\nUPDATED_OLD " + show(Project(p, *item)) + "\nUPDATED_NEW " + show(Project(p, out))
	}
	if d.HasArg("keep") {
		*item = out
	}
	return res
}

// ddError renders a ValidationException as "error: <message>".
func ddError(t *testing.T, err error) string {
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation {
		t.Fatalf("not a ValidationException: %v", err)
	}
	return "error: " + e.Message
}

func ddParams(t *testing.T, input string) (map[string]string, map[string]attr.Value) {
	var names map[string]string
	var values map[string]attr.Value
	for _, line := range strings.Split(input, "\n") {
		key, rest, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(key) {
		case "names":
			if err := json.Unmarshal([]byte(rest), &names); err != nil {
				t.Fatalf("names: %v", err)
			}
		case "values":
			values = ddItem(t, json.RawMessage(rest))
		case "":
		default:
			t.Fatalf("unknown params line %q", line)
		}
	}
	return names, values
}

// ddItem decodes a JSON object of DynamoDB JSON values.
func ddItem(t *testing.T, raw json.RawMessage) attr.Item {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("item %s: %v", raw, err)
	}
	out := attr.Item{}
	for k, v := range m {
		out[k] = ddValue(t, v)
	}
	return out
}

// ddValue decodes one DynamoDB JSON value, normalising numbers.
func ddValue(t *testing.T, raw json.RawMessage) attr.Value {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
		t.Fatalf("value %s: want one type descriptor", raw)
	}
	for typ, body := range m {
		switch typ {
		case "S":
			return attr.Str(ddString(t, body))
		case "N":
			return attr.Num(ddNumber(t, ddString(t, body)))
		case "B":
			return attr.Bin(ddBinary(t, ddString(t, body)))
		case "BOOL":
			return attr.Bool(string(body) == "true")
		case "NULL":
			return attr.Null()
		case "L":
			var raws []json.RawMessage
			ddUnmarshal(t, body, &raws)
			l := []attr.Value{}
			for _, r := range raws {
				l = append(l, ddValue(t, r))
			}
			return attr.List(l...)
		case "M":
			return attr.Map(ddItem(t, body))
		case "SS", "NS", "BS":
			return ddSet(t, typ, body)
		}
		t.Fatalf("value %s: unknown type %q", raw, typ)
	}
	return attr.Value{}
}

func ddSet(t *testing.T, typ string, body json.RawMessage) attr.Value {
	var ss []string
	ddUnmarshal(t, body, &ss)
	switch typ {
	case "NS":
		for i := range ss {
			ss[i] = ddNumber(t, ss[i])
		}
		return attr.NumSet(ss...)
	case "BS":
		var bs [][]byte
		for _, s := range ss {
			bs = append(bs, ddBinary(t, s))
		}
		return attr.BinSet(bs...)
	}
	return attr.StrSet(ss...)
}

func ddString(t *testing.T, body json.RawMessage) string {
	var s string
	ddUnmarshal(t, body, &s)
	return s
}

func ddNumber(t *testing.T, s string) string {
	n, err := attr.NormalizeNumber(s)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return n
}

func ddBinary(t *testing.T, s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("binary %q: %v", s, err)
	}
	return b
}

func ddUnmarshal(t *testing.T, body json.RawMessage, v any) {
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
}

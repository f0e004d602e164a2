package httpapi

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
)

type testTag struct {
	Key string `json:"Key"`
}

type embedded struct {
	Inner string `json:"Inner"`
}

// customValue stands in for attr.Value: a json.Unmarshaler that returns an
// *apierr.Error for shape errors and plain errors for type mismatches.
type customValue struct{ S string }

func (v *customValue) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	switch {
	case m["bad"] != nil:
		return apierr.New(apierr.Validation, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
	case m["plain"] != nil:
		return errors.New("custom message")
	}
	var s struct {
		S string `json:"S"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v.S = s.S
	return nil
}

type testInput struct {
	embedded
	Name   string                 `json:"Name"`
	Flag   *bool                  `json:"Flag"`
	Limit  *int64                 `json:"Limit"`
	Units  int64                  `json:"Units"`
	Names  []string               `json:"Names"`
	Tags   []testTag              `json:"Tags"`
	Attrs  map[string]string      `json:"Attrs"`
	Items  map[string]testTag     `json:"Items"`
	Nested *testTag               `json:"Nested"`
	Value  customValue            `json:"Value"`
	Values map[string]customValue `json:"Values"`
	Blob   []byte                 `json:"Blob"`
	Ignore string                 `json:"-"`
}

const cls = "com.amazonaws.dynamodb.v20120810."

func TestDecodeRequestTypeErrors(t *testing.T) {
	tests := []struct{ body, msg string }{
		{`{"Name": 5}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Name": -2147483648}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Name": 5.5}`, "DECIMAL_VALUE cannot be converted to String"},
		{`{"Name": 1e3}`, "DECIMAL_VALUE cannot be converted to String"},
		{`{"Name": true}`, "TRUE_VALUE cannot be converted to String"},
		{`{"Name": false}`, "FALSE_VALUE cannot be converted to String"},
		{`{"Name": []}`, "Unrecognized collection type class java.lang.String"},
		{`{"Name": {}}`, "Start of structure or map found where not expected"},
		{`{"name": 5}`, "NUMBER_VALUE cannot be converted to String"}, // encoding/json folds case
		{`{"Inner": 5}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Flag": "23"}`, "Unexpected token received from parser"},
		{`{"Flag": 23}`, "NUMBER_VALUE cannot be converted to Boolean"},
		{`{"Flag": 34.56}`, "DECIMAL_VALUE cannot be converted to Boolean"},
		{`{"Flag": []}`, "Unrecognized collection type class java.lang.Boolean"},
		{`{"Flag": {}}`, "Start of structure or map found where not expected"},
		{`{"Limit": "23"}`, "STRING_VALUE cannot be converted to Integer"},
		{`{"Limit": true}`, "TRUE_VALUE cannot be converted to Integer"},
		{`{"Limit": []}`, "Unrecognized collection type class java.lang.Integer"},
		{`{"Units": "23"}`, "STRING_VALUE cannot be converted to Long"},
		{`{"Units": false}`, "FALSE_VALUE cannot be converted to Long"},
		{`{"Units": {}}`, "Start of structure or map found where not expected"},
		{`{"Units": 1.5}`, "DECIMAL_VALUE cannot be converted to Long"},
		{`{"Units": 99999999999999999999}`, "NUMBER_VALUE cannot be converted to Long"},
		{`{"Names": "23"}`, "Unexpected field type"},
		{`{"Names": true}`, "Unexpected field type"},
		{`{"Names": {}}`, "Start of structure or map found where not expected"},
		{`{"Names": ["a", 1]}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Tags": ["x"]}`, "Unexpected value type in payload"},
		{`{"Tags": [[]]}`, "Unrecognized collection type class " + cls + "testTag"},
		{`{"Tags": [{"Key": 1}]}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Attrs": []}`, "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"},
		{`{"Attrs": 23}`, "Unexpected field type"},
		{`{"Attrs": {"a": 1}}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Items": {"a": "x"}}`, "Unexpected value type in payload"},
		{`{"Items": []}`, "Unrecognized collection type java.util.Map<java.lang.String, " + cls + "testTag>"},
		{`{"Nested": "x"}`, "Unexpected field type"},
		{`{"Nested": []}`, "Unrecognized collection type class " + cls + "testTag"},
		{`{"Value": "x"}`, "Unexpected field type"},
		{`{"Value": []}`, "Unrecognized collection type class " + cls + "customValue"},
		{`{"Values": {"a": 23}}`, "Unexpected value type in payload"},
		{`{"Values": {"a": {"S": 5}}}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Values": {"a": {"S": 5.25}}}`, "DECIMAL_VALUE cannot be converted to String"},
		{`{"Values": {"a": {"S": true}}}`, "TRUE_VALUE cannot be converted to String"},
		{`{"Values": {"a": {"S": false }}}`, "FALSE_VALUE cannot be converted to String"},
		{`{"Values": {"a": {"plain": 1}}}`, "custom message"},
		{`{"Blob": 5}`, "only base-64-encoded strings are convertible to bytes"},
		{`[]`, "Unrecognized collection type class " + cls + "testInput"},
		{`"x"`, "Unexpected field type"},
		// The first fault in document order is the one reported.
		{`{"Units": "x", "Name": 5}`, "STRING_VALUE cannot be converted to Long"},
		{`{"Name": 5, "Units": "x"}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Values": {"a": {"plain": 1}}, "Name": 5}`, "custom message"},
		{`{"Name": 5, "Values": {"a": {"plain": 1}}}`, "NUMBER_VALUE cannot be converted to String"},
		// Validation faults wait until the whole body has deserialized.
		{`{"Values": {"a": {"bad": 1}}, "Name": 5}`, "NUMBER_VALUE cannot be converted to String"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			err := decodeRequest([]byte(tt.body), new(testInput))
			var e *apierr.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *apierr.Error", err)
			}
			if e.Code != apierr.Serialization || e.Message != tt.msg {
				t.Fatalf("got %v %q, want SerializationException %q", e.Code, e.Message, tt.msg)
			}
			// The walk itself, not the fallback, must have found it.
			if werr := firstTypeError([]byte(tt.body), reflect.TypeOf(new(testInput))); werr == nil {
				t.Fatal("firstTypeError found nothing")
			}
		})
	}
}

func TestDecodeRequestPassesAPIErrors(t *testing.T) {
	err := decodeRequest([]byte(`{"Values": {"a": {"bad": true}, "b": {"bad": 2}}, "Name": "x"}`), new(testInput))
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation ||
		e.Message != "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes" {
		t.Fatalf("got %v", err)
	}
}

func TestDecodeRequestOK(t *testing.T) {
	body := `{"Name":"n","Flag":true,"Limit":3,"Units":-4,"Names":["a",null],"Tags":[{"Key":"k"},null],
		"Attrs":{"a":"b"},"Items":{"i":{"Key":"x"}},"Nested":null,"Value":{"S":"v"},"Values":{"a":{"S":"w"},"b":null},
		"Blob":"AQI=","Other":[1,{"x":true}],"Ignore":5,"Inner":"in"}`
	var in testInput
	if err := decodeRequest([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "n" || *in.Limit != 3 || in.Units != -4 || in.Value.S != "v" || in.Values["a"].S != "w" ||
		in.Inner != "in" || string(in.Blob) != "\x01\x02" || in.Items["i"].Key != "x" {
		t.Fatalf("decoded %+v", in)
	}
	if err := firstTypeError([]byte(body), reflect.TypeOf(&in)); err != nil {
		t.Fatalf("firstTypeError = %v on a body that fits", err)
	}
	if err := decodeRequest([]byte(`null`), &in); err != nil {
		t.Fatalf("null body: %v", err)
	}
}

func TestLiteralBefore(t *testing.T) {
	data := []byte(`{"a": false, "b": 12.5}`)
	if got := literalBefore(data, 11); got != "false" {
		t.Errorf("got %q", got)
	}
	if got := literalBefore(data, 22); got != "12.5" {
		t.Errorf("got %q", got)
	}
	for _, off := range []int64{-5, 0, 1000} {
		literalBefore(data, off) // must not panic
	}
}

package attr

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
)

// FuzzUnmarshalValue feeds arbitrary bytes to the decoder. It must never
// panic, must fail only with the documented error types, and whatever it
// accepts and validates must survive an encode-decode round trip unchanged.
func FuzzUnmarshalValue(f *testing.F) {
	for _, s := range []string{
		`{"S":"x"}`, `{"N":"1.50"}`, `{"B":"aGk="}`, `{"BOOL":true}`, `{"NULL":true}`,
		`{"L":[{"S":"a"},{"L":[]}]}`, `{"M":{"a":{"NS":["1","2"]}}}`, `{"SS":["a","b"]}`,
		`{"BS":["AA==","AQ=="]}`, `{}`, `{"S":"a","N":"1"}`, `{"x":[1,{"y":null}],"S":"\u00e9"}`,
		`{"S":5}`, `{"B":"=+/="}`, `{"L":[null]}`, `null`, `{"M":{"a":{"M":{"b":{"BOOL":"TRUE"}}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Value
		err := v.UnmarshalJSON(data)
		if err != nil {
			var se *SerializationError
			var ae *apierr.Error
			if !errors.As(err, &se) && !errors.As(err, &ae) {
				t.Fatalf("UnmarshalJSON(%q): unexpected error type %T: %v", data, err, err)
			}
			if se != nil && se.Message == "" && json.Valid(data) {
				t.Fatalf("UnmarshalJSON(%q): valid JSON called malformed", data)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("UnmarshalJSON(%q) accepted malformed JSON", data)
		}
		if v.IsZero() || Validate(&v) != nil {
			return
		}
		_ = Size(v)
		out, err := v.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON after %q: %v", data, err)
		}
		var back Value
		if err := back.UnmarshalJSON(out); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if err := Validate(&back); err != nil {
			t.Fatalf("re-validating %s: %v", out, err)
		}
		if !reflect.DeepEqual(back, v) {
			t.Fatalf("round trip of %q:\n got %#v\nwant %#v", data, back, v)
		}
	})
}

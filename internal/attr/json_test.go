package attr

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
)

func TestMarshalJSON(t *testing.T) {
	for _, tc := range []struct {
		v    Value
		want string
	}{
		{Str("x"), `{"S":"x"}`},
		{Str(""), `{"S":""}`},
		{Str("a\"b\\c\n\t\x01<&>é\u2028"), `{"S":"a\"b\\c\n\t\u0001<&>é` + "\u2028" + `"}`},
		{Str("bad\xffutf8"), `{"S":"bad\ufffdutf8"}`},
		{Str("\r\b\f\x1f"), `{"S":"\r\b\f\u001f"}`},
		{Num("1.5"), `{"N":"1.5"}`},
		{Bin([]byte("hi")), `{"B":"aGk="}`},
		{Bin(nil), `{"B":""}`},
		{Bool(true), `{"BOOL":true}`},
		{Bool(false), `{"BOOL":false}`},
		{Null(), `{"NULL":true}`},
		{List(), `{"L":[]}`},
		{List(Str("a"), Num("1")), `{"L":[{"S":"a"},{"N":"1"}]}`},
		{Map(nil), `{"M":{}}`},
		{Map(map[string]Value{"b": Null(), "a": List(Bool(true))}), `{"M":{"a":{"L":[{"BOOL":true}]},"b":{"NULL":true}}}`},
		{StrSet("b", "a"), `{"SS":["b","a"]}`},
		{NumSet("2", "-1"), `{"NS":["2","-1"]}`},
		{BinSet([]byte{0}, []byte{0xff, 0xfe}), `{"BS":["AA==","//4="]}`},
	} {
		got, err := tc.v.MarshalJSON()
		if err != nil || string(got) != tc.want {
			t.Errorf("MarshalJSON(%#v) = %s, %v; want %s", tc.v, got, err, tc.want)
		}
		if app := tc.v.AppendJSON([]byte("x")); string(app) != "x"+tc.want {
			t.Errorf("AppendJSON = %s; want x%s", app, tc.want)
		}
	}
}

func TestMarshalZeroValue(t *testing.T) {
	for _, v := range []Value{{}, List(Str("a"), Value{}), Map(map[string]Value{"a": {}})} {
		if _, err := v.MarshalJSON(); err == nil {
			t.Errorf("MarshalJSON(%#v) succeeded", v)
		}
	}
	if got := string((Value{}).AppendJSON(nil)); got != "null" {
		t.Errorf("AppendJSON(zero) = %s", got)
	}
}

func TestAppendItemJSON(t *testing.T) {
	item := Item{"b": Num("2"), "a": Str("x")}
	if got := string(AppendItemJSON(nil, item)); got != `{"a":{"S":"x"},"b":{"N":"2"}}` {
		t.Errorf("AppendItemJSON = %s", got)
	}
	if got := string(AppendItemJSON(nil, nil)); got != `{}` {
		t.Errorf("AppendItemJSON(nil) = %s", got)
	}
}

func TestUnmarshalJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Value
	}{
		{`{"S":"x"}`, Str("x")},
		{` { "S" : "" } `, Str("")},
		{`{"S":"a\"\u00e9\ud83d\ude00"}`, Str("a\"é😀")},
		{`{"S":"é日本"}`, Str("é日本")},
		{"{\"S\":\"bad\xffutf8\"}", Str("bad\ufffdutf8")},
		{`{"N":"1.50"}`, Num("1.50")}, // kept as sent
		{`{"N":"not a number"}`, Num("not a number")},
		{`{"B":"aGk="}`, Bin([]byte("hi"))},
		{`{"B":""}`, Bin([]byte{})},
		{`{"BOOL":true}`, Bool(true)},
		{`{"BOOL":false}`, Bool(false)},
		{`{"BOOL":"TRUE"}`, Bool(true)},
		{`{"BOOL":"false"}`, Bool(false)},
		{`{"NULL":true}`, Null()},
		{`{"NULL":false}`, Value{Kind: KindNULL}}, // Validate rejects it
		{`{"L":[]}`, List([]Value{}...)},
		{`{"L":[{"S":"a"},{"L":[{"N":"1"}]}]}`, List(Str("a"), List(Num("1")))},
		{`{"M":{}}`, Map(map[string]Value{})},
		{`{"M":{"a":{"S":"x"},"":{"NULL":true}}}`, Map(map[string]Value{"a": Str("x"), "": Null()})},
		{`{"SS":["a","a"]}`, StrSet("a", "a")}, // Validate rejects it
		{`{"SS":[]}`, StrSet([]string{}...)},
		{`{"NS":["1","1.0"]}`, NumSet("1", "1.0")},
		{`{"BS":["AA==",""]}`, BinSet([]byte{0}, []byte{})},
		{`{"S":"x","unknown":[1,{"a":[true,null]},"s"]}`, Str("x")},
		{`{"nope":{},"S":"x"}`, Str("x")},
		{`{"S":"x","N":null}`, Str("x")}, // null members are absent
		{`{"S":"x","S":"y"}`, Str("y")},  // a repeated key: the last wins
		{`{"\u0053":"x"}`, Str("x")},     // escaped type key
	} {
		var v Value
		if err := json.Unmarshal([]byte(tc.in), &v); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(v, tc.want) {
			t.Errorf("Unmarshal(%s) = %#v; want %#v", tc.in, v, tc.want)
		}
	}
}

func TestUnmarshalNullIsNoOp(t *testing.T) {
	v := Str("kept")
	if err := v.UnmarshalJSON([]byte(" null ")); err != nil || v.S != "kept" {
		t.Errorf("UnmarshalJSON(null) = %v, left %#v", err, v)
	}
	var s struct{ V Value }
	if err := json.Unmarshal([]byte(`{"V":null}`), &s); err != nil || !s.V.IsZero() {
		t.Errorf("field null = %v, %#v", err, s.V)
	}
	// Through encoding/json a null map value arrives as the zero Value, which
	// Validate reports as UnmarshalItem does.
	var item map[string]Value
	if err := json.Unmarshal([]byte(`{"a":null}`), &item); err != nil || !item["a"].IsZero() {
		t.Fatalf("map null = %v, %#v", err, item)
	}
	if err := ValidateItem(item); err == nil || !strings.HasSuffix(err.Error(), msgEmptyValue) {
		t.Errorf("ValidateItem = %v", err)
	}
}

func TestSerializationErrorText(t *testing.T) {
	if got := (&SerializationError{Message: "m", Offset: 3}).Error(); got != "m" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&SerializationError{Offset: 3}).Error(); got != "attr: malformed JSON at offset 3" {
		t.Errorf("Error() = %q", got)
	}
}

func TestUnmarshalValidationFaults(t *testing.T) {
	deep := strings.Repeat(`{"L":[`, decodeDepthLimit+1) + `{"S":"x"}` + strings.Repeat(`]}`, decodeDepthLimit+1)
	for _, tc := range []struct{ in, msg string }{
		{`{}`, msgEmptyValue},
		{`{"a":""}`, msgEmptyValue},
		{`{"s":"lower case is unknown"}`, msgEmptyValue},
		{`{"S":null}`, msgEmptyValue},
		{`{"M":{"a":{}}}`, msgEmptyValue},
		{`{"L":[{}]}`, msgEmptyValue},
		{`{"L":[{"a":{}}]}`, msgEmptyValue},
		{`{"L":[null]}`, msgEmptyValue},
		{`{"M":{"a":null}}`, msgEmptyValue},
		{`{"S":"a","N":"1"}`, msgMultiType},
		{`{"S":"a","N":"1","S":"b"}`, msgMultiType},
		{`{"S":"a","N":"b"}`, msgNumberSyntax + ": b"}, // contents first, as AWS
		{`{"S":"a","N":"1","BOOL":true,"N":"x"}`, msgNumberSyntax + ": x"},
		{`{"S":"a","BOOL":true,"NULL":false,"BOOL":false}`, msgNullNotTrue},
		{`{"S":"","N":""}`, msgNumberSyntax},
		{`{"NS":["1","1"],"S":"a"}`, msgDupNS},
		{`{"NULL":false,"BOOL":true}`, msgNullNotTrue},
		{`{"SS":["a",null]}`, msgNullSSMember},
		{`{"NS":["1",null]}`, msgNumberSyntax},
		{`{"BS":["AA==",null]}`, msgNullBSMember},
		{deep, msgNesting},
	} {
		var v Value
		err := v.UnmarshalJSON([]byte(tc.in))
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != apierr.Validation || ae.Message != tc.msg {
			t.Errorf("UnmarshalJSON(%.60s) = %v; want Validation %q", tc.in, err, tc.msg)
		}
	}
}

func TestUnmarshalSerializationFaults(t *testing.T) {
	const (
		avList   = "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
		strList  = "Unrecognized collection type class java.lang.String"
		boolList = "Unrecognized collection type class java.lang.Boolean"
		blobList = "Unrecognized collection type class java.nio.ByteBuffer"
		mapList  = "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
	)
	for _, tc := range []struct{ in, msg string }{
		{`"23"`, msgValueType},
		{`23`, msgValueType},
		{`true`, msgValueType},
		{`[]`, avList},
		{`{"S":5}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"S":-2147483648}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"S":34.56}`, "DECIMAL_VALUE cannot be converted to String"},
		{`{"S":1e5}`, "DECIMAL_VALUE cannot be converted to String"},
		{`{"S":true}`, "TRUE_VALUE cannot be converted to String"},
		{`{"N":false}`, "FALSE_VALUE cannot be converted to String"},
		{`{"S":[]}`, strList},
		{`{"S":{}}`, msgObjectHere},
		{`{"SS":[1]}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"NS":[1]}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"BOOL":"23"}`, msgBoolToken},
		{`{"BOOL":"no"}`, msgBoolToken},
		{`{"NULL":23}`, "NUMBER_VALUE cannot be converted to Boolean"},
		{`{"BOOL":34.56}`, "DECIMAL_VALUE cannot be converted to Boolean"},
		{`{"BOOL":[]}`, boolList},
		{`{"NULL":{}}`, msgObjectHere},
		{`{"B":true}`, msgBlobType},
		{`{"B":23}`, msgBlobType},
		{`{"B":[]}`, blobList},
		{`{"B":{}}`, msgObjectHere},
		{`{"B":"23456"}`, msgBase64Len + "5"},
		{`{"B":"not base64"}`, msgBase64Len + "10"},
		{`{"B":"=+/="}`, msgBase64Last},
		{`{"B":"+/+="}`, msgBase64Last},
		{`{"B":"ab!d"}`, msgBase64Char + "'!'"},
		{`{"B":"ab\ncd=="}`, msgBase64Len + "7"},
		{`{"B":"abc\n"}`, msgBase64Char + "'\n'"},
		{`{"BS":["AA==",1]}`, msgBlobType},
		{`{"BS":["A"]}`, msgBase64Len + "1"},
		{`{"L":"x"}`, msgFieldType},
		{`{"L":1}`, msgFieldType},
		{`{"L":{}}`, msgObjectHere},
		{`{"L":["x"]}`, msgValueType},
		{`{"L":[[]]}`, avList},
		{`{"SS":"x"}`, msgFieldType},
		{`{"NS":{}}`, msgObjectHere},
		{`{"BS":true}`, msgFieldType},
		{`{"M":"x"}`, msgFieldType},
		{`{"M":[]}`, mapList},
		{`{"M":{"a":1}}`, msgValueType},
		{`{"M":{"a":[]}}`, avList},
	} {
		var v Value
		err := v.UnmarshalJSON([]byte(tc.in))
		var se *SerializationError
		if !errors.As(err, &se) || se.Message != tc.msg {
			t.Errorf("UnmarshalJSON(%s) = %v; want SerializationError %q", tc.in, err, tc.msg)
		}
	}
}

func TestUnmarshalMalformed(t *testing.T) {
	for _, in := range []string{
		``, ` `, `{`, `{"S"}`, `{"S":"x"`, `{"S":"x",}`, `{"S":"x"} x`, `{"S":"x"}}`,
		`{"S":"\x"}`, "{\"S\":\"a\x01\"}", `{"S":"x" "N":"1"}`, `{S:"x"}`, `{"L":[{"S":"x"},]}`,
		`{"L":[{"S":"x"}`, `{"x":[1,2}`, `{"x":{"a" 1}}`, `{"x":tru}`, `{"x":-}`, `{"x":1.}`,
		`{"x":1e}`, `{"x":01}`, `{"x":"\u12"}`, `{"x":[` + strings.Repeat(`[`, 100000),
		`nul`, `{"BOOL":tru}`,
	} {
		var v Value
		err := v.UnmarshalJSON([]byte(in))
		var se *SerializationError
		if !errors.As(err, &se) || se.Message != "" {
			t.Errorf("UnmarshalJSON(%.40q) = %v; want malformed JSON", in, err)
		}
	}
}

// A hostile, deeply nested body must neither blow the stack nor be slow.
func TestUnmarshalDeepNesting(t *testing.T) {
	const depth = 100000
	for _, in := range []string{
		strings.Repeat(`{"L":[`, depth) + strings.Repeat(`]}`, depth),
		strings.Repeat(`{"M":{"a":`, depth) + `{"S":"x"}` + strings.Repeat(`}}`, depth),
		`{"S":"x","unknown":` + strings.Repeat(`[{"a":`, depth) + `1` + strings.Repeat(`}]`, depth) + `}`,
	} {
		var v Value
		err := v.UnmarshalJSON([]byte(in))
		var ae *apierr.Error
		if in[2] == 'S' {
			if err != nil {
				t.Errorf("deep unknown member: %v", err)
			}
		} else if !errors.As(err, &ae) || ae.Message != msgNesting {
			t.Errorf("deep value: %v", err)
		}
	}
}

func TestUnmarshalItem(t *testing.T) {
	item, err := UnmarshalItem([]byte(`{"id":{"S":"a"},"n":{"N":"1"},"m":{"M":{"x":{"BOOL":true}}}}`))
	want := Item{"id": Str("a"), "n": Num("1"), "m": Map(map[string]Value{"x": Bool(true)})}
	if err != nil || !reflect.DeepEqual(item, want) {
		t.Errorf("UnmarshalItem = %#v, %v", item, err)
	}
	if item, err := UnmarshalItem([]byte(`null`)); item != nil || err != nil {
		t.Errorf("UnmarshalItem(null) = %#v, %v", item, err)
	}
	for in, msg := range map[string]string{
		`[]`:          "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
		`"x"`:         msgFieldType,
		`{"a":"x"}`:   msgValueType,
		`{"a":{}}`:    msgEmptyValue,
		`{"a":null}`:  msgEmptyValue,
		`{"a":{"S"}}`: "",
	} {
		_, err := UnmarshalItem([]byte(in))
		if err == nil || (msg != "" && err.Error() != msg && !strings.HasSuffix(err.Error(), ": "+msg)) {
			t.Errorf("UnmarshalItem(%s) = %v; want %q", in, err, msg)
		}
	}
}

// Request structs hold Values and Items; encoding/json must drive the codec
// both ways, and a decode-validate-encode round trip must be stable.
func TestRoundTripThroughStructs(t *testing.T) {
	type request struct {
		Item map[string]Value
		Key  Item
		V    *Value `json:",omitempty"`
	}
	in := `{"Item":{"a":{"S":"x"},"b":{"NS":["3","1.50","-0"]},"c":{"L":[{"B":"AAE="},{"M":{"d":{"SS":["z","y"]}}}]},` +
		`"e":{"BS":["AQ==","Ag=="]},"f":{"NULL":true},"g":{"BOOL":false},"h":{"N":"1E2"}},"Key":{"k":{"N":"007"}}}`
	var r request
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if err := ValidateItem(r.Item); err != nil {
		t.Fatal(err)
	}
	if err := ValidateItem(r.Key); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Item":{"a":{"S":"x"},"b":{"NS":["3","1.5","0"]},"c":{"L":[{"B":"AAE="},{"M":{"d":{"SS":["z","y"]}}}]},` +
		`"e":{"BS":["AQ==","Ag=="]},"f":{"NULL":true},"g":{"BOOL":false},"h":{"N":"100"}},"Key":{"k":{"N":"7"}}}`
	if string(out) != want {
		t.Errorf("round trip:\n got %s\nwant %s", out, want)
	}
	var again request
	if err := json.Unmarshal(out, &again); err != nil || !reflect.DeepEqual(again, r) {
		t.Errorf("second decode differs: %v\n%#v\n%#v", err, again, r)
	}
	fast, err := UnmarshalItem([]byte(want[len(`{"Item":`):strings.Index(want, `,"Key"`)]))
	if err != nil || !reflect.DeepEqual(fast, r.Item) {
		t.Errorf("UnmarshalItem differs: %v", err)
	}
}

func benchItemJSON() []byte {
	var b strings.Builder
	b.WriteString(`{"pk":{"S":"user#12345"},"sk":{"S":"order#2024-01-01T00:00:00Z"},"total":{"N":"1234.56"},`)
	b.WriteString(`"paid":{"BOOL":true},"note":{"NULL":true},"tags":{"SS":["a","b","c"]},"qty":{"NS":["1","2","3"]},`)
	b.WriteString(`"blob":{"B":"aGVsbG8gd29ybGQ="},"lines":{"L":[`)
	for i := 0; i < 10; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"M":{"sku":{"S":"sku-0001"},"price":{"N":"9.99"},"count":{"N":"2"},"title":{"S":"A product name é"}}}`)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

func BenchmarkUnmarshalItem(b *testing.B) {
	data := benchItemJSON()
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var item map[string]Value
			if err := json.Unmarshal(data, &item); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UnmarshalItem", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := UnmarshalItem(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMarshalItem(b *testing.B) {
	item, err := UnmarshalItem(benchItemJSON())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(item); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AppendItemJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = AppendItemJSON(buf[:0], item)
		}
	})
}

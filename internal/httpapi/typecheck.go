package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/basalt-db/basalt/internal/apierr"
)

// AWS decodes a request with a streaming decoder and reports the first value
// whose JSON type does not fit its member, as a SerializationException whose
// message names the JSON token and the Java type it could not become. The
// messages here are the ones DynamoDB sends (recorded against DynamoDB by
// dynalite's test helpers, assertType).

// jsonKind is the kind of a JSON value, as AWS's messages distinguish them.
type jsonKind uint8

const (
	kindString jsonKind = iota
	kindInteger
	kindDecimal
	kindTrue
	kindFalse
	kindArray
	kindObject
)

// valueName is the token name AWS's messages use for a scalar kind.
func (k jsonKind) valueName() string {
	switch k {
	case kindString:
		return "STRING_VALUE"
	case kindInteger:
		return "NUMBER_VALUE"
	case kindDecimal:
		return "DECIMAL_VALUE"
	case kindTrue:
		return "TRUE_VALUE"
	case kindFalse:
		return "FALSE_VALUE"
	}
	return "VALUE"
}

// numberKind tells an integer literal from a decimal one (1.5, 1e3).
func numberKind(lit string) jsonKind {
	if strings.ContainsAny(lit, ".eE") {
		return kindDecimal
	}
	return kindInteger
}

// slot says where a value sits: as the member name of a structure, or as a
// list element or map value. AWS words some messages differently for each.
type slot struct {
	name    string // the member name; "" for elements and map values
	element bool
}

const (
	msgStartOfMap     = "Start of structure or map found where not expected"
	msgFieldType      = "Unexpected field type"
	msgValueType      = "Unexpected value type in payload"
	msgParserToken    = "Unexpected token received from parser"
	javaPackage       = "com.amazonaws.dynamodb.v20120810."
	javaCollectionPfx = "Unrecognized collection type "
)

// mismatch returns AWS's message for a value of kind k decoded into Go type
// t (not a pointer) in slot s, or "" if the kind fits the type. For integer
// types a number always "fits" here; range is checked by the caller.
func mismatch(k jsonKind, t reflect.Type, s slot) string {
	switch t.Kind() {
	case reflect.Struct:
		switch k {
		case kindObject:
			return ""
		case kindArray:
			return javaCollectionPfx + "class " + javaClass(t)
		}
		if s.element {
			return msgValueType
		}
		return msgFieldType
	case reflect.Map:
		switch k {
		case kindObject:
			return ""
		case kindArray:
			return javaCollectionPfx + javaClass(t)
		}
		return msgFieldType
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return blobMismatch(k)
		}
		switch k {
		case kindArray:
			return ""
		case kindObject:
			return msgStartOfMap
		}
		return msgFieldType
	case reflect.Interface:
		return ""
	}
	return scalarMismatch(k, t, s)
}

// blobMismatch is mismatch for binary ([]byte, base64 on the wire).
func blobMismatch(k jsonKind) string {
	switch k {
	case kindString:
		return ""
	case kindObject:
		return msgStartOfMap
	case kindArray:
		return javaCollectionPfx + "class java.nio.ByteBuffer"
	}
	return "only base-64-encoded strings are convertible to bytes"
}

// scalarMismatch is mismatch for strings, booleans and numbers.
func scalarMismatch(k jsonKind, t reflect.Type, s slot) string {
	want := javaScalar(t, s.name)
	switch k {
	case kindObject:
		return msgStartOfMap
	case kindArray:
		return javaCollectionPfx + "class java.lang." + want
	}
	switch t.Kind() {
	case reflect.String:
		if k == kindString {
			return ""
		}
	case reflect.Bool:
		if k == kindTrue || k == kindFalse {
			return ""
		}
		if k == kindString {
			return msgParserToken
		}
	default: // numbers
		if k == kindInteger || k == kindDecimal {
			return ""
		}
	}
	return k.valueName() + " cannot be converted to " + want
}

// javaScalar names the Java type AWS decodes a scalar member into. Go's
// int64 is Java's Integer for the members AWS declares as such, else Long.
func javaScalar(t reflect.Type, member string) string {
	switch t.Kind() {
	case reflect.String:
		return "String"
	case reflect.Bool:
		return "Boolean"
	case reflect.Float32, reflect.Float64:
		return "Double"
	}
	switch member {
	case "Limit", "Segment", "TotalSegments":
		return "Integer"
	}
	return "Long"
}

// javaClass names the Java type AWS decodes into for Go type t, as it
// appears in "Unrecognized collection type" messages.
func javaClass(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t.Name() == "Value" && strings.HasSuffix(t.PkgPath(), "/attr") {
			return javaPackage + "AttributeValue"
		}
		return javaPackage + t.Name()
	case reflect.Map:
		return "java.util.Map<java.lang.String, " + javaClass(t.Elem()) + ">"
	case reflect.Slice, reflect.Array:
		return "java.util.List<" + javaClass(t.Elem()) + ">"
	}
	return "java.lang." + javaScalar(t, "")
}

// firstTypeError walks body (valid JSON) against Go type t in document
// order, as AWS's decoder does, and returns the *apierr.Error for the
// first value that does not fit, or nil. Values of types that implement
// json.Unmarshaler are checked for kind here and then handed to their
// UnmarshalJSON, whose error is classified (see classify); an error that
// is not a SerializationException (attr's Validation faults) is returned
// only if the rest of the body deserializes, as AWS validates only after
// deserializing. It runs only after json.Unmarshal has failed, so it
// favours exactness over speed.
func firstTypeError(body []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := &walker{dec: dec}
	if err := w.value(t, slot{}); err != nil {
		return err
	}
	if w.deferred != nil {
		return w.deferred
	}
	return nil
}

type walker struct {
	dec      *json.Decoder
	deferred *apierr.Error // the first non-Serialization fault of an Unmarshaler
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func (w *walker) value(t reflect.Type, s slot) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return w.custom(t, s)
	}
	tok, err := w.dec.Token()
	if err != nil {
		return errSerialization()
	}
	if tok == nil {
		return nil // null is absent
	}
	k := tokenKind(tok)
	if msg := mismatch(k, t, s); msg != "" {
		return serialization(msg)
	}
	switch {
	case t.Kind() == reflect.Interface:
		return w.skip(tok)
	case k == kindObject && t.Kind() == reflect.Struct:
		return w.structure(t)
	case k == kindObject: // a map
		return w.elements(t.Elem(), json.Delim('}'), true)
	case k == kindArray: // a slice or array
		return w.elements(t.Elem(), json.Delim(']'), false)
	case k == kindInteger || k == kindDecimal:
		return checkNumber(tok.(json.Number), t, s)
	}
	return nil
}

// skip consumes the rest of the value that tok began.
func (w *walker) skip(tok json.Token) error {
	depth := 0
	for {
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = w.dec.Token(); err != nil {
			return errSerialization()
		}
	}
}

func tokenKind(tok json.Token) jsonKind {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return kindObject
		}
		return kindArray
	case bool:
		if v {
			return kindTrue
		}
		return kindFalse
	case json.Number:
		return numberKind(string(v))
	}
	return kindString
}

// structure walks the members of an object decoded into struct t; members
// that match no field are skipped, as encoding/json and AWS skip them.
func (w *walker) structure(t reflect.Type) error {
	fields := jsonFields(t)
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return errSerialization()
		}
		name, _ := tok.(string)
		f, ok := lookupField(fields, name)
		if !ok {
			var skip json.RawMessage
			if err := w.dec.Decode(&skip); err != nil {
				return errSerialization()
			}
			continue
		}
		if err := w.value(f.typ, slot{name: name}); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // '}'
	return err
}

// elements walks the values of a list or map whose values have type elem;
// for a map, each value follows its key.
func (w *walker) elements(elem reflect.Type, end json.Delim, keyed bool) error {
	for w.dec.More() {
		if keyed {
			if _, err := w.dec.Token(); err != nil {
				return errSerialization()
			}
		}
		if err := w.value(elem, slot{element: true}); err != nil {
			return err
		}
	}
	tok, err := w.dec.Token()
	if err != nil || tok != end {
		return errSerialization()
	}
	return nil
}

// custom checks the kind of a value of a json.Unmarshaler type, then runs
// its UnmarshalJSON on the value.
func (w *walker) custom(t reflect.Type, s slot) error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return errSerialization()
	}
	k, null := rawKind(raw)
	if null {
		return nil
	}
	if t.Kind() == reflect.Struct || t.Kind() == reflect.Map || t.Kind() == reflect.Slice {
		if msg := mismatch(k, t, s); msg != "" {
			return serialization(msg)
		}
	}
	u := reflect.New(t).Interface().(json.Unmarshaler)
	if err := u.UnmarshalJSON(raw); err != nil {
		e := classify(err, raw)
		if e.Code == apierr.Serialization {
			return e
		}
		if w.deferred == nil {
			w.deferred = e
		}
	}
	return nil
}

// rawKind is the kind of a complete JSON value, and whether it is null.
func rawKind(raw []byte) (k jsonKind, null bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return kindString, false
	}
	switch raw[0] {
	case '{':
		return kindObject, false
	case '[':
		return kindArray, false
	case '"':
		return kindString, false
	case 't':
		return kindTrue, false
	case 'f':
		return kindFalse, false
	case 'n':
		return kindString, true
	}
	return numberKind(string(raw)), false
}

// checkNumber checks that n fits integer type t as encoding/json requires.
func checkNumber(n json.Number, t reflect.Type, s slot) error {
	var err error
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		_, err = strconv.ParseInt(string(n), 10, t.Bits())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		_, err = strconv.ParseUint(string(n), 10, t.Bits())
	case reflect.Float32, reflect.Float64:
		_, err = strconv.ParseFloat(string(n), t.Bits())
	}
	if err != nil {
		return serialization(numberKind(string(n)).valueName() + " cannot be converted to " + javaScalar(t, s.name))
	}
	return nil
}

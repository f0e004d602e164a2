package httpapi

import (
	"encoding/json"
	"errors"
	"reflect"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// errSerialization is AWS's answer to a body that is not JSON at all, or is
// empty: a SerializationException with no message.
func errSerialization() *apierr.Error { return apierr.New(apierr.Serialization, "") }

// serialization is a SerializationException with msg (none if "").
func serialization(msg string) *apierr.Error { return apierr.New(apierr.Serialization, msg) }

// decodeRequest decodes body, which must be valid JSON, into in (a pointer
// to an api input). Members in no field of in are ignored, and null is the
// same as absent, as in AWS.
//
// Errors: when a value's JSON type does not fit its field, the
// SerializationException AWS sends for the first such value in document
// order (see firstTypeError). Errors from a json.Unmarshaler (attr values)
// are classified by classify: an *attr.SerializationError or a plain error
// is a SerializationException, an *apierr.Error (attr's Validation faults)
// is passed through, but only if no SerializationException occurs anywhere
// in the body, since AWS deserializes the whole request before it
// validates. Every error returned is an *apierr.Error.
func decodeRequest(body []byte, in any) error {
	err := json.Unmarshal(body, in)
	if err == nil {
		return nil
	}
	if terr := firstTypeError(body, reflect.TypeOf(in)); terr != nil {
		return terr
	}
	// The walk found nothing, which should not happen; classify the
	// decoder's own error rather than fail.
	return classify(err, body)
}

// classify turns an error from encoding/json or from a json.Unmarshaler
// that was given data into an *apierr.Error.
func classify(err error, data []byte) *apierr.Error {
	var ae *apierr.Error
	var ase *attr.SerializationError
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &ase):
		return serialization(ase.Message) // "" for malformed JSON: no message, as AWS
	case errors.As(err, &te):
		return serialization(typeErrorMessage(te, data))
	case errors.As(err, &se):
		return errSerialization()
	default:
		return serialization(err.Error())
	}
}

// typeErrorMessage gives AWS's message for a json.UnmarshalTypeError that
// arose decoding data. The literal is looked up at the error's offset to
// tell true from false and integers from decimals.
func typeErrorMessage(e *json.UnmarshalTypeError, data []byte) string {
	t := e.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	k := kindOfTypeError(e, data)
	if msg := mismatch(k, t, slot{name: lastField(e.Field)}); msg != "" {
		return msg
	}
	// An integer that fits no Go integer, or similar: the closest message.
	return k.valueName() + " cannot be converted to " + javaScalar(t, lastField(e.Field))
}

// kindOfTypeError recovers the JSON kind of the value a type error is about.
func kindOfTypeError(e *json.UnmarshalTypeError, data []byte) jsonKind {
	switch {
	case e.Value == "string":
		return kindString
	case e.Value == "array":
		return kindArray
	case e.Value == "object":
		return kindObject
	case e.Value == "bool":
		if literalBefore(data, e.Offset) == "false" {
			return kindFalse
		}
		return kindTrue
	case len(e.Value) > len("number "):
		return numberKind(e.Value[len("number "):])
	default: // "number"
		return numberKind(literalBefore(data, e.Offset))
	}
}

// literalBefore returns the bare literal (number, true, false) that ends at
// or just before offset in data, or "" if there is none.
func literalBefore(data []byte, offset int64) string {
	end := int(min(max(offset+1, 0), int64(len(data))))
	for end > 0 && !isLiteralByte(data[end-1]) {
		end--
	}
	start := end
	for start > 0 && isLiteralByte(data[start-1]) {
		start--
	}
	return string(data[start:end])
}

func isLiteralByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b == '.' || b == '-' || b == '+' || b == 'E'
}

// lastField is the last element of a dotted json field path.
func lastField(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

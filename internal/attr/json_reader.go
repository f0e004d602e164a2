package attr

import "strconv"

// JSONReader reads one JSON text front to back, for hand-written decoders
// of the request shapes that carry attribute values (the HTTP layer's fast
// path). It is strict: a method that meets anything it does not expect
// returns false, and from then on Failed reports true and every method
// returns false, so a caller may check once at the end. It reports no
// errors: a caller that fails falls back to a decoder that explains them.
//
// What it accepts, it decodes exactly as encoding/json and this package's
// UnmarshalJSON decode it, and only valid JSON is accepted (Skip checks what
// it skips as json.Valid would, bounded at skipDepthLimit levels). The input
// is not retained: Reset copies it once, and the strings read share that
// copy.
type JSONReader struct {
	d      decoder
	failed bool
}

// skipDepthLimit bounds the nesting Skip accepts, well below encoding/json's
// own limit (10000), so that nothing it accepts is invalid there.
const skipDepthLimit = 1000

// Reset makes r read data from the start.
func (r *JSONReader) Reset(data []byte) {
	d := newDecoder(data)
	d.skipLimit = skipDepthLimit
	*r = JSONReader{d: d}
}

// Failed reports whether any method has failed.
func (r *JSONReader) Failed() bool { return r.failed }

func (r *JSONReader) fail() bool {
	r.failed = true
	return false
}

// Object consumes the '{' that opens an object.
func (r *JSONReader) Object() bool {
	if r.failed || r.d.peek() != '{' {
		return r.fail()
	}
	r.d.pos++
	return true
}

// Next prepares member i (counting from 0) of the object being read, whose
// '{' has been consumed: true if there is one, false at the closing '}'
// (consumed) or on a fault.
func (r *JSONReader) Next(i int) bool {
	if r.failed {
		return false
	}
	if i == 0 {
		if r.d.peek() == '}' {
			r.d.pos++
			return false
		}
		return true
	}
	done, err := r.d.next('}')
	if err != nil {
		return r.fail()
	}
	return !done
}

// Name reads a member name and its colon. It returns the name's bytes as
// they stand in the input (valid until the input changes); a name holding
// escapes or invalid UTF-8 fails, since it cannot be matched as written.
func (r *JSONReader) Name() ([]byte, bool) {
	if r.failed || r.d.peek() != '"' {
		return nil, r.fail()
	}
	raw, escaped, err := r.d.strRaw()
	if err != nil || escaped || r.d.colon() != nil {
		return nil, r.fail()
	}
	return raw, true
}

// Key reads a member name as a new string, escapes decoded, and its colon:
// the key of a map member.
func (r *JSONReader) Key() (string, bool) {
	if r.failed || r.d.peek() != '"' {
		return "", r.fail()
	}
	s, err := r.d.str()
	if err != nil || r.d.colon() != nil {
		return "", r.fail()
	}
	return s, true
}

// Array consumes the '[' that opens an array; NextElement then works as
// Next does for members.
func (r *JSONReader) Array() bool {
	if r.failed || r.d.peek() != '[' {
		return r.fail()
	}
	r.d.pos++
	return true
}

// NextElement prepares element i of the array being read: true if there is
// one, false at the closing ']' (consumed) or on a fault.
func (r *JSONReader) NextElement(i int) bool {
	if r.failed {
		return false
	}
	if i == 0 {
		if r.d.peek() == ']' {
			r.d.pos++
			return false
		}
		return true
	}
	done, err := r.d.next(']')
	if err != nil {
		return r.fail()
	}
	return !done
}

// String reads a string (not null) as a new string.
func (r *JSONReader) String() (string, bool) {
	if r.failed || r.d.token() != tokString {
		return "", r.fail()
	}
	s, err := r.d.str()
	if err != nil {
		return "", r.fail()
	}
	return s, true
}

// Bool reads true or false.
func (r *JSONReader) Bool() (bool, bool) {
	if r.failed {
		return false, false
	}
	switch r.d.token() {
	case tokTrue:
		r.d.pos += len("true")
		return true, true
	case tokFalse:
		r.d.pos += len("false")
		return false, true
	}
	return false, r.fail()
}

// Int64 reads a number written as an integer that fits an int64, as
// encoding/json decodes one into an int64 (no fraction, no exponent).
func (r *JSONReader) Int64() (int64, bool) {
	if r.failed || r.d.token() != tokInt {
		return 0, r.fail()
	}
	end, _ := r.d.number()
	n, err := strconv.ParseInt(string(r.d.data[r.d.pos:end]), 10, 64)
	if err != nil {
		return 0, r.fail()
	}
	r.d.pos = end
	return n, true
}

// Value reads an attribute value (not null) as UnmarshalJSON decodes it.
func (r *JSONReader) Value() (Value, bool) {
	if r.failed || r.d.token() != tokObject {
		return Value{}, r.fail()
	}
	v, err := r.d.value(1)
	if err != nil || v.Kind == KindInvalid {
		return Value{}, r.fail()
	}
	return v, true
}

// Item reads an object of attribute names to values (not null), as
// encoding/json decodes one into an Item with UnmarshalJSON for each value.
func (r *JSONReader) Item() (Item, bool) {
	if r.failed || r.d.token() != tokObject {
		return nil, r.fail()
	}
	item, err := r.d.object(1, wantMap)
	if err != nil {
		return nil, r.fail()
	}
	return item, true
}

// Skip consumes one value of any shape, checking it as json.Valid would.
func (r *JSONReader) Skip() bool {
	if r.failed || r.d.skip() != nil {
		return r.fail()
	}
	return true
}

// End checks that nothing but white space is left.
func (r *JSONReader) End() bool {
	if r.failed || r.d.end() != nil {
		return r.fail()
	}
	return true
}

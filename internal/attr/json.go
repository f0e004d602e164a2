package attr

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the DynamoDB JSON wire form of attribute values:
//
//	{"S":"x"} {"N":"1.5"} {"B":"<base64>"} {"BOOL":true} {"NULL":true}
//	{"L":[…]} {"M":{"name":…}} {"SS":["a"]} {"NS":["1"]} {"BS":["<base64>"]}
//
// Encoding writes exactly that form. Decoding, a small scanner over the bytes
// (no reflection), checks structure only and keeps number text as sent;
// Validate checks content and normalises.

// MarshalJSON returns v in DynamoDB's wire form: one type key, numbers as
// strings, binaries in standard base64, sets as arrays in stored order, map
// keys sorted (AWS gives no order; sorting makes output reproducible).
// It fails only for a zero Value, at any depth.
//
// Note that encoding/json re-compacts and, unless told otherwise, HTML-escapes
// what MarshalJSON returns; AppendJSON writes the bytes directly.
func (v Value) MarshalJSON() ([]byte, error) {
	e := encoder{buf: make([]byte, 0, 64)}
	e.value(&v)
	if e.bad {
		return nil, errMarshalZero
	}
	return e.buf, nil
}

var errMarshalZero = errors.New("attr: cannot marshal a zero Value")

// AppendJSON appends v's wire form (see MarshalJSON) to dst. A zero Value,
// which a valid value never holds, is written as null.
func (v Value) AppendJSON(dst []byte) []byte {
	e := encoder{buf: dst}
	e.value(&v)
	return e.buf
}

// AppendItemJSON appends item as a JSON object of attribute names to wire
// values, names sorted; a nil item is written as {}.
func AppendItemJSON(dst []byte, item Item) []byte {
	e := encoder{buf: dst}
	e.object(item)
	return e.buf
}

type encoder struct {
	buf []byte
	bad bool // a zero Value was met
}

func (e *encoder) value(v *Value) {
	switch v.Kind {
	case KindS, KindN:
		e.buf = append(e.buf, `{"`...)
		e.buf = append(e.buf, kindNames[v.Kind]...)
		e.buf = append(e.buf, `":`...)
		e.buf = appendString(e.buf, v.S)
	case KindB:
		e.buf = append(e.buf, `{"B":"`...)
		e.buf = base64.StdEncoding.AppendEncode(e.buf, v.B)
		e.buf = append(e.buf, '"')
	case KindBOOL:
		if v.Bool {
			e.buf = append(e.buf, `{"BOOL":true`...)
		} else {
			e.buf = append(e.buf, `{"BOOL":false`...)
		}
	case KindNULL:
		e.buf = append(e.buf, `{"NULL":true`...)
	case KindL:
		e.list(v.L)
	case KindM:
		e.buf = append(e.buf, `{"M":`...)
		e.object(v.M)
	case KindSS, KindNS:
		e.strs(kindNames[v.Kind], v.Strs)
	case KindBS:
		e.bins(v.Bins)
	default:
		e.bad = true
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = append(e.buf, '}')
}

func (e *encoder) list(l []Value) {
	e.buf = append(e.buf, `{"L":[`...)
	for i := range l {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.value(&l[i])
	}
	e.buf = append(e.buf, ']')
}

func (e *encoder) object(m map[string]Value) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, k)
		e.buf = append(e.buf, ':')
		v := m[k]
		e.value(&v)
	}
	e.buf = append(e.buf, '}')
}

func (e *encoder) strs(name string, ss []string) {
	e.buf = append(e.buf, `{"`...)
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, `":[`...)
	for i, s := range ss {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, s)
	}
	e.buf = append(e.buf, ']')
}

func (e *encoder) bins(bs [][]byte) {
	e.buf = append(e.buf, `{"BS":[`...)
	for i, b := range bs {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, '"')
		e.buf = base64.StdEncoding.AppendEncode(e.buf, b)
		e.buf = append(e.buf, '"')
	}
	e.buf = append(e.buf, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaping as AWS's serializer does:
// quote, backslash and control characters only; invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscape(dst, c)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscape(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	case '\t':
		return append(dst, `\t`...)
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// SerializationError is a fault in the JSON shape of an attribute value, such
// as {"S":5}, {"L":"x"} or {"B":"not base64"}. The HTTP layer answers it with
// SerializationException. AWS puts the message in the body under "Message"
// (capital M, unlike other exceptions): {"__type":
// "com.amazon.coral.service#SerializationException","Message":"…"}; for
// malformed JSON it sends no message at all, and Message is "".
//
// The messages, as AWS's Coral deserializer words them (recorded in
// dynalite's tests against AWS), by what the wire form required:
//
//	an attribute value  scalar: "Unexpected value type in payload"
//	                    array: "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
//	S, N, set members   true: "TRUE_VALUE cannot be converted to String" (FALSE_VALUE, NUMBER_VALUE,
//	                    DECIMAL_VALUE likewise); array: "Unrecognized collection type class java.lang.String"
//	BOOL, NULL          string: "Unexpected token received from parser"; number: "NUMBER_VALUE cannot be
//	                    converted to Boolean" (or DECIMAL_VALUE); array: "… class java.lang.Boolean"
//	B, BS members       non-string: "only base-64-encoded strings are convertible to bytes"; array:
//	                    "… class java.nio.ByteBuffer"; bad text: "Base64 encoded length is expected a multiple
//	                    of 4 bytes but found: 5", "Invalid last non-pad Base64 character dectected" (sic;
//	                    also for misplaced padding), "Invalid Base64 character: '!'" (wording inferred)
//	L, SS, NS, BS       scalar: "Unexpected field type"
//	M, an item          scalar: "Unexpected field type"; array: "Unrecognized collection type
//	                    java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
//	anything but M      object: "Start of structure or map found where not expected"
//
// An attribute value in a struct field rather than a map (Expected.x.Value,
// AttributeUpdates.x.Value) gets "Unexpected field type" from AWS where this
// package says "Unexpected value type in payload"; the HTTP layer may
// substitute.
type SerializationError struct {
	Message string // AWS's message, sent verbatim; "" for malformed JSON
	Offset  int    // byte offset of the fault in the decoded input
}

func (e *SerializationError) Error() string {
	if e.Message == "" {
		return "attr: malformed JSON at offset " + strconv.Itoa(e.Offset)
	}
	return e.Message
}

const (
	msgValueType  = "Unexpected value type in payload"
	msgFieldType  = "Unexpected field type"
	msgObjectHere = "Start of structure or map found where not expected"
	msgBoolToken  = "Unexpected token received from parser"
	msgBlobType   = "only base-64-encoded strings are convertible to bytes"
	msgBase64Len  = "Base64 encoded length is expected a multiple of 4 bytes but found: "
	msgBase64Char = "Invalid Base64 character: "
	msgBase64Last = "Invalid last non-pad Base64 character dectected" // sic
	msgCollection = "Unrecognized collection type "
)

// decodeDepthLimit bounds the nesting the decoder accepts, so that hostile
// input cannot exhaust the stack. It is above MaxNestingDepth on purpose:
// Validate enforces the real limit where AWS does (AWS leaves some
// expression values unchecked); beyond this the decoder itself answers with
// AWS's nesting error.
const decodeDepthLimit = 2 * MaxNestingDepth

// UnmarshalJSON decodes v from DynamoDB's wire form. A JSON null leaves v
// unchanged (absent, as encoding/json's convention has it). The data is not
// retained.
//
// Decoding checks structure only: numbers keep their text as sent, and sets
// their members as sent; call Validate next. Errors:
//   - *SerializationError for wrong JSON types and malformed JSON
//   - *apierr.Error (Validation) for {} or an object with no known type key
//     ("Supplied AttributeValue is empty, must contain exactly one of the
//     supported datatypes"; unknown keys are ignored, and a null type key
//     counts as absent, as in AWS), for more than one type key ("Supplied
//     AttributeValue has more than one datatypes set, must contain exactly one
//     of the supported datatypes", reported after any fault in the types'
//     contents, as AWS does), for null members of sets and elements of L and
//     M, and for nesting deeper than decodeDepthLimit.
//
// AWS reports the Validation faults only after checking the request's other
// parameters; a caller that cares about that order defers these errors.
func (v *Value) UnmarshalJSON(data []byte) error {
	d := decoder{data: data}
	if d.token() == tokNull {
		d.pos += len("null")
		return d.end()
	}
	val, err := d.value(1)
	if err != nil {
		return err
	}
	if err := d.end(); err != nil {
		return err
	}
	*v = val
	return nil
}

// UnmarshalItem decodes a JSON object of attribute names to wire values, as
// UnmarshalJSON decodes each value; JSON null yields a nil Item. It is the
// fast path for map[string]Value fields.
func UnmarshalItem(data []byte) (Item, error) {
	d := decoder{data: data}
	if d.token() == tokNull {
		d.pos += len("null")
		return nil, d.end()
	}
	item, err := d.object(1, wantMap)
	if err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return item, nil
}

// decoder scans one JSON text.
type decoder struct {
	data []byte
	pos  int
}

func (d *decoder) syntax() error { return &SerializationError{Offset: d.pos} }

func (d *decoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// end checks that only white space is left.
func (d *decoder) end() error {
	if d.peek() != 0 || d.pos != len(d.data) {
		return d.syntax()
	}
	return nil
}

// next consumes the separator after a member or element: false after ',',
// true after close.
func (d *decoder) next(close byte) (bool, error) {
	switch d.peek() {
	case ',':
		d.pos++
		return false, nil
	case close:
		d.pos++
		return true, nil
	}
	return false, d.syntax()
}

func (d *decoder) colon() error {
	if d.peek() != ':' {
		return d.syntax()
	}
	d.pos++
	return nil
}

// value decodes the attribute value at nesting level depth. JSON null yields
// the zero Value.
func (d *decoder) value(depth int) (Value, error) {
	t := d.token()
	if t == tokNull {
		d.pos += len("null")
		return Value{}, nil
	}
	if t != tokObject {
		return Value{}, d.mismatch(t, wantValue)
	}
	if depth > decodeDepthLimit {
		return Value{}, invalid(msgNesting)
	}
	d.pos++
	if d.peek() == '}' {
		d.pos++
		return Value{}, invalid(msgEmptyValue)
	}
	var first Value
	var more []Value // further types: only in the multi-type fault
	for done := false; !done; {
		k, err := d.typeKey()
		if err != nil {
			return Value{}, err
		}
		if k == KindInvalid {
			err = d.skip()
		} else {
			var part Value
			part, err = d.typed(k, depth)
			first, more = addPart(first, more, part)
		}
		if err != nil {
			return Value{}, err
		}
		if done, err = d.next('}'); err != nil {
			return Value{}, err
		}
	}
	return finish(first, more, depth)
}

// addPart records one type of a value; a repeated type key replaces the
// earlier one, and a null one (zero part) counts as absent.
func addPart(first Value, more []Value, part Value) (Value, []Value) {
	switch {
	case part.Kind == KindInvalid:
	case first.Kind == KindInvalid || first.Kind == part.Kind:
		first = part
	default:
		for i := range more {
			if more[i].Kind == part.Kind {
				more[i] = part
				return first, more
			}
		}
		more = append(more, part)
	}
	return first, more
}

// finish reports the empty and multi-type faults; for the latter, AWS first
// reports any fault in the contents of the types, in the order given.
func finish(first Value, more []Value, depth int) (Value, error) {
	if first.Kind == KindInvalid {
		return Value{}, invalid(msgEmptyValue)
	}
	if len(more) == 0 {
		return first, nil
	}
	for _, p := range append([]Value{first}, more...) {
		if err := validate(&p, depth); err != nil {
			return Value{}, err
		}
	}
	return Value{}, invalid(msgMultiType)
}

// typeKey reads a member name and its colon, and returns the type it names
// (KindInvalid for unknown names).
func (d *decoder) typeKey() (Kind, error) {
	if d.peek() != '"' {
		return KindInvalid, d.syntax()
	}
	open := d.pos
	raw, escaped, err := d.strRaw()
	if err != nil {
		return KindInvalid, err
	}
	k := kindOfBytes(raw)
	if escaped {
		s, err := d.unescape(open)
		if err != nil {
			return KindInvalid, err
		}
		k = KindOf(s)
	}
	return k, d.colon()
}

func kindOfBytes(b []byte) Kind {
	switch string(b) {
	case "S":
		return KindS
	case "N":
		return KindN
	case "B":
		return KindB
	case "BOOL":
		return KindBOOL
	case "NULL":
		return KindNULL
	case "L":
		return KindL
	case "M":
		return KindM
	case "SS":
		return KindSS
	case "NS":
		return KindNS
	case "BS":
		return KindBS
	}
	return KindInvalid
}

// typed decodes the JSON value of type key k; null yields the zero Value.
func (d *decoder) typed(k Kind, depth int) (Value, error) {
	if d.token() == tokNull {
		d.pos += len("null")
		return Value{}, nil
	}
	var v Value
	var err error
	switch k {
	case KindS, KindN:
		v.S, err = d.stringValue()
	case KindB:
		v.B, err = d.blob()
	case KindBOOL, KindNULL:
		v.Bool, err = d.boolean()
	case KindL:
		v.L, err = d.list(depth)
	case KindM:
		v.M, err = d.object(depth+1, wantMap)
	case KindSS, KindNS:
		v.Strs, err = d.strSet(k)
	case KindBS:
		v.Bins, err = d.binSet()
	}
	if err != nil {
		return Value{}, err
	}
	v.Kind = k
	return v, nil
}

func (d *decoder) stringValue() (string, error) {
	if t := d.token(); t != tokString {
		return "", d.mismatch(t, wantString)
	}
	return d.str()
}

func (d *decoder) blob() ([]byte, error) {
	if t := d.token(); t != tokString {
		return nil, d.mismatch(t, wantBlob)
	}
	open := d.pos
	raw, escaped, err := d.strRaw()
	if err != nil {
		return nil, err
	}
	if escaped {
		s, err := d.unescape(open)
		if err != nil {
			return nil, err
		}
		raw = []byte(s)
	}
	b, msg := decodeBase64(raw)
	if msg != "" {
		return nil, &SerializationError{Message: msg, Offset: open}
	}
	return b, nil
}

// boolean reads BOOL and NULL. Besides true and false, it takes the strings
// "true" and "false" in any case (AWS's deserializer converts some strings);
// other strings are faults.
func (d *decoder) boolean() (bool, error) {
	switch t := d.token(); t {
	case tokTrue:
		d.pos += len("true")
		return true, nil
	case tokFalse:
		d.pos += len("false")
		return false, nil
	case tokString:
		open := d.pos
		s, err := d.str()
		switch {
		case err != nil:
			return false, err
		case strings.EqualFold(s, "true"):
			return true, nil
		case strings.EqualFold(s, "false"):
			return false, nil
		}
		return false, &SerializationError{Message: msgBoolToken, Offset: open}
	default:
		return false, d.mismatch(t, wantBool)
	}
}

func (d *decoder) list(depth int) ([]Value, error) {
	if t := d.token(); t != tokArray {
		return nil, d.mismatch(t, wantList)
	}
	d.pos++
	l := []Value{}
	if d.peek() == ']' {
		d.pos++
		return l, nil
	}
	for done := false; !done; {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if v.Kind == KindInvalid {
			return nil, invalid(msgEmptyValue)
		}
		l = append(l, v)
		if done, err = d.next(']'); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// object reads a JSON object of names to attribute values at level depth:
// the contents of an M, or an item.
func (d *decoder) object(depth int, w target) (map[string]Value, error) {
	if t := d.token(); t != tokObject {
		return nil, d.mismatch(t, w)
	}
	d.pos++
	m := make(map[string]Value)
	if d.peek() == '}' {
		d.pos++
		return m, nil
	}
	for done := false; !done; {
		if d.peek() != '"' {
			return nil, d.syntax()
		}
		name, err := d.str()
		if err != nil {
			return nil, err
		}
		if err := d.colon(); err != nil {
			return nil, err
		}
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		if v.Kind == KindInvalid {
			return nil, invalid(msgEmptyValue)
		}
		m[name] = v
		if done, err = d.next('}'); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// strSet reads the members of an SS or NS.
func (d *decoder) strSet(k Kind) ([]string, error) {
	if t := d.token(); t != tokArray {
		return nil, d.mismatch(t, wantList)
	}
	d.pos++
	ss := []string{}
	if d.peek() == ']' {
		d.pos++
		return ss, nil
	}
	for done := false; !done; {
		switch t := d.token(); t {
		case tokString:
			s, err := d.str()
			if err != nil {
				return nil, err
			}
			ss = append(ss, s)
		case tokNull:
			if k == KindSS {
				return nil, invalid(msgNullSSMember)
			}
			return nil, invalid(msgNumberSyntax)
		default:
			return nil, d.mismatch(t, wantString)
		}
		var err error
		if done, err = d.next(']'); err != nil {
			return nil, err
		}
	}
	return ss, nil
}

func (d *decoder) binSet() ([][]byte, error) {
	if t := d.token(); t != tokArray {
		return nil, d.mismatch(t, wantList)
	}
	d.pos++
	bs := [][]byte{}
	if d.peek() == ']' {
		d.pos++
		return bs, nil
	}
	for done := false; !done; {
		if d.token() == tokNull {
			return nil, invalid(msgNullBSMember)
		}
		b, err := d.blob()
		if err != nil {
			return nil, err
		}
		bs = append(bs, b)
		if done, err = d.next(']'); err != nil {
			return nil, err
		}
	}
	return bs, nil
}

// token is the class of the next JSON token, for dispatch and for messages.
type token uint8

const (
	tokBad     token = iota // malformed JSON, or the end of input
	tokString               // a string
	tokInt                  // a number without fraction or exponent
	tokDecimal              // a number with either
	tokTrue
	tokFalse
	tokNull
	tokArray
	tokObject
)

// token classifies the next token without consuming it.
func (d *decoder) token() token {
	switch d.peek() {
	case '"':
		return tokString
	case '[':
		return tokArray
	case '{':
		return tokObject
	case 't':
		return d.literal("true", tokTrue)
	case 'f':
		return d.literal("false", tokFalse)
	case 'n':
		return d.literal("null", tokNull)
	}
	_, t := d.number()
	return t
}

func (d *decoder) literal(lit string, t token) token {
	if len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		return t
	}
	return tokBad
}

// number scans the JSON number at d.pos and returns where it ends.
func (d *decoder) number() (int, token) {
	b, i := d.data, d.pos
	digits := func() int {
		n := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return i, tokBad
	}
	t := tokInt
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return i, tokBad
		}
		t = tokDecimal
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, tokBad
		}
		t = tokDecimal
	}
	return i, t
}

// strRaw reads the JSON string at d.pos and returns the bytes between its
// quotes, aliasing d.data. escaped reports that they need unescape: they hold
// escapes or invalid UTF-8.
func (d *decoder) strRaw() (raw []byte, escaped bool, err error) {
	b := d.data
	start := d.pos + 1
	ascii := true
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			d.pos = i + 1
			raw = b[start:i]
			return raw, escaped || !ascii && !utf8.Valid(raw), nil
		case c == '\\':
			escaped = true
			i++ // the escaped byte; unescape checks it
		case c < 0x20:
			d.pos = i
			return nil, false, d.syntax()
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	d.pos = len(b)
	return nil, false, d.syntax()
}

// unescape decodes the string that strRaw just read from open, as
// encoding/json does: invalid UTF-8 and lone surrogates become U+FFFD.
func (d *decoder) unescape(open int) (string, error) {
	var s string
	if json.Unmarshal(d.data[open:d.pos], &s) != nil {
		return "", &SerializationError{Offset: open}
	}
	return s, nil
}

// str reads the JSON string at d.pos into a new string.
func (d *decoder) str() (string, error) {
	open := d.pos
	raw, escaped, err := d.strRaw()
	if err != nil {
		return "", err
	}
	if escaped {
		return d.unescape(open)
	}
	return string(raw), nil
}

// skip consumes one JSON value of any shape, such as the value of an unknown
// member. It keeps its own stack of open containers, so nesting costs heap,
// not goroutine stack.
func (d *decoder) skip() error {
	var open []byte // the closers awaited, innermost last
	for {
		if err := d.skipOne(&open); err != nil {
			return err
		}
		for { // after a complete value: separators and closers
			if len(open) == 0 {
				return nil
			}
			closer := open[len(open)-1]
			done, err := d.next(closer)
			if err != nil {
				return err
			}
			if !done {
				if closer == '}' {
					if err := d.skipName(); err != nil {
						return err
					}
				}
				break
			}
			open = open[:len(open)-1]
		}
	}
}

// skipOne consumes a scalar or an empty container, or opens a container
// (pushing its closer, and reading the first member's name).
func (d *decoder) skipOne(open *[]byte) error {
	for {
		switch t := d.token(); t {
		case tokArray, tokObject:
			d.pos++
			closer := byte(']')
			if t == tokObject {
				closer = '}'
			}
			if d.peek() == closer {
				d.pos++
				return nil
			}
			*open = append(*open, closer)
			if t == tokObject {
				if err := d.skipName(); err != nil {
					return err
				}
			}
			// go on with the first element or member value
		default:
			return d.skipScalar(t)
		}
	}
}

func (d *decoder) skipName() error {
	if d.peek() != '"' {
		return d.syntax()
	}
	if err := d.skipString(); err != nil {
		return err
	}
	return d.colon()
}

// skipString consumes a string, checking its escapes.
func (d *decoder) skipString() error {
	open := d.pos
	_, escaped, err := d.strRaw()
	if err == nil && escaped {
		_, err = d.unescape(open)
	}
	return err
}

func (d *decoder) skipScalar(t token) error {
	switch t {
	case tokString:
		return d.skipString()
	case tokInt, tokDecimal:
		d.pos, _ = d.number()
	case tokTrue, tokNull:
		d.pos += len("true")
	case tokFalse:
		d.pos += len("false")
	default:
		return d.syntax()
	}
	return nil
}

// target is what the wire form required where a token did not fit.
type target uint8

const (
	wantValue  target = iota // an attribute value: element of L, value of M or of an item
	wantString               // S, N, members of SS and NS
	wantBool                 // BOOL, NULL
	wantBlob                 // B, members of BS
	wantList                 // L, SS, NS, BS
	wantMap                  // M, an item
)

// arrayClass names, for each target, the Java class AWS's deserializer
// reports when it meets an array there.
var arrayClass = [...]string{
	wantValue:  "class com.amazonaws.dynamodb.v20120810.AttributeValue",
	wantString: "class java.lang.String",
	wantBool:   "class java.lang.Boolean",
	wantBlob:   "class java.nio.ByteBuffer",
	wantMap:    "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
}

// scalarNames are the Jackson token names AWS puts in conversion messages.
var scalarNames = [...]string{
	tokString:  "STRING_VALUE",
	tokInt:     "NUMBER_VALUE",
	tokDecimal: "DECIMAL_VALUE",
	tokTrue:    "TRUE_VALUE",
	tokFalse:   "FALSE_VALUE",
}

// mismatch returns the SerializationError for token t where w was required.
func (d *decoder) mismatch(t token, w target) error {
	msg := ""
	switch t {
	case tokBad, tokNull:
	case tokObject:
		msg = msgObjectHere
	case tokArray:
		msg = msgCollection + arrayClass[w]
	default:
		msg = scalarMismatch(t, w)
	}
	return &SerializationError{Message: msg, Offset: d.pos}
}

func scalarMismatch(t token, w target) string {
	switch w {
	case wantValue:
		return msgValueType
	case wantString:
		return scalarNames[t] + " cannot be converted to String"
	case wantBool:
		if t == tokString {
			return msgBoolToken
		}
		return scalarNames[t] + " cannot be converted to Boolean"
	case wantBlob:
		return msgBlobType
	}
	return msgFieldType
}

// decodeBase64 decodes standard, padded base64 as strictly as AWS does, or
// returns AWS's message for the fault.
func decodeBase64(s []byte) ([]byte, string) {
	if n := utf8.RuneCount(s); n%4 != 0 {
		return nil, msgBase64Len + strconv.Itoa(n)
	}
	body := s
	for range 2 {
		if len(body) > 0 && body[len(body)-1] == '=' {
			body = body[:len(body)-1]
		}
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '=' {
			return nil, msgBase64Last
		}
		if !isBase64(c) {
			r, _ := utf8.DecodeRune(body[i:])
			return nil, msgBase64Char + "'" + string(r) + "'"
		}
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Strict().Decode(b, s)
	if err != nil {
		return nil, msgBase64Last
	}
	return b[:n], ""
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

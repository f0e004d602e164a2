package attr

import (
	"strconv"
	"strings"
	"sync"
)

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
// retained; the decoded strings share one copy of it.
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
	d := newDecoder(data)
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
	d := newDecoder(data)
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
	data      []byte
	src       string // data, copied once: strings without escapes are substrings of it
	pos       int
	skipLimit int // nesting skip accepts; 0: any

	// elems is a scratch stack of the elements of the lists being decoded,
	// innermost last, copied out at their final size: no list grows. Nil
	// outside any list (see list).
	elems []Value
	// members is the same for objects; nil outside any (see object).
	members []member
}

// newDecoder returns a decoder of data.
func newDecoder(data []byte) decoder { return decoder{data: data, src: string(data)} }

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
	if d.elems != nil {
		return d.elements(depth)
	}
	// As object does for members: the outermost list takes the scratch
	// stack from the pool.
	es := elemPool.Get().(*[]Value)
	d.elems = (*es)[:0]
	l, err := d.elements(depth)
	clear(d.elems)
	*es, d.elems = d.elems[:0], nil
	elemPool.Put(es)
	return l, err
}

// elemPool holds scratch stacks of list elements (*[]Value), empty.
var elemPool = sync.Pool{New: func() any { s := make([]Value, 0, 32); return &s }}

// elements is list, with d.elems the scratch stack.
func (d *decoder) elements(depth int) ([]Value, error) {
	if t := d.token(); t != tokArray {
		return nil, d.mismatch(t, wantList)
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		return []Value{}, nil
	}
	base := len(d.elems)
	for done := false; !done; {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if v.Kind == KindInvalid {
			return nil, invalid(msgEmptyValue)
		}
		d.elems = append(d.elems, v)
		if done, err = d.next(']'); err != nil {
			return nil, err
		}
	}
	l := make([]Value, len(d.elems)-base)
	copy(l, d.elems[base:])
	clear(d.elems[base:])
	d.elems = d.elems[:base]
	return l, nil
}

// object reads a JSON object of names to attribute values at level depth:
// the contents of an M, or an item.
func (d *decoder) object(depth int, w target) (map[string]Value, error) {
	if d.members != nil {
		return d.members1(depth, w)
	}
	// The outermost object takes the scratch stack of members from the
	// pool, and gives it back cleared.
	ms := memberPool.Get().(*[]member)
	d.members = (*ms)[:0]
	m, err := d.members1(depth, w)
	clear(d.members)
	*ms, d.members = d.members[:0], nil
	memberPool.Put(ms)
	return m, err
}

// members1 is object, with d.members the scratch stack: an object's members
// are gathered there, then put in a map made at its final size, rather
// than in a map that grows (and copies its large Values) as it goes.
func (d *decoder) members1(depth int, w target) (map[string]Value, error) {
	if t := d.token(); t != tokObject {
		return nil, d.mismatch(t, w)
	}
	d.pos++
	if d.peek() == '}' {
		d.pos++
		return make(map[string]Value), nil
	}
	base := len(d.members)
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
		d.members = append(d.members, member{name, v})
		if done, err = d.next('}'); err != nil {
			return nil, err
		}
	}
	m := make(map[string]Value, len(d.members)-base)
	for i := base; i < len(d.members); i++ {
		m[d.members[i].name] = d.members[i].v
	}
	clear(d.members[base:])
	d.members = d.members[:base]
	return m, nil
}

// member is one member of an object being decoded.
type member struct {
	name string
	v    Value
}

// memberPool holds scratch stacks of members (*[]member), empty.
var memberPool = sync.Pool{New: func() any { s := make([]member, 0, 64); return &s }}

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

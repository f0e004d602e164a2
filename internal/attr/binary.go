package attr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unsafe"
)

// Binary item encoding: how an item is stored as a key-value value.
//
//	item  = 0x01 (format version) | fields
//	fields= uvarint(n) | n × (name | value)    names strictly ascending (bytewise)
//	name  = uvarint(len) | bytes
//	value = tag | payload:
//
//	tag   type        payload
//	0x01  S           uvarint(len) | UTF-8 bytes
//	0x02  N           uvarint(len) | normalised text (as FormatNumber writes it)
//	0x03  B           uvarint(len) | bytes
//	0x04  BOOL false  —
//	0x05  BOOL true   —
//	0x06  NULL        —
//	0x07  L           uvarint(n) | n × value
//	0x08  M           fields
//	0x09  SS          uvarint(n) | n × (uvarint(len) | bytes)   in set order
//	0x0A  NS          as SS, each element normalised text
//	0x0B  BS          as SS
//
// uvarint is encoding/binary's unsigned varint. Numbers stay text, not BCD:
// Value holds numbers as text, so decoding needs no conversion, and the text
// is at most 2 bytes longer than a BCD form for typical numbers. Map names
// are sorted so that equal items encode to equal bytes.
const (
	binVersion byte = 0x01

	binTagS     byte = 0x01
	binTagN     byte = 0x02
	binTagB     byte = 0x03
	binTagFalse byte = 0x04
	binTagTrue  byte = 0x05
	binTagNULL  byte = 0x06
	binTagL     byte = 0x07
	binTagM     byte = 0x08
	binTagSS    byte = 0x09
	binTagNS    byte = 0x0A
	binTagBS    byte = 0x0B

	// binMaxDepth bounds the nesting DecodeItem accepts, so corrupt input
	// cannot recurse without limit. DynamoDB allows 32 levels.
	binMaxDepth = 64
)

// ErrCorruptItem is returned (wrapped, with detail) by DecodeItem for input
// that is not a well-formed item encoding.
var ErrCorruptItem = errors.New("attr: corrupt item encoding")

// AppendItem appends the binary encoding of item to dst and returns the
// extended slice. Equal items (same names, same values, same set order)
// encode identically. item must hold only Values of valid Kinds, as
// validated items do; AppendItem panics on a Value of KindInvalid or an
// unknown Kind.
func AppendItem(dst []byte, item Item) []byte {
	return binAppendFields(append(dst, binVersion), item)
}

func binAppendFields(dst []byte, m map[string]Value) []byte {
	var buf [32]string // on the stack: no allocation for up to 32 names
	names := buf[:0]
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for _, name := range names {
		dst = binAppendString(dst, name)
		dst = binAppendValue(dst, m[name])
	}
	return dst
}

func binAppendString[T string | []byte](dst []byte, s T) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

func binAppendValue(dst []byte, v Value) []byte {
	switch v.Kind {
	case KindS:
		return binAppendString(append(dst, binTagS), v.S)
	case KindN:
		return binAppendString(append(dst, binTagN), v.S)
	case KindB:
		return binAppendString(append(dst, binTagB), v.B)
	case KindBOOL:
		if v.Bool {
			return append(dst, binTagTrue)
		}
		return append(dst, binTagFalse)
	case KindNULL:
		return append(dst, binTagNULL)
	case KindL:
		dst = binary.AppendUvarint(append(dst, binTagL), uint64(len(v.L)))
		for _, e := range v.L {
			dst = binAppendValue(dst, e)
		}
		return dst
	case KindM:
		return binAppendFields(append(dst, binTagM), v.M)
	case KindSS, KindNS:
		tag := binTagSS
		if v.Kind == KindNS {
			tag = binTagNS
		}
		dst = binary.AppendUvarint(append(dst, tag), uint64(len(v.Strs)))
		for _, s := range v.Strs {
			dst = binAppendString(dst, s)
		}
		return dst
	case KindBS:
		dst = binary.AppendUvarint(append(dst, binTagBS), uint64(len(v.Bins)))
		for _, b := range v.Bins {
			dst = binAppendString(dst, b)
		}
		return dst
	}
	panic(fmt.Sprintf("attr: AppendItem: value of invalid kind %d", v.Kind))
}

// DecodeItem decodes an item written by AppendItem. It returns a wrapped
// ErrCorruptItem for any input AppendItem could not have produced (bad
// version, truncation, overlong varints, unknown tags, names out of order or
// repeated, malformed number text, nesting deeper than 64, trailing bytes);
// it never panics. It checks structure, not content: strings are not
// re-checked for valid UTF-8 nor numbers against DynamoDB's limits.
//
// The result does not alias b. Its strings (names, S, N, set elements) are
// substrings of one copy of b, so keeping any of them keeps that copy alive;
// B values are copied individually.
func DecodeItem(b []byte) (Item, error) {
	return decodeItem(b, string(b))
}

// DecodeOwnedItem is DecodeItem for a b the caller hands over (such as
// what storage.Reader.Get returns): b must never be modified afterwards,
// since the item's strings are substrings of b itself rather than of a
// copy. It saves copying the encoded item.
func DecodeOwnedItem(b []byte) (Item, error) {
	return decodeItem(b, unsafe.String(unsafe.SliceData(b), len(b))) // never modified, as the contract says
}

// decodeItem decodes b, whose bytes s holds as a string.
func decodeItem(b []byte, s string) (Item, error) {
	if len(b) == 0 || b[0] != binVersion {
		return nil, fmt.Errorf("%w: unknown format version", ErrCorruptItem)
	}
	r := binReader{s: s, off: 1}
	item, err := r.fields()
	if err != nil {
		return nil, err
	}
	if r.off != len(r.s) {
		return nil, r.errorf("trailing bytes")
	}
	return item, nil
}

// binReader decodes from s, the input copied once into a string.
type binReader struct {
	s     string
	off   int
	depth int
}

func (r *binReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrCorruptItem, fmt.Sprintf(format, args...), r.off)
}

// uvarint reads a minimally encoded unsigned varint.
func (r *binReader) uvarint() (uint64, error) {
	if r.off < len(r.s) && r.s[r.off] < 0x80 { // one byte: the common case
		r.off++
		return uint64(r.s[r.off-1]), nil
	}
	if r.off+1 < len(r.s) { // two bytes, minimal (a last byte of 0 is overlong): lengths below 16 KB
		if c := r.s[r.off+1]; c != 0 && c < 0x80 {
			r.off += 2
			return uint64(r.s[r.off-2]&0x7F) | uint64(c)<<7, nil
		}
	}
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.off >= len(r.s) {
			return 0, r.errorf("truncated varint")
		}
		c := r.s[r.off]
		r.off++
		if c < 0x80 {
			if (shift > 0 && c == 0) || (shift == 63 && c > 1) {
				return 0, r.errorf("overlong varint")
			}
			return x | uint64(c)<<shift, nil
		}
		x |= uint64(c&0x7F) << shift
	}
	return 0, r.errorf("overlong varint")
}

// count reads an element count, rejecting counts that the remaining input
// cannot hold at minSize bytes per element.
func (r *binReader) count(minSize int) (int, error) {
	n, err := r.uvarint()
	if err != nil {
		return 0, err
	}
	// n > rem/minSize, without a division; n <= rem keeps n*minSize in range.
	if rem := uint64(len(r.s) - r.off); n > rem || n*uint64(minSize) > rem {
		return 0, r.errorf("count %d exceeds input", n)
	}
	return int(n), nil
}

// str reads uvarint(len) | bytes as a substring of the input.
func (r *binReader) str() (string, error) {
	n, err := r.count(1)
	if err != nil {
		return "", err
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s, nil
}

// bytes reads uvarint(len) | bytes as a fresh slice.
func (r *binReader) bytes() ([]byte, error) {
	s, err := r.str()
	return []byte(s), err
}

// fields reads uvarint(n) | n × (name | value) with ascending names.
func (r *binReader) fields() (map[string]Value, error) {
	n, err := r.count(2)
	if err != nil {
		return nil, err
	}
	m := make(map[string]Value, n)
	prev := ""
	for i := 0; i < n; i++ {
		name, err := r.str()
		if err != nil {
			return nil, err
		}
		if i > 0 && name <= prev {
			return nil, r.errorf("attribute names out of order")
		}
		if m[name], err = r.value(); err != nil {
			return nil, err
		}
		prev = name
	}
	return m, nil
}

func (r *binReader) value() (Value, error) {
	if r.off >= len(r.s) {
		return Value{}, r.errorf("truncated value")
	}
	tag := r.s[r.off]
	r.off++
	switch tag {
	case binTagS:
		s, err := r.str()
		return Value{Kind: KindS, S: s}, err
	case binTagN:
		s, err := r.str()
		if err == nil && !binIsNumberText(s) {
			err = r.errorf("malformed number %q", s)
		}
		return Value{Kind: KindN, S: s}, err
	case binTagB:
		b, err := r.bytes()
		return Value{Kind: KindB, B: b}, err
	case binTagFalse, binTagTrue:
		return Value{Kind: KindBOOL, Bool: tag == binTagTrue}, nil
	case binTagNULL:
		return Null(), nil
	case binTagL, binTagM:
		return r.nested(tag)
	case binTagSS, binTagNS:
		return r.strSet(tag)
	case binTagBS:
		return r.binSet()
	}
	return Value{}, r.errorf("unknown type tag 0x%02x", tag)
}

// nested reads the payload of an L or M value.
func (r *binReader) nested(tag byte) (Value, error) {
	if r.depth++; r.depth > binMaxDepth {
		return Value{}, r.errorf("nesting deeper than %d", binMaxDepth)
	}
	defer func() { r.depth-- }()
	if tag == binTagM {
		m, err := r.fields()
		return Value{Kind: KindM, M: m}, err
	}
	n, err := r.count(1)
	if err != nil {
		return Value{}, err
	}
	l := make([]Value, n)
	for i := range l {
		if l[i], err = r.value(); err != nil {
			return Value{}, err
		}
	}
	return Value{Kind: KindL, L: l}, nil
}

func (r *binReader) strSet(tag byte) (Value, error) {
	n, err := r.count(1)
	if err != nil {
		return Value{}, err
	}
	v := Value{Kind: KindSS, Strs: make([]string, n)}
	if tag == binTagNS {
		v.Kind = KindNS
	}
	for i := range v.Strs {
		if v.Strs[i], err = r.str(); err != nil {
			return Value{}, err
		}
		if v.Kind == KindNS && !binIsNumberText(v.Strs[i]) {
			return Value{}, r.errorf("malformed number %q", v.Strs[i])
		}
	}
	return v, nil
}

func (r *binReader) binSet() (Value, error) {
	n, err := r.count(1)
	if err != nil {
		return Value{}, err
	}
	v := Value{Kind: KindBS, Bins: make([][]byte, n)}
	for i := range v.Bins {
		if v.Bins[i], err = r.bytes(); err != nil {
			return Value{}, err
		}
	}
	return v, nil
}

// binIsNumberText reports whether s has the shape of a normalised number:
// -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?, and not "-0".
func binIsNumberText(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
		if s == "0" {
			return false
		}
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || (i > 1 && s[0] == '0') {
		return false
	}
	if i == len(s) {
		return true
	}
	frac := s[i+1:]
	if s[i] != '.' || frac == "" || frac[len(frac)-1] == '0' {
		return false
	}
	for j := 0; j < len(frac); j++ {
		if frac[j] < '0' || frac[j] > '9' {
			return false
		}
	}
	return true
}

package attr

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
	"unicode/utf8"
	"unsafe"
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
	e.object(item, appendString)
	return e.buf
}

// AppendItemMapJSON appends item exactly as encoding/json, with HTML
// escaping off, encodes an Item (a map[string]Value): null for a nil item,
// and otherwise AppendItemJSON's form, except that the attribute names are
// escaped as encoding/json escapes map keys, which also writes U+2028 and
// U+2029 as \u2028 and \u2029 (values are MarshalJSON's, which
// encoding/json copies). Like MarshalJSON, it fails on a zero Value at any
// depth, leaving dst unchanged. The HTTP layer's encoders use it to write
// the bytes encoding/json would, without its reflection and copies.
func AppendItemMapJSON(dst []byte, item Item) ([]byte, error) {
	if item == nil {
		return append(dst, "null"...), nil
	}
	e := encoder{buf: dst}
	e.object(item, AppendGoString)
	if e.bad {
		return dst, errMarshalZero
	}
	return e.buf, nil
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
		e.object(v.M, appendString)
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

// object writes m with its names written by name.
func (e *encoder) object(m map[string]Value, name func([]byte, string) []byte) {
	var buf [32]string // on the stack: no allocation for up to 32 names
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = name(e.buf, k)
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

// plainASCII marks the bytes that stand for themselves in a JSON string:
// ASCII but for control characters, quote and backslash.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Masks of the bytes of a word, for specialBytes.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// specialBytes returns, for the eight bytes of w (the first in the lowest
// bits), a mask whose lowest set bit is the high bit of the first byte that
// is not plainASCII (a control character, quote, backslash or a byte of
// UTF-8 beyond ASCII), and 0 when every byte is plain. Bits above the
// lowest may be set for plain bytes, so only the lowest is meaningful.
//
// Per byte b: b-0x20 has its high bit set when b < 0x20, b itself when
// b >= 0x80, and (b^c)-1 when b == c, or when b^c >= 0x81, which means
// b >= 0x80 anyway. A borrow carries into the next byte only out of a
// byte that is flagged, so it cannot flag a byte below the first.
func specialBytes(w uint64) uint64 {
	return ((w - 0x20*lowBits) | w | ((w ^ '"'*lowBits) - lowBits) | ((w ^ '\\'*lowBits) - lowBits)) & highBits
}

// skipPlain returns the index of the first byte of b at or after i that is
// not plainASCII; if there is none, len(b), or i if i is past it. It reads
// sixteen or eight bytes at a time (specialBytes), and the last few one by
// one.
func skipPlain(b []byte, i int) int {
	for ; i+16 <= len(b); i += 16 {
		m0 := specialBytes(binary.LittleEndian.Uint64(b[i:]))
		m1 := specialBytes(binary.LittleEndian.Uint64(b[i+8:]))
		if m0 != 0 {
			return i + bits.TrailingZeros64(m0)>>3
		}
		if m1 != 0 {
			return i + 8 + bits.TrailingZeros64(m1)>>3
		}
	}
	if i+8 <= len(b) {
		if m := specialBytes(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(b) && plainASCII[b[i]] {
		i++
	}
	return i
}

// appendString appends s as a JSON string, escaping as AWS's serializer does:
// quote, backslash and control characters only; invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte { return appendJSONString(dst, s, false) }

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

// AppendGoString appends s as a JSON string exactly as encoding/json writes
// a string with HTML escaping off: quote, backslash and control characters
// escaped (\b \f \n \r \t, others \u00xx), invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 as \u2028 and \u2029 (which appendString, AWS's form
// for attribute values, leaves alone).
func AppendGoString(dst []byte, s string) []byte { return appendJSONString(dst, s, true) }

// appendJSONString appends s as a JSON string: quote, backslash and control
// characters escaped, invalid UTF-8 as \ufffd, and with lineSeps U+2028 and
// U+2029 as \u2028 and \u2029. Runs of plain bytes are skipped a word at a
// time (skipPlain).
func appendJSONString(dst []byte, s string, lineSeps bool) []byte {
	dst = append(dst, '"')
	b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	start := 0
	for i := skipPlain(b, 0); i < len(s); i = skipPlain(b, i) {
		c := s[i] // not plainASCII
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = appendEscape(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case lineSeps && (r == '\u2028' || r == '\u2029'):
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

package keycodec

import (
	"fmt"

	"github.com/basalt-db/basalt/internal/attr"
)

// Type tags: the first byte of an encoded key attribute value. They are
// ASCII letters so that hex dumps read well. A table's key attributes have
// one type each, so the tags never need to order values of different types
// against each other.
const (
	tagB byte = 'B' // 0x42
	tagN byte = 'N' // 0x4E
	tagS byte = 'S' // 0x53
)

// Escaping of S and B bodies: a 0x00 byte is written as 0x00 0xFF, and the
// body ends with 0x00 0x01. No other byte follows a 0x00.
const (
	escByte    byte = 0x00
	escEscaped byte = 0xFF
	escTerm    byte = 0x01
)

// AppendValue appends the order-preserving encoding of the key attribute
// value v (S, N or B) to dst:
//
//	S: 'S' | esc(UTF-8 bytes) | 0x00 0x01
//	B: 'B' | esc(bytes)       | 0x00 0x01
//	N: 'N' | number encoding (see appendNumber)
//
// where esc writes each 0x00 as 0x00 0xFF. For two values a and b of the
// same type, bytes.Compare(enc(a), enc(b)) is DynamoDB's sort-key order (S
// and B bytewise, N numerically), and enc(a) is never a proper prefix of
// enc(b). N values may be in any syntax attr.NormalizeNumber accepts; equal
// numbers encode identically. On error AppendValue returns dst unchanged and
// ErrUnsupportedType or an attr number error (wrapped).
func AppendValue(dst []byte, v attr.Value) ([]byte, error) {
	switch v.Kind {
	case attr.KindS:
		return appendEscaped(append(dst, tagS), v.S), nil
	case attr.KindB:
		return appendEscaped(append(dst, tagB), v.B), nil
	case attr.KindN:
		out, err := appendNumber(append(dst, tagN), v.S)
		if err != nil {
			return dst, fmt.Errorf("keycodec: number %q: %w", v.S, err)
		}
		return out, nil
	default:
		return dst, fmt.Errorf("%w: %q", ErrUnsupportedType, v.Kind.String())
	}
}

// DecodeValue decodes one key attribute value from the front of b and
// returns it with the bytes that follow it. The returned value does not
// alias b. It returns a wrapped ErrCorrupt if b does not start with a
// canonical encoding.
func DecodeValue(b []byte) (v attr.Value, rest []byte, err error) {
	if len(b) == 0 {
		return attr.Value{}, nil, fmt.Errorf("%w: missing value", ErrCorrupt)
	}
	switch b[0] {
	case tagS:
		body, rest, err := decodeEscaped(b[1:])
		return attr.Str(string(body)), rest, err
	case tagB:
		body, rest, err := decodeEscaped(b[1:])
		return attr.Bin(body), rest, err
	case tagN:
		s, rest, err := decodeNumber(b[1:])
		return attr.Num(s), rest, err
	default:
		return attr.Value{}, nil, fmt.Errorf("%w: unknown type tag 0x%02x", ErrCorrupt, b[0])
	}
}

// appendEscaped appends esc(s) | 0x00 0x01.
func appendEscaped[T string | []byte](dst []byte, s T) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == escByte {
			dst = append(dst, s[start:i+1]...)
			dst = append(dst, escEscaped)
			start = i + 1
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, escByte, escTerm)
}

// decodeEscaped reverses appendEscaped. The returned body is a fresh copy
// (never nil) and does not alias b.
func decodeEscaped(b []byte) (body, rest []byte, err error) {
	body = make([]byte, 0, escapedLen(b))
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] != escByte {
			continue
		}
		if i+1 == len(b) {
			break
		}
		switch b[i+1] {
		case escTerm:
			return append(body, b[start:i]...), b[i+2:], nil
		case escEscaped:
			body = append(body, b[start:i+1]...)
			start = i + 2
			i++
		default:
			return nil, nil, fmt.Errorf("%w: bad escape 0x00 0x%02x", ErrCorrupt, b[i+1])
		}
	}
	return nil, nil, fmt.Errorf("%w: unterminated string or binary", ErrCorrupt)
}

// escapedLen guesses the decoded length of an escaped body for allocation:
// the distance to the first 0x00, or len(b).
func escapedLen(b []byte) int {
	for i, c := range b {
		if c == escByte {
			return i
		}
	}
	return len(b)
}

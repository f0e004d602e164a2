package keycodec

import (
	"fmt"

	"github.com/basalt-db/basalt/internal/attr"
)

// Number encoding (after the 'N' tag). A non-zero number is ±0.d1d2…dn ×
// 10^(e+1), i.e. d1.d2…dn × 10^e with d1 ≠ 0 and dn ≠ 0, where e is the
// adjusted exponent (-130 … 125) and n ≤ 38:
//
//	negative: 0x01 | ^(e+130) | ^(p1+1) … ^(pk+1) | 0xFF
//	zero:     0x02
//	positive: 0x03 | e+130    | p1+1 … pk+1       | 0x00
//
// p1 … pk are the digits taken in pairs (p = 10·d_odd + d_even, 0 … 99), the
// last pair padded with a 0 digit when n is odd; ^ is bitwise complement.
// e+130 fits one byte exactly because DynamoDB's range is 1E-130 … 9.99E+125.
// Pair bytes are 1 … 100, so the terminator 0x00 sorts below every pair (a
// number that is a digit-prefix of another is smaller); for negatives all
// bytes are complemented so larger magnitudes sort first.
const (
	numNeg    byte = 0x01
	numZero   byte = 0x02
	numPos    byte = 0x03
	expBias        = 130
	maxExp         = 125
	maxDigits      = attr.MaxNumberDigits
	maxPairs       = (maxDigits + 1) / 2
)

// decimal is a parsed number: sign, adjusted exponent and the significant
// digits (ASCII) without leading or trailing zeros. n == 0 means zero.
type decimal struct {
	neg    bool
	exp    int
	n      int
	digits [maxDigits]byte
}

// appendNumber appends the encoding of the number text s. The plain form
// attr.FormatNumber produces is parsed without allocating; anything else is
// normalised through attr.NormalizeNumber first, which also reports syntax
// and range errors.
func appendNumber(dst []byte, s string) ([]byte, error) {
	var d decimal
	if !d.parsePlain(s) {
		n, err := attr.NormalizeNumber(s)
		if err != nil {
			return dst, err
		}
		if !d.parsePlain(n) {
			return dst, attr.ErrNumberSyntax
		}
	}
	return d.appendKey(dst), nil
}

func (d *decimal) appendKey(dst []byte) []byte {
	if d.n == 0 {
		return append(dst, numZero)
	}
	var flip byte // XOR mask: 0xFF complements negatives
	class, term := numPos, byte(0x00)
	if d.neg {
		flip, class, term = 0xFF, numNeg, 0xFF
	}
	dst = append(dst, class, byte(d.exp+expBias)^flip)
	for i := 0; i < d.n; i += 2 {
		p := (d.digits[i] - '0') * 10
		if i+1 < d.n {
			p += d.digits[i+1] - '0'
		}
		dst = append(dst, (p+1)^flip)
	}
	return append(dst, term)
}

// parsePlain parses -?[0-9]+(\.[0-9]+)? into d. It reports false for any
// other syntax and for numbers outside DynamoDB's digit and exponent limits.
func (d *decimal) parsePlain(s string) bool {
	*d = decimal{}
	if len(s) > 0 && s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			if frac == "" {
				return false
			}
			break
		}
	}
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) {
		return false
	}
	intPart = trimLeft(intPart)
	frac = trimRight(frac)
	if intPart == "" { // 0.00ddd: digits start after the leading zeros
		z := len(frac) - len(trimLeft(frac))
		d.exp, frac = -(z + 1), frac[z:]
	} else {
		d.exp = len(intPart) - 1
		if frac == "" {
			intPart = trimRight(intPart)
		}
	}
	if len(intPart)+len(frac) > maxDigits || d.exp > maxExp || d.exp < -expBias {
		return false
	}
	d.n = copy(d.digits[:], intPart)
	d.n += copy(d.digits[d.n:], frac)
	if d.n == 0 {
		d.neg, d.exp = false, 0
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func trimLeft(s string) string {
	for len(s) > 0 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

func trimRight(s string) string {
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}

// decodeNumber decodes a number encoding from the front of b and returns
// its normalised text (as attr.FormatNumber writes it) and the rest of b.
func decodeNumber(b []byte) (string, []byte, error) {
	if len(b) == 0 {
		return "", nil, fmt.Errorf("%w: missing number class", ErrCorrupt)
	}
	switch b[0] {
	case numZero:
		return "0", b[1:], nil
	case numPos, numNeg:
	default:
		return "", nil, fmt.Errorf("%w: bad number class 0x%02x", ErrCorrupt, b[0])
	}
	var d decimal
	rest, err := d.decodeKey(b)
	if err != nil {
		return "", nil, err
	}
	return d.format(), rest, nil
}

// decodeKey decodes a non-zero number starting at its class byte.
func (d *decimal) decodeKey(b []byte) ([]byte, error) {
	var flip byte
	if d.neg = b[0] == numNeg; d.neg {
		flip = 0xFF
	}
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: missing number exponent", ErrCorrupt)
	}
	d.exp = int(b[1]^flip) - expBias
	for i := 2; i < len(b); i++ {
		p := b[i] ^ flip
		if p == 0 { // terminator
			if err := d.checkDigits(); err != nil {
				return nil, err
			}
			return b[i+1:], nil
		}
		if p > 100 || d.n == maxDigits {
			return nil, fmt.Errorf("%w: bad number digits", ErrCorrupt)
		}
		p--
		d.digits[d.n], d.digits[d.n+1] = '0'+p/10, '0'+p%10
		d.n += 2
	}
	return nil, fmt.Errorf("%w: unterminated number", ErrCorrupt)
}

// checkDigits drops the padding digit and rejects non-canonical digits:
// none at all, a leading zero, or a trailing zero pair.
func (d *decimal) checkDigits() error {
	if d.n == 0 || d.digits[0] == '0' || (d.digits[d.n-2] == '0' && d.digits[d.n-1] == '0') {
		return fmt.Errorf("%w: non-canonical number digits", ErrCorrupt)
	}
	if d.digits[d.n-1] == '0' {
		d.n--
	}
	return nil
}

// format renders d in plain notation, as attr.FormatNumber does.
func (d *decimal) format() string {
	digits := d.digits[:d.n]
	buf := make([]byte, 0, d.n+expBias+3)
	if d.neg {
		buf = append(buf, '-')
	}
	switch {
	case d.exp >= d.n-1: // integer: digits then zeros
		buf = append(buf, digits...)
		buf = appendZeros(buf, d.exp-d.n+1)
	case d.exp < 0: // 0.000ddd
		buf = append(buf, '0', '.')
		buf = appendZeros(buf, -d.exp-1)
		buf = append(buf, digits...)
	default: // ddd.ddd
		buf = append(buf, digits[:d.exp+1]...)
		buf = append(buf, '.')
		buf = append(buf, digits[d.exp+1:]...)
	}
	return string(buf)
}

func appendZeros(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '0')
	}
	return b
}

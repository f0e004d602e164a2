package attr

import (
	"errors"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Number limits, as DynamoDB documents them: up to 38 significant digits, and a
// magnitude of 1E-130 to 9.9999999999999999999999999999999999999E+125.
const (
	MaxNumberDigits = 38
	minExponent     = -130 // smallest adjusted exponent of a non-zero number
	maxExponent     = 125  // largest adjusted exponent
)

// Number errors. Their text is the message AWS sends in the
// ValidationException for the same fault.
var (
	//lint:ignore ST1005 the text is AWS's exact message
	ErrNumberSyntax = errors.New("The parameter cannot be converted to a numeric value")
	//lint:ignore ST1005 the text is AWS's exact message
	ErrNumberDigits = errors.New("Attempting to store more than 38 significant digits in a Number")
	//lint:ignore ST1005 the text is AWS's exact message
	ErrNumberOverflow = errors.New("Number overflow. Attempting to store a number with magnitude larger than supported range")
	//lint:ignore ST1005 the text is AWS's exact message
	ErrNumberUnderflow = errors.New("Number underflow. Attempting to store a number with magnitude smaller than supported range")
)

// numberContext does exact arithmetic on valid numbers: two 38-digit numbers
// within range never need more precision than this to add exactly.
var numberContext = apd.Context{
	Precision:   300,
	MaxExponent: apd.MaxExponent,
	MinExponent: apd.MinExponent,
	Traps:       apd.DefaultTraps,
	Rounding:    apd.RoundHalfEven,
}

// ParseNumber parses the wire text of a number (decimal, optional sign,
// fraction and exponent) and checks it against DynamoDB's limits.
// It returns one of the Err* number errors above on failure.
func ParseNumber(s string) (*apd.Decimal, error) {
	t := strings.TrimSpace(s)
	if t == "" || !isNumberSyntax(t) {
		return nil, ErrNumberSyntax
	}
	d, _, err := apd.NewFromString(t)
	if err != nil || d.Form != apd.Finite {
		return nil, ErrNumberSyntax
	}
	if err := checkNumber(d); err != nil {
		return nil, err
	}
	return d, nil
}

// isNumberSyntax accepts only what DynamoDB accepts: digits with an optional
// sign, point and exponent. apd alone would also take "Inf", "NaN" and hex.
func isNumberSyntax(s string) bool {
	i := 0
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// checkNumber reduces d in place (strips trailing zeros) and checks digits and
// magnitude.
func checkNumber(d *apd.Decimal) error {
	d.Reduce(d)
	if d.IsZero() {
		d.Negative = false
		d.Exponent = 0
		return nil
	}
	adjusted := int64(d.Exponent) + d.NumDigits() - 1
	if adjusted > maxExponent {
		return ErrNumberOverflow
	}
	if adjusted < minExponent {
		return ErrNumberUnderflow
	}
	if d.NumDigits() > MaxNumberDigits {
		return ErrNumberDigits
	}
	return nil
}

// FormatNumber renders a checked number in DynamoDB's normalised form: plain
// notation (no exponent), no trailing fractional zeros, no leading '+', and
// "0" for any zero.
func FormatNumber(d *apd.Decimal) string {
	return d.Text('f')
}

// NormalizeNumber parses s and returns its normalised form ("1.50" → "1.5",
// "1E2" → "100", "-0" → "0").
func NormalizeNumber(s string) (string, error) {
	d, err := ParseNumber(s)
	if err != nil {
		return "", err
	}
	return FormatNumber(d), nil
}

// isNormalNumber reports, without parsing, whether s is a number already
// in its normalised form within DynamoDB's limits: NormalizeNumber(s) would
// return s itself. It may return false for some such numbers; callers then
// normalise.
func isNormalNumber(s string) bool {
	if !binIsNumberText(s) {
		return false
	}
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var digits, adjusted int
	switch {
	case whole != "0":
		adjusted = len(whole) - 1
		digits = len(whole) + len(frac)
		if frac == "" {
			digits = len(strings.TrimRight(whole, "0"))
		}
	case frac == "":
		return true // "0"
	default:
		lead := len(frac) - len(strings.TrimLeft(frac, "0"))
		adjusted = -lead - 1
		digits = len(frac) - lead
	}
	return digits <= MaxNumberDigits && adjusted >= minExponent && adjusted <= maxExponent
}

// AddNumbers returns a+b, and SubtractNumbers a-b, for normalised numbers,
// normalised. The result is checked against DynamoDB's limits.
func AddNumbers(a, b string) (string, error) { return arith(a, b, false) }

// SubtractNumbers returns a-b; see AddNumbers.
func SubtractNumbers(a, b string) (string, error) { return arith(a, b, true) }

func arith(a, b string, subtract bool) (string, error) {
	x, err := ParseNumber(a)
	if err != nil {
		return "", err
	}
	y, err := ParseNumber(b)
	if err != nil {
		return "", err
	}
	var r apd.Decimal
	if subtract {
		_, err = numberContext.Sub(&r, x, y)
	} else {
		_, err = numberContext.Add(&r, x, y)
	}
	if err != nil {
		return "", ErrNumberOverflow
	}
	if err := checkNumber(&r); err != nil {
		return "", err
	}
	return FormatNumber(&r), nil
}

// CompareNumbers compares two normalised numbers numerically: -1, 0 or +1.
// Malformed input compares as zero; callers hold only validated numbers.
func CompareNumbers(a, b string) int {
	if a == b {
		return 0
	}
	x, _, errX := apd.NewFromString(a)
	y, _, errY := apd.NewFromString(b)
	if errX != nil || errY != nil {
		return strings.Compare(a, b)
	}
	return x.Cmp(y)
}

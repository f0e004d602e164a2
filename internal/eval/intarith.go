package eval

import (
	"strconv"

	"github.com/basalt-db/basalt/internal/attr"
)

// Number arithmetic of updates (ADD, SET a = b + c), with a fast path for
// what counters hold: integers that fit in 18 digits, whose sum or
// difference an int64 holds exactly. Their normalised form (attr's) is
// strconv's: no sign but '-', no leading zeros, no "-0"; the result is then
// the same string attr.AddNumbers or attr.SubtractNumbers would return,
// without parsing into apd decimals. Anything else goes to attr.

// addNumbers is attr.AddNumbers.
func addNumbers(a, b string) (string, error) {
	if x, ok := smallInt(a); ok {
		if y, ok := smallInt(b); ok {
			return strconv.FormatInt(x+y, 10), nil
		}
	}
	return attr.AddNumbers(a, b)
}

// subtractNumbers is attr.SubtractNumbers.
func subtractNumbers(a, b string) (string, error) {
	if x, ok := smallInt(a); ok {
		if y, ok := smallInt(b); ok {
			return strconv.FormatInt(x-y, 10), nil
		}
	}
	return attr.SubtractNumbers(a, b)
}

// smallInt returns the integer s spells in normalised form, if it does in
// at most 18 digits: a magnitude under 1e18, so that sums and differences
// of two stay far inside int64 and DynamoDB's 38 digits.
func smallInt(s string) (int64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	digits := s
	if s[0] == '-' {
		digits = s[1:]
	}
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && (len(digits) > 1 || len(s) > 1) {
		return 0, false // empty, too long, a leading zero, or "-0"
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

package attr

import (
	"bytes"
	"strings"
)

// Equal reports whether a and b are equal as DynamoDB's "=" defines it:
// the same Kind, and then
//
//	N         numerically (1.50 equals 1.5)
//	S, B      bytewise
//	BOOL      same truth value; NULL always equals NULL
//	L         same length, elements pairwise Equal, in order
//	M         same keys, values pairwise Equal
//	SS NS BS  the same elements regardless of order (NS numerically)
//
// Values of different Kinds are never equal, and the zero Value equals
// nothing, not even another zero Value (a missing operand is unequal to
// everything). Equal never modifies its arguments.
func Equal(a, b Value) bool {
	if a.Kind != b.Kind || a.Kind == KindInvalid {
		return false
	}
	switch a.Kind {
	case KindS:
		return a.S == b.S
	case KindN:
		return cmpNumText(a.S, b.S) == 0
	case KindB:
		return bytes.Equal(a.B, b.B)
	case KindBOOL:
		return a.Bool == b.Bool
	case KindNULL:
		return true
	case KindL:
		return cmpEqualLists(a.L, b.L)
	case KindM:
		return cmpEqualMaps(a.M, b.M)
	case KindSS:
		return cmpEqualStrSets(a.Strs, b.Strs)
	case KindNS:
		return cmpEqualNumSets(a.Strs, b.Strs)
	case KindBS:
		return cmpEqualBinSets(a.Bins, b.Bins)
	}
	return false
}

// Compare orders a and b for the comparators <, <=, >, >= and BETWEEN.
// Only S with S (UTF-8 bytewise), N with N (numerically) and B with B
// (unsigned bytewise) are ordered; for any other pair ok is false and cmp 0.
// cmp is -1, 0 or +1.
func Compare(a, b Value) (cmp int, ok bool) {
	if a.Kind != b.Kind {
		return 0, false
	}
	switch a.Kind {
	case KindS:
		return strings.Compare(a.S, b.S), true
	case KindN:
		return cmpNumText(a.S, b.S), true
	case KindB:
		return bytes.Compare(a.B, b.B), true
	}
	return 0, false
}

func cmpEqualLists(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func cmpEqualMaps(a, b map[string]Value) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !Equal(av, bv) {
			return false
		}
	}
	return true
}

// cmpSmallSet is the set size up to which a quadratic scan beats building a
// map.
const cmpSmallSet = 8

// cmpEqualStrSets compares two string sets as sets. Sets hold no duplicates,
// so equal sizes plus inclusion is equality.
func cmpEqualStrSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) <= cmpSmallSet {
		for _, x := range a {
			if !cmpHasStr(b, x) {
				return false
			}
		}
		return true
	}
	seen := make(map[string]struct{}, len(b))
	for _, y := range b {
		seen[y] = struct{}{}
	}
	for _, x := range a {
		if _, ok := seen[x]; !ok {
			return false
		}
	}
	return true
}

// cmpEqualNumSets compares two number sets numerically. Normalised numbers
// are equal exactly when their text is, so large sets are matched on text
// first; a miss falls back to a numeric scan.
func cmpEqualNumSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	var seen map[string]struct{}
	if len(b) > cmpSmallSet {
		seen = make(map[string]struct{}, len(b))
		for _, y := range b {
			seen[y] = struct{}{}
		}
	}
	for _, x := range a {
		if _, ok := seen[x]; ok {
			continue
		}
		if !cmpHasNum(b, x) {
			return false
		}
	}
	return true
}

func cmpEqualBinSets(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) <= cmpSmallSet {
		for _, x := range a {
			if !cmpHasBin(b, x) {
				return false
			}
		}
		return true
	}
	seen := make(map[string]struct{}, len(b))
	for _, y := range b {
		seen[string(y)] = struct{}{}
	}
	for _, x := range a {
		if _, ok := seen[string(x)]; !ok {
			return false
		}
	}
	return true
}

func cmpHasStr(set []string, x string) bool {
	for _, y := range set {
		if y == x {
			return true
		}
	}
	return false
}

// cmpHasNum reports whether the number set holds a number numerically
// equal to n.
func cmpHasNum(set []string, n string) bool {
	for _, y := range set {
		if cmpNumText(y, n) == 0 {
			return true
		}
	}
	return false
}

// cmpHasBin reports whether the binary set holds b.
func cmpHasBin(set [][]byte, b []byte) bool {
	for _, y := range set {
		if bytes.Equal(y, b) {
			return true
		}
	}
	return false
}

// cmpNumText compares two numbers given as text. Numbers in
// normalised form (see FormatNumber) are compared directly on their digits,
// without parsing; anything else falls back to CompareNumbers.
func cmpNumText(a, b string) int {
	if a == b {
		return 0
	}
	na, okA := cmpSplitNum(a)
	nb, okB := cmpSplitNum(b)
	if !okA || !okB {
		return CompareNumbers(a, b)
	}
	if na.neg != nb.neg {
		if na.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(na, nb)
	if na.neg {
		return -c
	}
	return c
}

// cmpNum is a normalised number split into sign, integer digits and
// fraction digits.
type cmpNum struct {
	neg         bool
	whole, frac string
}

// cmpSplitNum splits s if it is in normalised form: an optional '-', an
// integer part without leading zeros (or exactly "0"), and an optional
// fraction without trailing zeros. "-0" is not normalised.
func cmpSplitNum(s string) (cmpNum, bool) {
	var c cmpNum
	if strings.HasPrefix(s, "-") {
		c.neg, s = true, s[1:]
	}
	c.whole, c.frac = s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		c.whole, c.frac = s[:i], s[i+1:]
		if c.frac == "" || c.frac[len(c.frac)-1] == '0' {
			return c, false
		}
	}
	if c.whole == "" || (len(c.whole) > 1 && c.whole[0] == '0') || !cmpAllDigits(c.whole) || !cmpAllDigits(c.frac) {
		return c, false
	}
	if c.neg && c.whole == "0" && c.frac == "" {
		return c, false
	}
	return c, true
}

func cmpAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cmpMagnitude compares |a| and |b|: a longer integer part is larger;
// equal lengths compare digit by digit; fractions (no trailing zeros)
// compare lexicographically.
func cmpMagnitude(a, b cmpNum) int {
	if len(a.whole) != len(b.whole) {
		if len(a.whole) < len(b.whole) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.whole, b.whole); c != 0 {
		return c
	}
	return strings.Compare(a.frac, b.frac)
}

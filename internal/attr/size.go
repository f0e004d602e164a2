package attr

import "strings"

// MaxItemSize is the largest item DynamoDB stores, in bytes as ItemSize
// counts them: 400 KB. The check itself, and its error, live in the service.
const MaxItemSize = 400 * 1024

// Size of the parts of documents, as DynamoDB counts them (Developer Guide,
// "DynamoDB item sizes and formats").
const (
	docOverhead     = 3 // an L or M, whatever its contents
	elementOverhead = 1 // each element of an L or M
	scalarOneByte   = 1 // BOOL and NULL
	maxNumberSize   = 21
)

// ItemSize returns the size of item as DynamoDB counts it against the item
// size limit and for capacity units: for every attribute, the UTF-8 length of
// its name plus Size of its value.
func ItemSize(item Item) int {
	n := 0
	for name, v := range item {
		n += len(name) + Size(v)
	}
	return n
}

// Size returns the size of v as DynamoDB counts it, without any attribute
// name:
//
//	S          UTF-8 bytes
//	N          see numberSize: 1 byte per pair of significant digits, +1
//	B          raw bytes (not base64)
//	BOOL, NULL 1
//	L          3 + for each element 1 + its size
//	M          3 + for each entry 1 + UTF-8 bytes of its key + its size
//	SS, NS, BS the sum of the members' sizes
//
// The zero Value has size 0.
func Size(v Value) int {
	switch v.Kind {
	case KindS:
		return len(v.S)
	case KindN:
		return numberSize(v.S)
	case KindB:
		return len(v.B)
	case KindBOOL, KindNULL:
		return scalarOneByte
	case KindL:
		n := docOverhead
		for _, e := range v.L {
			n += elementOverhead + Size(e)
		}
		return n
	case KindM:
		n := docOverhead
		for k, e := range v.M {
			n += elementOverhead + len(k) + Size(e)
		}
		return n
	case KindSS:
		return setSize(v.Strs, func(s string) int { return len(s) })
	case KindNS:
		return setSize(v.Strs, numberSize)
	case KindBS:
		n := 0
		for _, b := range v.Bins {
			n += len(b)
		}
		return n
	}
	return 0
}

func setSize(ss []string, size func(string) int) int {
	n := 0
	for _, s := range ss {
		n += size(s)
	}
	return n
}

// numberSize is the stored size of a number. DynamoDB keeps numbers as
// base-100 digits aligned on the decimal point (as Oracle's NUMBER does): one
// byte for the exponent, one per base-100 digit between the most and the
// least significant non-zero decimal digit, and one terminator byte for
// negative numbers, 21 bytes at most; zero takes 1 byte. So "12" is 2 bytes,
// "1.5" 3 (01.50), "-1" 3, "100" 2. This reproduces the Developer Guide's
// "(1 byte per two significant digits) + (1 byte)" and the item sizes of
// well-known calculators (dynalite's, zaccharles' dynamodb-calculator).
//
// s should be normalised; other valid number texts are normalised first, and
// text that is no number counts as its length.
func numberSize(s string) int {
	if strings.IndexByte(s, 'e') >= 0 || strings.IndexByte(s, 'E') >= 0 {
		n, err := NormalizeNumber(s)
		if err != nil {
			return len(s)
		}
		s = n
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	point := strings.IndexByte(s, '.')
	if point < 0 {
		point = len(s)
	}
	first, last := -1, -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '1' && s[i] <= '9' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 1 // zero
	}
	hi, lo := powerOfTen(first, point), powerOfTen(last, point)
	size := 1 + hi>>1 - lo>>1 + 1 // exponent byte + base-100 digits
	if neg {
		size++
	}
	return min(size, maxNumberSize)
}

// powerOfTen is the decimal exponent of the digit at index i of a plain
// number text whose decimal point is at index point (or len when absent).
func powerOfTen(i, point int) int {
	if i < point {
		return point - i - 1
	}
	return point - i
}

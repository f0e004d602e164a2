package attr

import (
	"math/rand/v2"
	"testing"
)

func TestNormalizeNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"1.50", "1.5", nil},
		{"1E2", "100", nil},
		{"-0", "0", nil},
		{"0.000", "0", nil},
		{"+7", "7", nil},
		{"-1.25e-2", "-0.0125", nil},
		{"1e125", "1" + zeros(125), nil},
		{"1e126", "", ErrNumberOverflow},
		{"1e-130", "0." + zeros(129) + "1", nil},
		{"1e-131", "", ErrNumberUnderflow},
		{"12345678901234567890123456789012345678", "12345678901234567890123456789012345678", nil},
		{"123456789012345678901234567890123456789", "", ErrNumberDigits},
		{"1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000", nil},
		{"abc", "", ErrNumberSyntax},
		{"NaN", "", ErrNumberSyntax},
		{"Infinity", "", ErrNumberSyntax},
		{"", "", ErrNumberSyntax},
		{"1e", "", ErrNumberSyntax},
		{".5", "0.5", nil},
		{"5.", "5", nil},
		{"0x10", "", ErrNumberSyntax},
	} {
		got, err := NormalizeNumber(tc.in)
		if err != tc.err || got != tc.want {
			t.Errorf("NormalizeNumber(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestArithmetic(t *testing.T) {
	if got, err := AddNumbers("0.1", "0.2"); err != nil || got != "0.3" {
		t.Errorf("0.1+0.2 = %q, %v", got, err)
	}
	if got, err := SubtractNumbers("5", "7.5"); err != nil || got != "-2.5" {
		t.Errorf("5-7.5 = %q, %v", got, err)
	}
	if _, err := AddNumbers("9.9999999999999999999999999999999999999e125", "9.9999999999999999999999999999999999999e125"); err != ErrNumberOverflow {
		t.Errorf("overflow: %v", err)
	}
	if CompareNumbers("10", "9") != 1 || CompareNumbers("-1", "0.5") != -1 || CompareNumbers("2", "2") != 0 {
		t.Error("CompareNumbers")
	}
}

// TestIsNormalNumber checks the fast path of normalisation against
// NormalizeNumber: whatever it accepts, NormalizeNumber leaves unchanged.
func TestIsNormalNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	check := func(s string) {
		if !isNormalNumber(s) {
			return
		}
		accepted++
		if n, err := NormalizeNumber(s); err != nil || n != s {
			t.Fatalf("isNormalNumber(%q) holds, but NormalizeNumber gives %q, %v", s, n, err)
		}
	}
	for _, s := range []string{"0", "-0", "1", "-1", "10", "100", "0.5", "-0.5", "0.05", "1.5", "1.50", "01",
		"1" + zeros(125), "1" + zeros(126), "0." + zeros(129) + "1", "0." + zeros(130) + "1",
		"12345678901234567890123456789012345678", "123456789012345678901234567890123456789",
		"1234567890123456789012345678901234567800000", "9.9", "1e5", "", "-", ".5", "5."} {
		check(s)
	}
	const digits = "0123456789"
	for range 200000 {
		var b []byte
		if r.IntN(2) == 0 {
			b = append(b, '-')
		}
		for range 1 + r.IntN(45) {
			b = append(b, digits[r.IntN(10)])
		}
		if r.IntN(2) == 0 {
			b = append(b, '.')
			for range r.IntN(45) {
				b = append(b, digits[r.IntN(10)])
			}
		}
		check(string(b))
		if n, err := NormalizeNumber(string(b)); err == nil {
			check(n)
		}
	}
	if accepted < 50000 {
		t.Fatalf("isNormalNumber accepted only %d numbers", accepted)
	}
	for _, s := range []string{"0", "7", "-12.5", "12345.678", "0.0125", "51.5074", "-0.1336"} {
		if !isNormalNumber(s) {
			t.Errorf("isNormalNumber(%q) = false", s)
		}
	}
}

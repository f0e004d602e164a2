package attr

import "testing"

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

package eval

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
)

// checkArith fails unless the fast path answers a+b and a-b as attr does.
func checkArith(t *testing.T, a, b string) {
	t.Helper()
	for _, c := range []struct {
		name      string
		fast, ref func(a, b string) (string, error)
	}{{"add", addNumbers, attr.AddNumbers}, {"subtract", subtractNumbers, attr.SubtractNumbers}} {
		got, err := c.fast(a, b)
		want, wantErr := c.ref(a, b)
		if got != want || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%s(%q, %q) = %q, %v; attr gives %q, %v", c.name, a, b, got, err, want, wantErr)
		}
	}
}

func TestIntArithMatchesAttr(t *testing.T) {
	edges := []string{"0", "1", "-1", "9", "10", "-10", "999999999999999999", "-999999999999999999",
		"1000000000000000000", "-1000000000000000000", "9223372036854775807", "-9223372036854775808",
		"99999999999999999999999999999999999999", "1.5", "-0.5", "1E+2", "0.1", "123456789012345678"}
	for _, a := range edges {
		for _, b := range edges {
			checkArith(t, a, b)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		width := r.IntN(19)
		n := r.Int64N(int64(1)<<62) % pow10(width)
		if r.IntN(2) == 0 {
			n = -n
		}
		m := r.Int64N(1000) - 500
		checkArith(t, strconv.FormatInt(n, 10), strconv.FormatInt(m, 10))
	}
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func TestSmallIntRefusesUnnormalised(t *testing.T) {
	for _, s := range []string{"", "-", "-0", "00", "01", "+1", "1.0", "1e2", " 1", "1 ", "--1", "1000000000000000000",
		"-1000000000000000000", "１"} {
		if n, ok := smallInt(s); ok {
			t.Errorf("smallInt(%q) = %d", s, n)
		}
	}
	for _, want := range []int64{0, 7, -7, 999999999999999999, -999999999999999999} { // 18 digits at most
		if n, ok := smallInt(strconv.FormatInt(want, 10)); !ok || n != want {
			t.Errorf("smallInt(%d) = %d, %v", want, n, ok)
		}
	}
}

// FuzzIntArith checks the fast path against attr on any pair of validated
// numbers.
func FuzzIntArith(f *testing.F) {
	f.Add("1", "0")
	f.Add("-999999999999999999", "999999999999999999")
	f.Add("12.5", "3")
	f.Fuzz(func(t *testing.T, a, b string) {
		na, err := attr.NormalizeNumber(a)
		if err != nil {
			return
		}
		nb, err := attr.NormalizeNumber(b)
		if err != nil {
			return
		}
		checkArith(t, na, nb)
	})
}

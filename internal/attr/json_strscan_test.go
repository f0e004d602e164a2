package attr

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// checkPlainStr fails unless plainStr reads the JSON text in as str does:
// the same string, error and end.
func checkPlainStr(t *testing.T, in string) {
	t.Helper()
	a, b := newDecoder([]byte(in)), newDecoder([]byte(in))
	got, err := a.plainStr()
	want, wantErr := b.str()
	if got != want || (err == nil) != (wantErr == nil) || a.pos != b.pos {
		t.Fatalf("plainStr(%q) = %q, %v at %d; str gives %q, %v at %d", in, got, err, a.pos, want, wantErr, b.pos)
	}
}

func TestPlainStrMatchesStr(t *testing.T) {
	// Every byte at every position of strings around the chunk size.
	for n := range 20 {
		for pos := range n {
			for c := range 256 {
				s := []byte(strings.Repeat("a", n))
				s[pos] = byte(c)
				checkPlainStr(t, `"`+string(s)+`"`)
				checkPlainStr(t, `"`+string(s)+`"  , `)
				checkPlainStr(t, `"`+string(s)) // unterminated
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcdefghijklmnopqrstuvwxyz0123456789 ~\x7f\"\\\x00\x1f\xc3\xa9\xe2\x80\xa8/"
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(10) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = alphabet[r.IntN(26)]
			}
		}
		checkPlainStr(t, `"`+string(b)+`"`)
	}
}

func TestPlainChunk(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			x := uint64(0)
			for i := 7; i >= 0; i-- {
				x = x<<8 | uint64(b[i])
			}
			want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
			if got := plainChunk(x); got != want {
				t.Errorf("plainChunk with %#x at %d = %v", c, pos, got)
			}
		}
	}
}

// FuzzPlainStr checks plainStr against str on any input.
func FuzzPlainStr(f *testing.F) {
	f.Add(`"abcdefghijklmnop"`)
	f.Add(`"abc\"def"`)
	f.Add("\"abcdefgh\xc3\xa9\"")
	f.Fuzz(func(t *testing.T, s string) {
		checkPlainStr(t, `"`+s)
	})
}

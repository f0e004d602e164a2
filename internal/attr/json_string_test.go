package attr

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// appendJSONStringBytewise is appendJSONString as it was before it skipped
// plain bytes a word at a time: the reference the fast one must match.
func appendJSONStringBytewise(dst []byte, s string, lineSeps bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plainASCII[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = appendEscape(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case lineSeps && (r == '\u2028' || r == '\u2029'):
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	for _, lineSeps := range []bool{false, true} {
		got := string(appendJSONString([]byte("x"), s, lineSeps))
		want := string(appendJSONStringBytewise([]byte("x"), s, lineSeps))
		if got != want {
			t.Fatalf("appendJSONString(%q, %v) = %q, want %q", s, lineSeps, got, want)
		}
	}
}

// TestAppendJSONStringWords checks the word-at-a-time escaper against the
// bytewise one: every single byte at every position of strings around a
// word long, and random strings of the bytes the escaper treats apart.
func TestAppendJSONStringWords(t *testing.T) {
	for n := 0; n <= 24; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := []byte(strings.Repeat("a", n))
				b[pos] = byte(c)
				checkJSONString(t, string(b))
				b[n-1-pos] = 0x20 // a borrow's neighbour
				checkJSONString(t, string(b))
			}
		}
	}
	pieces := []string{"a", "z", " ", "~", "\x7f", "\x00", "\x1f", "\x20", "\x21", "\"", "\\", "\n", "\t",
		"\x80", "\xff", "é", "€", "\u2028", "\u2029", "😀", "\xe2\x80", "\xf0\x9f"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(3) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				b.WriteString(strings.Repeat("q", rng.IntN(12)))
			}
		}
		checkJSONString(t, b.String())
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain ascii text, long enough", "quote\" back\\slash", "\x00\x1f\x7f", "é€😀\u2028\u2029", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSONString(t, s) })
}

// BenchmarkAppendJSONString measures escaping a ~1 KB string of lowercase
// letters and digits (the load generator's payload), and one of prose with
// some characters beyond ASCII.
func BenchmarkAppendJSONString(b *testing.B) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	plain := make([]byte, 975)
	for i := range plain {
		plain[i] = alphabet[(i*7+i/3)%len(alphabet)]
	}
	cases := []struct{ name, s string }{
		{"plain-975", string(plain)},
		{"prose", strings.Repeat("Ada Lovelace — “the Enchantress of Numbers”, née Byron. ", 16)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, 0, 4*len(c.s))
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				buf = appendJSONString(buf[:0], c.s, false)
			}
		})
		b.Run(c.name+"/bytewise", func(b *testing.B) {
			buf := make([]byte, 0, 4*len(c.s))
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				buf = appendJSONStringBytewise(buf[:0], c.s, false)
			}
		})
	}
}

package attr

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// strRawBytewise is strRaw one byte at a time, the reference for its word
// skipping.
func (d *decoder) strRawBytewise() (raw []byte, escaped bool, err error) {
	b := d.data
	start := d.pos + 1
	ascii := true
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			d.pos = i + 1
			raw = b[start:i]
			return raw, escaped || !ascii && !utf8.Valid(raw), nil
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			d.pos = i
			return nil, false, d.syntax()
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	d.pos = len(b)
	return nil, false, d.syntax()
}

// checkStrRaw fails unless strRaw reads the JSON text in (from its '"') as
// strRawBytewise does: the same bytes, escaped, error and end.
func checkStrRaw(t *testing.T, in string) {
	t.Helper()
	a, b := newDecoder([]byte(in)), newDecoder([]byte(in))
	got, esc, err := a.strRaw()
	want, wantEsc, wantErr := b.strRawBytewise()
	if string(got) != string(want) || esc != wantEsc || (err == nil) != (wantErr == nil) || a.pos != b.pos {
		t.Fatalf("strRaw(%q) = %q, %v, %v at %d; bytewise %q, %v, %v at %d",
			in, got, esc, err, a.pos, want, wantEsc, wantErr, b.pos)
	}
}

// TestStrRawWords checks the word-at-a-time scanner against the bytewise
// one: every byte at every position of strings around two words long, and
// random strings of the bytes the scanner treats apart.
func TestStrRawWords(t *testing.T) {
	for n := range 36 {
		for pos := range n {
			for c := range 256 {
				s := []byte(strings.Repeat("a", n))
				s[pos] = byte(c)
				checkStrRaw(t, `"`+string(s)+`"`)
				checkStrRaw(t, `"`+string(s)+`"  , `)
				checkStrRaw(t, `"`+string(s)) // unterminated
				s[n-1-pos] = '\\'
				checkStrRaw(t, `"`+string(s)+`"`)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcdefghijklmnopqrstuvwxyz0123456789 ~\x7f\"\\\x00\x1f\xc3\xa9\xe2\x80\xa8/"
	for range 20000 {
		b := make([]byte, r.IntN(60))
		for i := range b {
			if r.IntN(10) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = alphabet[r.IntN(26)]
			}
		}
		checkStrRaw(t, `"`+string(b)+`"`)
	}
}

// TestSkipPlain checks skipPlain against plainASCII, from every start, on
// strings with one byte of each value at each position.
func TestSkipPlain(t *testing.T) {
	for n := range 36 {
		for pos := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("a", n))
				b[pos] = byte(c)
				for i := 0; i <= n; i++ {
					want := i
					for want < n && plainASCII[b[want]] {
						want++
					}
					if got := skipPlain(b, i); got != want {
						t.Fatalf("skipPlain(%q, %d) = %d, want %d", b, i, got, want)
					}
				}
			}
		}
	}
}

// FuzzStrRaw checks strRaw against strRawBytewise on any input.
func FuzzStrRaw(f *testing.F) {
	f.Add(`abcdefghijklmnop"`)
	f.Add(`abc\"def"`)
	f.Add("abcdefgh\xc3\xa9\"")
	f.Fuzz(func(t *testing.T, s string) {
		checkStrRaw(t, `"`+s)
	})
}

// BenchmarkStrRaw measures scanning strings of ASCII (the load generator's
// payload and a short key), of text beyond ASCII, and of a mix, against
// the bytewise scan.
func BenchmarkStrRaw(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"ascii-975", strings.Repeat("q", 975)},
		{"ascii-8", "p0000123"},
		{"cjk", strings.Repeat("日本語テキスト", 40)},
		{"mixed", strings.Repeat("hello wörld, ", 60)},
	} {
		in := []byte(`"` + c.s + `"`)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				d := decoder{data: in}
				if _, _, err := d.strRaw(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/bytewise", func(b *testing.B) {
			for b.Loop() {
				d := decoder{data: in}
				if _, _, err := d.strRawBytewise(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

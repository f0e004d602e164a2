package attr

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// binFlatItem is a random item of scalar attributes, with strings long
// enough that some lengths take two bytes of varint, or three.
func binFlatItem(r *rand.Rand) Item {
	item := Item{}
	for range r.IntN(6) {
		name := strings.Repeat(string(rune('a'+r.IntN(26))), 1+r.IntN(3))
		switch r.IntN(6) {
		case 0:
			item[name] = Str(strings.Repeat("x", r.IntN(20000)))
		case 1:
			item[name] = Num([]string{"0", "-1.5", "123456789012345678901234567890", "1E+5", "0.001"}[r.IntN(5)])
		case 2:
			item[name] = Bin(make([]byte, r.IntN(300)))
		case 3:
			item[name] = Bool(r.IntN(2) == 0)
		case 4:
			item[name] = Null()
		default:
			item[name] = StrSet("a", "b")
		}
	}
	return item
}

// TestFlatItemSize checks EncodedItemSize's fast path against DecodeItem
// on flat items, intact and with a byte changed or cut off, and that it
// takes the items it is for.
func TestFlatItemSize(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		item := binFlatItem(r)
		b := AppendItem(nil, item)
		checkEncoded(t, b)
		if n, ok := flatItemSize(b); ok && n != ItemSize(item) {
			t.Fatalf("%x: flatItemSize %d, ItemSize %d", b, n, ItemSize(item))
		}
		c := append([]byte(nil), b...)
		if len(c) > 1 {
			c[1+r.IntN(len(c)-1)] ^= byte(1 + r.IntN(255))
		}
		checkEncoded(t, c)
		checkEncoded(t, b[:r.IntN(len(b)+1)])
		checkEncoded(t, append(b, 0))
	}
	workload := Item{"pk": Str("p0000123"), "sk": Str("s07"), "n": Num("0"), "data": Str(strings.Repeat("q", 975))}
	if n, ok := flatItemSize(AppendItem(nil, workload)); !ok || n != ItemSize(workload) {
		t.Errorf("flatItemSize of the workload's item = %d, %v; want %d, true", n, ok, ItemSize(workload))
	}
	for _, b := range [][]byte{
		{binVersion, 0x80, 0x00}, {binVersion, 1, 0x81, 0x00}, {binVersion, 1, 1, 'a', binTagS, 0x80, 0x00},
		{binVersion, 2, 1, 'b', binTagNULL, 1, 'a', binTagNULL}, {binVersion, 1, 1, 'a', binTagN, 2, '0', '1'},
	} {
		if _, ok := flatItemSize(b); ok {
			t.Errorf("flatItemSize took %x", b)
		}
		checkEncoded(t, b)
	}
}

func FuzzFlatItemSize(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 8 {
		f.Add(AppendItem(nil, binFlatItem(r)))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkEncoded(t, b) })
}

// BenchmarkEncodedItemSize measures sizing the load generator's ~1 KB
// item as stored (the fast path) and the benchmarks' nested one (the
// general walk).
func BenchmarkEncodedItemSize(b *testing.B) {
	workload := AppendItem(nil, Item{"pk": Str("p0000123"), "sk": Str("s07"), "n": Num("0"), "data": Str(strings.Repeat("q", 975))})
	for _, c := range []struct {
		name string
		b    []byte
	}{{"flat", workload}, {"nested", AppendItem(nil, binSample())}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := EncodedItemSize(c.b); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/general", func(b *testing.B) {
			for b.Loop() {
				r, _ := encodedReader(c.b)
				if _, err := r.fieldsSize(false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncodedItemJSON measures transcoding the load generator's item
// and the nested one.
func BenchmarkEncodedItemJSON(b *testing.B) {
	workload := AppendItem(nil, Item{"pk": Str("p0000123"), "sk": Str("s07"), "n": Num("0"), "data": Str(strings.Repeat("q", 975))})
	for _, c := range []struct {
		name string
		b    []byte
	}{{"flat", workload}, {"nested", AppendItem(nil, binSample())}} {
		buf := make([]byte, 0, 8192)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if buf, _ = AppendEncodedItemJSON(buf[:0], c.b); len(buf) == 0 {
					b.Fatal("no JSON")
				}
			}
		})
	}
}

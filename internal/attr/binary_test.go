package attr

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// binSample holds all ten types, empty values and nesting.
func binSample() Item {
	return Item{
		"s":     Str("héllo"),
		"empty": Str(""),
		"n":     Num("-12.5"),
		"big":   Num("1" + strings.Repeat("0", 125)),
		"b":     Bin([]byte{0, 1, 0xFF}),
		"b0":    Bin([]byte{}),
		"t":     Bool(true),
		"f":     Bool(false),
		"null":  Null(),
		"l":     List(Str("a"), Num("1"), List(), Map(Item{})),
		"m":     Map(Item{"x": Map(Item{"y": List(Bool(true), Null())})}),
		"ss":    StrSet("b", "a", ""),
		"ns":    NumSet("3", "0.001", "-7"),
		"bs":    BinSet([]byte{2}, []byte{1, 0}),
		"long":  Str(strings.Repeat("z", 300)),
		"":      Str("empty name"),
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	deep := Str("leaf")
	for range 32 {
		deep = List(Map(Item{"d": deep}))
	}
	for i, item := range []Item{{}, binSample(), {"deep": deep}, {"k": Str("v")}} {
		enc := AppendItem(nil, item)
		got, err := DecodeItem(enc)
		if err != nil {
			t.Fatalf("item %d: DecodeItem: %v", i, err)
		}
		if !binTestEqualItems(got, item) {
			t.Fatalf("item %d: round trip differs:\n%v\n%v", i, got, item)
		}
		if again := AppendItem([]byte("x"), got); !bytes.Equal(again[1:], enc) {
			t.Fatalf("item %d: re-encoding differs", i)
		}
	}
}

// TestBinaryLayout pins the format byte for byte.
func TestBinaryLayout(t *testing.T) {
	item := Item{
		"b": Bin([]byte{0xAB}), "n": Num("-1.5"), "s": Str("hi"), "t": Bool(true),
		"f": Bool(false), "z": Null(), "l": List(Num("7")), "m": Map(Item{"k": Str("")}),
		"ss": StrSet("x"), "ns": NumSet("2"), "bs": BinSet([]byte{1}),
	}
	want := "01" + "0b" + // version, 11 attributes in name order:
		"0162" + "0301ab" + // b: B ab
		"026273" + "0b" + "01" + "0101" + // bs: BS {01}
		"0166" + "04" + // f: false
		"016c" + "07" + "01" + "020137" + // l: L [N 7]
		"016d" + "08" + "01" + "016b" + "0100" + // m: M {k: S ""}
		"016e" + "0204" + "2d312e35" + // n: N -1.5
		"026e73" + "0a" + "01" + "0132" + // ns: NS {2}
		"0173" + "0102" + "6869" + // s: S hi
		"027373" + "09" + "01" + "0178" + // ss: SS {x}
		"0174" + "05" + // t: true
		"017a" + "06" // z: NULL
	if got := hex.EncodeToString(AppendItem(nil, item)); got != want {
		t.Errorf("AppendItem =\n%s\nwant\n%s", got, want)
	}
}

func TestBinaryCorrupt(t *testing.T) {
	valid := AppendItem(nil, binSample())
	for n := 0; n < len(valid); n++ {
		if _, err := DecodeItem(valid[:n]); !errors.Is(err, ErrCorruptItem) {
			t.Fatalf("prefix of %d bytes: error %v", n, err)
		}
	}
	nested := strings.Repeat("07"+"01", binMaxDepth+1) + "06"
	for _, tc := range []struct{ name, hex string }{
		{"version", "02" + "00"},
		{"trailing", "01" + "00" + "00"},
		{"overlong varint", "01" + "8000"},
		{"huge count", "01" + "ffffffffffffffffff01"},
		{"huge string", "01" + "01" + "01" + "61" + "01" + "ffffffff0f"},
		{"unknown tag", "01" + "01" + "0161" + "0c"},
		{"zero tag", "01" + "01" + "0161" + "00"},
		{"names out of order", "01" + "02" + "016206" + "016106"},
		{"duplicate names", "01" + "02" + "016106" + "016106"},
		{"bad number", "01" + "01" + "0161" + "02" + "01" + "78"},
		{"number -0", "01" + "01" + "0161" + "02" + "02" + "2d30"},
		{"number trailing zero", "01" + "01" + "0161" + "02" + "03" + "312e30"},
		{"number leading zero", "01" + "01" + "0161" + "02" + "02" + "3031"},
		{"bad NS element", "01" + "01" + "0161" + "0a" + "01" + "012b"},
		{"too deep", "01" + "01" + "0161" + nested},
	} {
		b, err := hex.DecodeString(tc.hex)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if _, err := DecodeItem(b); !errors.Is(err, ErrCorruptItem) {
			t.Errorf("%s: error %v; want ErrCorruptItem", tc.name, err)
		}
	}
}

func TestBinaryNumberText(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "0.5", "-0.5", "100", "12.034", "-0.0125"} {
		if !binIsNumberText(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"", "-", "-0", "00", "01", "1.", "1.0", ".5", "+1", "1e5", "1.2.3", "1-"} {
		if binIsNumberText(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestBinaryRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		item := binRandomItem(r, 0)
		enc := AppendItem(nil, item)
		got, err := DecodeItem(enc)
		if err != nil || !binTestEqualItems(got, item) {
			t.Fatalf("round trip of %v: %v, %v", item, got, err)
		}
	}
}

func binRandomItem(r *rand.Rand, depth int) Item {
	item := Item{}
	for range r.IntN(6) {
		item[binRandomString(r)] = binRandomValue(r, depth)
	}
	return item
}

func binRandomString(r *rand.Rand) string {
	return strings.Repeat(string(rune('a'+r.IntN(26))), r.IntN(4)) + fmt.Sprint(r.IntN(100))
}

func binRandomValue(r *rand.Rand, depth int) Value {
	nums := []string{"0", "1", "-1.5", "123456789012345678901234567890.12345678"}
	kind := Kind(1 + r.IntN(10))
	if depth > 3 && (kind == KindL || kind == KindM) {
		kind = KindS
	}
	switch kind {
	case KindS:
		return Str(binRandomString(r))
	case KindN:
		return Num(nums[r.IntN(len(nums))])
	case KindB:
		return Bin([]byte(binRandomString(r)))
	case KindBOOL:
		return Bool(r.IntN(2) == 0)
	case KindNULL:
		return Null()
	case KindL:
		return List(binRandomValue(r, depth+1), binRandomValue(r, depth+1))
	case KindM:
		return Map(binRandomItem(r, depth+1))
	case KindSS:
		return StrSet(binRandomString(r), "x")
	case KindNS:
		return NumSet(nums[:1+r.IntN(len(nums))]...)
	}
	return BinSet([]byte(binRandomString(r)), []byte{0})
}

// binTestEqual compares values structurally; nil and empty slices are equal.
func binTestEqual(a, b Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case KindS, KindN:
		return a.S == b.S
	case KindB:
		return bytes.Equal(a.B, b.B)
	case KindBOOL:
		return a.Bool == b.Bool
	case KindL:
		if len(a.L) != len(b.L) {
			return false
		}
		for i := range a.L {
			if !binTestEqual(a.L[i], b.L[i]) {
				return false
			}
		}
		return true
	case KindM:
		return binTestEqualItems(a.M, b.M)
	case KindSS, KindNS:
		return strings.Join(a.Strs, "\x00") == strings.Join(b.Strs, "\x00") && len(a.Strs) == len(b.Strs)
	case KindBS:
		if len(a.Bins) != len(b.Bins) {
			return false
		}
		for i := range a.Bins {
			if !bytes.Equal(a.Bins[i], b.Bins[i]) {
				return false
			}
		}
	}
	return true
}

func binTestEqualItems(a, b Item) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !binTestEqual(v, w) {
			return false
		}
	}
	return true
}

func FuzzDecodeItem(f *testing.F) {
	f.Add(AppendItem(nil, binSample()))
	f.Add(AppendItem(nil, Item{}))
	f.Add(AppendItem(nil, Item{"a": List(Map(Item{"b": NumSet("1", "2")}))}))
	f.Add([]byte{})
	f.Add([]byte{binVersion, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		item, err := DecodeItem(b)
		if err != nil {
			if !errors.Is(err, ErrCorruptItem) {
				t.Fatalf("error %v is not ErrCorruptItem", err)
			}
			return
		}
		if again := AppendItem(nil, item); !bytes.Equal(again, b) {
			t.Fatalf("non-canonical input accepted:\n%x\nre-encodes as\n%x", b, again)
		}
	})
}

// binBenchItem is a ~1 KB item of mixed types, like a typical user record.
func binBenchItem() Item {
	return Item{
		"pk":        Str("user#0001234567"),
		"sk":        Str("profile#2024-06-01T12:00:00Z"),
		"name":      Str("Ada Lovelace"),
		"email":     Str("ada@example.com"),
		"age":       Num("36"),
		"balance":   Num("-1234.5678"),
		"score":     Num("98.6"),
		"active":    Bool(true),
		"deleted":   Bool(false),
		"nickname":  Null(),
		"avatar":    Bin(bytes.Repeat([]byte{0xAB, 0x00}, 64)),
		"bio":       Str(strings.Repeat("Mathematician and writer. ", 14)),
		"tags":      StrSet("math", "engines", "poetry", "notes"),
		"lucky":     NumSet("7", "13", "42"),
		"keys":      BinSet([]byte("k1"), []byte("k2")),
		"addresses": List(binBenchAddress("home"), binBenchAddress("work")),
		"prefs":     Map(Item{"theme": Str("dark"), "lang": Str("en-GB"), "tz": Num("0"), "beta": Bool(true)}),
		"history":   List(Num("1"), Num("2"), Num("3"), Str("x"), Str("y"), Null()),
	}
}

func binBenchAddress(kind string) Value {
	return Map(Item{
		"kind": Str(kind), "street": Str("12 St James's Square"), "city": Str("London"),
		"zip": Str("SW1Y 4JH"), "geo": List(Num("51.5074"), Num("-0.1336")),
	})
}

func BenchmarkAppendItem(b *testing.B) {
	item := binBenchItem()
	buf := AppendItem(nil, item)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendItem(buf[:0], item)
	}
}

func BenchmarkDecodeItem(b *testing.B) {
	enc := AppendItem(nil, binBenchItem())
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeItem(enc); err != nil {
			b.Fatal(err)
		}
	}
}

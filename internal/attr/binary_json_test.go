package attr

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkEncoded fails unless AppendEncodedItemJSON and EncodedItemSize of b
// agree with DecodeItem followed by AppendItemMapJSON and ItemSize: the
// same output, or the same error.
func checkEncoded(t *testing.T, b []byte) {
	t.Helper()
	item, derr := DecodeItem(b)
	js, jerr := AppendEncodedItemJSON([]byte("x"), b)
	size, serr := EncodedItemSize(b)
	if derr != nil {
		if jerr == nil || jerr.Error() != derr.Error() || serr == nil || serr.Error() != derr.Error() {
			t.Fatalf("%x: DecodeItem fails with %v; AppendEncodedItemJSON with %v, EncodedItemSize with %v", b, derr, jerr, serr)
		}
		if string(js) != "x" {
			t.Fatalf("%x: AppendEncodedItemJSON changed dst on error: %q", b, js)
		}
		return
	}
	if jerr != nil || serr != nil {
		t.Fatalf("%x decodes, but AppendEncodedItemJSON fails with %v, EncodedItemSize with %v", b, jerr, serr)
	}
	want, err := AppendItemMapJSON([]byte("x"), item)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, want) {
		t.Fatalf("%x:\nAppendEncodedItemJSON %s\nAppendItemMapJSON     %s", b, js, want)
	}
	if size != ItemSize(item) {
		t.Fatalf("%x: EncodedItemSize %d, ItemSize %d", b, size, ItemSize(item))
	}
}

func TestEncodedItemMatchesDecoded(t *testing.T) {
	_, item := layerItem(t)
	tricky := Item{
		"line\u2028sep": Str("v\u2028\x00\"\\<&>\xff"), "b": Bin([]byte{0, 1, 2, 255}), "bs": BinSet([]byte{}, []byte{9}),
		"m":  Map(Item{"in\u2029ner": List(Num("-0.5"), Null(), Bool(false), Map(Item{}), List())}),
		"ns": NumSet("1", "100", "-12.5"), "ss": StrSet("", "é"), "e": Str(""),
	}
	for _, it := range []Item{{}, item, binSample(), tricky} {
		checkEncoded(t, AppendItem(nil, it))
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		checkEncoded(t, AppendItem(nil, binRandomItem(r, 0)))
	}
}

func TestEncodedItemCorrupt(t *testing.T) {
	valid := AppendItem(nil, binSample())
	for n := 0; n < len(valid); n++ {
		checkEncoded(t, valid[:n])
	}
	nested := strings.Repeat("07"+"01", binMaxDepth+1) + "06"
	for _, h := range []string{
		"", "02" + "00", "01" + "00" + "00", "01" + "8000", "01" + "ffffffffffffffffff01",
		"01" + "01" + "01" + "61" + "01" + "ffffffff0f", "01" + "01" + "0161" + "0c", "01" + "01" + "0161" + "00",
		"01" + "02" + "016206" + "016106", "01" + "02" + "016106" + "016106", "01" + "01" + "0161" + "02" + "01" + "78",
		"01" + "01" + "0161" + "02" + "02" + "2d30", "01" + "01" + "0161" + "0a" + "01" + "012b",
		"01" + "01" + "0161" + nested, "01" + "01" + "0161" + "08" + "02" + "016206" + "016106",
	} {
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		checkEncoded(t, b)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		b := AppendItem(nil, binRandomItem(r, 0))
		if len(b) > 1 {
			b[1+r.IntN(len(b)-1)] ^= byte(1 + r.IntN(255))
		}
		checkEncoded(t, b)
	}
}

func FuzzEncodedItem(f *testing.F) {
	f.Add(AppendItem(nil, binSample()))
	f.Add(AppendItem(nil, Item{"a": List(Map(Item{"b": NumSet("1", "2")}))}))
	f.Add([]byte{binVersion, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) { checkEncoded(t, b) })
}

package attr

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"
)

// checkOwned fails unless DecodeOwnedItem decodes b (a copy of it, handed
// over) exactly as DecodeItem does.
func checkOwned(t *testing.T, b []byte) {
	t.Helper()
	want, wantErr := DecodeItem(b)
	got, err := DecodeOwnedItem(bytes.Clone(b))
	if !reflect.DeepEqual(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("DecodeOwnedItem(%x) = %v, %v; DecodeItem gives %v, %v", b, got, err, want, wantErr)
	}
}

func TestDecodeOwnedItemMatches(t *testing.T) {
	valid := AppendItem(nil, binSample())
	for n := 0; n <= len(valid); n++ {
		checkOwned(t, valid[:n])
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		checkOwned(t, AppendItem(nil, binRandomItem(r, 0)))
	}
	// B values do not share the owned bytes: they may be modified.
	b := AppendItem(nil, Item{"b": Bin([]byte{1, 2, 3})})
	item, err := DecodeOwnedItem(b)
	if err != nil {
		t.Fatal(err)
	}
	item["b"].B[0] = 9
	if again, _ := DecodeItem(b); again["b"].B[0] != 1 {
		t.Fatal("a B value of DecodeOwnedItem shares the encoded bytes")
	}
}

// FuzzDecodeOwnedItem checks DecodeOwnedItem against DecodeItem.
func FuzzDecodeOwnedItem(f *testing.F) {
	f.Add(AppendItem(nil, binSample()))
	f.Add([]byte{})
	f.Add([]byte{binVersion, 0x80})
	f.Fuzz(checkOwned)
}

package keycodec

import (
	"bytes"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
)

// FuzzDecodeItemKey checks that DecodeItemKey never panics and accepts only
// canonical keys: whatever it decodes re-encodes to the same bytes.
func FuzzDecodeItemKey(f *testing.F) {
	for _, kv := range [][2]attr.Value{
		{attr.Str("user#1"), attr.Str("a\x00b")},
		{attr.Num("-42.5"), attr.Num("0")},
		{attr.Num("1E125"), attr.Num("-1E-130")},
		{attr.Bin([]byte{0, 0xFF}), attr.Num("123.456")},
	} {
		key, err := ItemKey(9, kv[0], &kv[1])
		if err != nil {
			f.Fatal(err)
		}
		f.Add(key)
		pk, _ := ItemKey(9, kv[0], nil)
		f.Add(pk)
	}
	f.Add([]byte{})
	f.Add([]byte{SpaceItems})
	f.Fuzz(func(t *testing.T, key []byte) {
		table, pk, sk, err := DecodeItemKey(key)
		if err != nil {
			return
		}
		again, err := ItemKey(table, pk, sk)
		if err != nil {
			t.Fatalf("re-encode of %x: %v", key, err)
		}
		if !bytes.Equal(again, key) {
			t.Fatalf("non-canonical key accepted:\n%x\nre-encodes as\n%x", key, again)
		}
	})
}

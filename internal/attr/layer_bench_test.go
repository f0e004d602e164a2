package attr

import (
	"testing"

	"github.com/basalt-db/basalt/internal/benchdata"
)

// The attribute-value layer on the benchmarks' ~1 KB item (see benchdata):
// its wire JSON both ways, validation, the storage encoding both ways, and
// the size count.

func layerItem(tb testing.TB) ([]byte, Item) {
	tb.Helper()
	data := []byte(benchdata.ItemJSON(benchdata.PK(123), 7))
	item, err := UnmarshalItem(data)
	if err != nil {
		tb.Fatal(err)
	}
	if err := ValidateItem(item); err != nil {
		tb.Fatal(err)
	}
	return data, item
}

func TestLayerItemSize(t *testing.T) {
	if _, item := layerItem(t); ItemSize(item) != benchdata.ItemBytes {
		t.Fatalf("ItemSize = %d, want benchdata.ItemBytes = %d", ItemSize(item), benchdata.ItemBytes)
	}
}

func BenchmarkItem1K(b *testing.B) {
	data, item := layerItem(b)
	enc := AppendItem(nil, item)
	b.Run("json-decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := UnmarshalItem(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-encode", func(b *testing.B) {
		b.ReportAllocs()
		buf := AppendItemJSON(nil, item)
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			buf = AppendItemJSON(buf[:0], item)
		}
	})
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := ValidateItem(item); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("size", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ItemSize(item)
		}
	})
	b.Run("binary-encode", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		buf := enc
		for b.Loop() {
			buf = AppendItem(buf[:0], item)
		}
	})
	b.Run("encoded-json", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = AppendEncodedItemJSON(buf[:0], enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoded-size", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := EncodedItemSize(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("binary-decode", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeItem(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

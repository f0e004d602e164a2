package keycodec

import (
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/benchdata"
)

// Key encoding for the benchmarks' table (see benchdata): pk S, sk N.
func BenchmarkItemKeyCodec(b *testing.B) {
	pk, sk := attr.Str(benchdata.PK(123)), attr.Num("7")
	key, err := ItemKey(42, pk, &sk)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ItemKey(42, pk, &sk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 64)
		for b.Loop() {
			if buf, err = AppendItemKey(buf[:0], 42, pk, &sk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, _, err := DecodeItemKey(key); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("partition-span", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := PartitionSpan(42, pk); err != nil {
				b.Fatal(err)
			}
		}
	})
}

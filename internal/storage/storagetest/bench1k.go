package storagetest

import (
	"context"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/benchdata"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// layerPartitions is how many partitions of benchdata.PartitionSize items
// the storage benchmarks load.
const layerPartitions = 100

// load1K loads layerPartitions partitions of the benchmarks' ~1 KB item
// into s, encoded and keyed as the service stores them, and closes s when
// b ends. It returns s, the item keys (by partition, then sort key) and
// the encoded item.
func load1K(b *testing.B, s storage.Store) (storage.Store, [][]byte, []byte) {
	b.Helper()
	b.Cleanup(func() { s.Close() })
	item, err := attr.UnmarshalItem([]byte(benchdata.ItemJSON(benchdata.PK(0), 0)))
	if err != nil {
		b.Fatal(err)
	}
	value := attr.AppendItem(nil, item)
	var keys [][]byte
	for p := range layerPartitions {
		for i := range benchdata.PartitionSize {
			sk := attr.Num(string(rune('0' + i)))
			k, err := keycodec.ItemKey(1, attr.Str(benchdata.PK(p)), &sk)
			if err != nil {
				b.Fatal(err)
			}
			keys = append(keys, k)
		}
	}
	if err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		for _, k := range keys {
			if err := tx.Set(k, value); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return s, keys, value
}

// Bench1K measures the storage operations of the item requests on the
// ~1 KB item in the store open returns (which must be empty; Bench1K
// closes it): get (a View
// with one Get), store-get (Store.Get, as GetItem reads), scan10 and
// store-scan10 (a View scanning one partition of 10 items, and Store.Scan
// doing so, as Query reads), set (an Update locked on the key writing it)
// and get-set (the same reading the old item first, as PutItem writes).
// The reads run first, before the writes add versions of the keys.
func Bench1K(b *testing.B, open func(b *testing.B) storage.Store) {
	s, keys, value := load1K(b, open(b))
	ctx := context.Background()
	b.Run("get", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			k := keys[i%len(keys)]
			i += 7
			if err := s.View(ctx, func(r storage.Reader) error {
				_, err := r.Get(k)
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store-get", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			k := keys[i%len(keys)]
			i += 7
			if _, err := s.Get(ctx, k); err != nil {
				b.Fatal(err)
			}
		}
	})
	viewScan := func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error {
		return s.View(ctx, func(r storage.Reader) error { return r.Scan(lower, upper, false, fn) })
	}
	storeScan := func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error {
		return s.Scan(ctx, lower, upper, false, fn)
	}
	b.Run("scan10", func(b *testing.B) { benchScan10(b, viewScan) })
	b.Run("store-scan10", func(b *testing.B) { benchScan10(b, storeScan) })
	for _, read := range []bool{false, true} {
		name := "set"
		if read {
			name = "get-set"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := keys[i%len(keys)]
				i += 7
				if err := s.Update(ctx, [][]byte{k}, func(tx storage.Txn) error {
					if read {
						if _, err := tx.Get(k); err != nil {
							return err
						}
					}
					return tx.Set(k, value)
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchScan10 scans loaded partitions, one per iteration, through scan.
func benchScan10(b *testing.B, scan func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error) {
	b.ReportAllocs()
	p := 0
	for b.Loop() {
		lower, upper, err := keycodec.PartitionSpan(1, attr.Str(benchdata.PK(p%layerPartitions)))
		if err != nil {
			b.Fatal(err)
		}
		p += 7
		n := 0
		if err := scan(lower, upper, func(_, _ []byte) (bool, error) {
			n++
			return true, nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != benchdata.PartitionSize {
			b.Fatalf("scanned %d items, want %d", n, benchdata.PartitionSize)
		}
	}
}

package storagetest

import (
	"context"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// Data1K is what Bench1K loads and reads: the benchmarks' ~1 KB item,
// encoded and keyed as the service stores it. The caller builds it
// (benchdata/benchkv does, for every backend alike), so that this package
// imports nothing above storage.
type Data1K struct {
	// Value is the encoded item, stored at every key.
	Value []byte
	// Keys are the item keys, by partition and then sort key: Partitions
	// partitions of len(Keys)/Partitions keys each.
	Keys       [][]byte
	Partitions int
	// Span returns the range [lower, upper) that holds exactly the keys of
	// partition p (0 <= p < Partitions). The scans call it every
	// iteration, as Query computes its range every request.
	Span func(p int) (lower, upper []byte, err error)
}

// load1K stores d's keys and value in s, and closes s when b ends.
func load1K(b *testing.B, s storage.Store, d Data1K) {
	b.Helper()
	b.Cleanup(func() { s.Close() })
	if err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		for _, k := range d.Keys {
			if err := tx.Set(k, d.Value); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
}

// Bench1K measures the storage operations of the item requests on the
// ~1 KB item of d in the store open returns (which must be empty; Bench1K
// loads d into it and closes it): get (a View with one Get), store-get
// (Store.Get, as GetItem reads), scan10 and store-scan10 (a View scanning
// one partition, and Store.Scan doing so, as Query reads), set (an Update
// locked on the key writing it) and get-set (the same reading the old item
// first, as PutItem writes). The reads run first, before the writes add
// versions of the keys.
func Bench1K(b *testing.B, open func(b *testing.B) storage.Store, d Data1K) {
	s := open(b)
	load1K(b, s, d)
	ctx := context.Background()
	keys := d.Keys
	b.Run("get", func(b *testing.B) {
		benchStride(b, len(keys), func(i int) {
			if err := s.View(ctx, func(r storage.Reader) error {
				_, err := r.Get(keys[i])
				return err
			}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("store-get", func(b *testing.B) {
		benchStride(b, len(keys), func(i int) {
			if _, err := s.Get(ctx, keys[i]); err != nil {
				b.Fatal(err)
			}
		})
	})
	viewScan := func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error {
		return s.View(ctx, func(r storage.Reader) error { return r.Scan(lower, upper, false, fn) })
	}
	storeScan := func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error {
		return s.Scan(ctx, lower, upper, false, fn)
	}
	b.Run("scan10", func(b *testing.B) { benchScan(b, d, viewScan) })
	b.Run("store-scan10", func(b *testing.B) { benchScan(b, d, storeScan) })
	for _, read := range []bool{false, true} {
		name := "set"
		if read {
			name = "get-set"
		}
		b.Run(name, func(b *testing.B) {
			benchStride(b, len(keys), func(i int) {
				k := keys[i]
				if err := s.Update(ctx, [][]byte{k}, func(tx storage.Txn) error {
					if read {
						if _, err := tx.Get(k); err != nil {
							return err
						}
					}
					return tx.Set(k, d.Value)
				}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// benchScan scans d's partitions, one per iteration, through scan.
func benchScan(b *testing.B, d Data1K, scan func(lower, upper []byte, fn func(k, v []byte) (bool, error)) error) {
	want := len(d.Keys) / d.Partitions
	benchStride(b, d.Partitions, func(p int) {
		lower, upper, err := d.Span(p)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if err := scan(lower, upper, func(_, _ []byte) (bool, error) {
			n++
			return true, nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != want {
			b.Fatalf("scanned %d items, want %d", n, want)
		}
	})
}

// benchStride runs b's loop, reporting allocations, and calls fn with
// index 0, 7, 14, … modulo n, one per iteration, so that consecutive
// iterations touch different partitions.
func benchStride(b *testing.B, n int, fn func(i int)) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		fn(i % n)
		i += 7
	}
}

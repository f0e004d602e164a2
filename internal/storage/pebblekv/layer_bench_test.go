package pebblekv

import (
	"testing"

	"github.com/basalt-db/basalt/internal/benchdata/benchkv"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/storagetest"
)

// BenchmarkStore1K runs storagetest.Bench1K on benchkv.Data1K, as memkv's
// benchmark of the same name does, on a store opened as the server opens
// it (partition prefixes), in memory and on disk (every write synced).
func BenchmarkStore1K(b *testing.B) {
	data := benchkv.Data1K(b)
	for _, mode := range []struct {
		name string
		opts func(b *testing.B) Options
	}{
		{"in-memory", func(*testing.B) Options { return Options{InMemory: true} }},
		{"disk-sync", func(b *testing.B) Options { return Options{Dir: b.TempDir()} }},
	} {
		b.Run(mode.name, func(b *testing.B) {
			storagetest.Bench1K(b, func(b *testing.B) storage.Store {
				opts := mode.opts(b)
				opts.Logger, opts.Prefixes = quietLogger(), keycodec.PartitionPrefixLen
				s, err := Open(opts)
				if err != nil {
					b.Fatal(err)
				}
				return s
			}, data)
		})
	}
}

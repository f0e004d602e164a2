// Package benchkv builds the data of the storage benchmarks
// (storagetest.Bench1K) from benchdata's item, encoded by attr and keyed
// by keycodec as the service stores it. It lives here, above storage, so
// that storagetest imports nothing above storage; only the storage
// backends' tests import it, and every backend's benchmark measures the
// same data.
package benchkv

import (
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/benchdata"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage/storagetest"
)

// Partitions is how many partitions of benchdata.PartitionSize items
// Data1K holds.
const Partitions = 100

// tableID is the table id the keys are encoded with.
const tableID = 1

// Data1K returns Partitions partitions of benchdata's ~1 KB item: the
// item encoded as the service stores it, its keys (by partition, then
// sort key) and the span of each partition as Query computes it.
func Data1K(tb testing.TB) storagetest.Data1K {
	tb.Helper()
	item, err := attr.UnmarshalItem([]byte(benchdata.ItemJSON(benchdata.PK(0), 0)))
	if err != nil {
		tb.Fatal(err)
	}
	d := storagetest.Data1K{
		Value:      attr.AppendItem(nil, item),
		Partitions: Partitions,
		Span: func(p int) (lower, upper []byte, err error) {
			return keycodec.PartitionSpan(tableID, attr.Str(benchdata.PK(p)))
		},
	}
	for p := range Partitions {
		for i := range benchdata.PartitionSize {
			sk := attr.Num(string(rune('0' + i)))
			k, err := keycodec.ItemKey(tableID, attr.Str(benchdata.PK(p)), &sk)
			if err != nil {
				tb.Fatal(err)
			}
			d.Keys = append(d.Keys, k)
		}
	}
	return d
}

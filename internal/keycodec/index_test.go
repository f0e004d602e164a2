package keycodec

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
)

// TestIndexEntryKeys checks the index key layout's contracts: entries of
// one index partition share its prefix, which PartitionPrefixLen finds;
// they order by sort key values, then by table key; and PartitionRange
// keeps every entry whose next sort key value satisfies the condition.
func TestIndexEntryKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	kinds := []attr.Kind{attr.KindS, attr.KindN, attr.KindB}
	for range 5000 {
		hks := make([]attr.Value, 1+r.IntN(4))
		for i := range hks {
			hks[i] = randValue(r, kinds[r.IntN(3)])
		}
		rk := randValue(r, attr.KindN)
		rk2 := randValue(r, attr.KindN)
		pk := randValue(r, attr.KindS)
		prefix, err := IndexPartitionPrefix(7, 3, hks)
		if err != nil {
			t.Fatal(err)
		}
		k1, _ := IndexEntryKey(7, 3, hks, []attr.Value{rk}, pk, nil)
		k2, _ := IndexEntryKey(7, 3, hks, []attr.Value{rk2}, randValue(r, attr.KindS), nil)
		if n, ok := PartitionPrefixLen(k1); !ok || n != len(prefix) || !bytes.HasPrefix(k1, prefix) {
			t.Fatalf("PartitionPrefixLen(%x) = %d, %v; prefix %x", k1, n, ok, prefix)
		}
		if c := compareValues(rk, rk2); c != 0 && sign(bytes.Compare(k1, k2)) != c {
			t.Fatalf("entries of sort keys %v, %v order %d", rk, rk2, bytes.Compare(k1, k2))
		}
		lo, hi, err := PartitionRange(prefix, OpLE, rk, attr.Value{})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Compare(k1, lo) < 0 || bytes.Compare(k1, hi) >= 0 {
			t.Fatalf("entry with sort key %v outside its own <= range", rk)
		}
		lo, hi, _ = PartitionRange(prefix, OpGT, rk, attr.Value{})
		if bytes.Compare(k1, lo) >= 0 && bytes.Compare(k1, hi) < 0 {
			t.Fatalf("entry with sort key %v inside its own > range", rk)
		}
		if lo, hi := IndexSpan(7, 3); bytes.Compare(k1, lo) < 0 || bytes.Compare(k1, hi) >= 0 {
			t.Fatal("entry outside its index span")
		}
		seg := r.IntN(5)
		lo, hi, _ = IndexSegmentSpan(7, 3, len(hks), seg, 5)
		inSeg := bytes.Compare(k1, lo) >= 0 && bytes.Compare(k1, hi) < 0
		h := binary.BigEndian.Uint64(prefix[indexHeader-hashLen:])
		if want, _ := bits.Mul64(h, 5); (int(want) == seg) != inSeg {
			t.Fatalf("entry of hash %x in segment %d of 5: %v", h, seg, inSeg)
		}
	}
}

package keycodec

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
)

// TestPrefixLen checks that PrefixLen finds the partition prefix of every
// item key and treats everything else as all prefix.
func TestPrefixLen(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	kinds := []attr.Kind{attr.KindS, attr.KindN, attr.KindB}
	for range 20000 {
		table := r.Uint64()
		pk := randValue(r, kinds[r.IntN(3)])
		var sk *attr.Value
		if r.IntN(3) > 0 {
			v := randValue(r, kinds[r.IntN(3)])
			sk = &v
		}
		key, _ := ItemKey(table, pk, sk)
		prefix, _ := PartitionPrefix(table, pk)
		if got := PrefixLen(key); got != len(prefix) {
			t.Fatalf("PrefixLen(%x) = %d, want %d", key, got, len(prefix))
		}
		if got := PrefixLen(KeyAfter(key)); got != len(prefix) {
			t.Fatalf("PrefixLen(KeyAfter(%x)) = %d, want %d", key, got, len(prefix))
		}
		// Any shorter piece of a prefix is not a partition prefix.
		cut := prefix[:r.IntN(len(prefix))]
		if got := PrefixLen(cut); got != len(cut) {
			t.Fatalf("PrefixLen(%x) = %d, want %d", cut, got, len(cut))
		}
	}
	for _, k := range [][]byte{nil, {SpaceSystem}, SystemKey("txtoken/abc"), CatalogKey("000000000000", "us-east-1", "tbl"), TablePrefix(3)} {
		if got := PrefixLen(k); got != len(k) {
			t.Fatalf("PrefixLen(%x) = %d, want %d", k, got, len(k))
		}
	}
}

// TestPrefixOrder checks the comparer contract PrefixLen must meet: keys
// ordered bytewise are ordered by prefix, then by the rest.
func TestPrefixOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	kinds := []attr.Kind{attr.KindS, attr.KindN, attr.KindB}
	keys := [][]byte{SystemKey("format"), CatalogKey("000000000000", "us-east-1", "a"), TablePrefix(1), PrefixEnd(TablePrefix(1))}
	for range 2000 {
		pk := randValue(r, kinds[r.IntN(3)])
		sk := randValue(r, kinds[r.IntN(3)])
		k, _ := ItemKey(uint64(r.IntN(3)), pk, &sk)
		p, _ := PartitionPrefix(uint64(r.IntN(3)), pk)
		keys = append(keys, k, p, KeyAfter(k))
	}
	for i := range 20000 {
		a, b := keys[r.IntN(len(keys))], keys[(i*7919)%len(keys)]
		pa, pb := a[:PrefixLen(a)], b[:PrefixLen(b)]
		want := bytes.Compare(a, b)
		got := bytes.Compare(pa, pb)
		if got == 0 {
			got = bytes.Compare(a[len(pa):], b[len(pb):])
		}
		if got != want {
			t.Fatalf("order of %x and %x: by prefix then rest %d, bytewise %d", a, b, got, want)
		}
	}
}

package service

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestKeepEncoded checks that a page keeps every item it is given as it
// was, across chunks, whatever the sizes and the limit: no item is
// overwritten by a later one, and each has no room to grow into another.
func TestKeepEncoded(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for _, limit := range []int{0, 1, 3, 100, 1000} {
		for _, spread := range []int{1, 50, 5000} {
			p := &page{}
			var want [][]byte
			n := limit
			if n == 0 {
				n = 300
			}
			for i := range n {
				v := bytes.Repeat([]byte{byte(i)}, 1+rng.IntN(spread)+i%7)
				want = append(want, bytes.Clone(v))
				kept := p.keepEncoded(limit, v)
				clear(v) // the store's buffer, reused
				if !bytes.Equal(kept, want[i]) || cap(kept) != len(kept) {
					t.Fatalf("limit %d, spread %d: item %d kept as %d bytes (cap %d)", limit, spread, i, len(kept), cap(kept))
				}
				p.scanned++
				p.bytes += len(v)
			}
			if len(p.encoded) != len(want) {
				t.Fatalf("limit %d: %d items kept, want %d", limit, len(p.encoded), len(want))
			}
			for i := range want {
				if !bytes.Equal(p.encoded[i], want[i]) {
					t.Fatalf("limit %d, spread %d: item %d changed", limit, spread, i)
				}
			}
		}
	}
}

// TestChunkSize checks the chunks' sizes: room for 16 items of the size of
// this one at first, then the size of the page so far; with a limit, no
// more than the items left need at that size; never more than a page
// holds, nor less than the item. A large limit reserves no more at first
// than none does.
func TestChunkSize(t *testing.T) {
	for _, c := range []struct {
		limit, scanned, bytes, n int
		encoded                  bool
		want                     int
	}{
		{limit: 100, n: 1000, want: 16000},
		{limit: 100, scanned: 99, n: 1000, want: 1125},
		{limit: 1 << 20, n: 1000, want: 16000},
		{limit: 1000, n: 10, want: 4096},
		{limit: 3, n: 10, want: 33},
		{limit: 100, scanned: 30, n: 1000, encoded: true, bytes: 30000, want: 30000},
		{limit: 100, scanned: 80, n: 1000, encoded: true, bytes: 80000, want: 22500},
		{limit: 1 << 20, scanned: 5000, n: 1000, encoded: true, bytes: 5 << 20, want: maxPageBytes},
		{limit: 1, n: maxPageBytes * 2, want: maxPageBytes * 2},
		{n: 1000, want: 16000},
		{n: 10, want: 4096},
		{n: 1000, encoded: true, bytes: 50000, want: 50000},
		{n: 70000, encoded: true, bytes: 50000, want: 70000},
		{n: 1000, encoded: true, bytes: 5 << 20, want: maxPageBytes},
	} {
		p := &page{scanned: c.scanned, bytes: c.bytes}
		if c.encoded {
			p.encoded = [][]byte{}
		}
		if got := p.chunkSize(c.limit, c.n); got != c.want {
			t.Errorf("%+v: chunkSize = %d, want %d", c, got, c.want)
		}
	}
}

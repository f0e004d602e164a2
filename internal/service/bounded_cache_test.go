package service

import (
	"strconv"
	"sync"
	"testing"
)

// TestBoundedCacheKeepsNewKeys checks that a full cache makes room by its
// oldest entries: a key put after many one-off keys is still there after a
// few more puts, whatever the keys' hashes.
func TestBoundedCacheKeepsNewKeys(t *testing.T) {
	const size = 64
	c := newBoundedCache[int](size)
	for i := range 100 * size {
		c.put("once-"+strconv.Itoa(i), i)
	}
	for h := range 20 {
		hot := "hot-" + strconv.Itoa(h)
		c.put(hot, h)
		for i := range 5 {
			c.put("after-"+strconv.Itoa(h)+"-"+strconv.Itoa(i), i)
		}
		if v, ok := c.get([]byte(hot)); !ok || v != h {
			t.Fatalf("%s: got %v, %v after 5 more puts into a cache of %d", hot, v, ok, size)
		}
	}
	if n := c.len(); n != size {
		t.Fatalf("the cache holds %d entries, want %d", n, size)
	}
}

// TestBoundedCacheFIFO checks the eviction order exactly, and that putting
// a key again neither replaces its value nor counts as a new entry.
func TestBoundedCacheFIFO(t *testing.T) {
	c := newBoundedCache[int](3)
	for i, k := range []string{"a", "b", "c", "a", "d"} {
		c.put(k, i)
	}
	for k, want := range map[string]int{"b": 1, "c": 2, "d": 4} {
		if v, ok := c.get([]byte(k)); !ok || v != want {
			t.Errorf("%s: got %v, %v; want %v", k, v, ok, want)
		}
	}
	if _, ok := c.get([]byte("a")); ok {
		t.Error("a, the oldest entry, is still there")
	}
	if n := c.len(); n != 3 {
		t.Errorf("the cache holds %d entries, want 3", n)
	}
}

// TestBoundedCacheConcurrent puts and gets from many goroutines, for the
// race detector, and checks the bound afterwards.
func TestBoundedCacheConcurrent(t *testing.T) {
	c := newBoundedCache[int](16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				k := strconv.Itoa((g*500 + i) % 40)
				c.put(k, i)
				c.get([]byte(k))
			}
		}()
	}
	wg.Wait()
	if n := c.len(); n > 16 {
		t.Fatalf("the cache holds %d entries, over 16", n)
	}
}

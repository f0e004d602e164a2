package memkv

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/benchdata/benchkv"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/storagetest"
)

func TestSuite(t *testing.T) {
	storagetest.RunSuite(t, func(t *testing.T) storage.Store { return New() })
}

// TestLockTableDrains checks that the lock table forgets keys once no
// Update holds or waits for them.
func TestLockTableDrains(t *testing.T) {
	s := New()
	defer s.Close()
	storagetest.CheckLocksDrain(t, s, s.locks.Len)
}

// TestSnapshotOutlivesCommits checks that a scan keeps reading the state
// it began with while commits replace, add and delete the keys it has yet
// to reach, and that the commits are all there afterwards.
func TestSnapshotOutlivesCommits(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	key := func(i int) []byte { return []byte("k" + strconv.Itoa(1000+i)) }
	set := func(i int, v string) {
		t.Helper()
		if err := s.Update(ctx, [][]byte{key(i)}, func(tx storage.Txn) error {
			if v == "" {
				return tx.Delete(key(i))
			}
			return tx.Set(key(i), []byte(v))
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 500 {
		set(i, "old")
	}
	seen := 0
	if err := s.Scan(ctx, nil, nil, false, func(k, v []byte) (bool, error) {
		if string(v) != "old" {
			t.Fatalf("scan saw %q = %q, want the value at its start", k, v)
		}
		if seen == 10 {
			for i := range 500 {
				switch i % 3 {
				case 0:
					set(i, "new")
				case 1:
					set(i, "")
				default:
					set(500+i, "added")
				}
			}
		}
		seen++
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	if seen != 500 {
		t.Fatalf("scan saw %d keys, want 500", seen)
	}
	if v, err := s.Get(ctx, key(0)); err != nil || string(v) != "new" {
		t.Fatalf("Get after the scan = %q, %v; want new", v, err)
	}
	if _, err := s.Get(ctx, key(1)); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get of a deleted key = %v, want ErrNotFound", err)
	}
}

// BenchmarkStore1K runs storagetest.Bench1K on benchkv.Data1K, as
// pebblekv's benchmark of the same name does.
func BenchmarkStore1K(b *testing.B) {
	storagetest.Bench1K(b, func(*testing.B) storage.Store { return New() }, benchkv.Data1K(b))
}

// FuzzLess checks that entries order as their keys do bytewise, whatever
// their 16-byte prefixes hold.
func FuzzLess(f *testing.F) {
	f.Add([]byte("a"), []byte("a\x00"))
	f.Add([]byte("0123456789abcdef"), []byte("0123456789abcdef\x00"))
	f.Add([]byte(""), []byte("\x00"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if got, want := less(keyEntry(a), keyEntry(b)), bytes.Compare(a, b) < 0; got != want {
			t.Fatalf("less(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}

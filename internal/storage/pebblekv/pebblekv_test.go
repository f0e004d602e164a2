package pebblekv

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/storagetest"
)

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func openTest(t *testing.T, opts Options) *Store {
	t.Helper()
	opts.Logger = quietLogger()
	s, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestSuiteInMemory(t *testing.T) {
	storagetest.RunSuite(t, func(t *testing.T) storage.Store {
		return openTest(t, Options{InMemory: true})
	})
}

func TestSuiteOnDisk(t *testing.T) {
	storagetest.RunSuite(t, func(t *testing.T) storage.Store {
		return openTest(t, Options{Dir: t.TempDir()})
	})
}

// twoBytePrefix treats the first two bytes of a key that starts with 'a' as
// its prefix: fixed-length prefixes always order consistently with
// bytewise order, and the suite's keys and bounds start with 'a' often.
func twoBytePrefix(key []byte) (int, bool) {
	if len(key) >= 2 && key[0] == 'a' {
		return 2, true
	}
	return 0, false
}

// TestSuitePrefixed runs the suite with prefixes, so that scans inside one
// prefix go through prefix seeks and bloom filters.
func TestSuitePrefixed(t *testing.T) {
	storagetest.RunSuite(t, func(t *testing.T) storage.Store {
		return openTest(t, Options{Dir: t.TempDir(), Prefixes: twoBytePrefix})
	})
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := openTest(t, Options{Dir: dir})
	for i := range 100 {
		k := []byte("key/" + strconv.Itoa(i))
		if err := s.Update(ctx, [][]byte{k}, func(tx storage.Txn) error {
			return tx.Set(k, []byte(strconv.Itoa(i)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Update(ctx, nil, func(tx storage.Txn) error { return tx.Delete([]byte("key/7")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTest(t, Options{Dir: dir})
	defer s.Close()
	err := s.View(ctx, func(r storage.Reader) error {
		n := 0
		if err := r.Scan([]byte("key/"), nil, false, func(k, v []byte) (bool, error) {
			n++
			return true, nil
		}); err != nil {
			return err
		}
		if n != 99 {
			t.Errorf("%d keys after reopen, want 99", n)
		}
		if v, err := r.Get([]byte("key/42")); err != nil || string(v) != "42" {
			t.Errorf("Get(key/42) = %q, %v", v, err)
		}
		if _, err := r.Get([]byte("key/7")); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Get(key/7) = %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRequiresDir(t *testing.T) {
	if _, err := Open(Options{Logger: quietLogger()}); err == nil {
		t.Fatal("Open with neither Dir nor InMemory succeeded")
	}
}

// TestLockTableDrains checks that the lock table forgets keys once no
// Update holds or waits for them.
func TestLockTableDrains(t *testing.T) {
	s := openTest(t, Options{InMemory: true})
	defer s.Close()
	storagetest.CheckLocksDrain(t, s, s.locks.Len)
}

func BenchmarkUpdate(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts Options
	}{
		{"sync", Options{Dir: b.TempDir()}},
		{"in-memory", Options{InMemory: true}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			mode.opts.Logger = quietLogger()
			s, err := Open(mode.opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			value := make([]byte, 256)
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					k := []byte("bench/" + strconv.Itoa(i))
					i++
					if err := s.Update(ctx, [][]byte{k}, func(tx storage.Txn) error {
						return tx.Set(k, value)
					}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkGet(b *testing.B) {
	s, err := Open(Options{InMemory: true, Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	const n = 10000
	value := make([]byte, 256)
	if err := s.Update(ctx, nil, func(tx storage.Txn) error {
		for i := range n {
			if err := tx.Set([]byte("bench/"+strconv.Itoa(i)), value); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		k := []byte("bench/" + strconv.Itoa(i%n))
		i++
		if err := s.View(ctx, func(r storage.Reader) error {
			_, err := r.Get(k)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}

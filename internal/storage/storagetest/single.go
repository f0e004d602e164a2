package storagetest

import (
	"context"
	"errors"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// testStoreGetScan checks Store.Get and Store.Scan, the single-read forms
// of View: they see what a View sees, own their results as Reader's
// methods do, honour ctx and fail after Close.
func testStoreGetScan(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, kv{"a", "1"}, kv{"b", "2"}, kv{"c", "3"})
	v, err := s.Get(ctx, []byte("b"))
	if err != nil || string(v) != "2" {
		t.Fatalf("Get(b) = %q, %v", v, err)
	}
	v[0] = 'x' // the caller's: the store must not care
	if v, err := s.Get(ctx, []byte("b")); err != nil || string(v) != "2" {
		t.Fatalf("Get(b) after changing the last result = %q, %v", v, err)
	}
	if _, err := s.Get(ctx, []byte("nope")); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get(nope): %v, want ErrNotFound", err)
	}
	for _, reverse := range []bool{false, true} {
		var got []string
		err := s.Scan(ctx, []byte("a"), []byte("c"), reverse, func(k, v []byte) (bool, error) {
			got = append(got, string(k)+"="+string(v))
			return true, nil
		})
		want := []string{"a=1", "b=2"}
		if reverse {
			want = []string{"b=2", "a=1"}
		}
		if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("Scan(a, c, reverse=%v) = %v, %v; want %v", reverse, got, err, want)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := s.Scan(ctx, nil, nil, false, func(_, _ []byte) (bool, error) { n++; return true, stop }); err != stop || n != 1 {
		t.Fatalf("Scan whose fn fails: %v after %d keys, want stop after 1", err, n)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Get(canceled, []byte("a")); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a canceled context: %v", err)
	}
	if err := s.Scan(canceled, nil, nil, false, func(_, _ []byte) (bool, error) {
		t.Error("Scan with a canceled context called fn")
		return false, nil
	}); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan with a canceled context: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.Get(ctx, []byte("a")); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Get after Close: %v, want ErrClosed", err)
	}
	if err := s.Scan(ctx, nil, nil, false, func(_, _ []byte) (bool, error) { return true, nil }); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Scan after Close: %v, want ErrClosed", err)
	}
}

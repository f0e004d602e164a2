package storagetest

import (
	"context"
	"errors"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// testTxnAfterUpdate checks that a Txn kept past the fn it was passed to,
// by Update or Transact, whether fn succeeded or failed, refuses every
// method and does nothing: it writes nothing, deletes nothing, reads
// nothing and calls no Scan callback.
func testTxnAfterUpdate(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, kv{"present", "v"})
	lockKeys := [][]byte{[]byte("k"), []byte("present")}
	errFn := errors.New("fn failed")
	for _, c := range []struct {
		name  string
		run   func(fn func(tx storage.Txn) error) error
		fnErr error
	}{
		{"Update", func(fn func(storage.Txn) error) error { return s.Update(ctx, lockKeys, fn) }, nil},
		{"failed Update", func(fn func(storage.Txn) error) error { return s.Update(ctx, lockKeys, fn) }, errFn},
		{"Transact", func(fn func(storage.Txn) error) error { return s.Transact(ctx, lockKeys, fn) }, nil},
		{"failed Transact", func(fn func(storage.Txn) error) error { return s.Transact(ctx, lockKeys, fn) }, errFn},
	} {
		var kept storage.Txn
		if err := c.run(func(tx storage.Txn) error {
			kept = tx
			return c.fnErr
		}); !errors.Is(err, c.fnErr) {
			t.Fatalf("%s returned %v, want %v", c.name, err, c.fnErr)
		}
		if err := kept.Set([]byte("k"), []byte("v")); err == nil {
			t.Errorf("Set after %s succeeded", c.name)
		}
		if err := kept.Delete([]byte("present")); err == nil {
			t.Errorf("Delete after %s succeeded", c.name)
		}
		for _, k := range []string{"k", "present"} {
			if v, err := kept.Get([]byte(k)); err == nil || errors.Is(err, storage.ErrNotFound) {
				t.Errorf("Get(%s) after %s = %q, %v; want a refusal", k, c.name, v, err)
			}
		}
		called := false
		if err := kept.Scan(nil, nil, false, func(_, _ []byte) (bool, error) {
			called = true
			return true, nil
		}); err == nil {
			t.Errorf("Scan after %s succeeded", c.name)
		}
		if called {
			t.Errorf("Scan after %s called its fn", c.name)
		}
		if _, err := s.Get(ctx, []byte("k")); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Get(k) after %s and a refused Set = %v, want ErrNotFound", c.name, err)
		}
		if v, ok := get(t, s, "present"); !ok || v != "v" {
			t.Fatalf("Get(present) after %s and a refused Delete = %q, %v; want v, true", c.name, v, ok)
		}
	}
}

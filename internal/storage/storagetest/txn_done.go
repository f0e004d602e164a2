package storagetest

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// testTxnAfterUpdate checks that a Txn kept past its Update refuses every
// method and writes nothing.
func testTxnAfterUpdate(t *testing.T, s storage.Store) {
	ctx := context.Background()
	var kept storage.Txn
	if err := s.Update(ctx, nil, func(tx storage.Txn) error {
		kept = tx
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := kept.Set([]byte("k"), []byte("v")); err == nil {
		t.Fatal("Set after Update succeeded")
	}
	if err := kept.Delete([]byte("k")); err == nil {
		t.Fatal("Delete after Update succeeded")
	}
	if _, err := kept.Get([]byte("k")); err == nil || errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get after Update = %v, want a refusal", err)
	}
	if err := kept.Scan(nil, nil, false, func(_, _ []byte) (bool, error) { return true, nil }); err == nil {
		t.Fatal("Scan after Update succeeded")
	}
	if _, err := s.Get(ctx, []byte("k")); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get(k) after a refused Set = %v, want ErrNotFound", err)
	}
}

// CheckLocksDrain runs 1,000 Updates on s, each locking its own key and
// one shared key, and then fails t unless held, which reports how many
// keys the backend's lock table holds an entry for, returns 0: a lock
// table must forget keys no Update holds or waits for, so that its memory
// is bounded by the keys in use, not by every key ever locked.
func CheckLocksDrain(t *testing.T, s storage.Store, held func() int) {
	t.Helper()
	ctx := context.Background()
	for i := range 1000 {
		k := []byte(strconv.Itoa(i))
		if err := s.Update(ctx, [][]byte{k, []byte("shared")}, func(tx storage.Txn) error {
			return tx.Set(k, nil)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n := held(); n != 0 {
		t.Fatalf("lock table holds %d entries after all Updates returned", n)
	}
}

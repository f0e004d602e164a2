package storagetest

import (
	"context"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

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

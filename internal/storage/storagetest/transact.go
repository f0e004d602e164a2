package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/storage"
)

// holdLock runs an Update (or a Transact) on key that blocks until release
// is closed, and returns once the lock is held, with a channel that
// receives the operation's result.
func holdLock(t *testing.T, s storage.Store, key string, transact bool, release <-chan struct{}) <-chan error {
	t.Helper()
	held := make(chan struct{})
	done := make(chan error, 1)
	run := s.Update
	if transact {
		run = s.Transact
	}
	go func() {
		done <- run(context.Background(), [][]byte{[]byte(key)}, func(tx storage.Txn) error {
			close(held)
			<-release
			return tx.Set([]byte(key), []byte("held"))
		})
	}()
	select {
	case <-held:
	case err := <-done:
		t.Fatalf("holding %q: %v", key, err)
	case <-time.After(10 * time.Second):
		t.Fatalf("holding %q: lock not taken", key)
	}
	return done
}

// testTransactConflict checks that a lock held by a Transact is never
// waited for: Update and Transact on it fail at once with a LockedError
// naming the key, and nothing is written; other keys are unaffected.
func testTransactConflict(t *testing.T, s storage.Store) {
	release := make(chan struct{})
	done := holdLock(t, s, "k", true, release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for name, run := range map[string]func(context.Context, [][]byte, func(storage.Txn) error) error{
		"Update": s.Update, "Transact": s.Transact,
	} {
		err := run(ctx, [][]byte{[]byte("a"), []byte("k")}, func(tx storage.Txn) error {
			return tx.Set([]byte("a"), []byte(name))
		})
		var le *storage.LockedError
		if !errors.As(err, &le) || string(le.Key) != "k" || !errors.Is(err, storage.ErrLockedByTransaction) {
			t.Fatalf("%s on a key a transaction holds: %v, want a LockedError for k", name, err)
		}
	}
	if _, ok := get(t, s, "a"); ok {
		t.Fatal("a conflicting Update or Transact wrote")
	}
	put(t, s, kv{"b", "free"}) // another key is not affected
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Once the transaction is over, its keys are free again.
	put(t, s, kv{"k", "after"})
	if v, _ := get(t, s, "k"); v != "after" {
		t.Fatalf("k = %q, want after", v)
	}
}

// testTransactWaitsForUpdate checks that a Transact waits for a lock held
// by an Update, then runs.
func testTransactWaitsForUpdate(t *testing.T, s storage.Store) {
	release := make(chan struct{})
	done := holdLock(t, s, "k", false, release)
	result := make(chan error, 1)
	go func() {
		result <- s.Transact(context.Background(), [][]byte{[]byte("k")}, func(tx storage.Txn) error {
			v, err := tx.Get([]byte("k"))
			if err != nil {
				return err
			}
			return tx.Set([]byte("k"), append(v, "+tx"...))
		})
	}()
	select {
	case err := <-result:
		t.Fatalf("Transact returned %v while an Update held its key", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	if v, _ := get(t, s, "k"); v != "held+tx" {
		t.Fatalf("k = %q, want held+tx", v)
	}
}

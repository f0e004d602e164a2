package keylock

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestCanceledWaiter checks that a waiter that gives up on its
// context leaves the lock usable and the table empty.
func TestCanceledWaiter(t *testing.T) {
	lt := New()
	keys := Normalize([][]byte{[]byte("b"), []byte("a"), []byte("b")})
	if len(keys) != 2 || string(keys[0]) != "a" {
		t.Fatalf("Normalize = %q, want [a b]", keys)
	}
	if err := lt.Acquire(context.Background(), keys[1:], false); err != nil { // hold b
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	// Takes a, then waits for b until ctx expires, then must give a back.
	if err := lt.Acquire(ctx, keys, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire of a held lock = %v, want DeadlineExceeded", err)
	}
	if n := lt.Len(); n != 1 {
		t.Fatalf("lock table holds %d entries, want 1 (b)", n)
	}
	lt.Release(keys[1:])
	if err := lt.Acquire(context.Background(), keys, false); err != nil {
		t.Fatal(err)
	}
	lt.Release(keys)
	if n := lt.Len(); n != 0 {
		t.Fatalf("lock table holds %d entries after release, want 0", n)
	}
}

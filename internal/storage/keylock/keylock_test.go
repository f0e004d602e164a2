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
	held, err := lt.Acquire(context.Background(), [][]byte{[]byte("b")}, false) // hold b
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	// Takes a, then waits for b until ctx expires, then must give a back.
	unsorted := [][]byte{[]byte("b"), []byte("a"), []byte("b")}
	if _, err := lt.Acquire(ctx, unsorted, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire of a held lock = %v, want DeadlineExceeded", err)
	}
	if n := lt.Len(); n != 1 {
		t.Fatalf("lock table holds %d entries, want 1 (b)", n)
	}
	lt.Release(held)
	keys, err := lt.Acquire(context.Background(), unsorted, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || string(keys[0]) != "a" || string(keys[1]) != "b" {
		t.Fatalf("Acquire locked %q, want [a b]", keys)
	}
	if string(unsorted[0]) != "b" || string(unsorted[1]) != "a" || string(unsorted[2]) != "b" {
		t.Fatalf("Acquire modified its argument: %q", unsorted)
	}
	lt.Release(keys)
	if n := lt.Len(); n != 0 {
		t.Fatalf("lock table holds %d entries after release, want 0", n)
	}
}

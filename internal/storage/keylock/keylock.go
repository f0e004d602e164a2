// Package keylock is the per-key lock table the storage backends share:
// Store.Update and Store.Transact lock the keys they read-check-write
// through it, as storage.Store's contract describes.
package keylock

import (
	"bytes"
	"context"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/basalt-db/basalt/internal/storage"
)

// lockShards is the number of independently locked shards of a Table.
// A power of two, so a hash maps onto a shard with a mask.
const lockShards = 64

// Table hands out exclusive locks on individual keys.
//
// The table is split into shards, each a mutex-guarded map from key to a
// reference-counted keyLock; the shard mutex is held only to find or create
// an entry, never while waiting for a key. An entry lives only while some
// goroutine holds or waits for it, so the table's memory is bounded by the
// number of keys currently in use, not by the number of keys ever locked.
//
// The zero value is not usable; call New.
type Table struct {
	seed   maphash.Seed
	shards [lockShards]lockShard
}

type lockShard struct {
	mu    sync.Mutex
	locks map[string]*keyLock
	free  []*keyLock // entries no goroutine refers to any more, for reuse
}

// maxFreeLocks bounds each shard's free list.
const maxFreeLocks = 8

// keyLock is one key's lock. sem holds a token while the lock is held, so a
// waiter can select on it together with ctx.Done(). refs counts holders and
// waiters, and txn is set while a transaction (Transact) holds the lock;
// both are guarded by the shard mutex.
type keyLock struct {
	sem  chan struct{}
	refs int
	txn  bool
}

// New returns an empty Table, ready for use.
func New() *Table {
	t := &Table{seed: maphash.MakeSeed()}
	for i := range t.shards {
		t.shards[i].locks = make(map[string]*keyLock)
	}
	return t
}

// normalize returns keys sorted in ascending bytewise order with
// duplicates removed. The input is not modified: the result is a new slice,
// or the input itself when it has one key (nothing to sort); the key slices
// themselves are shared with the input.
func normalize(keys [][]byte) [][]byte {
	if len(keys) <= 1 {
		return keys[:len(keys):len(keys)]
	}
	out := slices.Clone(keys)
	slices.SortFunc(out, bytes.Compare)
	return slices.CompactFunc(out, bytes.Equal)
}

// Acquire locks every key of keys, in any order and with any duplicates,
// and returns the keys it locked: keys sorted in ascending bytewise order
// with duplicates removed (a new slice unless keys has at most one key;
// keys and its key slices are not modified). It takes the locks in that
// order; because every caller takes its locks in the same global order,
// two callers can never wait for each other in a cycle.
//
// txn marks the locks as a transaction's. A key found held by a
// transaction is not waited for: Acquire releases the locks it already
// took and returns a *storage.LockedError for it. A waiter already waiting
// for a key goes on waiting should a transaction take the key first.
//
// If ctx is done before all locks are held, Acquire releases the locks it
// already took and returns ctx.Err(). On success the caller must call
// Release with the keys Acquire returned.
func (t *Table) Acquire(ctx context.Context, keys [][]byte, txn bool) ([][]byte, error) {
	keys = normalize(keys)
	for i, k := range keys {
		if err := t.lock(ctx, k, txn); err != nil {
			t.Release(keys[:i])
			return nil, err
		}
	}
	return keys, nil
}

// Release unlocks keys, as Acquire returned them: all held by the caller.
func (t *Table) Release(keys [][]byte) {
	for i := len(keys) - 1; i >= 0; i-- {
		t.unlock(keys[i])
	}
}

func (t *Table) shard(key []byte) *lockShard {
	return &t.shards[maphash.Bytes(t.seed, key)&(lockShards-1)]
}

// lock takes the lock on key, waiting until it is free or ctx is done;
// txn marks it as a transaction's. A key held by a transaction is not
// waited for: lock returns a *storage.LockedError.
func (t *Table) lock(ctx context.Context, key []byte, txn bool) error {
	s := t.shard(key)
	s.mu.Lock()
	l, ok := s.locks[string(key)]
	if !ok {
		if n := len(s.free); n > 0 {
			l, s.free = s.free[n-1], s.free[:n-1]
		} else {
			l = &keyLock{sem: make(chan struct{}, 1)}
		}
		s.locks[string(key)] = l
	}
	if l.txn {
		s.mu.Unlock()
		return &storage.LockedError{Key: key}
	}
	l.refs++
	s.mu.Unlock()

	if err := l.take(ctx); err != nil {
		s.drop(key, l)
		return err
	}
	if txn {
		s.mu.Lock()
		l.txn = true
		s.mu.Unlock()
	}
	return nil
}

// take waits for l's token or for ctx to be done.
func (l *keyLock) take(ctx context.Context) error {
	// Fast path: an uncontended lock does not look at ctx at all.
	select {
	case l.sem <- struct{}{}:
		return nil
	default:
	}
	select {
	case l.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// unlock releases the lock on key taken by lock.
func (t *Table) unlock(key []byte) {
	s := t.shard(key)
	s.mu.Lock()
	l := s.locks[string(key)]
	l.txn = false
	s.mu.Unlock()
	<-l.sem
	s.drop(key, l)
}

// drop gives up one reference to l and removes it from the shard when no
// goroutine holds or waits for it any more.
func (s *lockShard) drop(key []byte, l *keyLock) {
	s.mu.Lock()
	l.refs--
	if l.refs == 0 {
		// No goroutine refers to l now (its token is back, txn cleared):
		// the next new entry of the shard may reuse it.
		delete(s.locks, string(key))
		if len(s.free) < maxFreeLocks {
			s.free = append(s.free, l)
		}
	}
	s.mu.Unlock()
}

// Len returns the number of keys with an entry in the table: keys that are
// locked or waited for. For tests.
func (t *Table) Len() int {
	n := 0
	for i := range t.shards {
		s := &t.shards[i]
		s.mu.Lock()
		n += len(s.locks)
		s.mu.Unlock()
	}
	return n
}

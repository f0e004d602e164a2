// Package memkv is Basalt's in-memory storage backend: a storage.Store on
// an ordered B-tree in the process's memory (github.com/google/btree). It
// writes nothing to disk and everything is lost on Close; it exists so
// that an in-memory server pays for neither a write-ahead log nor the
// flushes and compactions an LSM tree runs in the background.
//
// Reads of the latest state hold a read lock for the length of one B-tree
// lookup; commits hold the write lock while they apply their batch. Scans
// and Views read a snapshot: a copy-on-write clone of the tree, taken on
// demand and shared by every reader until the next commit, so a long scan
// never holds up writers. Update and Transact lock their lock keys in the
// keylock table shared with pebblekv. See DESIGN.md in this directory.
package memkv

import (
	"bytes"
	"context"
	"encoding/binary"
	"sync"

	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/keylock"
	"github.com/basalt-db/basalt/internal/storage/opgate"
	"github.com/google/btree"
)

// degree is the B-tree's minimum degree: a node holds degree-1 to
// 2*degree-1 entries. 16 keeps nodes within a few cache lines of entry
// headers, so inserts move little memory and a commit after a snapshot
// copies little.
const degree = 16

// entry is one key-value pair in the tree. Key and value share one
// allocation, each with its capacity cut to its length, and are never
// modified once the entry is in a tree: snapshots share them. hi and lo
// hold the key's first 16 bytes (zero-padded, big-endian), so that most
// comparisons of a search end inside the node's own array instead of
// following two pointers to keys elsewhere in memory: a B-tree lookup's
// cost is those cache misses.
type entry struct {
	hi, lo     uint64
	key, value []byte
}

// keyEntry is the entry that searches for key.
func keyEntry(key []byte) entry {
	var p [16]byte
	copy(p[:], key)
	return entry{hi: binary.BigEndian.Uint64(p[:8]), lo: binary.BigEndian.Uint64(p[8:]), key: key}
}

// less orders entries bytewise by key. Zero-padded prefixes order as the
// keys do wherever they differ (the shorter key, padded, is the smaller
// one exactly when it is a prefix of the other), so only equal prefixes
// need the keys themselves.
func less(a, b entry) bool {
	if a.hi != b.hi {
		return a.hi < b.hi
	}
	if a.lo != b.lo {
		return a.lo < b.lo
	}
	return bytes.Compare(a.key, b.key) < 0
}

// newEntry copies key and value into one allocation.
func newEntry(key, value []byte) entry {
	buf := make([]byte, len(key)+len(value))
	n := copy(buf, key)
	copy(buf[n:], value)
	e := keyEntry(buf[:n:n])
	e.value = buf[n:]
	return e
}

// valueCopy returns a copy of e's value, for a caller that owns it
// (storage.Reader.Get's result): entries in a tree are never modified.
func (e entry) valueCopy() []byte {
	return append(make([]byte, 0, len(e.value)), e.value...)
}

// Store is an in-memory storage.Store. All methods are safe for
// concurrent use.
type Store struct {
	locks *keylock.Table

	// mu guards tree and snap: held for reading by a lookup of the latest
	// state, for writing by a commit and by taking a snapshot.
	mu   sync.RWMutex
	tree *btree.BTreeG[entry]
	snap *btree.BTreeG[entry] // a clone of tree as it is now, or nil after a commit

	gate opgate.Gate
}

var _ storage.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{locks: keylock.New(), tree: btree.NewG(degree, less)}
}

// latest returns a copy of the value at key in the latest committed state.
func (s *Store) latest(key []byte) ([]byte, error) {
	s.mu.RLock()
	e, ok := s.tree.Get(keyEntry(key))
	s.mu.RUnlock()
	if !ok {
		return nil, storage.ErrNotFound
	}
	return e.valueCopy(), nil
}

// snapshot returns a tree that holds the latest committed state and that
// nothing will modify: the shared clone taken since the last commit, or a
// new one. Cloning is O(1); the commits after it copy the nodes they change
// instead of changing them in place.
func (s *Store) snapshot() *btree.BTreeG[entry] {
	s.mu.RLock()
	snap := s.snap
	s.mu.RUnlock()
	if snap != nil {
		return snap
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap == nil {
		s.snap = s.tree.Clone()
	}
	return s.snap
}

// View runs fn against a snapshot. It returns ctx.Err() without calling fn
// if ctx is already done, storage.ErrClosed after Close, and otherwise
// fn's error.
func (s *Store) View(ctx context.Context, fn func(r storage.Reader) error) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	return fn(snapshotReader{s.snapshot()})
}

// Get implements storage.Store.Get: one lookup in the latest state.
func (s *Store) Get(ctx context.Context, key []byte) ([]byte, error) {
	if err := s.gate.Enter(ctx); err != nil {
		return nil, err
	}
	defer s.gate.Leave()
	return s.latest(key)
}

// Scan implements storage.Store.Scan over a snapshot.
func (s *Store) Scan(ctx context.Context, lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	return scan(s.snapshot(), lower, upper, reverse, fn)
}

// Update implements storage.Store.Update. It locks the lock keys in
// ascending order (waiting at most until ctx is done), runs fn, applies
// fn's writes at once under the write lock, so no reader sees part of
// them, and unlocks. The Txn reads the latest committed state, not its own
// writes. An Update that writes nothing changes nothing.
func (s *Store) Update(ctx context.Context, lockKeys [][]byte, fn func(tx storage.Txn) error) error {
	return s.update(ctx, lockKeys, false, fn)
}

// Transact implements storage.Store.Transact: Update with locks marked as
// a transaction's (see keylock.Table.Acquire).
func (s *Store) Transact(ctx context.Context, lockKeys [][]byte, fn func(tx storage.Txn) error) error {
	return s.update(ctx, lockKeys, true, fn)
}

func (s *Store) update(ctx context.Context, lockKeys [][]byte, transaction bool, fn func(tx storage.Txn) error) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	keys, err := s.locks.Acquire(ctx, lockKeys, transaction)
	if err != nil {
		return err
	}
	defer s.locks.Release(keys)

	tx := &txn{s: s}
	err = fn(tx)
	tx.done = true
	if err != nil {
		return err
	}
	s.commit(tx.writes)
	return nil
}

// commit applies writes in order under the write lock and retires the
// snapshot they make stale.
func (s *Store) commit(writes []write) {
	if len(writes) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range writes {
		if w.delete {
			s.tree.Delete(w.entry)
		} else {
			s.tree.ReplaceOrInsert(w.entry)
		}
	}
	s.snap = nil
}

// Close waits for every operation in progress to return, then drops the
// data. Operations started after Close begins, and Close itself when
// called again, return storage.ErrClosed.
func (s *Store) Close() error {
	if err := s.gate.Close(); err != nil {
		return err
	}
	s.mu.Lock()
	s.tree, s.snap = btree.NewG(degree, less), nil
	s.mu.Unlock()
	return nil
}

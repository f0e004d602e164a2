package memkv

import (
	"bytes"
	"errors"

	"github.com/basalt-db/basalt/internal/storage"
	"github.com/google/btree"
)

// snapshotReader implements storage.Reader over a tree nothing modifies.
type snapshotReader struct {
	t *btree.BTreeG[entry]
}

// Get returns a copy of the value at key, or storage.ErrNotFound.
func (r snapshotReader) Get(key []byte) ([]byte, error) {
	e, ok := r.t.Get(keyEntry(key))
	if !ok {
		return nil, storage.ErrNotFound
	}
	return e.valueCopy(), nil
}

// Scan implements storage.Reader.Scan.
func (r snapshotReader) Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	return scan(r.t, lower, upper, reverse, fn)
}

// scan visits the keys of t in [lower, upper) (no upper bound when upper
// is nil), ascending or descending, until fn returns false or an error.
// fn sees the tree's own slices: they are never modified, but fn must not
// modify them either (storage.Reader's k and v are read-only).
func scan(t *btree.BTreeG[entry], lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	var err error
	visit := func(e entry) bool {
		var more bool
		more, err = fn(e.key, e.value)
		return more && err == nil
	}
	switch {
	case !reverse && upper == nil:
		t.AscendGreaterOrEqual(keyEntry(lower), visit)
	case !reverse:
		t.AscendRange(keyEntry(lower), keyEntry(upper), visit)
	default:
		// Descending from upper, which DescendLessOrEqual includes: only
		// the first entry can be upper itself (keys are unique), so only
		// it is compared with upper. Every entry is compared with lower
		// by less, which its hi and lo mostly settle.
		lo, first := keyEntry(lower), upper != nil
		below := func(e entry) bool {
			if first {
				first = false
				if bytes.Equal(e.key, upper) {
					return true
				}
			}
			if less(e, lo) {
				return false
			}
			return visit(e)
		}
		if upper == nil {
			t.Descend(below)
		} else {
			t.DescendLessOrEqual(keyEntry(upper), below)
		}
	}
	return err
}

// errTxnDone is returned by a txn's methods after its Update has returned.
var errTxnDone = errors.New("memkv: transaction used after Update returned")

// write is one Set or Delete of a txn.
type write struct {
	entry
	delete bool
}

// txn implements storage.Txn: reads see the latest committed state, writes
// are kept in order until Update commits them. A txn is not safe for
// concurrent use and is only valid while Update's fn runs.
type txn struct {
	s      *Store
	writes []write
	done   bool
}

var _ storage.Txn = (*txn)(nil)

// Get implements storage.Reader.Get; it does not see the txn's own writes.
func (t *txn) Get(key []byte) ([]byte, error) {
	if t.done {
		return nil, errTxnDone
	}
	return t.s.latest(key)
}

// Scan implements storage.Reader.Scan over a snapshot of the latest
// committed state; it does not see the txn's own writes.
func (t *txn) Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	if t.done {
		return errTxnDone
	}
	return scan(t.s.snapshot(), lower, upper, reverse, fn)
}

// Set stores a copy of key and value when the Update commits.
func (t *txn) Set(key, value []byte) error {
	if t.done {
		return errTxnDone
	}
	t.writes = append(t.writes, write{entry: newEntry(key, value)})
	return nil
}

// Delete removes key when the Update commits.
func (t *txn) Delete(key []byte) error {
	if t.done {
		return errTxnDone
	}
	t.writes = append(t.writes, write{entry: newEntry(key, nil), delete: true})
	return nil
}

package pebblekv

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/basalt-db/basalt/internal/storage"
	"github.com/cockroachdb/pebble/v2"
)

// reader implements storage.Reader over a pebble.Reader: a *pebble.Snapshot
// for View, the *pebble.DB itself for Update.
type reader struct {
	r        pebble.Reader
	prefixes func([]byte) (int, bool) // Options.Prefixes; nil: none
}

var _ storage.Reader = reader{}

// Get returns a copy of the value at key, or storage.ErrNotFound.
func (r reader) Get(key []byte) ([]byte, error) {
	v, closer, err := r.r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, storage.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("pebblekv: get: %w", err)
	}
	// v is only valid until closer.Close; the caller owns what we return.
	out := make([]byte, len(v))
	copy(out, v)
	if err := closer.Close(); err != nil {
		return nil, fmt.Errorf("pebblekv: get: %w", err)
	}
	return out, nil
}

// withinPrefix reports whether every key of [lower, upper) starts with
// the prefix lower starts with.
func (r reader) withinPrefix(lower, upper []byte) bool {
	if r.prefixes == nil || upper == nil {
		return false
	}
	n, ok := r.prefixes(lower)
	if !ok {
		return false
	}
	end := prefixEnd(lower[:n])
	return end != nil && bytes.Compare(upper, end) <= 0
}

// prefixEnd returns the smallest key greater than every key starting with
// prefix, or nil if there is none.
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Scan implements storage.Reader.Scan with a bounded pebble iterator. The
// iterator reads one point-in-time state of r, so a single Scan is always
// consistent, even on the DB itself. An error from fn is returned as is;
// errors from Pebble are wrapped.
func (r reader) Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) (err error) {
	if upper != nil && bytes.Compare(lower, upper) >= 0 {
		return nil // empty range; Pebble leaves inverted bounds undocumented
	}
	if len(lower) == 0 {
		// Same range, but Pebble v2.1.7 built with invariants (e.g. under
		// -race) indexes lower[0] when lower is non-nil, and panics on an
		// empty one (testingDisableSeekOpt in iterator.go).
		lower = nil
	}
	it, err := r.r.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return fmt.Errorf("pebblekv: scan: %w", err)
	}
	defer func() {
		if cerr := it.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("pebblekv: scan: %w", cerr)
		}
	}()
	step := it.Next
	valid := false
	switch {
	case reverse:
		step = it.Prev
		valid = it.Last()
	case r.withinPrefix(lower, upper):
		// Every key of the range has lower's prefix: a prefix seek consults
		// the bloom filters and skips the sstables without that prefix.
		valid = it.SeekPrefixGE(lower)
	default:
		valid = it.First()
	}
	for ; valid; valid = step() {
		// Values may live out of line (blob files), so fetching one can fail;
		// Iterator.Value is deprecated in Pebble v2 for that reason.
		v, verr := it.ValueAndErr()
		if verr != nil {
			return fmt.Errorf("pebblekv: scan: %w", verr)
		}
		more, ferr := fn(it.Key(), v)
		if ferr != nil || !more {
			return ferr
		}
	}
	if ierr := it.Error(); ierr != nil {
		return fmt.Errorf("pebblekv: scan: %w", ierr)
	}
	return nil
}

// errTxnDone is returned by a txn's methods after its Update has returned.
var errTxnDone = errors.New("pebblekv: transaction used after Update returned")

// txn implements storage.Txn. Reads go to the DB and see the latest
// committed state; writes go into one batch that Update commits. A txn is
// not safe for concurrent use and is only valid while Update's fn runs.
type txn struct {
	reader
	batch *pebble.Batch
	done  bool
}

var _ storage.Txn = (*txn)(nil)

// Get implements storage.Reader.Get; it does not see the txn's own writes.
func (t *txn) Get(key []byte) ([]byte, error) {
	if t.done {
		return nil, errTxnDone
	}
	return t.reader.Get(key)
}

// Scan implements storage.Reader.Scan; it does not see the txn's own writes.
func (t *txn) Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	if t.done {
		return errTxnDone
	}
	return t.reader.Scan(lower, upper, reverse, fn)
}

// Set adds a write of value at key to the batch. The batch copies both
// slices, so the caller may reuse them at once.
func (t *txn) Set(key, value []byte) error {
	if t.done {
		return errTxnDone
	}
	if err := t.batch.Set(key, value, nil); err != nil {
		return fmt.Errorf("pebblekv: set: %w", err)
	}
	return nil
}

// Delete adds a deletion of key to the batch.
func (t *txn) Delete(key []byte) error {
	if t.done {
		return errTxnDone
	}
	if err := t.batch.Delete(key, nil); err != nil {
		return fmt.Errorf("pebblekv: delete: %w", err)
	}
	return nil
}

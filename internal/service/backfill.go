package service

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// Backfill: writing the entries of a global secondary index added by
// UpdateTable for the items that existed before it.
//
// The index is in the table's snapshot, CREATING, from the moment
// UpdateTable publishes it, so every item write from then on maintains its
// entry (index_maint.go). The backfill walks the table's items in key
// order, backfillBatch keys at a time; for each batch it locks the items'
// keys with storage.Update, re-reads each item under the lock and sets its
// entry. A concurrent write of one of those items therefore either
// committed before (the backfill re-reads its result) or waits until the
// batch commits (and then maintains the entry itself): no write is lost.
// Entries are idempotent (same key, same value), so a backfill that is
// interrupted and run again, at the next New, writes nothing wrong. When
// every item is visited, Backfilling becomes false and the index is ACTIVE
// after Options.TransitionDelay.

// backfillBatch is how many items one backfill transaction visits.
const backfillBatch = 256

// errBackfillStale stops a backfill whose index or table is gone.
var errBackfillStale = errors.New("service: backfill target gone")

// backfillJob names the index a backfill writes: index ordinal of the
// table named name in ns, as long as that table has id.
type backfillJob struct {
	ns      catalog.Namespace
	name    string
	id      uint64
	ordinal uint16
}

func newBackfillJob(t *catalog.Table, ix *catalog.Index) backfillJob {
	return backfillJob{ns: t.Namespace, name: t.Name, id: t.ID, ordinal: ix.Ordinal}
}

// startBackfill runs the backfill job in the background, until it is
// done, the index or table is gone, or the service closes.
func (s *Service) startBackfill(job backfillJob) {
	s.catalog.Go(func(ctx context.Context) {
		err := s.backfill(ctx, job)
		if err != nil && !errors.Is(err, errBackfillStale) && !errors.Is(err, context.Canceled) &&
			!errors.Is(err, storage.ErrClosed) && !errors.Is(err, catalog.ErrClosed) {
			s.opts.Logger.Error("service: index backfill stopped; it resumes at the next start",
				"table", job.name, "ordinal", job.ordinal, "err", err)
		}
	})
}

// resumeBackfills restarts the backfills that were running when the
// store was last closed.
func (s *Service) resumeBackfills() {
	for _, t := range s.catalog.All() {
		for _, ix := range t.Indexes {
			if ix.Backfilling && ix.Status == catalog.StatusCreating {
				s.startBackfill(newBackfillJob(t, ix))
			}
		}
	}
}

// backfillTarget returns the current snapshot of the table and the index
// being backfilled, or errBackfillStale.
func (s *Service) backfillTarget(job backfillJob) (*catalog.Table, *catalog.Index, error) {
	t, err := s.catalog.Lookup(job.ns, job.name)
	if err != nil || t.ID != job.id || t.Status == catalog.StatusDeleting {
		return nil, nil, errBackfillStale
	}
	ix := t.IndexByOrdinal(job.ordinal)
	if ix == nil || !ix.Backfilling || ix.Status != catalog.StatusCreating {
		return nil, nil, errBackfillStale
	}
	return t, ix, nil
}

func (s *Service) backfill(ctx context.Context, job backfillJob) error {
	lower, upper := keycodec.TableSpan(job.id)
	for {
		t, ix, err := s.backfillTarget(job)
		if err != nil {
			return err
		}
		keys, err := s.itemKeys(ctx, lower, upper, backfillBatch)
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			if err := s.backfillKeys(ctx, t, ix, keys); err != nil {
				return err
			}
		}
		if len(keys) < backfillBatch {
			break
		}
		lower = keycodec.KeyAfter(keys[len(keys)-1])
	}
	return s.finishBackfill(ctx, job)
}

// itemKeys returns copies of up to n keys in [lower, upper).
func (s *Service) itemKeys(ctx context.Context, lower, upper []byte, n int) ([][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	keys := make([][]byte, 0, n)
	err := s.store.View(ctx, func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(k, _ []byte) (bool, error) {
			keys = append(keys, append([]byte(nil), k...))
			return len(keys) < n, nil
		})
	})
	return keys, err
}

// backfillKeys writes the entries of the items at keys, holding their
// locks. A lock held by a transaction is waited out: Update gives up on
// it at once, so the batch is retried.
func (s *Service) backfillKeys(ctx context.Context, t *catalog.Table, ix *catalog.Index, keys [][]byte) error {
	for {
		var dItems, dBytes int64
		err := s.store.Update(ctx, keys, func(tx storage.Txn) error {
			dItems, dBytes = 0, 0
			for _, k := range keys {
				di, db, err := s.backfillItem(tx, t, ix, k)
				if err != nil {
					return err
				}
				dItems, dBytes = dItems+di, dBytes+db
			}
			return nil
		})
		if errors.Is(err, storage.ErrLockedByTransaction) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Millisecond):
				continue
			}
		}
		if err == nil {
			ix.AddStats(dItems, dBytes)
		}
		return err
	}
}

// backfillItem sets the entry of the item at key, if it still exists and
// belongs in the index, and returns the change to the index's statistics.
// An item whose index key attribute has the wrong type or is empty has no
// entry (the write that stored it predates the index).
func (s *Service) backfillItem(tx storage.Txn, t *catalog.Table, ix *catalog.Index, key []byte) (dItems, dBytes int64, err error) {
	v, err := tx.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	item, err := attr.DecodeItem(v)
	if err != nil {
		return 0, 0, err
	}
	ekey, val, ok, err := s.indexEntry(t, ix, item)
	if err != nil || !ok {
		return 0, 0, nil
	}
	size := int64(len(val))
	if projected, derr := attr.DecodeItem(val); derr == nil {
		size = int64(attr.ItemSize(projected))
	}
	old, err := tx.Get(ekey)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		dItems, dBytes = 1, size
	case err != nil:
		return 0, 0, err
	case bytes.Equal(old, val):
		return 0, 0, nil // written by a write since the index was added
	default:
		if oldItem, derr := attr.DecodeItem(old); derr == nil {
			dBytes = size - int64(attr.ItemSize(oldItem))
		}
	}
	return dItems, dBytes, tx.Set(ekey, val)
}

// finishBackfill ends the backfill: it recounts the index's statistics
// (item writes during the backfill could not tell which entries existed),
// then sets Backfilling false; the index is ACTIVE after the transition
// delay.
func (s *Service) finishBackfill(ctx context.Context, job backfillJob) error {
	_, ix, err := s.backfillTarget(job)
	if err != nil {
		return err
	}
	// Writes committed after the count's snapshot adjust the counters as
	// they should; only those between reading r0 and the snapshot may be
	// counted twice.
	r0, b0 := ix.RawStats()
	var n, size int64
	lower, upper := keycodec.IndexSpan(job.id, job.ordinal)
	err = s.store.View(ctx, func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, v []byte) (bool, error) {
			n++
			if item, err := attr.DecodeItem(v); err == nil {
				size += int64(attr.ItemSize(item))
			}
			return true, nil
		})
	})
	if err != nil {
		return err
	}
	ix.AddStats(n-r0, size-b0)
	_, _, err = s.catalog.Update(ctx, job.ns, job.name, func(next *catalog.Table) (bool, error) {
		ix := next.IndexByOrdinal(job.ordinal)
		if next.ID != job.id || ix == nil || !ix.Backfilling || ix.Status != catalog.StatusCreating {
			return false, errBackfillStale
		}
		ix.Backfilling, ix.StatusUntil = false, s.opts.Now().Add(s.opts.TransitionDelay)
		return false, nil
	})
	var ae *apierr.Error
	if errors.As(err, &ae) { // the table is gone
		return errBackfillStale
	}
	return err
}

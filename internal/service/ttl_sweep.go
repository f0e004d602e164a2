package service

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// The Time to Live sweeper deletes expired items.
//
// Every Options.TTLInterval it walks each table whose TTL is ENABLED, in
// key order and ttlScanPage items per snapshot read, so its memory is one
// page whatever the table's size. An item is expired when its TTL
// attribute is a Number of Unix epoch seconds at or before the service
// clock's now; an item whose attribute is missing or of another type is
// kept. Each expired item is deleted as a DeleteItem would: under the
// item's lock (storage.Update on its key) the item is read again and its
// expiry checked again against the table's current TTL setting, then it is
// deleted together with its index entries in one batch, and the table's
// and indexes' statistics are adjusted. An item a transaction holds is
// skipped until the next sweep.
//
// Guarantee: an item that expires at time e is deleted by the first sweep
// that starts after e, so reads stop returning it at most one interval,
// plus the time that sweep takes, after it expires (later only if a
// transaction held it during that sweep). AWS promises less: deletion
// "typically within two days".

// ttlScanPage is how many items one snapshot read of the sweep visits.
const ttlScanPage = 512

// startTTLSweeper runs the sweeper in the background until the service
// closes.
func (s *Service) startTTLSweeper() {
	s.catalog.GoDaemon(func(ctx context.Context) {
		tick := time.NewTicker(s.opts.TTLInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if err := s.sweepTTL(ctx); err != nil && !stopping(err) {
				s.opts.Logger.Error("service: TTL sweep failed; it runs again at the next interval", "err", err)
			}
		}
	})
}

// stopping reports whether err only says the service is closing.
func stopping(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, storage.ErrClosed) || errors.Is(err, catalog.ErrClosed)
}

// sweepTTL makes one sweep over every table with TTL enabled.
func (s *Service) sweepTTL(ctx context.Context) error {
	for _, t := range s.catalog.All() {
		if t.Status == catalog.StatusDeleting || t.TTL.StatusAt(s.opts.Now()) != catalog.TTLEnabled {
			continue
		}
		if _, err := s.sweepTable(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// sweepTable deletes the expired items of t and returns how many it
// deleted.
func (s *Service) sweepTable(ctx context.Context, t *catalog.Table) (int, error) {
	deleted := 0
	lower, upper := keycodec.TableSpan(t.ID)
	for {
		now := s.opts.Now()
		keys, last, err := s.expiredKeys(ctx, lower, upper, t.TTL.Attribute, now)
		if err != nil {
			return deleted, err
		}
		for _, k := range keys {
			ok, err := s.expireItem(ctx, t, k)
			if err != nil {
				return deleted, err
			}
			if ok {
				deleted++
			}
		}
		if last == nil {
			return deleted, nil
		}
		lower = keycodec.KeyAfter(last)
	}
}

// expiredKeys reads up to ttlScanPage items in [lower, upper) from one
// snapshot and returns copies of the keys of those expired at now, and
// the last key read when the page was full (nil at the end of the range).
func (s *Service) expiredKeys(ctx context.Context, lower, upper []byte, attrName string, now time.Time) (keys [][]byte, last []byte, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	err = s.store.View(ctx, func(r storage.Reader) error {
		keys, last = keys[:0], nil
		n := 0
		return r.Scan(lower, upper, false, func(k, v []byte) (bool, error) {
			n++
			item, err := attr.DecodeItem(v)
			if err != nil {
				return false, err
			}
			if expired(item, attrName, now) {
				keys = append(keys, append([]byte(nil), k...))
			}
			if n == ttlScanPage {
				last = append([]byte(nil), k...)
				return false, nil
			}
			return true, nil
		})
	})
	return keys, last, err
}

// expired reports whether item's TTL attribute attrName is a Number of
// epoch seconds at or before now. A missing attribute or one of another
// type never expires.
func expired(item attr.Item, attrName string, now time.Time) bool {
	v, ok := item[attrName]
	if !ok || v.Kind != attr.KindN {
		return false
	}
	return attr.CompareNumbers(v.S, strconv.FormatInt(now.Unix(), 10)) <= 0
}

// expireItem deletes the item at key if, under its lock, it still exists
// and is still expired under the table's current TTL setting; it reports
// whether it did. An item held by a transaction is left for the next
// sweep.
func (s *Service) expireItem(ctx context.Context, t *catalog.Table, key []byte) (bool, error) {
	var old attr.Item
	var changes []indexChange
	err := s.store.Update(ctx, [][]byte{key}, func(tx storage.Txn) error {
		old, changes = nil, nil
		live := s.liveTable(t)
		if live.ID != t.ID || live.TTL.StatusAt(s.opts.Now()) != catalog.TTLEnabled {
			return nil
		}
		item, err := readItem(tx, key)
		if err != nil || item == nil || !expired(item, live.TTL.Attribute, s.opts.Now()) {
			return err
		}
		if changes, err = indexChanges(live, item, nil); err != nil {
			return err
		}
		old = item
		return stageItemWrite(tx, key, item != nil, nil, changes)
	})
	if errors.Is(err, storage.ErrLockedByTransaction) {
		return false, nil
	}
	if err != nil || old == nil {
		return false, err
	}
	t.AddStats(-1, -int64(itemSize(old)))
	addIndexStats(changes)
	return true, nil
}

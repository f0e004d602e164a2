package service

import (
	"context"
	"errors"
	"sync"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/expr"
	"github.com/basalt-db/basalt/internal/storage"
)

// nextItem computes the item a write leaves behind from the item before it
// (nil when there was none). Returning a nil item deletes the item.
type nextItem func(old attr.Item) (attr.Item, error)

// writeItem performs one conditional single-item write atomically: while
// holding the item's lock it reads the current item, checks cond against it
// (nil cond always passes), computes the new item with next, and writes or
// deletes it in one durable batch; then it updates the table's statistics.
//
// A failed condition returns ConditionalCheckFailedException, carrying the
// current item when onFail is ALL_OLD; an item that a transaction in flight
// holds, TransactionConflictException. It returns the items before and
// after. needOld tells whether next or the caller's answer needs the item
// before the write: when neither it, a condition nor an index does (a plain
// PutItem or DeleteItem), that item is not decoded, only measured, and
// next and w.old see nil even when an item was there (w.oldSize counts it).
func (s *Service) writeItem(ctx context.Context, t *catalog.Table, k primaryKey, cond expr.Condition, onFail string, needOld bool, next nextItem) (w written, err error) {
	key, err := k.storageKey(t)
	if err != nil {
		return written{}, err
	}
	// What the transaction finds and does, in one allocation: the
	// closure below fills it.
	st := &struct {
		written
		had   bool      // an item was there before
		locks [1][]byte // the lock keys
	}{written: written{t: t}}
	st.locks[0] = key
	err = s.store.Update(ctx, st.locks[:], func(tx storage.Txn) error {
		raw, err := readEncoded(tx, key)
		if err != nil {
			return err
		}
		live := s.liveTable(t)
		if st.had = raw != nil; st.had {
			if needOld || cond != nil || len(live.Indexes) > 0 {
				if st.old, err = attr.DecodeOwnedItem(raw); err != nil {
					return err
				}
				st.oldSize = attr.ItemSize(st.old)
			} else if st.oldSize, err = attr.EncodedItemSize(raw); err != nil {
				return err
			}
		}
		if cond != nil && !eval.Condition(cond, st.old) {
			return conditionFailed(st.old, onFail)
		}
		if st.cur, err = next(st.old); err != nil {
			return err
		}
		if st.changes, err = indexChanges(live, st.old, st.cur); err != nil {
			return err
		}
		if st.had && st.old == nil && st.cur == nil { // the deletion of an item not decoded
			if err := tx.Delete(key); err != nil {
				return err
			}
			return stageIndexChanges(tx, st.changes)
		}
		return stageItemWrite(tx, key, st.old, st.cur, st.changes)
	})
	if err != nil {
		return written{}, singleWriteLockError(err)
	}
	var delta int64 // itemDelta, for an old item maybe left undecoded
	switch {
	case !st.had && st.cur != nil:
		delta = 1
	case st.had && st.cur == nil:
		delta = -1
	}
	t.AddStats(delta, int64(itemSize(st.cur)-st.oldSize))
	addIndexStats(st.changes)
	return st.written, nil
}

// written is what one single-item write did: the item before and after
// (nil when absent; see writeItem for an old item left undecoded) and the
// index entries it changed.
type written struct {
	t        *catalog.Table
	old, cur attr.Item
	changes  []indexChange
	oldSize  int // the size of the item before when known (always when old is nil but one was there), else 0
	curSize  int // the size of cur when known (attr.ItemSize), else 0
}

// oldBytes is the size of the item before the write (0 for none).
func (w written) oldBytes() int {
	if w.oldSize > 0 {
		return w.oldSize
	}
	return itemSize(w.old)
}

// curBytes is the size of the item after the write (0 for none).
func (w written) curBytes() int {
	if w.curSize > 0 {
		return w.curSize
	}
	return itemSize(w.cur)
}

// capacity is the ConsumedCapacity of the write for mode (see
// capacityTally.addWrite).
func (w written) capacity(mode string) *api.ConsumedCapacity {
	if mode != "TOTAL" && mode != "INDEXES" {
		return nil // the common case: nothing to count
	}
	var c capacityTally
	c.addWrite(w, 1)
	if list := c.list(mode); list != nil {
		return &list[0]
	}
	return nil
}

// itemBuffers holds buffers (*[]byte) for encoding items to write; a
// buffer over maxPooledItemBuffer is left to the garbage collector.
var itemBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

const maxPooledItemBuffer = 64 << 10

// stageItemWrite stages in tx the write of cur at key (its deletion when
// cur is nil) over old, with its index changes.
func stageItemWrite(tx storage.Txn, key []byte, old, cur attr.Item, changes []indexChange) error {
	var err error
	switch {
	case cur != nil:
		buf := itemBuffers.Get().(*[]byte)
		*buf = attr.AppendItem((*buf)[:0], cur)
		err = tx.Set(key, *buf) // which copies it
		if cap(*buf) <= maxPooledItemBuffer {
			itemBuffers.Put(buf)
		}
	case old != nil:
		err = tx.Delete(key)
	}
	if err != nil {
		return err
	}
	return stageIndexChanges(tx, changes)
}

// liveTable returns the catalog's current description of t, for reading
// its indexes while holding an item's lock: an index added after the
// request fetched t must see the write, since the backfill that indexes
// existing items takes the same item locks (see backfill.go). It returns t
// when the table is gone or was re-created.
func (s *Service) liveTable(t *catalog.Table) *catalog.Table {
	cur, err := s.catalog.Lookup(t.Namespace, t.Name)
	if err != nil || cur.ID != t.ID {
		return t
	}
	return cur
}

// readItem returns the item stored at key, or nil if there is none.
func readItem(r storage.Reader, key []byte) (attr.Item, error) {
	raw, err := readEncoded(r, key)
	if raw == nil || err != nil {
		return nil, err
	}
	return attr.DecodeOwnedItem(raw)
}

// readEncoded returns the item stored at key in its binary encoding, or
// nil if there is none.
func readEncoded(r storage.Reader, key []byte) ([]byte, error) {
	raw, err := r.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	return raw, err
}

func conditionFailed(old attr.Item, onFail string) error {
	e := apierr.New(apierr.ConditionalCheckFailed, apierr.MsgConditionFailed)
	if onFail == "ALL_OLD" && old != nil {
		e.Item = old
	}
	return e
}

func itemDelta(old, cur attr.Item) int64 {
	switch {
	case old == nil && cur != nil:
		return 1
	case old != nil && cur == nil:
		return -1
	}
	return 0
}

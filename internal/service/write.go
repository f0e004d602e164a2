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
// (nil when there was none), and its size (attr.ItemSize; 0 for none).
// Returning a nil item deletes the item.
type nextItem func(old attr.Item) (cur attr.Item, size int, err error)

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
		locks [1][]byte // the lock keys
	}{written: written{t: t}}
	st.locks[0] = key
	err = s.store.Update(ctx, st.locks[:], func(tx storage.Txn) error {
		live := s.liveTable(t)
		if err := readOld(tx, key, needOld || cond != nil || len(live.Indexes) > 0, &st.written); err != nil {
			return err
		}
		if cond != nil && !eval.Condition(cond, st.old) {
			return conditionFailed(st.old, onFail)
		}
		var err error
		if st.cur, st.curSize, err = next(st.old); err != nil {
			return err
		}
		if st.changes, err = indexChanges(live, st.old, st.cur); err != nil {
			return err
		}
		return st.stage(tx, key)
	})
	if err != nil {
		return written{}, singleWriteLockError(err)
	}
	st.addStats()
	return st.written, nil
}

// written is what one single-item write did: the item before and after
// (nil when absent; see writeItem for an old item left undecoded) and the
// index entries it changed.
type written struct {
	t        *catalog.Table
	old, cur attr.Item
	changes  []indexChange
	oldSize  int // the size of the item before when known (always when old is nil but one was there: readOld), else 0
	curSize  int // the size of cur when known (attr.ItemSize), else 0
}

// readOld reads into w the item stored at key, if any, replacing what w
// held before: measured into w.oldSize, and decoded into w.old when decode
// is set (else w.old stays nil: the item is not decoded).
func readOld(r storage.Reader, key []byte, decode bool, w *written) error {
	w.old, w.oldSize = nil, 0
	raw, err := readEncoded(r, key)
	if raw == nil || err != nil {
		return err
	}
	if decode {
		if w.old, err = attr.DecodeOwnedItem(raw); err != nil {
			return err
		}
		w.oldSize = attr.ItemSize(w.old)
		return nil
	}
	w.oldSize, err = attr.EncodedItemSize(raw)
	return err
}

// had reports whether there was an item before the write, decoded or not.
func (w *written) had() bool { return w.oldBytes() > 0 }

// stage stages in tx the write w did at key: cur, or the deletion of the
// item before (decoded or not), with the index changes.
func (w *written) stage(tx storage.Txn, key []byte) error {
	return stageItemWrite(tx, key, w.had(), w.cur, w.changes)
}

// addStats adds what w did to the statistics of its table and indexes.
func (w *written) addStats() {
	var delta int64
	switch had := w.had(); {
	case !had && w.cur != nil:
		delta = 1
	case had && w.cur == nil:
		delta = -1
	}
	w.t.AddStats(delta, int64(w.curBytes()-w.oldBytes()))
	addIndexStats(w.changes)
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

// stageItemWrite stages in tx the write of cur at key, or when cur is nil
// the deletion of the item there if it had one, with its index changes.
func stageItemWrite(tx storage.Txn, key []byte, had bool, cur attr.Item, changes []indexChange) error {
	var err error
	switch {
	case cur != nil:
		buf := itemBuffers.Get().(*[]byte)
		*buf = attr.AppendItem((*buf)[:0], cur)
		err = tx.Set(key, *buf) // which copies it
		if cap(*buf) <= maxPooledItemBuffer {
			itemBuffers.Put(buf)
		}
	case had:
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

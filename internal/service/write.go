package service

import (
	"context"
	"errors"

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
// after.
func (s *Service) writeItem(ctx context.Context, t *catalog.Table, k primaryKey, cond expr.Condition, onFail string, next nextItem) (w written, err error) {
	key, err := k.storageKey(t)
	if err != nil {
		return written{}, err
	}
	var old, cur attr.Item
	var changes []indexChange
	err = s.store.Update(ctx, [][]byte{key}, func(tx storage.Txn) error {
		var err error
		if old, err = readItem(tx, key); err != nil {
			return err
		}
		if cond != nil && !eval.Condition(cond, old) {
			return conditionFailed(old, onFail)
		}
		if cur, err = next(old); err != nil {
			return err
		}
		if changes, err = indexChanges(s.liveTable(t), old, cur); err != nil {
			return err
		}
		return stageItemWrite(tx, key, old, cur, changes)
	})
	if err != nil {
		return written{}, singleWriteLockError(err)
	}
	t.AddStats(itemDelta(old, cur), int64(itemSize(cur)-itemSize(old)))
	addIndexStats(changes)
	return written{t: t, old: old, cur: cur, changes: changes}, nil
}

// written is what one single-item write did: the item before and after
// (nil when absent) and the index entries it changed.
type written struct {
	t        *catalog.Table
	old, cur attr.Item
	changes  []indexChange
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

// stageItemWrite stages in tx the write of cur at key (its deletion when
// cur is nil) over old, with its index changes.
func stageItemWrite(tx storage.Txn, key []byte, old, cur attr.Item, changes []indexChange) error {
	var err error
	switch {
	case cur != nil:
		err = tx.Set(key, attr.AppendItem(nil, cur))
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
	raw, err := r.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return attr.DecodeItem(raw)
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

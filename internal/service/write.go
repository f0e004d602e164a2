package service

import (
	"context"
	"errors"

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
func (s *Service) writeItem(ctx context.Context, t *catalog.Table, k primaryKey, cond expr.Condition, onFail string, next nextItem) (old, cur attr.Item, err error) {
	key, err := k.storageKey(t)
	if err != nil {
		return nil, nil, err
	}
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
		if cur == nil {
			if old == nil {
				return nil
			}
			return tx.Delete(key)
		}
		return tx.Set(key, attr.AppendItem(nil, cur))
	})
	if err != nil {
		return nil, nil, singleWriteLockError(err)
	}
	t.AddStats(itemDelta(old, cur), int64(itemSize(cur)-itemSize(old)))
	return old, cur, nil
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

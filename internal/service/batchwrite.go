package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/storage"
)

// BatchWriteItem puts or deletes up to 25 items in one or more tables.
// Every request is validated first (checkBatchWrite), so a batch with one
// invalid request writes nothing; then all of them are applied in one
// atomic, durable storage batch, locked on every key, and the tables'
// statistics are updated. Nothing is ever left unprocessed: UnprocessedItems
// is always {}.
//
// Each request is charged as the PutItem or DeleteItem it stands for: the
// larger of the old and new item in 1 KB write units (at least one), summed
// per table. ItemCollectionMetrics (ReturnItemCollectionMetrics SIZE) are
// reported for the partitions written of tables with local secondary
// indexes, as AWS reports them (see item_collection.go).
func (s *Service) BatchWriteItem(ctx context.Context, in *api.BatchWriteItemInput) (*api.BatchWriteItemOutput, error) {
	names, writes, err := s.checkBatchWrite(ctx, in)
	if err != nil {
		return nil, err
	}
	done, err := s.applyBatchWrite(ctx, writes)
	if err != nil {
		return nil, err
	}
	var capacity capacityTally
	counted := wantsCapacity(in.ReturnConsumedCapacity)
	if counted {
		for _, n := range names {
			capacity.at(n) // tables in name order
		}
	}
	for i, w := range writes {
		d := &done[i]
		var delta int64
		switch had := d.oldBytes() > 0; {
		case !had && w.item != nil:
			delta = 1
		case had && w.item == nil:
			delta = -1
		}
		w.t.AddStats(delta, int64(w.size-d.oldBytes()))
		addIndexStats(d.changes)
		if counted {
			capacity.addWrite(*d, 1)
		}
	}
	collections, err := s.itemCollections(ctx, in.ReturnItemCollectionMetrics, done)
	if err != nil {
		return nil, err
	}
	return &api.BatchWriteItemOutput{
		ConsumedCapacity:      capacity.list(in.ReturnConsumedCapacity),
		ItemCollectionMetrics: collections,
		UnprocessedItems:      map[string][]api.WriteRequest{},
	}, nil
}

// applyBatchWrite commits writes in one storage batch, holding the locks of
// all their keys (which are distinct), and returns what each did: the item
// it replaced or deleted (nil where there was none) and its index changes,
// committed with it. As in writeItem, an item replaced in a table without
// indexes is not decoded, only measured (written.oldSize), since nothing
// then needs it: ItemCollectionMetrics apply only to tables with local
// indexes. A key that a transaction in flight holds fails the whole batch
// with TransactionConflictException: nothing is written, and the client
// retries it. An item an index refuses (a key attribute of the wrong type)
// fails the whole batch.
func (s *Service) applyBatchWrite(ctx context.Context, writes []batchWrite) ([]written, error) {
	keys := make([][]byte, len(writes))
	for i, w := range writes {
		keys[i] = w.key
	}
	var done []written
	err := s.store.Update(ctx, keys, func(tx storage.Txn) error {
		done = make([]written, len(writes)) // afresh, should the store run fn again
		var t, live *catalog.Table
		for i, w := range writes {
			if w.t != t { // writes come table by table
				t, live = w.t, s.liveTable(w.t)
			}
			d := &done[i]
			*d = written{t: w.t, cur: w.item, curSize: w.size}
			if err := readOld(tx, w.key, len(live.Indexes) > 0, d); err != nil {
				return err
			}
			var err error
			if d.changes, err = indexChanges(live, d.old, w.item); err != nil {
				return err
			}
		}
		for i, w := range writes {
			if err := stageBatchWrite(tx, w, &done[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return done, singleWriteLockError(err)
}

// readOld reads into w the item stored at key, if any: measured into
// w.oldSize, and decoded into w.old when decode is set.
func readOld(tx storage.Txn, key []byte, decode bool, w *written) error {
	raw, err := readEncoded(tx, key)
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

// stageBatchWrite stages in tx the put or delete w, which did d.
func stageBatchWrite(tx storage.Txn, w batchWrite, d *written) error {
	if w.item == nil && d.old == nil && d.oldSize > 0 { // the deletion of an item not decoded
		if err := tx.Delete(w.key); err != nil {
			return err
		}
		return stageIndexChanges(tx, d.changes)
	}
	return stageItemWrite(tx, w.key, d.old, w.item, d.changes)
}

package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
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
	olds, changes, err := s.applyBatchWrite(ctx, writes)
	if err != nil {
		return nil, err
	}
	var capacity capacityTally
	for _, n := range names {
		capacity.at(n) // tables in name order
	}
	done := make([]written, len(writes))
	for i, w := range writes {
		old := olds[i]
		w.t.AddStats(itemDelta(old, w.item), int64(itemSize(w.item)-itemSize(old)))
		addIndexStats(changes[i])
		done[i] = written{t: w.t, old: old, cur: w.item, changes: changes[i]}
		capacity.addWrite(done[i], 1)
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
// all their keys (which are distinct), and returns the item each replaced
// or deleted, nil where there was none. A key that a transaction in flight
// holds fails the whole batch with TransactionConflictException: nothing
// is written, and the client retries it. It also returns each write's
// index changes, committed with it; an item an index refuses (a key
// attribute of the wrong type) fails the whole batch.
func (s *Service) applyBatchWrite(ctx context.Context, writes []batchWrite) ([]attr.Item, [][]indexChange, error) {
	keys := make([][]byte, len(writes))
	for i, w := range writes {
		keys[i] = w.key
	}
	var olds []attr.Item
	var changes [][]indexChange
	err := s.store.Update(ctx, keys, func(tx storage.Txn) error {
		olds = make([]attr.Item, len(writes)) // afresh, should the store run fn again
		changes = make([][]indexChange, len(writes))
		for i, w := range writes {
			old, err := readItem(tx, w.key)
			if err != nil {
				return err
			}
			olds[i] = old
			if changes[i], err = indexChanges(s.liveTable(w.t), old, w.item); err != nil {
				return err
			}
		}
		for i, w := range writes {
			if err := stageItemWrite(tx, w.key, olds[i], w.item, changes[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return olds, changes, singleWriteLockError(err)
}

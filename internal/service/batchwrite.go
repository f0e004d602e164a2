package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
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
	for i := range done {
		done[i].addStats()
		if counted {
			capacity.addWrite(done[i], 1)
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
			if err := done[i].stage(tx, w.key); err != nil {
				return err
			}
		}
		return nil
	})
	return done, singleWriteLockError(err)
}

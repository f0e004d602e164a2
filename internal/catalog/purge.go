package catalog

import (
	"context"
	"errors"

	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// indexRef names one index of one table by ids.
type indexRef struct {
	table   uint64
	ordinal uint16
}

// startPurge removes the items and index entries of the table with id in
// the background. Table ids are never reused, so nothing new is written to
// the ranges except by item writes that raced with the deletion; the next
// Open removes those.
func (c *Catalog) startPurge(id uint64) {
	c.startRangePurge("items of deleted table", id, keycodec.TableSpan)
	c.startRangePurge("index entries of deleted table", id, keycodec.TableIndexesSpan)
}

// startIndexPurge removes the entries of one deleted index in the
// background. Ordinals are never reused within a table, so only writes
// that raced with the deletion can add entries; the next Open removes them.
func (c *Catalog) startIndexPurge(ref indexRef) {
	c.startRangePurge("entries of deleted index", ref.table, func(id uint64) ([]byte, []byte) {
		return keycodec.IndexSpan(id, ref.ordinal)
	})
}

func (c *Catalog) startRangePurge(what string, id uint64, span func(uint64) ([]byte, []byte)) {
	c.purging.Add(1)
	go func() {
		defer c.purging.Done()
		lower, upper := span(id)
		err := c.purge(c.ctx, lower, upper)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, storage.ErrClosed) {
			c.opts.Logger.Error("catalog: removing "+what, "tableID", id, "err", err)
		}
	}()
}

// purge deletes the keys in [lower, upper), PurgeBatch keys per
// transaction, until the range is empty.
func (c *Catalog) purge(ctx context.Context, lower, upper []byte) error {
	for {
		keys, err := c.nextBatch(ctx, lower, upper)
		if err != nil || len(keys) == 0 {
			return err
		}
		err = c.store.Update(ctx, nil, func(tx storage.Txn) error {
			for _, k := range keys {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(keys) < c.opts.PurgeBatch {
			return err
		}
		lower = keycodec.KeyAfter(keys[len(keys)-1])
	}
}

// nextBatch returns copies of up to PurgeBatch keys in [lower, upper).
func (c *Catalog) nextBatch(ctx context.Context, lower, upper []byte) ([][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	keys := make([][]byte, 0, c.opts.PurgeBatch)
	err := c.store.View(ctx, func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(k, _ []byte) (bool, error) {
			keys = append(keys, append([]byte(nil), k...))
			return len(keys) < c.opts.PurgeBatch, nil
		})
	})
	return keys, err
}

package catalog

import (
	"context"
	"errors"

	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// startPurge removes the items of the table with id in the background.
// Table ids are never reused, so nothing new is written to the range except
// by item writes that raced with the deletion; the next Open removes those.
func (c *Catalog) startPurge(id uint64) {
	c.purging.Add(1)
	go func() {
		defer c.purging.Done()
		err := c.purge(c.ctx, id)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, storage.ErrClosed) {
			c.opts.Logger.Error("catalog: removing items of deleted table", "tableID", id, "err", err)
		}
	}()
}

// purge deletes the items of table id, PurgeBatch keys per transaction,
// until its key range is empty.
func (c *Catalog) purge(ctx context.Context, id uint64) error {
	lower, upper := keycodec.TableSpan(id)
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

package service

import (
	"context"
	"math"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// Item collections: on a table with local secondary indexes, the items of
// one partition and their LSI entries form an item collection, whose size
// a write reports when ReturnItemCollectionMetrics is SIZE. DynamoDB
// reports an estimate range in GB, [floor, floor+1] of the size; so does
// Basalt, from the size of the partition's items and their entries in the
// local indexes, read after the write.

// hasLocalIndex reports whether t has a local secondary index.
func hasLocalIndex(t *catalog.Table) bool {
	for _, ix := range t.Indexes {
		if !ix.Global {
			return true
		}
	}
	return false
}

// itemCollection returns the ItemCollectionMetrics of the partition pk of
// t for mode, nil unless mode is SIZE and t has a local index.
func (s *Service) itemCollection(ctx context.Context, mode string, t *catalog.Table, pk attr.Value) (*api.ItemCollectionMetrics, error) {
	if mode != "SIZE" || !hasLocalIndex(t) {
		return nil, nil
	}
	var bytes int
	err := s.store.View(ctx, func(r storage.Reader) error {
		bytes = 0
		add := func(_, v []byte) (bool, error) {
			item, err := attr.DecodeItem(v)
			bytes += attr.ItemSize(item)
			return true, err
		}
		lower, upper, err := keycodec.PartitionSpan(t.ID, pk)
		if err != nil {
			return err
		}
		if err := r.Scan(lower, upper, false, add); err != nil {
			return err
		}
		for _, ix := range t.Indexes {
			if ix.Global {
				continue
			}
			p, err := keycodec.IndexPartitionPrefix(t.ID, ix.Ordinal, []attr.Value{pk})
			if err != nil {
				return err
			}
			if err := r.Scan(p, keycodec.PrefixEnd(p), false, add); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	gb := math.Floor(float64(bytes) / (1 << 30))
	return &api.ItemCollectionMetrics{
		ItemCollectionKey:   attr.Item{t.HashKey: pk},
		SizeEstimateRangeGB: []float64{gb, gb + 1},
	}, nil
}

// itemCollections returns the metrics of every partition the writes
// touched, per table, for BatchWriteItem and TransactWriteItems; nil when
// none applies.
func (s *Service) itemCollections(ctx context.Context, mode string, writes []written) (map[string][]api.ItemCollectionMetrics, error) {
	var out map[string][]api.ItemCollectionMetrics
	seen := map[string]bool{}
	for _, w := range writes {
		if mode != "SIZE" || !hasLocalIndex(w.t) {
			continue
		}
		item := w.cur
		if item == nil {
			item = w.old
		}
		if item == nil {
			continue
		}
		pk := item[w.t.HashKey]
		id := w.t.Name + "\x00" + string(attr.AppendItem(nil, attr.Item{"pk": pk}))
		if seen[id] {
			continue
		}
		seen[id] = true
		m, err := s.itemCollection(ctx, mode, w.t, pk)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = map[string][]api.ItemCollectionMetrics{}
		}
		out[w.t.Name] = append(out[w.t.Name], *m)
	}
	return out, nil
}

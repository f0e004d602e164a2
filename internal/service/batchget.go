package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/storage"
)

// BatchGetItem reads up to 100 items by key from one or more tables. The
// request is validated as a whole first (checkBatchGet); then every key is
// read from one consistent snapshot, tables in name order and keys in
// request order, until the items read would pass maxBatchGetBytes. The keys
// not read by then come back in UnprocessedKeys, each table's entry the
// request's KeysAndAttributes with only those keys; UnprocessedKeys is {}
// when every key was read. Responses has an entry, possibly empty, for
// every table of the request; missing items are simply absent from it.
//
// Every key read is charged as a GetItem of its item (a missing item as the
// smallest one): its size rounded up to 4 KB units, half for an eventually
// consistent read, summed per table.
func (s *Service) BatchGetItem(ctx context.Context, in *api.BatchGetItemInput) (*api.BatchGetItemOutput, error) {
	plan, err := s.checkBatchGet(ctx, in)
	if err != nil {
		return nil, err
	}
	var res *batchGetResult
	err = s.store.View(ctx, func(r storage.Reader) error {
		res = newBatchGetResult(plan) // afresh, should the store run fn again
		return res.read(r, plan)
	})
	if err != nil {
		return nil, err
	}
	names := make([]string, len(plan))
	for i, p := range plan {
		names[i] = p.name
	}
	return &api.BatchGetItemOutput{
		ConsumedCapacity: consumedList(in.ReturnConsumedCapacity, names, res.units),
		Responses:        res.items,
		UnprocessedKeys:  res.unprocessed,
	}, nil
}

// batchGetResult accumulates what a BatchGetItem read.
type batchGetResult struct {
	items       map[string][]attr.Item
	unprocessed map[string]api.KeysAndAttributes
	units       map[string]float64
	bytes       int  // sizes of the items read so far
	full        bool // the byte budget is spent: every further key is unprocessed
}

func newBatchGetResult(plan []*batchGetTable) *batchGetResult {
	r := &batchGetResult{
		items:       make(map[string][]attr.Item, len(plan)),
		unprocessed: map[string]api.KeysAndAttributes{},
		units:       make(map[string]float64, len(plan)),
	}
	for _, p := range plan {
		r.items[p.name] = []attr.Item{}
	}
	return r
}

// read reads every table's keys from r, in plan order.
func (res *batchGetResult) read(r storage.Reader, plan []*batchGetTable) error {
	for _, p := range plan {
		for i, key := range p.keys {
			if res.full {
				res.postpone(p, i)
				break
			}
			item, err := readItem(r, key)
			if err != nil {
				return err
			}
			size := itemSize(item)
			if res.bytes+size > maxBatchGetBytes {
				res.full = true
				res.postpone(p, i)
				break
			}
			res.bytes += size
			res.units[p.name] += readUnits(size, p.consistent)
			if item == nil {
				continue
			}
			if p.proj != nil {
				item = eval.Project(p.proj, item)
			}
			res.items[p.name] = append(res.items[p.name], item)
		}
	}
	return nil
}

// postpone records table p's keys from index i on as unprocessed, with the
// rest of the table's request as it was given.
func (res *batchGetResult) postpone(p *batchGetTable, i int) {
	ka := p.req
	ka.Keys = append([]attr.Item(nil), p.req.Keys[i:]...)
	res.unprocessed[p.name] = ka
}

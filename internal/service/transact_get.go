package service

import (
	"context"
	"strconv"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/expr"
	"github.com/basalt-db/basalt/internal/storage"
)

// txGet is one checked action of a TransactGetItems.
type txGet struct {
	t    *catalog.Table
	key  []byte
	proj expr.Projection // nil: whole items
}

// TransactGetItems reads up to 100 items of one or more tables as one
// consistent snapshot: no transaction is ever seen in part. Responses has
// one entry per action, in order; an entry without Item means no item has
// the key. Each read costs twice a consistent read (a transactional read).
func (s *Service) TransactGetItems(ctx context.Context, in *api.TransactGetItemsInput) (*api.TransactGetItemsOutput, error) {
	gets, err := s.checkTransactGet(ctx, in)
	if err != nil {
		return nil, err
	}
	var out *api.TransactGetItemsOutput
	err = s.store.View(ctx, func(r storage.Reader) error {
		var err error
		out, err = readTxGets(r, in.ReturnConsumedCapacity, gets)
		return err
	})
	return out, err
}

// readTxGets reads every action's item from r. Items of more than 4 MB in
// all refuse the whole request, as AWS does.
func readTxGets(r storage.Reader, mode string, gets []*txGet) (*api.TransactGetItemsOutput, error) {
	out := &api.TransactGetItemsOutput{Responses: make([]api.ItemResponse, len(gets))}
	var names []string
	units := map[string]float64{}
	size := 0
	for i, g := range gets {
		item, err := readItem(r, g.key)
		if err != nil {
			return nil, err
		}
		if size += itemSize(item); size > maxTransactBytes {
			return nil, apierr.New(apierr.Validation, msgTransactTooLarge)
		}
		if _, ok := units[g.t.Name]; !ok {
			names = append(names, g.t.Name)
		}
		units[g.t.Name] += transactWriteCost * readUnits(itemSize(item), true)
		if item != nil && g.proj != nil {
			item = eval.Project(g.proj, item)
		}
		out.Responses[i].Item = item
	}
	out.ConsumedCapacity = consumedList(mode, names, units)
	return out, nil
}

// checkTransactGet validates a TransactGetItems as AWS does: field
// constraints, each action's key values and projection, the tables, the
// keys against their schemas, and no item twice.
func (s *Service) checkTransactGet(ctx context.Context, in *api.TransactGetItemsInput) ([]*txGet, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.transactItems(in.TransactItems == nil, len(in.TransactItems))
	for i, ti := range in.TransactItems {
		field := "transactItems." + strconv.Itoa(i+1) + ".member.get"
		c.required(ti.Get != nil, field)
		if ti.Get != nil {
			c.required(ti.Get.Key != nil, field+".key")
			c.tableName(ti.Get.TableName)
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	gets := make([]*txGet, len(in.TransactItems))
	for i, ti := range in.TransactItems {
		if err := attr.ValidateItem(ti.Get.Key); err != nil {
			return nil, err
		}
		exprs, err := compile(exprRequest{
			params:     api.ExpressionParams{ExpressionAttributeNames: ti.Get.ExpressionAttributeNames},
			projection: ti.Get.ProjectionExpression,
		})
		if err != nil {
			return nil, err
		}
		gets[i] = &txGet{proj: exprs.proj}
	}
	seen := make(keySet, len(gets))
	for i, ti := range in.TransactItems {
		t, k, err := s.tableAndKey(ctx, "TransactGetItems", ti.Get.TableName, ti.Get.Key)
		if err != nil {
			return nil, err
		}
		if gets[i].key, err = k.storageKey(t); err != nil {
			return nil, err
		}
		gets[i].t = t
		if !seen.add(gets[i].key) {
			return nil, apierr.New(apierr.Validation, msgTransactSameItem)
		}
	}
	return gets, nil
}

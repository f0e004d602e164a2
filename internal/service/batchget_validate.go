package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/expr"
)

// batchGetTable is one table's part of a checked BatchGetItem.
type batchGetTable struct {
	name       string
	req        api.KeysAndAttributes // as given, numbers normalised; UnprocessedKeys repeats it
	t          *catalog.Table
	keys       [][]byte        // storage keys, in the order of req.Keys
	proj       expr.Projection // nil: whole items
	consistent bool
}

// checkBatchGet validates a BatchGetItem in AWS's layers (see DESIGN.md):
// field constraints, then projections, key values, duplicates and the key
// count, then the tables, then every key against its table's schema. It
// returns the tables in name order.
func (s *Service) checkBatchGet(ctx context.Context, in *api.BatchGetItemInput) ([]*batchGetTable, error) {
	names := sortedKeys(in.RequestItems)
	if err := batchGetConstraints(in, names); err != nil {
		return nil, err
	}
	projs, err := checkBatchGetParams(in.RequestItems, names)
	if err != nil {
		return nil, err
	}
	tables, err := s.batchTables(ctx, "BatchGetItem", names)
	if err != nil {
		return nil, err
	}
	plan := make([]*batchGetTable, len(names))
	for i, n := range names {
		ka := in.RequestItems[n]
		p := &batchGetTable{name: n, req: ka, t: tables[n], proj: projs[i],
			consistent: ka.ConsistentRead != nil && *ka.ConsistentRead}
		for _, k := range ka.Keys {
			pk, err := keyOfKey(p.t, k)
			if err != nil {
				return nil, err
			}
			key, err := pk.storageKey(p.t)
			if err != nil {
				return nil, err
			}
			p.keys = append(p.keys, key)
		}
		plan[i] = p
	}
	return plan, nil
}

// batchGetConstraints is the first layer: ReturnConsumedCapacity, the
// RequestItems map, and each table's Keys (1 to 100) and AttributesToGet
// (1 to 255 names), all reported together.
func batchGetConstraints(in *api.BatchGetItemInput, names []string) error {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.requestItems(in.RequestItems == nil, names, func() string { return echoGetItems(in.RequestItems) })
	for _, n := range names {
		ka := in.RequestItems[n]
		field := "requestItems." + n + ".member."
		switch {
		case ka.Keys == nil:
			c.add(nil, field+"keys", "Member must not be null")
		case len(ka.Keys) == 0:
			v := "[]"
			c.add(&v, field+"keys", "Member must have length greater than or equal to 1")
		case len(ka.Keys) > maxBatchGetKeys:
			v := echoKeys(ka.Keys)
			c.add(&v, field+"keys", "Member must have length less than or equal to 100")
		}
		switch {
		case ka.AttributesToGet != nil && len(ka.AttributesToGet) == 0:
			v := "[]"
			c.add(&v, field+"attributesToGet", "Member must have length greater than or equal to 1")
		case len(ka.AttributesToGet) > 255:
			v := string(appendJSON(nil, ka.AttributesToGet))
			c.add(&v, field+"attributesToGet", "Member must have length less than or equal to 255")
		}
	}
	return c.err()
}

// checkBatchGetParams is the second layer. AttributesToGet on one table
// and ProjectionExpression on another are mixed parameters as if they were
// on one. Then, table by table in name order: the projection parameters
// (as GetItem checks them), then each key's values, a key repeated within
// the table, and more than 100 keys in all. It returns each table's
// projection, nil for whole items.
func checkBatchGetParams(items map[string]api.KeysAndAttributes, names []string) ([]expr.Projection, error) {
	var mixed exprRequest
	for _, ka := range items {
		if ka.AttributesToGet != nil {
			mixed.attributesToGet = ka.AttributesToGet
		}
		if ka.ProjectionExpression != nil {
			mixed.projection = ka.ProjectionExpression
		}
	}
	if err := checkMixing(mixed); err != nil {
		return nil, err
	}
	projs := make([]expr.Projection, len(names))
	total := 0
	var buf []byte
	for i, n := range names {
		ka := items[n]
		exprs, err := compile(exprRequest{
			params:          api.ExpressionParams{ExpressionAttributeNames: ka.ExpressionAttributeNames},
			projection:      ka.ProjectionExpression,
			attributesToGet: ka.AttributesToGet,
		})
		if err != nil {
			return nil, err
		}
		projs[i] = exprs.proj
		seen := make(keySet, len(ka.Keys))
		for _, k := range ka.Keys {
			if err := attr.ValidateItem(k); err != nil {
				return nil, err
			}
			buf = attr.AppendItem(buf[:0], k)
			if !seen.add(buf) {
				return nil, apierr.New(apierr.Validation, msgBatchDuplicateKeys)
			}
			if total++; total > maxBatchGetKeys {
				return nil, apierr.New(apierr.Validation, "Too many items requested for the BatchGetItem call")
			}
		}
	}
	return projs, nil
}

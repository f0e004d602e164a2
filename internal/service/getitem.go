package service

import (
	"context"
	"errors"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/storage"
)

// GetItem reads one item by key. Every read is strongly consistent; an
// eventually consistent request is charged as AWS charges it (half).
func (s *Service) GetItem(ctx context.Context, in *api.GetItemInput) (*api.GetItemOutput, error) {
	var c constraints
	c.tableName(in.TableName)
	c.required(in.Key != nil, "key")
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	if err := c.err(); err != nil {
		return nil, err
	}
	if err := attr.ValidateItem(in.Key); err != nil {
		return nil, err
	}
	var exprs compiled // a GetItem of the whole item (the usual one) has nothing to compile
	if in.ExpressionAttributeNames != nil || in.ProjectionExpression != nil || in.AttributesToGet != nil {
		var err error
		if exprs, err = compile(exprRequest{
			params:          api.ExpressionParams{ExpressionAttributeNames: in.ExpressionAttributeNames},
			projection:      in.ProjectionExpression,
			attributesToGet: in.AttributesToGet,
		}); err != nil {
			return nil, err
		}
	}
	t, k, err := s.tableAndKey(ctx, "GetItem", in.TableName, in.Key)
	if err != nil {
		return nil, err
	}
	key, err := k.storageKey(t)
	if err != nil {
		return nil, err
	}
	raw, err := s.store.Get(ctx, key) // one read needs no snapshot
	if errors.Is(err, storage.ErrNotFound) {
		raw, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := &api.GetItemOutput{}
	if s.opts.EncodedItems && exprs.proj == nil {
		// Returned as stored: the HTTP layer writes it without decoding.
		out.EncodedItem = raw
		if wantsCapacity(in.ReturnConsumedCapacity) {
			out.ConsumedCapacity, err = s.getItemCapacity(in, t.Name, raw)
		}
		return out, err
	}
	var item attr.Item
	if raw != nil {
		if item, err = attr.DecodeItem(raw); err != nil {
			return nil, err
		}
	}
	consistent := in.ConsistentRead != nil && *in.ConsistentRead
	out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.Name, readUnits(itemSize(item), consistent))
	if item != nil && exprs.proj != nil {
		item = eval.Project(exprs.proj, item)
	}
	out.Item = item
	return out, nil
}

// getItemCapacity is the ConsumedCapacity of a GetItem that read raw, an
// item in its binary encoding (nil for none).
func (s *Service) getItemCapacity(in *api.GetItemInput, table string, raw []byte) (*api.ConsumedCapacity, error) {
	size := 0
	if raw != nil {
		var err error
		if size, err = attr.EncodedItemSize(raw); err != nil {
			return nil, err
		}
	}
	return consumed(in.ReturnConsumedCapacity, table, readUnits(size, deref(in.ConsistentRead))), nil
}

package service

import (
	"context"

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
	exprs, err := compile(exprRequest{
		params:          api.ExpressionParams{ExpressionAttributeNames: in.ExpressionAttributeNames},
		projection:      in.ProjectionExpression,
		attributesToGet: in.AttributesToGet,
	})
	if err != nil {
		return nil, err
	}
	t, k, err := s.tableAndKey(ctx, "GetItem", in.TableName, in.Key)
	if err != nil {
		return nil, err
	}
	key, err := k.storageKey(t)
	if err != nil {
		return nil, err
	}
	var item attr.Item
	err = s.store.View(ctx, func(r storage.Reader) error {
		item, err = readItem(r, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	consistent := in.ConsistentRead != nil && *in.ConsistentRead
	out := &api.GetItemOutput{
		ConsumedCapacity: consumed(in.ReturnConsumedCapacity, t.Name, readUnits(itemSize(item), consistent)),
	}
	if item != nil && exprs.proj != nil {
		item = eval.Project(exprs.proj, item)
	}
	out.Item = item
	return out, nil
}

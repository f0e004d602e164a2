package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// DeleteItem deletes one item by key, optionally under a condition.
// Deleting an item that does not exist succeeds (if the condition holds).
func (s *Service) DeleteItem(ctx context.Context, in *api.DeleteItemInput) (*api.DeleteItemOutput, error) {
	var c constraints
	c.tableName(in.TableName)
	c.required(in.Key != nil, "key")
	c.writeOptions(in.ReturnValues, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics,
		in.ReturnValuesOnConditionCheckFailure, in.ConditionalOperator)
	if err := c.err(); err != nil {
		return nil, err
	}
	if err := onlyAllOldOrNone(in.ReturnValues); err != nil {
		return nil, err
	}
	if err := attr.ValidateItem(in.Key); err != nil {
		return nil, err
	}
	exprs, err := compileCached(exprRequest{
		params:        in.ExpressionParams,
		valueExprs:    []string{"ConditionExpression"},
		condition:     in.ConditionExpression,
		expected:      in.Expected,
		conditionalOp: in.ConditionalOperator,
	})
	if err != nil {
		return nil, err
	}
	t, k, err := s.tableAndKey(ctx, "DeleteItem", in.TableName, in.Key)
	if err != nil {
		return nil, err
	}
	w, err := s.writeItem(ctx, t, k, exprs.cond, in.ReturnValuesOnConditionCheckFailure, in.ReturnValues == "ALL_OLD",
		func(attr.Item) (attr.Item, int, error) { return nil, 0, nil })
	if err != nil {
		return nil, err
	}
	out := &api.DeleteItemOutput{ConsumedCapacity: w.capacity(in.ReturnConsumedCapacity)}
	if in.ReturnValues == "ALL_OLD" {
		out.Attributes = w.old
	}
	if out.ItemCollectionMetrics, err = s.itemCollection(ctx, in.ReturnItemCollectionMetrics, t, k.pk); err != nil {
		return nil, err
	}
	return out, nil
}

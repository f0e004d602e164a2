package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// PutItem creates or replaces one item, optionally under a condition.
func (s *Service) PutItem(ctx context.Context, in *api.PutItemInput) (*api.PutItemOutput, error) {
	var c constraints
	c.tableName(in.TableName)
	c.required(in.Item != nil, "item")
	c.writeOptions(in.ReturnValues, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics,
		in.ReturnValuesOnConditionCheckFailure, in.ConditionalOperator)
	if err := c.err(); err != nil {
		return nil, err
	}
	if err := onlyAllOldOrNone(in.ReturnValues); err != nil {
		return nil, err
	}
	if err := attr.ValidateItem(in.Item); err != nil {
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
	size := attr.ItemSize(in.Item) // measured once: written.curSize
	if size > attr.MaxItemSize {
		return nil, apierr.New(apierr.Validation, "Item size has exceeded the maximum allowed size")
	}
	t, err := s.itemTable(ctx, "PutItem", in.TableName)
	if err != nil {
		return nil, err
	}
	k, err := keyOfItem(t, in.Item)
	if err != nil {
		return nil, err
	}
	w, err := s.writeItem(ctx, t, k, exprs.cond, in.ReturnValuesOnConditionCheckFailure, in.ReturnValues == "ALL_OLD",
		func(attr.Item) (attr.Item, int, error) { return in.Item, size, nil })
	if err != nil {
		return nil, err
	}
	out := &api.PutItemOutput{ConsumedCapacity: w.capacity(in.ReturnConsumedCapacity)}
	if in.ReturnValues == "ALL_OLD" {
		out.Attributes = w.old
	}
	if out.ItemCollectionMetrics, err = s.itemCollection(ctx, in.ReturnItemCollectionMetrics, t, k.pk); err != nil {
		return nil, err
	}
	return out, nil
}

// onlyAllOldOrNone checks ReturnValues for PutItem and DeleteItem.
func onlyAllOldOrNone(rv string) error {
	if rv == "" || rv == "NONE" || rv == "ALL_OLD" {
		return nil
	}
	return apierr.New(apierr.Validation, "ReturnValues can only be ALL_OLD or NONE")
}

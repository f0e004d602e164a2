package service

import (
	"context"
	"errors"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/expr"
)

// UpdateItem edits one item's attributes, creating the item if it does not
// exist, optionally under a condition. Every operand of the update is read
// from the item as it was before the update.
func (s *Service) UpdateItem(ctx context.Context, in *api.UpdateItemInput) (*api.UpdateItemOutput, error) {
	var c constraints
	c.tableName(in.TableName)
	c.required(in.Key != nil, "key")
	c.writeOptions(in.ReturnValues, in.ReturnConsumedCapacity, in.ReturnItemCollectionMetrics,
		in.ReturnValuesOnConditionCheckFailure, in.ConditionalOperator)
	if err := c.err(); err != nil {
		return nil, err
	}
	if err := attr.ValidateItem(in.Key); err != nil {
		return nil, err
	}
	exprs, err := compileCached(exprRequest{
		params:           in.ExpressionParams,
		valueExprs:       []string{"UpdateExpression", "ConditionExpression"},
		condition:        in.ConditionExpression,
		update:           in.UpdateExpression,
		expected:         in.Expected,
		conditionalOp:    in.ConditionalOperator,
		attributeUpdates: in.AttributeUpdates,
	})
	if err != nil {
		return nil, err
	}
	t, k, err := s.tableAndKey(ctx, "UpdateItem", in.TableName, in.Key)
	if err != nil {
		return nil, err
	}
	if err := checkKeyNotUpdated(t, exprs.update); err != nil {
		return nil, err
	}
	w, err := s.writeItem(ctx, t, k, exprs.cond, in.ReturnValuesOnConditionCheckFailure, true,
		func(old attr.Item) (attr.Item, int, error) {
			cur, size, err := applyUpdate(t, k, exprs.update, old)
			if in.AttributeUpdates != nil {
				err = legacyUpdateError(err)
			}
			return cur, size, err
		})
	if err != nil {
		return nil, err
	}
	out := &api.UpdateItemOutput{
		Attributes:       updateReturnValues(in.ReturnValues, exprs.update, w.old, w.cur),
		ConsumedCapacity: w.capacity(in.ReturnConsumedCapacity),
	}
	if out.ItemCollectionMetrics, err = s.itemCollection(ctx, in.ReturnItemCollectionMetrics, t, k.pk); err != nil {
		return nil, err
	}
	return out, nil
}

// applyUpdate computes the item an update leaves, and its size: the update
// applied to the old item, or to an item holding only the key when there
// was none.
func applyUpdate(t *catalog.Table, k primaryKey, u *expr.Update, old attr.Item) (attr.Item, int, error) {
	cur := old
	if cur == nil {
		cur = k.item(t)
	}
	if u != nil {
		var err error
		if cur, err = eval.ApplyUpdate(u, cur); err != nil {
			return nil, 0, err
		}
	}
	size := attr.ItemSize(cur)
	if size > attr.MaxItemSize {
		return nil, 0, apierr.New(apierr.Validation, "Item size to update has exceeded the maximum allowed size")
	}
	return cur, size, nil
}

// legacyUpdateError rewords a type error from an AttributeUpdates update as
// AWS words it for the legacy parameter.
func legacyUpdateError(err error) error {
	var e *apierr.Error
	if errors.As(err, &e) && e.Message == eval.MsgOperandType {
		return apierr.New(apierr.Validation, "Type mismatch for attribute to update")
	}
	return err
}

// checkKeyNotUpdated refuses an update that writes a key attribute.
func checkKeyNotUpdated(t *catalog.Table, u *expr.Update) error {
	if u == nil {
		return nil
	}
	if name, ok := touchesKey(t, updatedNames(u)); ok {
		return apierr.Newf(apierr.Validation, "One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", name)
	}
	return nil
}

// updatedNames lists the top-level attribute of every path an update writes.
func updatedNames(u *expr.Update) []string {
	var names []string
	for _, p := range eval.UpdatedPaths(u) {
		names = append(names, p[0].Name)
	}
	return names
}

// updateReturnValues picks the Attributes an UpdateItem response returns.
func updateReturnValues(rv string, u *expr.Update, old, cur attr.Item) attr.Item {
	switch rv {
	case "ALL_OLD":
		return old
	case "ALL_NEW":
		return cur
	case "UPDATED_OLD", "UPDATED_NEW":
		if u == nil {
			return nil
		}
		src := cur
		if rv == "UPDATED_OLD" {
			src = old
		}
		if src == nil {
			return nil
		}
		return eval.Project(eval.UpdatedPaths(u), src)
	}
	return nil
}

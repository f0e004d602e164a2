package service

import (
	"context"
	"strconv"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/expr"
)

// Transaction limits, from the API Reference pages of TransactWriteItems
// and TransactGetItems.
const (
	maxTransactItems = 100     // actions in one transaction
	maxTransactBytes = 4 << 20 // aggregate size of the items a transaction writes
	maxTokenLength   = 36      // characters of a ClientRequestToken
)

// Messages the transaction operations share.
const (
	msgTransactSameItem = "Transaction request cannot include multiple operations on one item"
	msgTransactNoAction = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
	msgTransactTwo      = "TransactItems can only contain one of Check, Put, Update or Delete"
	msgTransactTooLarge = "Transaction request size has exceeded the maximum allowed size of 4 MB"
)

// txKind is the kind of one action of TransactWriteItems.
type txKind uint8

const (
	txConditionCheck txKind = iota + 1
	txPut
	txUpdate
	txDelete
)

// txAction is one checked action of a TransactWriteItems.
type txAction struct {
	kind   txKind
	t      *catalog.Table
	k      primaryKey
	key    []byte // storage key of the item
	cond   expr.Condition
	update *expr.Update
	item   attr.Item // the item a Put writes
	onFail string    // ReturnValuesOnConditionCheckFailure
}

// checkTransactWrite validates a TransactWriteItems in AWS's layers: field
// constraints; then action by action, the action's members, values and
// expressions, as the single-item operation checks them; then the tables;
// then every key against its table's schema, and no item twice.
func (s *Service) checkTransactWrite(ctx context.Context, in *api.TransactWriteItemsInput) ([]*txAction, error) {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.enum(in.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", enumReturnItemCollection...)
	c.clientRequestToken(in.ClientRequestToken)
	c.transactItems(in.TransactItems == nil, len(in.TransactItems))
	if err := c.err(); err != nil {
		return nil, err
	}
	actions := make([]*txAction, len(in.TransactItems))
	parsed := make([]api.TransactCommon, len(in.TransactItems))
	size := 0
	for i, ti := range in.TransactItems {
		a, common, err := parseTxAction(i, ti)
		if err != nil {
			return nil, err
		}
		actions[i], parsed[i] = a, common
		size += itemSize(a.item)
	}
	if size > maxTransactBytes {
		return nil, apierr.New(apierr.Validation, msgTransactTooLarge)
	}
	return actions, s.bindTxActions(ctx, actions, parsed, in.TransactItems)
}

// parseTxAction checks one action's members and compiles its expressions.
func parseTxAction(i int, ti api.TransactWriteItem) (*txAction, api.TransactCommon, error) {
	n := 0
	for _, set := range []bool{ti.ConditionCheck != nil, ti.Put != nil, ti.Update != nil, ti.Delete != nil} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return nil, api.TransactCommon{}, apierr.New(apierr.Validation, msgTransactNoAction)
	case n > 1:
		return nil, api.TransactCommon{}, apierr.New(apierr.Validation, msgTransactTwo)
	}
	field := "transactItems." + strconv.Itoa(i+1) + ".member."
	a := &txAction{}
	var common api.TransactCommon
	var key attr.Item
	r := exprRequest{valueExprs: []string{"ConditionExpression"}}
	var c constraints
	switch {
	case ti.ConditionCheck != nil:
		a.kind, common, key = txConditionCheck, ti.ConditionCheck.TransactCommon, ti.ConditionCheck.Key
		c.required(key != nil, field+"conditionCheck.key")
		c.required(common.ConditionExpression != nil, field+"conditionCheck.conditionExpression")
	case ti.Put != nil:
		a.kind, common, a.item = txPut, ti.Put.TransactCommon, ti.Put.Item
		c.required(a.item != nil, field+"put.item")
	case ti.Update != nil:
		a.kind, common, key = txUpdate, ti.Update.TransactCommon, ti.Update.Key
		c.required(key != nil, field+"update.key")
		c.required(ti.Update.UpdateExpression != nil, field+"update.updateExpression")
		r.update = ti.Update.UpdateExpression
		r.valueExprs = []string{"UpdateExpression", "ConditionExpression"}
	default:
		a.kind, common, key = txDelete, ti.Delete.TransactCommon, ti.Delete.Key
		c.required(key != nil, field+"delete.key")
	}
	c.tableName(common.TableName)
	c.enum(common.ReturnValuesOnConditionCheckFailure, "returnValuesOnConditionCheckFailure", enumReturnOnConditionFail...)
	if err := c.err(); err != nil {
		return nil, common, err
	}
	a.onFail = common.ReturnValuesOnConditionCheckFailure
	values := key
	if a.kind == txPut {
		values = a.item
	}
	if err := attr.ValidateItem(values); err != nil {
		return nil, common, err
	}
	r.params, r.condition = common.ExpressionParams, common.ConditionExpression
	exprs, err := compile(r)
	if err != nil {
		return nil, common, err
	}
	a.cond, a.update = exprs.cond, exprs.update
	if a.kind == txPut && attr.ItemSize(a.item) > attr.MaxItemSize {
		return nil, common, apierr.New(apierr.Validation, "Item size has exceeded the maximum allowed size")
	}
	return a, common, nil
}

// bindTxActions finds each action's table and checks its key against the
// table's schema; no item may be named twice.
func (s *Service) bindTxActions(ctx context.Context, actions []*txAction, common []api.TransactCommon, items []api.TransactWriteItem) error {
	for i, a := range actions {
		t, err := s.itemTable(ctx, "TransactWriteItems", common[i].TableName)
		if err != nil {
			return err
		}
		a.t = t
	}
	seen := make(keySet, len(actions))
	for i, a := range actions {
		var err error
		if a.kind == txPut {
			if a.k, err = keyOfItem(a.t, a.item); err == nil {
				err = checkIndexKeys(a.t, a.item)
			}
		} else {
			a.k, err = keyOfKey(a.t, txKeyOf(items[i]))
		}
		if err != nil {
			return err
		}
		if a.kind == txUpdate {
			if err := checkKeyNotUpdated(a.t, a.update); err != nil {
				return err
			}
		}
		if a.key, err = a.k.storageKey(a.t); err != nil {
			return err
		}
		if !seen.add(a.key) {
			return apierr.New(apierr.Validation, msgTransactSameItem)
		}
	}
	return nil
}

// txKeyOf returns the Key of an action that names its item by key.
func txKeyOf(ti api.TransactWriteItem) attr.Item {
	switch {
	case ti.ConditionCheck != nil:
		return ti.ConditionCheck.Key
	case ti.Update != nil:
		return ti.Update.Key
	case ti.Delete != nil:
		return ti.Delete.Key
	}
	return nil
}

// clientRequestToken checks an optional ClientRequestToken: 1 to 36
// characters.
func (c *constraints) clientRequestToken(token *string) {
	switch {
	case token == nil:
	case len(*token) < 1:
		c.add(token, "clientRequestToken", "Member must have length greater than or equal to 1")
	case len(*token) > maxTokenLength:
		c.add(token, "clientRequestToken", "Member must have length less than or equal to 36")
	}
}

// transactItems checks the TransactItems list of either transaction
// operation: present, 1 to 100 actions.
func (c *constraints) transactItems(isNil bool, n int) {
	switch {
	case isNil:
		c.add(nil, "transactItems", "Member must not be null")
	case n < 1:
		v := "[]"
		c.add(&v, "transactItems", "Member must have length greater than or equal to 1")
	case n > maxTransactItems:
		v := "[" + strconv.Itoa(n) + " items]"
		c.add(&v, "transactItems", "Member must have length less than or equal to 100")
	}
}

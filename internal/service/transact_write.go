package service

import (
	"context"
	"errors"
	"strings"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/storage"
)

// Cancellation reason codes, as TransactionCanceledException lists them.
const (
	reasonNone        = "None"
	reasonCondition   = "ConditionalCheckFailed"
	reasonValidation  = "ValidationError"
	reasonConflict    = "TransactionConflict"
	msgTxConflict     = "Transaction is ongoing for the item"
	msgTxInProgress   = "The transaction with the given request token is already in progress."
	transactWriteCost = 2 // a transactional write or read costs twice a plain one
)

// TransactWriteItems applies up to 100 actions on items of one or more
// tables, all or none.
//
// Isolation: the items' locks are taken together, in one global order, as
// a transaction's (storage.Store.Transact), then every condition is checked
// and every new item computed against the items as they are, and all writes
// commit in one atomic, durable batch. A transaction that finds another
// transaction holding one of its items is cancelled with TransactionConflict
// for that item; one that finds a single-item write holding one waits for
// it (a single write is short and holds no other lock, so the wait is
// brief and no cycle can form). Readers use snapshots, so none sees part of
// a transaction. The result is serializable.
//
// A ClientRequestToken is recorded in the same batch as the writes; a
// repeat within tokenWindow of it returns success without applying
// anything again (see transact_token.go).
func (s *Service) TransactWriteItems(ctx context.Context, in *api.TransactWriteItemsInput) (*api.TransactWriteItemsOutput, error) {
	actions, err := s.checkTransactWrite(ctx, in)
	if err != nil {
		return nil, err
	}
	tok := newTokenCheck(s.namespace(ctx), in, s.opts.Now())
	keys := make([][]byte, 0, len(actions)+1)
	for _, a := range actions {
		keys = append(keys, a.key)
	}
	if tok != nil {
		keys = append(keys, tok.key)
	}
	var res *txResult
	err = s.store.Transact(ctx, keys, func(tx storage.Txn) error {
		res = &txResult{live: s.liveTable} // afresh, should the store run fn again
		return res.run(tx, actions, tok)
	})
	if err != nil {
		return nil, txLockError(err, actions, tok)
	}
	if res.repeat {
		cc, err := s.repeatCapacity(ctx, in.ReturnConsumedCapacity, actions)
		if err != nil {
			return nil, err
		}
		return &api.TransactWriteItemsOutput{ConsumedCapacity: cc}, nil
	}
	capacity, done := res.commit(in.ReturnConsumedCapacity, actions)
	collections, err := s.itemCollections(ctx, in.ReturnItemCollectionMetrics, done)
	if err != nil {
		return nil, err
	}
	return &api.TransactWriteItemsOutput{ConsumedCapacity: capacity, ItemCollectionMetrics: collections}, nil
}

// txResult is what one run of a transaction found and did.
type txResult struct {
	live       func(*catalog.Table) *catalog.Table // the table as it is now (Service.liveTable)
	olds, news []attr.Item
	changes    [][]indexChange // each action's index changes
	repeat     bool            // the token's transaction was already applied: nothing done
}

// run reads every action's item, checks the conditions, computes the new
// items and stages the writes, or returns TransactionCanceledException.
func (res *txResult) run(tx storage.Txn, actions []*txAction, tok *tokenCheck) error {
	if tok != nil {
		applied, err := tok.seen(tx)
		if err != nil || applied {
			res.repeat = applied
			return err
		}
	}
	res.olds = make([]attr.Item, len(actions))
	res.news = make([]attr.Item, len(actions))
	res.changes = make([][]indexChange, len(actions))
	reasons := make([]api.CancellationReason, len(actions))
	cancelled := false
	for i, a := range actions {
		old, err := readItem(tx, a.key)
		if err != nil {
			return err
		}
		res.olds[i] = old
		reasons[i] = res.evaluate(i, a, old)
		cancelled = cancelled || reasons[i].Code != reasonNone
	}
	if cancelled {
		return transactionCanceled(reasons)
	}
	for i, a := range actions {
		if a.kind == txConditionCheck {
			continue
		}
		if err := stageItemWrite(tx, a.key, res.olds[i] != nil, res.news[i], res.changes[i]); err != nil {
			return err
		}
	}
	if tok != nil {
		return tok.record(tx)
	}
	return nil
}

// evaluate checks action i against its item and computes the item it
// leaves, returning the action's cancellation reason (None when it may
// proceed).
func (res *txResult) evaluate(i int, a *txAction, old attr.Item) api.CancellationReason {
	if a.cond != nil && !eval.Condition(a.cond, old) {
		r := api.CancellationReason{Code: reasonCondition, Message: apierr.MsgConditionFailed}
		if a.onFail == "ALL_OLD" {
			r.Item = old
		}
		return r
	}
	switch a.kind {
	case txPut:
		res.news[i] = a.item
	case txUpdate:
		cur, _, err := applyUpdate(a.t, a.k, a.update, old)
		if err != nil {
			return validationReason(err)
		}
		res.news[i] = cur
	case txConditionCheck:
		res.news[i] = old
		return api.CancellationReason{Code: reasonNone}
	}
	changes, err := indexChanges(res.live(a.t), old, res.news[i])
	if err != nil {
		return validationReason(err)
	}
	res.changes[i] = changes
	return api.CancellationReason{Code: reasonNone}
}

// validationReason is the ValidationError reason for an action whose new
// item was refused.
func validationReason(err error) api.CancellationReason {
	e, internal := apierr.From(err)
	if internal {
		e = apierr.New(apierr.Validation, "One or more parameter values were invalid.")
	}
	return api.CancellationReason{Code: reasonValidation, Message: e.Message}
}

// commit updates the tables' statistics for a committed transaction and
// returns its writes and its consumed capacity for mode: every action costs twice its
// single-item write, its index writes included, summed per table in the
// order tables first appear.
func (res *txResult) commit(mode string, actions []*txAction) ([]api.ConsumedCapacity, []written) {
	var capacity capacityTally
	var done []written
	for i, a := range actions {
		w := written{t: a.t, old: res.olds[i], cur: res.news[i], changes: res.changes[i]}
		if a.kind != txConditionCheck {
			w.addStats()
			done = append(done, w)
		}
		capacity.addWrite(w, transactWriteCost)
	}
	return capacity.list(mode), done
}

// transactionCanceled builds TransactionCanceledException for reasons:
// "Transaction cancelled, please refer cancellation reasons for specific
// reasons [None, ConditionalCheckFailed]".
func transactionCanceled(reasons []api.CancellationReason) error {
	codes := make([]string, len(reasons))
	for i, r := range reasons {
		codes[i] = r.Code
	}
	e := apierr.New(apierr.TransactionCanceled,
		"Transaction cancelled, please refer cancellation reasons for specific reasons ["+strings.Join(codes, ", ")+"]")
	e.CancellationReasons = reasons
	return e
}

// txLockError turns a lock held by another transaction into AWS's answer:
// the transaction is cancelled with TransactionConflict for the action
// whose item was held, or, when the held key is the request's token,
// another request with that token is in progress.
func txLockError(err error, actions []*txAction, tok *tokenCheck) error {
	var le *storage.LockedError
	if !errors.As(err, &le) {
		return err
	}
	if tok != nil && string(le.Key) == string(tok.key) {
		return apierr.New(apierr.TransactionInProgress, msgTxInProgress)
	}
	reasons := make([]api.CancellationReason, len(actions))
	for i, a := range actions {
		reasons[i] = api.CancellationReason{Code: reasonNone}
		if string(a.key) == string(le.Key) {
			reasons[i] = api.CancellationReason{Code: reasonConflict, Message: msgTxConflict}
		}
	}
	return transactionCanceled(reasons)
}

// singleWriteLockError turns a lock held by a transaction, met by a
// single-item or batch write, into TransactionConflictException.
func singleWriteLockError(err error) error {
	if errors.Is(err, storage.ErrLockedByTransaction) {
		return apierr.New(apierr.TransactionConflict, msgTxConflict)
	}
	return err
}

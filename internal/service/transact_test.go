package service

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/storage"
)

// newTxService returns a service with table "tbl" (pk S, sk N) whose clock
// the test controls.
func newTxService(t *testing.T) (*Service, *testClock) {
	t.Helper()
	clock := newTestClock()
	s, _ := newTableService(t, Options{Now: clock.Now})
	if _, err := s.CreateTable(context.Background(), &api.CreateTableInput{
		TableName: "tbl", KeySchema: keys("pk", "HASH", "sk", "RANGE"),
		AttributeDefinitions: defs("pk", "S", "sk", "N"), BillingMode: "PAY_PER_REQUEST",
	}); err != nil {
		t.Fatal(err)
	}
	return s, clock
}

// addOne is a transaction that adds 1 to n of item (a, 1).
func addOne(token string) *api.TransactWriteItemsInput {
	in := &api.TransactWriteItemsInput{TransactItems: []api.TransactWriteItem{{Update: &api.TransactUpdate{
		TransactCommon: api.TransactCommon{TableName: "tbl",
			ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":one": attr.Num("1")}}},
		Key: key("a", "1"), UpdateExpression: strp("ADD n :one"),
	}}}}
	if token != "" {
		in.ClientRequestToken = strp(token)
	}
	return in
}

func counterValue(t *testing.T, s *Service) string {
	t.Helper()
	out, err := s.GetItem(context.Background(), &api.GetItemInput{TableName: "tbl", Key: key("a", "1")})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item["n"].S
}

// TestTransactTokenWindow checks that a token makes a transaction apply
// once within ten minutes of its completion, refuses other parameters, and
// is forgotten afterwards.
func TestTransactTokenWindow(t *testing.T) {
	s, clock := newTxService(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := s.TransactWriteItems(ctx, addOne("tok")); err != nil {
			t.Fatal(err)
		}
		clock.Advance(3 * time.Minute)
	}
	if got := counterValue(t, s); got != "1" {
		t.Fatalf("n = %s after three repeats within the window, want 1", got)
	}
	other := addOne("tok")
	other.TransactItems[0].Update.Key = key("b", "1")
	_, err := s.TransactWriteItems(ctx, other)
	wantAPIErr(t, err, apierr.IdempotentParameterMismatch,
		"The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.")
	clock.Advance(10 * time.Minute)
	if _, err := s.TransactWriteItems(ctx, addOne("tok")); err != nil {
		t.Fatal(err)
	}
	if got := counterValue(t, s); got != "2" {
		t.Fatalf("n = %s after the window, want 2", got)
	}
}

// holdTransaction holds the lock of item (a, 1) as a transaction would,
// until the returned function is called.
func holdTransaction(t *testing.T, s *Service) func() {
	t.Helper()
	tbl, err := s.catalog.Get(defaultNS, "tbl")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keyOfKey(tbl, key("a", "1"))
	if err != nil {
		t.Fatal(err)
	}
	itemKey, _ := k.storageKey(tbl)
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.store.Transact(context.Background(), [][]byte{itemKey}, func(storage.Txn) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	return func() {
		close(release)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestTransactConflicts checks what meets an item a transaction in flight
// holds: another transaction is cancelled with TransactionConflict for that
// item, and single-item and batch writes get TransactionConflictException.
func TestTransactConflicts(t *testing.T) {
	s, _ := newTxService(t)
	ctx := context.Background()
	release := holdTransaction(t, s)
	in := addOne("")
	in.TransactItems = append([]api.TransactWriteItem{{Put: &api.TransactPut{
		TransactCommon: api.TransactCommon{TableName: "tbl"}, Item: key("b", "1")}}}, in.TransactItems...)
	_, err := s.TransactWriteItems(ctx, in)
	wantAPIErr(t, err, apierr.TransactionCanceled,
		"Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]")
	var e *apierr.Error
	errors.As(err, &e)
	reasons := e.CancellationReasons.([]api.CancellationReason)
	if reasons[1].Message != "Transaction is ongoing for the item" || reasons[0].Message != "" {
		t.Fatalf("reasons = %+v", reasons)
	}
	_, err = s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key("a", "1")})
	wantAPIErr(t, err, apierr.TransactionConflict, "Transaction is ongoing for the item")
	_, err = s.BatchWriteItem(ctx, &api.BatchWriteItemInput{RequestItems: map[string][]api.WriteRequest{
		"tbl": {{DeleteRequest: &api.DeleteRequest{Key: key("a", "1")}}}}})
	wantAPIErr(t, err, apierr.TransactionConflict, "Transaction is ongoing for the item")
	if out, _ := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("b", "1")}); out.Item != nil {
		t.Fatal("a cancelled transaction wrote")
	}
	release()
	if _, err := s.TransactWriteItems(ctx, in); err != nil {
		t.Fatal(err)
	}
}

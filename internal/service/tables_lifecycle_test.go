package service

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// writeRawItems stores n items straight into table id's key range.
func writeRawItems(t *testing.T, st storage.Store, id uint64, n int) {
	t.Helper()
	err := st.Update(context.Background(), nil, func(tx storage.Txn) error {
		for i := range n {
			pk := attr.Value{Kind: attr.KindS, S: fmt.Sprint("item", i)}
			key, err := keycodec.ItemKey(id, pk, nil)
			if err != nil {
				return err
			}
			if err := tx.Set(key, attr.AppendItem(nil, attr.Item{"pk": pk})); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func rawItemCount(t *testing.T, st storage.Store, id uint64) int {
	t.Helper()
	n := 0
	lower, upper := keycodec.TableSpan(id)
	err := st.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeleteTable(t *testing.T) {
	s, st := newTableService(t, Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		code apierr.Code
		msg  string
	}{
		{"", ve, "The parameter 'TableName' is required but was not present in the request"},
		{"abc;", ve, "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"nope", apierr.ResourceNotFound, "Requested resource not found: Table: nope not found"},
	} {
		_, err := s.DeleteTable(ctx, &api.DeleteTableInput{TableName: tc.name})
		checkErr(t, err, tc.code, tc.msg)
	}

	first := mustCreate(t, s, onDemand("doomed"))
	tbl, _ := s.catalog.Get(defaultNS, "doomed")
	writeRawItems(t, st, tbl.ID, 25)
	tbl.AddStats(25, 250)
	out, err := s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "arn:aws:dynamodb:us-east-1:000000000000:table/doomed"})
	if err != nil {
		t.Fatal(err)
	}
	d := out.TableDescription
	if d.TableStatus != "DELETING" || d.KeySchema != nil || d.AttributeDefinitions != nil || d.TableId != first.TableId ||
		d.ItemCount != 25 || d.BillingModeSummary.BillingMode != "PAY_PER_REQUEST" || *d.ProvisionedThroughput != (api.ProvisionedThroughputDescription{}) {
		t.Fatalf("DeleteTable answered %+v", d)
	}
	_, err = s.DescribeTable(ctx, &api.DescribeTableInput{TableName: "doomed"})
	checkErr(t, err, apierr.ResourceNotFound, "Requested resource not found: Table: doomed not found")
	_, err = s.catalog.Get(defaultNS, "doomed")
	checkErr(t, err, apierr.ResourceNotFound, "Requested resource not found")
	s.catalog.WaitPurges()
	if n := rawItemCount(t, st, tbl.ID); n != 0 {
		t.Fatalf("%d items of the deleted table remain", n)
	}

	// Re-created under the same name it is a new, empty table.
	again := mustCreate(t, s, provisioned("doomed"))
	tbl2, _ := s.catalog.Get(defaultNS, "doomed")
	if again.TableId == first.TableId || tbl2.ID == tbl.ID || again.ItemCount != 0 || len(again.KeySchema) != 1 {
		t.Fatalf("re-created table %+v (id %d, old %d)", again, tbl2.ID, tbl.ID)
	}
}

func TestTransitionsWithDelay(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now, TransitionDelay: time.Hour})
	ctx := context.Background()
	mustCreate(t, s, provisioned("slow"))
	if st := mustDescribe(t, s, "slow").TableStatus; st != "CREATING" {
		t.Fatalf("status %s", st)
	}
	_, err := s.catalog.Get(defaultNS, "slow")
	checkErr(t, err, apierr.ResourceNotFound, "Requested resource not found")
	beingCreated := "Attempt to change a resource which is still in use: Table is being created: slow"
	_, err = s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "slow"})
	checkErr(t, err, apierr.ResourceInUse, beingCreated)
	_, err = s.UpdateTable(ctx, &api.UpdateTableInput{TableName: "slow", DeletionProtectionEnabled: boolp(true)})
	checkErr(t, err, apierr.ResourceInUse, beingCreated)
	_, err = s.CreateTable(ctx, provisioned("slow"))
	checkErr(t, err, apierr.ResourceInUse, beingCreated)

	clk.Advance(time.Hour)
	if st := mustDescribe(t, s, "slow").TableStatus; st != "ACTIVE" {
		t.Fatalf("status %s", st)
	}
	update(t, s, &api.UpdateTableInput{TableName: "slow", ProvisionedThroughput: pt(6, 6)})
	if st := mustDescribe(t, s, "slow").TableStatus; st != "UPDATING" {
		t.Fatalf("status %s", st)
	}
	if _, err := s.catalog.Get(defaultNS, "slow"); err != nil {
		t.Fatalf("item operations must work while UPDATING: %v", err)
	}
	_, err = s.UpdateTable(ctx, &api.UpdateTableInput{TableName: "slow", ProvisionedThroughput: pt(7, 7)})
	checkErr(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table IOPS are currently being updated. Table: slow")
	_, err = s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "slow"})
	checkErr(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table: slow is in the process of being updated.")
	update(t, s, &api.UpdateTableInput{TableName: "slow", DeletionProtectionEnabled: boolp(false)}) // allowed while UPDATING

	clk.Advance(time.Hour)
	if _, err := s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "slow"}); err != nil {
		t.Fatal(err)
	}
	if st := mustDescribe(t, s, "slow").TableStatus; st != "DELETING" {
		t.Fatalf("status %s", st)
	}
	_, err = s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "slow"})
	checkErr(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being deleted: slow")
	_, err = s.UpdateTable(ctx, &api.UpdateTableInput{TableName: "slow", DeletionProtectionEnabled: boolp(true)})
	checkErr(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being deleted: slow")
	_, err = s.CreateTable(ctx, provisioned("slow"))
	checkErr(t, err, apierr.ResourceInUse, "Table already exists: slow")
	if out, _ := s.ListTables(ctx, &api.ListTablesInput{}); len(out.TableNames) != 1 {
		t.Fatalf("a DELETING table is still listed: %v", out.TableNames)
	}
}

func TestConcurrentCreateTable(t *testing.T) {
	s, _ := newTableService(t, Options{})
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := provisioned("contested")
			if i%2 == 1 {
				in = onDemand("contested")
			}
			_, err := s.CreateTable(context.Background(), in)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	wins := 0
	for err := range errs {
		var e *apierr.Error
		switch {
		case err == nil:
			wins++
		case errors.As(err, &e) && e.Code == apierr.ResourceInUse && e.Message == "Table already exists: contested":
		default:
			t.Errorf("unexpected %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d CreateTable calls won", wins)
	}
}

func TestTablesSurviveReopen(t *testing.T) {
	st := newMemStore(t)
	clk := newTestClock()
	s1, err := New(st, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s1, onDemand("kept"))
	update(t, s1, &api.UpdateTableInput{TableName: "kept", DeletionProtectionEnabled: boolp(true)})
	mustCreate(t, s1, provisioned("dropped"))
	before := mustDescribe(t, s1, "kept")
	tbl, _ := s1.catalog.Get(defaultNS, "kept")
	writeRawItems(t, st, tbl.ID, 4)
	if _, err := s1.DeleteTable(context.Background(), &api.DeleteTableInput{TableName: "dropped"}); err != nil {
		t.Fatal(err)
	}
	s1.Close()

	s2 := openService(t, st, Options{Now: clk.Now})
	after := mustDescribe(t, s2, "kept")
	if after.TableId != before.TableId || after.CreationDateTime != before.CreationDateTime || !after.DeletionProtectionEnabled ||
		after.ItemCount != 4 || after.TableSizeBytes == 0 || len(after.KeySchema) != 2 ||
		*after.BillingModeSummary.LastUpdateToPayPerRequestDateTime != *before.BillingModeSummary.LastUpdateToPayPerRequestDateTime {
		t.Fatalf("after reopen %+v, before %+v", after, before)
	}
	out, _ := s2.ListTables(context.Background(), &api.ListTablesInput{})
	if len(out.TableNames) != 1 || out.TableNames[0] != "kept" {
		t.Fatalf("tables after reopen %v", out.TableNames)
	}
}

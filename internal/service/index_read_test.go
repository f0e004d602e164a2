package service

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// newIndexedService returns a service with table "tbl" (pk S, sk N), a
// local index "byV" on v (N, KEYS_ONLY) and a global index "byG" on g (S)
// and v (N), projecting x.
func newIndexedService(t *testing.T) *Service {
	t.Helper()
	s, _ := newTableService(t, Options{})
	_, err := s.CreateTable(context.Background(), &api.CreateTableInput{
		TableName: "tbl", BillingMode: "PAY_PER_REQUEST",
		KeySchema:            keys("pk", "HASH", "sk", "RANGE"),
		AttributeDefinitions: defs("pk", "S", "sk", "N", "v", "N", "g", "S"),
		LocalSecondaryIndexes: []api.LocalSecondaryIndex{{
			IndexName: "byV", KeySchema: keys("pk", "HASH", "v", "RANGE"),
			Projection: &api.Projection{ProjectionType: "KEYS_ONLY"},
		}},
		GlobalSecondaryIndexes: []api.GlobalSecondaryIndex{{
			IndexName: "byG", KeySchema: keys("g", "HASH", "v", "RANGE"),
			Projection: &api.Projection{ProjectionType: "INCLUDE", NonKeyAttributes: []string{"x"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func queryIndex(t *testing.T, s *Service, in *api.QueryInput) []attr.Item {
	t.Helper()
	var items []attr.Item
	for {
		out, err := s.Query(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, out.Items...)
		if out.LastEvaluatedKey == nil {
			return items
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// TestIndexMaintenanceAndQuery checks that writes keep both indexes, that
// items without an index key are left out, and that a Query of an index
// returns its entries in index order, projected, across pages.
func TestIndexMaintenanceAndQuery(t *testing.T) {
	s, ctx := newIndexedService(t), context.Background()
	put := func(sk, v, g string, extra ...string) {
		it := key("a", sk)
		if v != "" {
			it["v"] = attr.Num(v)
		}
		if g != "" {
			it["g"] = attr.Str(g)
		}
		it["x"], it["y"] = attr.Str("x"+sk), attr.Str("y"+sk)
		if _, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: it}); err != nil {
			t.Fatal(err)
		}
	}
	put("1", "30", "red")
	put("2", "10", "red")
	put("3", "20", "blue")
	put("4", "", "red") // no v: in neither index
	put("2", "40", "red")
	if _, err := s.DeleteItem(ctx, &api.DeleteItemInput{TableName: "tbl", Key: key("a", "3")}); err != nil {
		t.Fatal(err)
	}
	byG := queryIndex(t, s, &api.QueryInput{TableName: "tbl", IndexName: strp("byG"), Limit: i64(1),
		KeyConditionExpression: strp("g = :g"),
		ExpressionParams:       api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":g": attr.Str("red")}}})
	if len(byG) != 2 || byG[0]["v"].S != "30" || byG[1]["v"].S != "40" {
		t.Fatalf("byG = %v", byG)
	}
	if _, ok := byG[0]["y"]; ok || byG[0]["x"].S != "x1" || byG[0]["pk"].S != "a" {
		t.Fatalf("byG projects %v", byG[0])
	}
	byV := queryIndex(t, s, &api.QueryInput{TableName: "tbl", IndexName: strp("byV"),
		KeyConditionExpression: strp("pk = :p AND v > :v"),
		ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{
			":p": attr.Str("a"), ":v": attr.Num("25")}}})
	if len(byV) != 2 || byV[0]["sk"].S != "1" || byV[1]["sk"].S != "2" || len(byV[0]) != 3 {
		t.Fatalf("byV = %v", byV)
	}
	all := queryIndex(t, s, &api.QueryInput{TableName: "tbl", IndexName: strp("byV"), Select: "ALL_ATTRIBUTES",
		KeyConditionExpression: strp("pk = :p"),
		ExpressionParams:       api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":p": attr.Str("a")}}})
	if len(all) != 2 || all[0]["y"].S != "y1" || all[1]["y"].S != "y2" {
		t.Fatalf("ALL_ATTRIBUTES on the local index = %v", all)
	}
	_, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: attr.Item{"pk": attr.Str("a"), "sk": attr.Num("9"), "g": attr.Num("1")}})
	wantAPIErr(t, err, apierr.Validation, "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG")
	_, err = s.Query(ctx, &api.QueryInput{TableName: "tbl", IndexName: strp("byG"), ConsistentRead: boolp(true),
		KeyConditionExpression: strp("g = :g"),
		ExpressionParams:       api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":g": attr.Str("red")}}})
	wantAPIErr(t, err, apierr.Validation, "Consistent reads are not supported on global secondary indexes")
	out, err := s.Scan(ctx, &api.ScanInput{TableName: "tbl", IndexName: strp("byG")})
	if err != nil || out.Count != 2 {
		t.Fatalf("Scan of byG: %v, %v", out, err)
	}
}

// TestDeleteTableWaitsForIndexes checks that a table whose index is still
// being created cannot be deleted, and can once the index is ACTIVE.
func TestDeleteTableWaitsForIndexes(t *testing.T) {
	clock := newTestClock()
	s, _ := newTableService(t, Options{Now: clock.Now, TransitionDelay: time.Minute})
	ctx := context.Background()
	if _, err := s.CreateTable(ctx, &api.CreateTableInput{
		TableName: "tbl", BillingMode: "PAY_PER_REQUEST",
		KeySchema: keys("pk", "HASH"), AttributeDefinitions: defs("pk", "S"),
	}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // the table is ACTIVE
	if _, err := s.UpdateTable(ctx, &api.UpdateTableInput{
		TableName: "tbl", AttributeDefinitions: defs("pk", "S", "g", "S"),
		GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{{Create: &api.GlobalSecondaryIndex{
			IndexName: "byG", KeySchema: keys("g", "HASH"), Projection: &api.Projection{ProjectionType: "ALL"}}}},
	}); err != nil {
		t.Fatal(err)
	}
	// The table is UPDATING with its new index, which AWS reports first.
	if _, err := s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "tbl"}); !errors.Is(err, apierr.New(apierr.ResourceInUse, "")) {
		t.Fatalf("DeleteTable while an index is created: %v, want ResourceInUseException", err)
	}
	s.catalog.WaitBackground() // the backfill is done; the index turns ACTIVE a delay later
	clock.Advance(time.Minute)
	if _, err := s.DeleteTable(ctx, &api.DeleteTableInput{TableName: "tbl"}); err != nil {
		t.Fatalf("DeleteTable once the index is ACTIVE: %v", err)
	}
}

// TestIndexWriteCapacity checks that a write is charged for its index
// entries, and that INDEXES reports each part.
func TestIndexWriteCapacity(t *testing.T) {
	s, ctx := newIndexedService(t), context.Background()
	item := key("a", "1")
	item["v"], item["g"] = attr.Num("1"), attr.Str("red")
	out, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: item, ReturnConsumedCapacity: "INDEXES"})
	if err != nil {
		t.Fatal(err)
	}
	c := out.ConsumedCapacity
	if c.CapacityUnits != 3 || *c.Table.CapacityUnits != 1 ||
		*c.GlobalSecondaryIndexes["byG"].CapacityUnits != 1 || *c.LocalSecondaryIndexes["byV"].CapacityUnits != 1 {
		t.Fatalf("consumed %+v", c)
	}
	// Moving the item in byG deletes one entry and puts another.
	up, err := s.UpdateItem(ctx, &api.UpdateItemInput{TableName: "tbl", Key: key("a", "1"), ReturnConsumedCapacity: "TOTAL",
		UpdateExpression: strp("SET g = :g"),
		ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":g": attr.Str("blue")}}})
	if err != nil {
		t.Fatal(err)
	}
	if up.ConsumedCapacity.CapacityUnits != 3 { // table 1, byG 2; byV's entry does not change
		t.Fatalf("consumed %+v", up.ConsumedCapacity)
	}
}

// TestItemCollectionMetrics checks that writes to a table with a local
// index report their item collection when asked, and others do not.
func TestItemCollectionMetrics(t *testing.T) {
	s, ctx := newIndexedService(t), context.Background()
	out, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key("a", "1"), ReturnItemCollectionMetrics: "SIZE"})
	if err != nil {
		t.Fatal(err)
	}
	m := out.ItemCollectionMetrics
	if m == nil || m.ItemCollectionKey["pk"].S != "a" || len(m.ItemCollectionKey) != 1 ||
		len(m.SizeEstimateRangeGB) != 2 || m.SizeEstimateRangeGB[0] != 0 || m.SizeEstimateRangeGB[1] != 1 {
		t.Fatalf("ItemCollectionMetrics = %+v", m)
	}
	bw, err := s.BatchWriteItem(ctx, &api.BatchWriteItemInput{ReturnItemCollectionMetrics: "SIZE",
		RequestItems: map[string][]api.WriteRequest{"tbl": {{PutRequest: &api.PutRequest{Item: key("b", "1")}},
			{PutRequest: &api.PutRequest{Item: key("b", "2")}}}}})
	if err != nil || len(bw.ItemCollectionMetrics["tbl"]) != 1 {
		t.Fatalf("BatchWriteItem metrics %+v, %v", bw.ItemCollectionMetrics, err)
	}
	plain := newItemsService(t) // no local index
	out, err = plain.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key("a", "1"), ReturnItemCollectionMetrics: "SIZE"})
	if err != nil || out.ItemCollectionMetrics != nil {
		t.Fatalf("metrics on a table without local indexes: %+v, %v", out.ItemCollectionMetrics, err)
	}
}

package service

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

func putReq(item attr.Item) api.WriteRequest {
	return api.WriteRequest{PutRequest: &api.PutRequest{Item: item}}
}

func delReq(key attr.Item) api.WriteRequest {
	return api.WriteRequest{DeleteRequest: &api.DeleteRequest{Key: key}}
}

func mustBatchWrite(t *testing.T, s *Service, items map[string][]api.WriteRequest) *api.BatchWriteItemOutput {
	t.Helper()
	out, err := s.BatchWriteItem(context.Background(), &api.BatchWriteItemInput{RequestItems: items, ReturnConsumedCapacity: "TOTAL"})
	if err != nil {
		t.Fatalf("BatchWriteItem: %v", err)
	}
	return out
}

func TestBatchWriteValidationOrder(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	big := key("big", "1")
	big["b"] = attr.Str(strings.Repeat("x", attr.MaxItemSize))
	many := make([]api.WriteRequest, 0, 26)
	for i := range 13 {
		many = append(many, putReq(key("a", fmt.Sprint(i))))
	}
	cases := []struct {
		name  string
		items map[string][]api.WriteRequest
		code  apierr.Code
		msg   string
	}{
		{"neither", map[string][]api.WriteRequest{"tbl": {{}}}, apierr.Validation, msgWriteRequestShape},
		{"both", map[string][]api.WriteRequest{"tbl": {{PutRequest: &api.PutRequest{Item: key("a", "1")}, DeleteRequest: &api.DeleteRequest{Key: key("a", "1")}}}},
			apierr.Validation, msgWriteRequestShape},
		// Values and sizes are checked before the table.
		{"bad value on missing table", map[string][]api.WriteRequest{"missing": {putReq(attr.Item{"pk": attr.Num("x")})}},
			apierr.Validation, "The parameter cannot be converted to a numeric value: x"},
		{"too big on missing table", map[string][]api.WriteRequest{"missing": {putReq(big)}}, apierr.Validation, msgItemTooLarge},
		{"26 over two tables", map[string][]api.WriteRequest{"missing": many, "tbl": append(many[:13:13], putReq(key("z", "1")))},
			apierr.Validation, msgBatchWriteTooMany},
		// The table is looked up before keys are compared.
		{"duplicate on missing table", map[string][]api.WriteRequest{"missing": {putReq(key("a", "1")), delReq(key("a", "1"))}},
			apierr.ResourceNotFound, apierr.MsgResourceNotFound},
		{"missing sort key", map[string][]api.WriteRequest{"tbl": {putReq(attr.Item{"pk": attr.Str("a")})}},
			apierr.Validation, "The provided key element does not match the schema"},
		{"wrong key type", map[string][]api.WriteRequest{"tbl": {delReq(attr.Item{"pk": attr.Str("a"), "sk": attr.Str("1")})}},
			apierr.Validation, "The provided key element does not match the schema"},
		{"extra key attribute", map[string][]api.WriteRequest{"tbl": {delReq(attr.Item{"pk": attr.Str("a"), "sk": attr.Num("1"), "x": attr.Str("")})}},
			apierr.Validation, "The provided key element does not match the schema"},
		{"empty key string", map[string][]api.WriteRequest{"tbl": {putReq(attr.Item{"pk": attr.Str(""), "sk": attr.Num("1")})}},
			apierr.Validation, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
		{"put and delete of one key", map[string][]api.WriteRequest{"tbl": {putReq(key("a", "1")), delReq(key("a", "1.0"))}},
			apierr.Validation, msgBatchDuplicateKeys},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.BatchWriteItem(ctx, &api.BatchWriteItemInput{RequestItems: tc.items})
			wantAPIErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestBatchWriteConstraints(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	_, err := s.BatchWriteItem(ctx, &api.BatchWriteItemInput{ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi"})
	wantAPIErr(t, err, apierr.Validation, "3 validation errors detected: "+
		"Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "+
		"Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; "+
		"Value null at 'requestItems' failed to satisfy constraint: Member must not be null")

	_, err = s.BatchWriteItem(ctx, &api.BatchWriteItemInput{RequestItems: map[string][]api.WriteRequest{"a": {}}})
	wantAPIErr(t, err, apierr.Validation, "2 validation errors detected: "+
		"Value '{a=[]}' at 'requestItems' failed to satisfy constraint: "+ruleMapKeys+"; "+
		"Value '{a=[]}' at 'requestItems' failed to satisfy constraint: "+ruleMapValues)

	both := api.WriteRequest{PutRequest: &api.PutRequest{}, DeleteRequest: &api.DeleteRequest{}}
	_, err = s.BatchWriteItem(ctx, &api.BatchWriteItemInput{RequestItems: map[string][]api.WriteRequest{"tbl": {putReq(key("a", "1")), both}}})
	wantAPIErr(t, err, apierr.Validation, "2 validation errors detected: "+
		"Value null at 'requestItems.tbl.member.2.member.deleteRequest.key' failed to satisfy constraint: Member must not be null; "+
		"Value null at 'requestItems.tbl.member.2.member.putRequest.item' failed to satisfy constraint: Member must not be null")
}

func TestBatchWriteIsAllOrNothing(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	_, err := s.BatchWriteItem(ctx, &api.BatchWriteItemInput{RequestItems: map[string][]api.WriteRequest{
		"tbl": {putReq(key("a", "1")), putReq(attr.Item{"pk": attr.Str("b")})},
	}})
	wantAPIErr(t, err, apierr.Validation, "The provided key element does not match the schema")
	got, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1")})
	if err != nil || got.Item != nil {
		t.Fatalf("the valid put of a rejected batch was written: %+v, %v", got, err)
	}
}

func TestBatchWriteStatsAndCapacity(t *testing.T) {
	s := newItemsService(t)
	tbl, _ := s.catalog.Get(defaultNS, "tbl")
	big := key("big", "1")
	big["b"] = attr.Str(strings.Repeat("x", 1500)) // 2 write units
	out := mustBatchWrite(t, s, map[string][]api.WriteRequest{"tbl": {putReq(key("a", "1")), putReq(big), delReq(key("none", "1"))}})
	if len(out.ConsumedCapacity) != 1 || out.ConsumedCapacity[0].CapacityUnits != 4 || out.ConsumedCapacity[0].TableName != "tbl" {
		t.Fatalf("ConsumedCapacity = %+v, want tbl 4 (1 + 2 + 1 for a missing item)", out.ConsumedCapacity)
	}
	if out.UnprocessedItems == nil || len(out.UnprocessedItems) != 0 || out.ItemCollectionMetrics != nil {
		t.Fatalf("UnprocessedItems = %v, ItemCollectionMetrics = %v", out.UnprocessedItems, out.ItemCollectionMetrics)
	}
	if n, b := tbl.Stats(); n != 2 || b != int64(attr.ItemSize(key("a", "1"))+attr.ItemSize(big)) {
		t.Fatalf("stats after puts = %d items, %d bytes", n, b)
	}
	// Deleting the big item is charged for it; replacing a with a small item too.
	out = mustBatchWrite(t, s, map[string][]api.WriteRequest{"tbl": {delReq(key("big", "1")), putReq(key("a", "1"))}})
	if out.ConsumedCapacity[0].CapacityUnits != 3 {
		t.Fatalf("ConsumedCapacity = %+v, want 3", out.ConsumedCapacity)
	}
	if n, b := tbl.Stats(); n != 1 || b != int64(attr.ItemSize(key("a", "1"))) {
		t.Fatalf("stats after delete = %d items, %d bytes", n, b)
	}
}

func TestBatchGetReadsAndProjects(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	item := key("a", "1")
	item["x"], item["y"] = attr.Str("x"), attr.Str(strings.Repeat("y", 5000))
	mustBatchWrite(t, s, map[string][]api.WriteRequest{"tbl": {putReq(item), putReq(key("b", "1"))}})
	out, err := s.BatchGetItem(ctx, &api.BatchGetItemInput{ReturnConsumedCapacity: "INDEXES", RequestItems: map[string]api.KeysAndAttributes{
		"tbl": {Keys: []attr.Item{key("a", "1"), key("b", "1"), key("c", "1")}, ProjectionExpression: strp("#x, z"),
			ExpressionAttributeNames: map[string]string{"#x": "x"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := out.Responses["tbl"]
	if len(got) != 2 || len(got[0]) != 1 || got[0]["x"].S != "x" || got[1] == nil || len(got[1]) != 0 {
		t.Fatalf("Responses = %+v, want {x} and {}", got)
	}
	// Eventually consistent: 2 units for the 5 KB item, halved, plus half a
	// unit each for the small and the missing item.
	cc := out.ConsumedCapacity
	if len(cc) != 1 || cc[0].CapacityUnits != 2 || cc[0].Table == nil || *cc[0].Table.CapacityUnits != 2 {
		t.Fatalf("ConsumedCapacity = %+v, want 2 with the table's share", cc)
	}
	if out.UnprocessedKeys == nil || len(out.UnprocessedKeys) != 0 {
		t.Fatalf("UnprocessedKeys = %v, want {}", out.UnprocessedKeys)
	}
}

func TestBatchGetUnprocessedOverBudget(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	pad := strings.Repeat("p", 390*1024)
	var keys []attr.Item
	for i := range 50 {
		it := key("k", fmt.Sprint(i))
		it["pad"] = attr.Str(pad)
		if _, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: it}); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key("k", fmt.Sprint(i)))
	}
	consistent := true
	req := api.KeysAndAttributes{Keys: keys, ConsistentRead: &consistent, AttributesToGet: []string{"sk"}}
	seen := map[string]bool{}
	for calls := 1; ; calls++ {
		out, err := s.BatchGetItem(ctx, &api.BatchGetItemInput{RequestItems: map[string]api.KeysAndAttributes{"tbl": req}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Responses["tbl"] {
			seen[it["sk"].S] = true
		}
		left, ok := out.UnprocessedKeys["tbl"]
		if !ok {
			if calls != 2 || len(seen) != 50 {
				t.Fatalf("%d calls returned %d items, want 2 calls and 50 items", calls, len(seen))
			}
			return
		}
		if left.ConsistentRead == nil || !*left.ConsistentRead || len(left.AttributesToGet) != 1 {
			t.Fatalf("UnprocessedKeys lost the request's parameters: %+v", left)
		}
		if n := len(out.Responses["tbl"]); n == 0 || n+len(left.Keys) != len(req.Keys) {
			t.Fatalf("call %d: %d items + %d unprocessed of %d keys", calls, n, len(left.Keys), len(req.Keys))
		}
		req = left
	}
}

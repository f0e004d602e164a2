package service

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// A table without indexes: BatchWriteItem measures the items it replaces
// and deletes without decoding them. The items must still be replaced and
// deleted, and the statistics and capacity be those of decoded items.
func TestBatchWriteUndecodedOldItems(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	tbl, _ := s.catalog.Get(defaultNS, "tbl")
	old := key("a", "1")
	old["data"] = attr.Str(strings.Repeat("o", 3000)) // 3 write units
	mustBatchWrite(t, s, map[string][]api.WriteRequest{"tbl": {putReq(old), putReq(key("b", "1"))}})
	replacement := key("a", "1")
	replacement["n"] = attr.Num("1")
	out := mustBatchWrite(t, s, map[string][]api.WriteRequest{"tbl": {putReq(replacement), delReq(key("b", "1")), delReq(key("c", "1"))}})
	if got := out.ConsumedCapacity[0].CapacityUnits; got != 3+1+1 {
		t.Fatalf("ConsumedCapacity %v, want 5 (the replaced item's 3, a delete, a delete of nothing)", got)
	}
	if n, b := tbl.Stats(); n != 1 || b != int64(attr.ItemSize(replacement)) {
		t.Fatalf("stats = %d items, %d bytes; want 1, %d", n, b, attr.ItemSize(replacement))
	}
	got, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1")})
	if err != nil || !reflect.DeepEqual(got.Item, replacement) {
		t.Fatalf("GetItem a = %v, %v; want %v", got.Item, err, replacement)
	}
	got, err = s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("b", "1")})
	if err != nil || got.Item != nil {
		t.Fatalf("GetItem b = %v, %v; want it deleted", got.Item, err)
	}
}

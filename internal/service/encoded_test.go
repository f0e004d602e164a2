package service

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// decodeGetItem and decodeQuery bring an output with encoded items to the
// form a service without Options.EncodedItems returns.
func decodeGetItem(t *testing.T, o *api.GetItemOutput) *api.GetItemOutput {
	t.Helper()
	if o.EncodedItem != nil {
		item, err := attr.DecodeItem(o.EncodedItem)
		if err != nil {
			t.Fatal(err)
		}
		o.Item, o.EncodedItem = item, nil
	}
	return o
}

func decodeQuery(t *testing.T, o *api.QueryOutput) *api.QueryOutput {
	t.Helper()
	if o.EncodedItems != nil {
		o.Items = []attr.Item{}
		for _, enc := range o.EncodedItems {
			item, err := attr.DecodeItem(enc)
			if err != nil {
				t.Fatal(err)
			}
			o.Items = append(o.Items, item)
		}
		o.EncodedItems = nil
	}
	return o
}

// TestEncodedItemsAnswerAlike runs reads with and without
// Options.EncodedItems and checks that they answer the same items, counts,
// keys and capacity, and that the reads that can return encoded items do.
func TestEncodedItemsAnswerAlike(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	for i := range 5 {
		item := key("p", strconv.Itoa(i))
		item["v"] = attr.Str(string(rune('a' + i)))
		item["m"] = attr.Map(attr.Item{"n": attr.Num("1.5"), "l": attr.List(attr.Bool(true), attr.Null())})
		if _, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	both := func(f func() any) (on, off any) {
		s.opts.EncodedItems = true
		on = f()
		s.opts.EncodedItems = false
		return on, f()
	}
	kce, v, proj, filter := "pk = :p", ":p", "v", "v <> :x"
	values := map[string]attr.Value{v: attr.Str("p")}
	gets := []struct {
		in      api.GetItemInput
		encoded bool
	}{
		{api.GetItemInput{TableName: "tbl", Key: key("p", "1")}, true},
		{api.GetItemInput{TableName: "tbl", Key: key("p", "9")}, false},
		{api.GetItemInput{TableName: "tbl", Key: key("p", "2"), ReturnConsumedCapacity: "TOTAL"}, true},
		{api.GetItemInput{TableName: "tbl", Key: key("p", "2"), ReturnConsumedCapacity: "INDEXES", ConsistentRead: boolp(true)}, true},
		{api.GetItemInput{TableName: "tbl", Key: key("p", "9"), ReturnConsumedCapacity: "TOTAL"}, false},
		{api.GetItemInput{TableName: "tbl", Key: key("p", "3"), ProjectionExpression: &proj}, false},
	}
	for _, c := range gets {
		on, off := both(func() any {
			in := c.in
			in.Key = key(c.in.Key["pk"].S, c.in.Key["sk"].S)
			out, err := s.GetItem(ctx, &in)
			if err != nil {
				t.Fatal(err)
			}
			return out
		})
		if got := on.(*api.GetItemOutput).EncodedItem != nil; got != c.encoded {
			t.Errorf("GetItem %+v: encoded %v, want %v", c.in, got, c.encoded)
		}
		if a, b := decodeGetItem(t, on.(*api.GetItemOutput)), off.(*api.GetItemOutput); !reflect.DeepEqual(a, b) {
			t.Errorf("GetItem %+v: with encoded items %+v, without %+v", c.in, a, b)
		}
	}
	queries := []struct {
		in      api.QueryInput
		encoded bool
	}{
		{api.QueryInput{}, true},
		{api.QueryInput{Limit: i64(2)}, true},
		{api.QueryInput{Limit: i64(5), ScanIndexForward: boolp(false), ReturnConsumedCapacity: "TOTAL"}, true},
		{api.QueryInput{ExclusiveStartKey: key("p", "1"), ReturnConsumedCapacity: "INDEXES"}, true},
		{api.QueryInput{ProjectionExpression: &proj}, false},
		{api.QueryInput{FilterExpression: &filter}, false},
		{api.QueryInput{Select: "COUNT"}, false},
	}
	for _, c := range queries {
		on, off := both(func() any {
			in := c.in
			in.TableName, in.KeyConditionExpression = "tbl", &kce
			in.ExpressionAttributeValues = map[string]attr.Value{v: values[v]}
			if in.FilterExpression != nil {
				in.ExpressionAttributeValues[":x"] = attr.Str("c")
			}
			if in.ExclusiveStartKey != nil {
				in.ExclusiveStartKey = key("p", "1")
			}
			out, err := s.Query(ctx, &in)
			if err != nil {
				t.Fatal(err)
			}
			return out
		})
		if got := on.(*api.QueryOutput).EncodedItems != nil; got != c.encoded {
			t.Errorf("Query %+v: encoded %v, want %v", c.in, got, c.encoded)
		}
		if a, b := decodeQuery(t, on.(*api.QueryOutput)), off.(*api.QueryOutput); !reflect.DeepEqual(a, b) {
			t.Errorf("Query %+v:\nwith encoded items %+v\nwithout            %+v", c.in, a, b)
		}
	}
	on, off := both(func() any {
		out, err := s.Scan(ctx, &api.ScanInput{TableName: "tbl", Limit: i64(3)})
		if err != nil {
			t.Fatal(err)
		}
		return out
	})
	if on.(*api.ScanOutput).EncodedItems == nil {
		t.Error("Scan returned decoded items")
	}
	if a, b := decodeQuery(t, (*api.QueryOutput)(on.(*api.ScanOutput))), (*api.QueryOutput)(off.(*api.ScanOutput)); !reflect.DeepEqual(a, b) {
		t.Errorf("Scan:\nwith encoded items %+v\nwithout            %+v", a, b)
	}
}

// TestWriteWithoutDecodingOld checks the writes that leave the replaced
// item undecoded (no condition, index or ALL_OLD): their capacity counts
// the larger item and the table's statistics stay right.
func TestWriteWithoutDecodingOld(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	big := key("a", "1")
	big["v"] = attr.Str(string(make([]byte, 3000)))
	small := key("a", "1")
	stats := func() (int64, int64) {
		out, err := s.DescribeTable(ctx, &api.DescribeTableInput{TableName: "tbl"})
		if err != nil {
			t.Fatal(err)
		}
		return out.Table.ItemCount, out.Table.TableSizeBytes
	}
	put := func(item attr.Item, rv string) *api.PutItemOutput {
		out, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: item, ReturnConsumedCapacity: "TOTAL", ReturnValues: rv})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := put(big, ""); out.ConsumedCapacity.CapacityUnits != 3 {
		t.Fatalf("putting the big item cost %v units, want 3", out.ConsumedCapacity.CapacityUnits)
	}
	if out := put(small, ""); out.ConsumedCapacity.CapacityUnits != 3 || out.Attributes != nil {
		t.Fatalf("replacing it with a small one cost %v units (want 3), returned %v", out.ConsumedCapacity.CapacityUnits, out.Attributes)
	}
	if n, size := stats(); n != 1 || size != int64(attr.ItemSize(small)) {
		t.Fatalf("after the replacement: %d items, %d bytes; want 1, %d", n, size, attr.ItemSize(small))
	}
	if out := put(big, "ALL_OLD"); !reflect.DeepEqual(out.Attributes, small) {
		t.Fatalf("ALL_OLD returned %v, want %v", out.Attributes, small)
	}
	del, err := s.DeleteItem(ctx, &api.DeleteItemInput{TableName: "tbl", Key: key("a", "1"), ReturnConsumedCapacity: "TOTAL"})
	if err != nil || del.ConsumedCapacity.CapacityUnits != 3 || del.Attributes != nil {
		t.Fatalf("DeleteItem = %+v, %v", del, err)
	}
	if n, size := stats(); n != 0 || size != 0 {
		t.Fatalf("after the delete: %d items, %d bytes", n, size)
	}
	if _, err := s.DeleteItem(ctx, &api.DeleteItemInput{TableName: "tbl", Key: key("a", "1")}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1")}); err != nil || got.Item != nil {
		t.Fatalf("GetItem after the delete = %+v, %v", got, err)
	}
	if n, size := stats(); n != 0 || size != 0 {
		t.Fatalf("after deleting nothing: %d items, %d bytes", n, size)
	}
}

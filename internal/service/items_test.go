package service

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

func strp(s string) *string { return &s }

// newItemsService returns a service with table "tbl" keyed by pk (S) and sk (N).
func newItemsService(t *testing.T) *Service {
	t.Helper()
	s, _ := newTableService(t, Options{})
	_, err := s.CreateTable(context.Background(), &api.CreateTableInput{
		TableName:            "tbl",
		KeySchema:            keys("pk", "HASH", "sk", "RANGE"),
		AttributeDefinitions: defs("pk", "S", "sk", "N"),
		BillingMode:          "PAY_PER_REQUEST",
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantAPIErr(t *testing.T, err error, code apierr.Code, msg string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want %s %q", err, apierr.SpecOf(code).Type, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("error = %s %q, want %s %q", apierr.SpecOf(e.Code).Type, e.Message, apierr.SpecOf(code).Type, msg)
	}
}

func key(pk, sk string) attr.Item { return attr.Item{"pk": attr.Str(pk), "sk": attr.Num(sk)} }

func TestPutGetDeleteRoundTrip(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	item := key("a", "1")
	item["n"] = attr.Num("1.50")
	item["ss"] = attr.StrSet("x", "y")
	if _, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: item}); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1.0")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Item["n"].S != "1.5" || !attr.Equal(got.Item["ss"], attr.StrSet("y", "x")) {
		t.Fatalf("got %+v", got.Item)
	}
	del, err := s.DeleteItem(ctx, &api.DeleteItemInput{TableName: "tbl", Key: key("a", "1"), ReturnValues: "ALL_OLD"})
	if err != nil || del.Attributes["n"].S != "1.5" {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	got, err = s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1")})
	if err != nil || got.Item != nil {
		t.Fatalf("after delete: %+v, %v", got, err)
	}
}

func TestItemValidationOrder(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	// A malformed expression is reported before the missing table.
	_, err := s.PutItem(ctx, &api.PutItemInput{TableName: "missing", Item: key("a", "1"), ConditionExpression: strp("a = ")})
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != apierr.Validation {
		t.Fatalf("malformed expression on missing table: %v", err)
	}
	_, err = s.PutItem(ctx, &api.PutItemInput{TableName: "missing", Item: key("a", "1")})
	wantAPIErr(t, err, apierr.ResourceNotFound, apierr.MsgResourceNotFound)
	_, err = s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key("a", "1"), ReturnValues: "ALL_NEW"})
	wantAPIErr(t, err, apierr.Validation, "ReturnValues can only be ALL_OLD or NONE")
	_, err = s.PutItem(ctx, &api.PutItemInput{TableName: "x;", ReturnValues: "hi"})
	wantAPIErr(t, err, apierr.Validation, "4 validation errors detected: "+
		"Value 'x;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "+
		"Value 'x;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; "+
		"Value null at 'item' failed to satisfy constraint: Member must not be null; "+
		"Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
}

func TestItemKeyErrors(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	for _, tc := range []struct {
		item attr.Item
		msg  string
	}{
		{attr.Item{"pk": attr.Str("a")}, "One or more parameter values were invalid: Missing the key sk in the item"},
		{attr.Item{"pk": attr.Num("1"), "sk": attr.Num("1")}, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"},
		{attr.Item{"pk": attr.Str(""), "sk": attr.Num("1")}, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"},
	} {
		_, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: tc.item})
		wantAPIErr(t, err, apierr.Validation, tc.msg)
	}
	_, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: attr.Item{"pk": attr.Str("a")}})
	wantAPIErr(t, err, apierr.Validation, "The provided key element does not match the schema")
	_, err = s.UpdateItem(ctx, &api.UpdateItemInput{TableName: "tbl", Key: key("a", "1"),
		UpdateExpression: strp("SET pk = :v"), ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":v": attr.Str("b")}}})
	wantAPIErr(t, err, apierr.Validation, "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
}

func TestConditionalWrites(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	put := func(cond string, onFail string) error {
		_, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key("a", "1"),
			ConditionExpression: strp(cond), ReturnValuesOnConditionCheckFailure: onFail})
		return err
	}
	if err := put("attribute_not_exists(pk)", ""); err != nil {
		t.Fatal(err)
	}
	err := put("attribute_not_exists(pk)", "ALL_OLD")
	wantAPIErr(t, err, apierr.ConditionalCheckFailed, "The conditional request failed")
	var e *apierr.Error
	if errors.As(err, &e); e.Item == nil {
		t.Error("ALL_OLD on failure returned no item")
	}
	// Legacy Expected takes the same path.
	_, err = s.DeleteItem(ctx, &api.DeleteItemInput{TableName: "tbl", Key: key("a", "1"),
		Expected: map[string]expr.ExpectedAttributeValue{"pk": {Exists: boolp(false)}}})
	wantAPIErr(t, err, apierr.ConditionalCheckFailed, "The conditional request failed")
}

func TestUpdateItemReturnValues(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	upd := func(ue, rv string, vals map[string]attr.Value) *api.UpdateItemOutput {
		t.Helper()
		out, err := s.UpdateItem(ctx, &api.UpdateItemInput{TableName: "tbl", Key: key("a", "1"), UpdateExpression: strp(ue),
			ReturnValues: rv, ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: vals}})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := upd("SET c = :one, m = :m", "ALL_NEW", map[string]attr.Value{":one": attr.Num("1"), ":m": attr.Map(attr.Item{"x": attr.Num("2")})})
	if len(out.Attributes) != 4 {
		t.Fatalf("ALL_NEW = %+v", out.Attributes)
	}
	out = upd("ADD c :one SET m.x = m.x + :one", "UPDATED_OLD", map[string]attr.Value{":one": attr.Num("1")})
	if out.Attributes["c"].S != "1" || out.Attributes["m"].M["x"].S != "2" || len(out.Attributes) != 2 {
		t.Fatalf("UPDATED_OLD = %+v", out.Attributes)
	}
	out = upd("REMOVE m", "UPDATED_NEW", nil)
	if len(out.Attributes) != 0 {
		t.Fatalf("UPDATED_NEW after REMOVE = %+v", out.Attributes)
	}
	out = upd("SET c = c - :one", "ALL_OLD", map[string]attr.Value{":one": attr.Num("0.5")})
	if out.Attributes["c"].S != "2" {
		t.Fatalf("ALL_OLD = %+v", out.Attributes)
	}
}

func TestConsumedCapacity(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	big := key("a", "1")
	big["blob"] = attr.Bin(make([]byte, 5000))
	out, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: big, ReturnConsumedCapacity: "TOTAL"})
	if err != nil || out.ConsumedCapacity == nil || out.ConsumedCapacity.CapacityUnits != 5 {
		t.Fatalf("put capacity = %+v, %v", out, err)
	}
	get, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("a", "1"), ReturnConsumedCapacity: "INDEXES"})
	if err != nil || get.ConsumedCapacity.CapacityUnits != 1 || *get.ConsumedCapacity.Table.CapacityUnits != 1 {
		t.Fatalf("eventually consistent get of 5 KB = %+v, %v", get.ConsumedCapacity, err)
	}
}

func TestConcurrentAddIsExact(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				_, err := s.UpdateItem(ctx, &api.UpdateItemInput{TableName: "tbl", Key: key("c", "0"), UpdateExpression: strp("ADD n :one"),
					ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":one": attr.Num("1")}}})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := s.GetItem(ctx, &api.GetItemInput{TableName: "tbl", Key: key("c", "0")})
	if err != nil || got.Item["n"].S != "500" {
		t.Fatalf("counter = %+v, %v", got.Item, err)
	}
}

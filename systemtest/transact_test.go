package systemtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Messages of TransactWriteItems and TransactGetItems, from the API
// Reference and the Developer Guide ("Amazon DynamoDB Transactions: How it
// works"); the constraint messages follow the shape of every other
// "1 validation error detected" message.
const (
	msgTxCancelledPrefix = "Transaction cancelled, please refer cancellation reasons for specific reasons "
	msgTxConflict        = "Transaction is ongoing for the item"
	msgTxDuplicate       = "Transaction request cannot include multiple operations on one item"
	msgTxNoAction        = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
	msgTxTwoActions      = "TransactItems can only contain one of Check, Put, Update or Delete"
	msgTxMax100          = "' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"
	msgTxMin1            = "' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
	msgCondFailed        = "The conditional request failed"
	msgIdempotent        = "The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical."
	msgOperandType       = "An operand in the update expression has an incorrect data type"
)

// Constructors of the four write actions and the one read action.
func txPut(table string, item Item) types.TransactWriteItem {
	return types.TransactWriteItem{Put: &types.Put{TableName: aws.String(table), Item: item}}
}

func txDelete(table string, key Item) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(table), Key: key}}
}

func txUpdate(table string, key Item, update string, values Item) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: aws.String(table), Key: key,
		UpdateExpression: aws.String(update), ExpressionAttributeValues: values}}
}

func txCheck(table string, key Item, cond string, values Item) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: key,
		ConditionExpression: aws.String(cond), ExpressionAttributeValues: values}}
}

func txGet(table string, key Item) types.TransactGetItem {
	return types.TransactGetItem{Get: &types.Get{TableName: aws.String(table), Key: key}}
}

// txWrite runs TransactWriteItems of items and returns its error.
func txWrite(t testing.TB, c *dynamodb.Client, items ...types.TransactWriteItem) error {
	t.Helper()
	_, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: items})
	return err
}

// mustTxWrite runs TransactWriteItems of items, failing the test on error.
func mustTxWrite(t testing.TB, c *dynamodb.Client, items ...types.TransactWriteItem) {
	t.Helper()
	if err := txWrite(t, c, items...); err != nil {
		t.Fatalf("TransactWriteItems: %v", err)
	}
}

// wantCancelled asserts a TransactionCanceledException whose reasons carry
// exactly codes, in order, and whose message lists them as AWS does. It
// returns the reasons for further checks.
func wantCancelled(t testing.TB, err error, codes ...string) []types.CancellationReason {
	t.Helper()
	wantErr(t, err, "TransactionCanceledException", msgTxCancelledPrefix+"["+strings.Join(codes, ", ")+"]")
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("error is not a *types.TransactionCanceledException: %T", err)
	}
	got := make([]string, len(tce.CancellationReasons))
	for i, r := range tce.CancellationReasons {
		got[i] = aws.ToString(r.Code)
	}
	if strings.Join(got, ",") != strings.Join(codes, ",") {
		t.Fatalf("CancellationReasons codes = %v, want %v", got, codes)
	}
	for i, r := range tce.CancellationReasons {
		want := map[string]string{"None": "", "ConditionalCheckFailed": msgCondFailed, "TransactionConflict": msgTxConflict}
		if m, ok := want[got[i]]; ok && aws.ToString(r.Message) != m {
			t.Errorf("reason %d (%s): Message = %q, want %q", i, got[i], aws.ToString(r.Message), m)
		}
		if got[i] == "None" && (r.Message != nil || r.Item != nil) {
			t.Errorf("reason %d (None): Message %v, Item %s; want neither", i, r.Message, show(r.Item))
		}
	}
	return tce.CancellationReasons
}

// snapshot returns every item of table by a consistent Scan, as sorted JSON.
func snapshot(t testing.TB, c *dynamodb.Client, table string) string {
	t.Helper()
	var items []Item
	var start Item
	for {
		out, err := c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true), ExclusiveStartKey: start})
		if err != nil {
			t.Fatalf("Scan %s: %v", table, err)
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return keyList(items)
		}
		start = out.LastEvaluatedKey
	}
}

func TestTransactWriteEveryAction(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, Item{"pk": S("upd"), "n": N("1")})
	put(t, c, table, Item{"pk": S("del"), "x": S("bye")})
	put(t, c, table, Item{"pk": S("chk"), "s": S("ok")})
	put(t, c, table, Item{"pk": S("old"), "gone": S("yes")})
	out, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(table), Item: Item{"pk": S("new"), "v": L(S("a"), N("2"))},
			ConditionExpression: aws.String("attribute_not_exists(pk)")}},
		{Put: &types.Put{TableName: aws.String(table), Item: Item{"pk": S("old"), "v": S("replaced")}}},
		{Update: &types.Update{TableName: aws.String(table), Key: Item{"pk": S("upd")},
			UpdateExpression:          aws.String("ADD n :one SET #t = :t"),
			ConditionExpression:       aws.String("n = :one"),
			ExpressionAttributeNames:  map[string]string{"#t": "tag"},
			ExpressionAttributeValues: Item{":one": N("1"), ":t": SS("x", "y")}}},
		{Update: &types.Update{TableName: aws.String(table), Key: Item{"pk": S("upsert")}, UpdateExpression: aws.String("SET c = :c"),
			ExpressionAttributeValues: Item{":c": BOOL(true)}}},
		{Delete: &types.Delete{TableName: aws.String(table), Key: Item{"pk": S("del")}, ConditionExpression: aws.String("x = :x"),
			ExpressionAttributeValues: Item{":x": S("bye")}}},
		txDelete(table, Item{"pk": S("never-was")}),
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: Item{"pk": S("chk")},
			ConditionExpression: aws.String("#s = :ok"), ExpressionAttributeNames: map[string]string{"#s": "s"},
			ExpressionAttributeValues: Item{":ok": S("ok")}}},
		txCheck(table, Item{"pk": S("absent")}, "attribute_not_exists(pk)", nil),
	}})
	if err != nil {
		t.Fatalf("TransactWriteItems: %v", err)
	}
	if out.ConsumedCapacity != nil || len(out.ItemCollectionMetrics) != 0 {
		t.Errorf("without ReturnConsumedCapacity: ConsumedCapacity %+v, ItemCollectionMetrics %+v; want neither", out.ConsumedCapacity, out.ItemCollectionMetrics)
	}
	want := keyList([]Item{
		{"pk": S("new"), "v": L(S("a"), N("2"))},
		{"pk": S("old"), "v": S("replaced")},
		{"pk": S("upd"), "n": N("2"), "tag": SS("x", "y")},
		{"pk": S("upsert"), "c": BOOL(true)},
		{"pk": S("chk"), "s": S("ok")},
	})
	if got := snapshot(t, c, table); got != want {
		t.Errorf("table after the transaction:\n got: %s\nwant: %s", got, want)
	}
}

func TestTransactWriteOverTables(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	n := createTable(t, c, keyDef{"id", "N"}, keyDef{})
	put(t, c, r, Item{"pk": S("a"), "sk": N("1"), "qty": N("10")})
	mustTxWrite(t, c,
		txPut(h, Item{"pk": S("order"), "item": S("a")}),
		txUpdate(r, Item{"pk": S("a"), "sk": N("1.0")}, "SET qty = qty - :one", Item{":one": N("1")}),
		txPut(n, Item{"id": N("7"), "note": S("seven")}),
		txCheck(h, Item{"pk": S("customer")}, "attribute_not_exists(pk)", nil))
	wantItem(t, get(t, c, h, Item{"pk": S("order")}), Item{"pk": S("order"), "item": S("a")})
	wantItem(t, get(t, c, r, Item{"pk": S("a"), "sk": N("1")}), Item{"pk": S("a"), "sk": N("1"), "qty": N("9")})
	wantItem(t, get(t, c, n, Item{"id": N("7")}), Item{"id": N("7"), "note": S("seven")})

	// A failure in one table writes nothing in the others.
	before := []string{snapshot(t, c, h), snapshot(t, c, r), snapshot(t, c, n)}
	err := txWrite(t, c,
		txPut(h, Item{"pk": S("order2")}),
		txPut(n, Item{"id": N("8")}),
		txUpdate(r, Item{"pk": S("a"), "sk": N("1")}, "SET qty = :zero", Item{":zero": N("0")}),
		txCheck(r, Item{"pk": S("a"), "sk": N("2")}, "attribute_exists(pk)", nil))
	wantCancelled(t, err, "None", "None", "None", "ConditionalCheckFailed")
	after := []string{snapshot(t, c, h), snapshot(t, c, r), snapshot(t, c, n)}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("table %d changed by a cancelled transaction:\nbefore: %s\n after: %s", i, before[i], after[i])
		}
	}
}

func TestTransactWriteCancellationReasons(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	alice := Item{"pk": S("alice"), "balance": N("10"), "name": S("Alice")}
	bob := Item{"pk": S("bob"), "balance": N("0"), "s": S("text")}
	put(t, c, table, alice)
	put(t, c, table, bob)
	before := snapshot(t, c, table)
	unchanged := func(t *testing.T) {
		t.Helper()
		if after := snapshot(t, c, table); after != before {
			t.Errorf("a cancelled transaction changed the table:\nbefore: %s\n after: %s", before, after)
		}
	}
	amt := Item{":amt": N("20")}

	t.Run("condition check without old values", func(t *testing.T) {
		err := txWrite(t, c, txPut(table, Item{"pk": S("carol")}), txCheck(table, Item{"pk": S("alice")}, "balance >= :amt", amt))
		reasons := wantCancelled(t, err, "None", "ConditionalCheckFailed")
		if reasons[1].Item != nil {
			t.Errorf("Item without ReturnValuesOnConditionCheckFailure = %s, want none", show(reasons[1].Item))
		}
		unchanged(t)
	})
	t.Run("ALL_OLD on each action type", func(t *testing.T) {
		allOld := types.ReturnValuesOnConditionCheckFailureAllOld
		err := txWrite(t, c,
			types.TransactWriteItem{Update: &types.Update{TableName: aws.String(table), Key: Item{"pk": S("alice")},
				UpdateExpression: aws.String("SET balance = balance - :amt"), ConditionExpression: aws.String("balance >= :amt"),
				ExpressionAttributeValues: amt, ReturnValuesOnConditionCheckFailure: allOld}},
			types.TransactWriteItem{Put: &types.Put{TableName: aws.String(table), Item: Item{"pk": S("bob"), "new": S("x")},
				ConditionExpression: aws.String("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: allOld}},
			types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(table), Key: Item{"pk": S("carol")},
				ConditionExpression: aws.String("attribute_exists(pk)"), ReturnValuesOnConditionCheckFailure: allOld}},
			types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: Item{"pk": S("dave")},
				ConditionExpression: aws.String("attribute_exists(pk)"), ReturnValuesOnConditionCheckFailure: allOld}},
			types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: Item{"pk": S("erin")},
				ConditionExpression: aws.String("attribute_not_exists(pk)"), ReturnValuesOnConditionCheckFailure: allOld}},
		)
		reasons := wantCancelled(t, err, "ConditionalCheckFailed", "ConditionalCheckFailed", "ConditionalCheckFailed", "ConditionalCheckFailed", "None")
		wantItem(t, reasons[0].Item, alice)
		wantItem(t, reasons[1].Item, bob)
		// A missing item has no old values to return.
		for i := 2; i <= 3; i++ {
			if reasons[i].Item != nil {
				t.Errorf("reason %d: Item of a missing item = %s, want none", i, show(reasons[i].Item))
			}
		}
		unchanged(t)
	})
	t.Run("ALL_OLD on a passing action", func(t *testing.T) {
		err := txWrite(t, c,
			types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: Item{"pk": S("bob")},
				ConditionExpression: aws.String("attribute_exists(pk)"), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
			txCheck(table, Item{"pk": S("alice")}, "attribute_not_exists(pk)", nil))
		reasons := wantCancelled(t, err, "None", "ConditionalCheckFailed")
		if reasons[0].Item != nil || reasons[1].Item != nil {
			t.Errorf("Items = %s, %s; want none (the failing action did not ask, the asking one did not fail)", show(reasons[0].Item), show(reasons[1].Item))
		}
		unchanged(t)
	})
	t.Run("update on the wrong type", func(t *testing.T) {
		err := txWrite(t, c,
			txUpdate(table, Item{"pk": S("alice")}, "SET balance = balance + :one", Item{":one": N("1")}),
			txUpdate(table, Item{"pk": S("bob")}, "SET s = s + :one", Item{":one": N("1")}))
		reasons := wantCancelled(t, err, "None", "ValidationError")
		if m := aws.ToString(reasons[1].Message); m != msgOperandType {
			t.Errorf("ValidationError message = %q, want %q", m, msgOperandType)
		}
		unchanged(t)
	})
	t.Run("update past the item size limit", func(t *testing.T) {
		big := Item{"pk": S("big"), "d": S(strings.Repeat("x", 400*1024-100))}
		put(t, c, table, big)
		defer func() {
			if _, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("big")}}); err != nil {
				t.Fatalf("DeleteItem: %v", err)
			}
		}()
		err := txWrite(t, c, txPut(table, Item{"pk": S("carol")}),
			txUpdate(table, Item{"pk": S("big")}, "SET e = :v", Item{":v": S(strings.Repeat("y", 200))}))
		// The item's data, not the request, is at fault: a cancellation with
		// UpdateItem's message, not a ValidationException.
		reasons := wantCancelled(t, err, "None", "ValidationError")
		if m, want := aws.ToString(reasons[1].Message), "Item size to update has exceeded the maximum allowed size"; m != want {
			t.Errorf("ValidationError message = %q, want %q", m, want)
		}
		wantItem(t, get(t, c, table, Item{"pk": S("big")}), big)
		if it := get(t, c, table, Item{"pk": S("carol")}); it != nil {
			t.Errorf("a cancelled transaction wrote %s", show(it))
		}
	})
	t.Run("two failed conditions", func(t *testing.T) {
		err := txWrite(t, c,
			txCheck(table, Item{"pk": S("alice")}, "balance >= :amt", amt),
			txPut(table, Item{"pk": S("frank")}),
			txCheck(table, Item{"pk": S("grace")}, "attribute_exists(pk)", nil))
		// Every action is evaluated and each failed condition reported.
		wantCancelled(t, err, "ConditionalCheckFailed", "None", "ConditionalCheckFailed")
		unchanged(t)
	})
	// The SDK reports the cancellation as its modelled exception, not as a
	// generic API error.
	err := txWrite(t, c, txCheck(table, Item{"pk": S("nobody")}, "attribute_exists(pk)", nil))
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 1 {
		t.Errorf("err = %T %v, want a *types.TransactionCanceledException with one reason", err, err)
	}
}

func TestTransactWriteNothingWrittenOnCancel(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	for i := 0; i < 10; i++ {
		put(t, c, h, Item{"pk": S(fmt.Sprint("k", i)), "n": N(fmt.Sprint(i))})
		put(t, c, r, Item{"pk": S("p"), "sk": N(fmt.Sprint(i)), "n": N(fmt.Sprint(i))})
	}
	before := snapshot(t, c, h) + " | " + snapshot(t, c, r)
	var items []types.TransactWriteItem
	for i := 0; i < 10; i++ {
		switch i % 4 {
		case 0:
			items = append(items, txPut(h, Item{"pk": S(fmt.Sprint("k", i)), "replaced": BOOL(true)}))
		case 1:
			items = append(items, txUpdate(h, Item{"pk": S(fmt.Sprint("k", i))}, "ADD n :one", Item{":one": N("1")}))
		case 2:
			items = append(items, txDelete(h, Item{"pk": S(fmt.Sprint("k", i))}))
		case 3:
			items = append(items, txCheck(h, Item{"pk": S(fmt.Sprint("k", i))}, "attribute_exists(pk)", nil))
		}
		items = append(items, txUpdate(r, Item{"pk": S("p"), "sk": N(fmt.Sprint(i))}, "REMOVE n", nil))
	}
	items = append(items, txPut(h, Item{"pk": S("fresh")}), txPut(r, Item{"pk": S("fresh"), "sk": N("1")}))
	// The last action fails: nothing of the 22 before it may show.
	items = append(items, txCheck(r, Item{"pk": S("p"), "sk": N("100")}, "attribute_exists(pk)", nil))
	codes := make([]string, len(items))
	for i := range codes {
		codes[i] = "None"
	}
	codes[len(codes)-1] = "ConditionalCheckFailed"
	wantCancelled(t, txWrite(t, c, items...), codes...)
	if after := snapshot(t, c, h) + " | " + snapshot(t, c, r); after != before {
		t.Errorf("a cancelled transaction changed the tables:\nbefore: %s\n after: %s", before, after)
	}
	// Nor may any reader see part of it.
	out, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		txGet(h, Item{"pk": S("fresh")}), txGet(h, Item{"pk": S("k2")}), txGet(r, Item{"pk": S("p"), "sk": N("0")})}})
	if err != nil {
		t.Fatalf("TransactGetItems: %v", err)
	}
	if out.Responses[0].Item != nil || out.Responses[1].Item == nil || out.Responses[2].Item["n"] == nil {
		t.Errorf("TransactGetItems after the cancel = %s, %s, %s", show(out.Responses[0].Item), show(out.Responses[1].Item), show(out.Responses[2].Item))
	}
}

func TestTransactWriteIdempotentToken(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	// 1,500 bytes: one write unit is 1 KB, one read unit 4 KB, so the first
	// call (2 x 2 write units) and a replay (2 x 1 read units, "the number of
	// read capacity units consumed in reading the item") differ.
	pad := S(strings.Repeat("p", 1500))
	in := func(token string, delta string) *dynamodb.TransactWriteItemsInput {
		return &dynamodb.TransactWriteItemsInput{
			ClientRequestToken:     aws.String(token),
			ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
			TransactItems: []types.TransactWriteItem{txUpdate(table, Item{"pk": S("counter")}, "ADD n :d SET filler = :pad",
				Item{":d": N(delta), ":pad": pad})},
		}
	}
	counter := func() string {
		t.Helper()
		it := get(t, c, table, Item{"pk": S("counter")})
		if n, ok := it["n"].(*types.AttributeValueMemberN); ok {
			return n.Value
		}
		return show(it)
	}
	out, err := c.TransactWriteItems(ctxT(t), in(table+"-1", "1"))
	if err != nil {
		t.Fatalf("first call: %v", err)
	}
	txWantUnits(t, "first call", out.ConsumedCapacity, table, 4)
	for i := 0; i < 3; i++ {
		out, err = c.TransactWriteItems(ctxT(t), in(table+"-1", "1"))
		if err != nil {
			t.Fatalf("repeat %d: %v", i, err)
		}
		txWantUnits(t, "repeat", out.ConsumedCapacity, table, 2)
	}
	if n := counter(); n != "1" {
		t.Errorf("counter after one call and three repeats = %s, want 1", n)
	}
	_, err = c.TransactWriteItems(ctxT(t), in(table+"-1", "2"))
	wantErr(t, err, "IdempotentParameterMismatchException", msgIdempotent)
	_, err = c.TransactWriteItems(ctxT(t), in(table+"-2", "1"))
	if err != nil {
		t.Fatalf("a new token: %v", err)
	}
	if n := counter(); n != "2" {
		t.Errorf("counter after a new token = %s, want 2", n)
	}
}

// txWantUnits asserts that ccs holds one entry for table of units in all.
func txWantUnits(t testing.TB, what string, ccs []types.ConsumedCapacity, table string, units float64) {
	t.Helper()
	for _, cc := range ccs {
		if aws.ToString(cc.TableName) == table {
			if got := aws.ToFloat64(cc.CapacityUnits); got != units {
				t.Errorf("%s: %s CapacityUnits = %v, want %v", what, table, got, units)
			}
			return
		}
	}
	t.Errorf("%s: no ConsumedCapacity for %s in %+v", what, table, ccs)
}

func TestTransactWriteIdempotencyWindow(t *testing.T) {
	t.Parallel()
	c, clk := clockServer(t)
	table := hashTable(t, c)
	inc := func(token string) error {
		_, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String(token),
			TransactItems: []types.TransactWriteItem{txUpdate(table, Item{"pk": S("n")}, "ADD n :one", Item{":one": N("1")})}})
		return err
	}
	wantN := func(when, want string) {
		t.Helper()
		wantItem(t, get(t, c, table, Item{"pk": S("n")}), Item{"pk": S("n"), "n": N(want)})
		if t.Failed() {
			t.Logf("(at %s)", when)
		}
	}
	if err := inc("tok"); err != nil {
		t.Fatalf("first call: %v", err)
	}
	wantN("the first call", "1")
	// "A client request token is valid for 10 minutes after the first request
	// that uses it is completed"; repeats inside the window do not extend it.
	for _, step := range []time.Duration{time.Minute, 5 * time.Minute, 3*time.Minute + 58*time.Second} {
		clk.Advance(step)
		if err := inc("tok"); err != nil {
			t.Fatalf("repeat inside the window: %v", err)
		}
		wantN("a repeat inside the window", "1")
	}
	_, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String("tok"),
		TransactItems: []types.TransactWriteItem{txUpdate(table, Item{"pk": S("n")}, "ADD n :two", Item{":two": N("2")})}})
	wantErr(t, err, "IdempotentParameterMismatchException", msgIdempotent)

	// 10 minutes and 2 seconds after the first call the token is forgotten:
	// the same request is new and applies again, and opens a new window.
	clk.Advance(4 * time.Second)
	if err := inc("tok"); err != nil {
		t.Fatalf("the same token after 10 minutes: %v", err)
	}
	wantN("the same token after 10 minutes", "2")
	clk.Advance(9 * time.Minute)
	if err := inc("tok"); err != nil {
		t.Fatalf("repeat inside the second window: %v", err)
	}
	wantN("a repeat inside the second window", "2")
	clk.Advance(2 * time.Minute)
	_, err = c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String("tok"),
		TransactItems: []types.TransactWriteItem{txUpdate(table, Item{"pk": S("n")}, "ADD n :two", Item{":two": N("2")})}})
	if err != nil {
		t.Fatalf("different parameters after the window: %v", err)
	}
	wantN("different parameters after the window", "4")
}

func TestTransactWriteConsumedCapacity(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r, chk := hashTable(t, c), rangeTable(t, c), hashTable(t, c)
	put(t, c, h, Item{"pk": S("upd"), "d": S(strings.Repeat("u", 2000))})
	put(t, c, chk, Item{"pk": S("c")})
	items := []types.TransactWriteItem{
		// A transactional write costs twice a standard one: 2 units per KB,
		// each item rounded up on its own, at least 2.
		txPut(h, Item{"pk": S("small")}),                                              // 2
		txPut(h, Item{"pk": S("k1500"), "d": S(strings.Repeat("x", 1500))}),           // 4
		txUpdate(h, Item{"pk": S("upd")}, "REMOVE d", nil),                            // the larger of before (2 KB) and after: 4
		txDelete(h, Item{"pk": S("missing")}),                                         // 2
		txPut(r, Item{"pk": S("a"), "sk": N("1"), "d": S(strings.Repeat("y", 3000))}), // 6
		// A ConditionCheck of an item under 1 KB costs 2 units. The Developer
		// Guide says only that transactions do "two underlying reads or
		// writes of every item"; whether AWS books the check as read or as
		// write units is not documented, so only the total is asserted.
		txCheck(chk, Item{"pk": S("c")}, "attribute_exists(pk)", nil), // 2
	}
	for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
		t.Run(string(rcc), func(t *testing.T) {
			put(t, c, h, Item{"pk": S("upd"), "d": S(strings.Repeat("u", 2000))})
			out, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: items,
				ReturnConsumedCapacity: rcc, ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize})
			if err != nil {
				t.Fatalf("TransactWriteItems: %v", err)
			}
			// No table here has a local secondary index, so there are no item
			// collections to report.
			if len(out.ItemCollectionMetrics) != 0 {
				t.Errorf("ItemCollectionMetrics = %+v, want none", out.ItemCollectionMetrics)
			}
			if len(out.ConsumedCapacity) != 3 {
				t.Errorf("ConsumedCapacity has %d entries, want one per table (3): %+v", len(out.ConsumedCapacity), out.ConsumedCapacity)
			}
			for table, units := range map[string]float64{h: 12, r: 6, chk: 2} {
				txWantUnits(t, "TransactWriteItems", out.ConsumedCapacity, table, units)
			}
			for _, cc := range out.ConsumedCapacity {
				indexes := rcc == types.ReturnConsumedCapacityIndexes
				if indexes && (cc.Table == nil || aws.ToFloat64(cc.Table.CapacityUnits) != aws.ToFloat64(cc.CapacityUnits)) {
					t.Errorf("INDEXES: %s Table = %+v, want %v units", aws.ToString(cc.TableName), cc.Table, aws.ToFloat64(cc.CapacityUnits))
				}
				if !indexes && cc.Table != nil {
					t.Errorf("TOTAL: %s Table = %+v, want absent", aws.ToString(cc.TableName), cc.Table)
				}
				if rd, wr := aws.ToFloat64(cc.ReadCapacityUnits), aws.ToFloat64(cc.WriteCapacityUnits); rd+wr != 0 && rd+wr != aws.ToFloat64(cc.CapacityUnits) {
					t.Errorf("%s: read %v + write %v units != %v in all", aws.ToString(cc.TableName), rd, wr, aws.ToFloat64(cc.CapacityUnits))
				}
			}
		})
	}
	out, err := c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: items[:1], ReturnConsumedCapacity: types.ReturnConsumedCapacityNone})
	if err != nil || out.ConsumedCapacity != nil {
		t.Errorf("NONE: err %v, ConsumedCapacity %+v; want none", err, out.ConsumedCapacity)
	}
}

func TestTransactGetItems(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	a := Item{"pk": S("a"), "x": S("1"), "m": M(Item{"in": N("3"), "out": N("4")}), "l": L(S("l0"), S("l1"))}
	put(t, c, h, a)
	put(t, c, r, Item{"pk": S("a"), "sk": N("2.5"), "y": S("why")})
	out, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		txGet(h, Item{"pk": S("missing")}),
		txGet(r, Item{"pk": S("a"), "sk": N("2.50")}),
		txGet(h, Item{"pk": S("a")}),
		{Get: &types.Get{TableName: aws.String(h), Key: Item{"pk": S("b")}, ProjectionExpression: aws.String("x")}},
	}})
	if err != nil {
		t.Fatalf("TransactGetItems: %v", err)
	}
	if len(out.Responses) != 4 {
		t.Fatalf("Responses has %d entries, want one per action (4)", len(out.Responses))
	}
	for _, i := range []int{0, 3} {
		if out.Responses[i].Item != nil {
			t.Errorf("Responses[%d] for a missing item = %s, want an empty ItemResponse", i, show(out.Responses[i].Item))
		}
	}
	wantItem(t, out.Responses[1].Item, Item{"pk": S("a"), "sk": N("2.5"), "y": S("why")})
	wantItem(t, out.Responses[2].Item, a)
	if out.ConsumedCapacity != nil {
		t.Errorf("ConsumedCapacity without ReturnConsumedCapacity = %+v", out.ConsumedCapacity)
	}

	// Projections, each action its own, with its own names.
	out, err = c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: aws.String(h), Key: Item{"pk": S("a")}, ProjectionExpression: aws.String("#x, m.#in, l[1]"),
			ExpressionAttributeNames: map[string]string{"#x": "x", "#in": "in"}}},
		{Get: &types.Get{TableName: aws.String(r), Key: Item{"pk": S("a"), "sk": N("2.5")}, ProjectionExpression: aws.String("#x"),
			ExpressionAttributeNames: map[string]string{"#x": "sk"}}},
		{Get: &types.Get{TableName: aws.String(r), Key: Item{"pk": S("x"), "sk": N("2.5")}, ProjectionExpression: aws.String("nothing")}},
	}})
	if err != nil {
		t.Fatalf("TransactGetItems with projections: %v", err)
	}
	wantItem(t, out.Responses[0].Item, Item{"x": S("1"), "m": M(Item{"in": N("3")}), "l": L(S("l1"))})
	wantItem(t, out.Responses[1].Item, Item{"sk": N("2.5")})
	if out.Responses[2].Item != nil {
		t.Errorf("projection of a missing item = %s, want none", show(out.Responses[2].Item))
	}
}

func TestTransactGetConsumedCapacity(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	// {"pk": "big", "d": n bytes} is 5+n bytes; a read unit is 4 KB, and a
	// transactional read costs 2 of them per 4 KB, a missing item too.
	put(t, c, h, Item{"pk": S("big"), "d": S(strings.Repeat("b", 4096-4))})
	put(t, c, h, Item{"pk": S("small")})
	put(t, c, r, Item{"pk": S("a"), "sk": N("1")})
	gets := []types.TransactGetItem{
		txGet(h, Item{"pk": S("big")}),     // 4
		txGet(h, Item{"pk": S("small")}),   // 2
		txGet(h, Item{"pk": S("missing")}), // 2
		txGet(r, Item{"pk": S("a"), "sk": N("1")}),
	}
	for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
		out, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: gets, ReturnConsumedCapacity: rcc})
		if err != nil {
			t.Fatalf("TransactGetItems %s: %v", rcc, err)
		}
		if len(out.ConsumedCapacity) != 2 {
			t.Errorf("%s: %d ConsumedCapacity entries, want one per table (2)", rcc, len(out.ConsumedCapacity))
		}
		txWantUnits(t, string(rcc), out.ConsumedCapacity, h, 8)
		txWantUnits(t, string(rcc), out.ConsumedCapacity, r, 2)
		for _, cc := range out.ConsumedCapacity {
			if indexes := rcc == types.ReturnConsumedCapacityIndexes; indexes != (cc.Table != nil) {
				t.Errorf("%s: %s Table = %+v", rcc, aws.ToString(cc.TableName), cc.Table)
			}
			if wr := aws.ToFloat64(cc.WriteCapacityUnits); wr != 0 {
				t.Errorf("%s: a read reported %v write units", rcc, wr)
			}
		}
	}
	// The item that grew past 4 KB costs 2 more.
	put(t, c, h, Item{"pk": S("small"), "d": S(strings.Repeat("s", 4096))})
	out, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: gets[1:2], ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatalf("TransactGetItems: %v", err)
	}
	txWantUnits(t, "4 KB + 6 bytes", out.ConsumedCapacity, h, 4)
}

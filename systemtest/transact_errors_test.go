package systemtest

// TransactWriteItems and TransactGetItems: limits and AWS's errors for
// malformed requests and actions (see transact_test.go).

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestTransactWriteActionLimits(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	puts := func(n int, prefix string) []types.TransactWriteItem {
		items := make([]types.TransactWriteItem, n)
		for i := range items {
			items[i] = txPut(table, Item{"pk": S(fmt.Sprint(prefix, i)), "i": N(fmt.Sprint(i))})
		}
		return items
	}
	mustTxWrite(t, c, puts(100, "ok")...)
	for _, i := range []int{0, 57, 99} {
		wantItem(t, get(t, c, table, Item{"pk": S(fmt.Sprint("ok", i))}), Item{"pk": S(fmt.Sprint("ok", i)), "i": N(fmt.Sprint(i))})
	}

	// The rejected list is echoed in the message in a Java rendering we do not
	// pin; the constraint after it is AWS's.
	err := txWrite(t, c, puts(101, "over")...)
	wantErrPrefix(t, err, "ValidationException", "1 validation error detected: Value '")
	if ae := apiError(t, err); !strings.HasSuffix(ae.ErrorMessage(), msgTxMax100) {
		t.Errorf("101 actions: %q, want it to end in %q", ae.ErrorMessage(), msgTxMax100)
	}
	if it := get(t, c, table, Item{"pk": S("over0")}); it != nil {
		t.Errorf("a rejected 101-action transaction wrote %s", show(it))
	}
	err = txWrite(t, c, []types.TransactWriteItem{}...)
	wantValidation(t, err, "1 validation error detected: Value '[]"+msgTxMin1)
}

func TestTransactWriteTotalSize(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	// Items of 380 KB: ten are 3.9 MB, eleven are 4.2 MB, past the 4 MB
	// aggregate limit although each item is within the 400 KB one.
	big := func(n int, prefix string) []types.TransactWriteItem {
		items := make([]types.TransactWriteItem, n)
		for i := range items {
			items[i] = txPut(table, Item{"pk": S(fmt.Sprint(prefix, i)), "d": S(strings.Repeat("x", 380*1024))})
		}
		return items
	}
	mustTxWrite(t, c, big(10, "fits")...)
	if it := get(t, c, table, Item{"pk": S("fits9")}); len(it) != 2 {
		t.Errorf("3.9 MB transaction: item fits9 = %d attributes, want 2", len(it))
	}
	err := txWrite(t, c, big(11, "over")...)
	// AWS documents the 4 MB limit but not its message; we assert only the
	// exception and the limit it names.
	ae := apiError(t, err)
	if ae.ErrorCode() != "ValidationException" || !strings.Contains(ae.ErrorMessage(), "4 MB") {
		t.Errorf("4.2 MB transaction: %s: %q, want a ValidationException naming the 4 MB limit", ae.ErrorCode(), ae.ErrorMessage())
	}
	if it := get(t, c, table, Item{"pk": S("over0")}); it != nil {
		t.Errorf("a transaction over 4 MB wrote over0")
	}

	// TransactGetItems has the same limit on the items it reads: "DynamoDB
	// rejects the entire TransactGetItems request if ... the aggregate size
	// of the items in the transaction exceeded 4 MB". The exception is not
	// documented; we expect the ValidationException of the write side.
	put(t, c, table, Item{"pk": S("fits10"), "d": S(strings.Repeat("x", 380*1024))})
	gets := make([]types.TransactGetItem, 11)
	for i := range gets {
		gets[i] = txGet(table, Item{"pk": S(fmt.Sprint("fits", i))})
	}
	if _, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: gets[:10]}); err != nil {
		t.Errorf("TransactGetItems of 3.9 MB: %v", err)
	}
	_, err = c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: gets})
	ae = apiError(t, err)
	if ae.ErrorCode() != "ValidationException" || !strings.Contains(ae.ErrorMessage(), "4 MB") {
		t.Errorf("TransactGetItems of 4.2 MB: %s: %q, want a ValidationException naming the 4 MB limit", ae.ErrorCode(), ae.ErrorMessage())
	}
}

func TestTransactWriteRequestErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	good := txPut(h, Item{"pk": S("good")})
	cases := []struct {
		name  string
		items []types.TransactWriteItem
		msg   string
	}{
		{"no action", []types.TransactWriteItem{good, {}}, msgTxNoAction},
		{"two actions", []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String(h), Item: Item{"pk": S("a")}},
			Delete: &types.Delete{TableName: aws.String(h), Key: Item{"pk": S("b")}}}}, msgTxTwoActions},
		{"check and update", []types.TransactWriteItem{{ConditionCheck: txCheck(h, Item{"pk": S("a")}, "attribute_exists(pk)", nil).ConditionCheck,
			Update: txUpdate(h, Item{"pk": S("a")}, "SET v = :v", Item{":v": N("1")}).Update}}, msgTxTwoActions},
		{"put and check one item", []types.TransactWriteItem{txPut(h, Item{"pk": S("a"), "v": N("1")}),
			txCheck(h, Item{"pk": S("a")}, "attribute_not_exists(pk)", nil)}, msgTxDuplicate},
		{"update and delete one item", []types.TransactWriteItem{good,
			txUpdate(h, Item{"pk": S("a")}, "SET v = :v", Item{":v": N("1")}), txDelete(h, Item{"pk": S("a")})}, msgTxDuplicate},
		// 10 and 1E1 are one number, so one key.
		{"one key spelled twice", []types.TransactWriteItem{txDelete(r, Item{"pk": S("a"), "sk": N("10")}),
			txPut(r, Item{"pk": S("a"), "sk": N("1E1")})}, msgTxDuplicate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantValidation(t, txWrite(t, c, tc.items...), tc.msg)
		})
	}
	// The same key in two tables is two items.
	mustTxWrite(t, c, txPut(h, Item{"pk": S("same")}), txPut(r, Item{"pk": S("same"), "sk": N("1")}))

	err := txWrite(t, c, good, txPut(tableName("missing"), Item{"pk": S("a")}))
	wantErr(t, err, "ResourceNotFoundException", msgNotFound)
	// A malformed action is reported before a missing table, as single-item
	// operations do.
	err = txWrite(t, c, txPut(tableName("missing"), Item{"pk": S("a")}), txCheck(h, Item{"pk": S("a")}, "attribute_exists(", nil))
	wantErrPrefix(t, err, "ValidationException", "Invalid ConditionExpression: Syntax error; ")

	long := strings.Repeat("t", 37)
	_, err = c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{good}, ClientRequestToken: aws.String(long)})
	wantValidation(t, err, "1 validation error detected: Value '"+long+"' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36")
	_, err = c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{good}, ClientRequestToken: aws.String("")})
	wantValidation(t, err, "1 validation error detected: Value '' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 1")
	_, err = c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{good}, ReturnConsumedCapacity: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
	_, err = c.TransactWriteItems(ctxT(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{good}, ReturnItemCollectionMetrics: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]")

	if it := get(t, c, h, Item{"pk": S("good")}); it != nil {
		t.Errorf("a rejected transaction wrote %s", show(it))
	}
}

func TestTransactWriteActionErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	put(t, c, h, Item{"pk": S("a"), "s": S("text")})
	good := txPut(h, Item{"pk": S("good")})
	// Each fault is one a single-item operation reports, with the same
	// message; one faulty action rejects the whole request.
	cases := []struct {
		name   string
		action types.TransactWriteItem
		msg    string
		prefix bool
	}{
		{"put without the key", txPut(h, Item{"v": S("x")}), "One or more parameter values were invalid: Missing the key pk in the item", false},
		{"put with a wrong key type", txPut(h, Item{"pk": N("1")}), "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N", false},
		{"put without the sort key", txPut(r, Item{"pk": S("a")}), "One or more parameter values were invalid: Missing the key sk in the item", false},
		{"put too large", txPut(h, Item{"pk": S("big"), "d": S(strings.Repeat("x", 400*1024))}), "Item size has exceeded the maximum allowed size", false},
		{"put with a bad number", txPut(h, Item{"pk": S("n"), "n": N("x")}), "The parameter cannot be converted to a numeric value: x", false},
		{"update key with an extra attribute", txUpdate(h, Item{"pk": S("a"), "x": S("y")}, "SET v = :v", Item{":v": N("1")}), msgNoSchema, false},
		{"delete key without the sort key", txDelete(r, Item{"pk": S("a")}), msgNoSchema, false},
		{"check key of the wrong type", txCheck(h, Item{"pk": N("1")}, "attribute_exists(pk)", nil), msgNoSchema, false},
		{"condition syntax", txCheck(h, Item{"pk": S("a")}, "s = = :v", Item{":v": S("x")}), `Invalid ConditionExpression: Syntax error; token: "=", near: `, true},
		{"update syntax", txUpdate(h, Item{"pk": S("a")}, "SET", nil), "Invalid UpdateExpression: Syntax error; token: ", true},
		{"undefined value", txCheck(h, Item{"pk": S("a")}, "s = :v", nil),
			"Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v", false},
		{"unused value", txUpdate(h, Item{"pk": S("a")}, "SET v = :v", Item{":v": N("1"), ":unused": N("2")}),
			"Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}", false},
		{"unused name", types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(h), Key: Item{"pk": S("a")},
			ExpressionAttributeNames: map[string]string{"#unused": "s"}}}, "ExpressionAttributeNames can only be specified when using expressions", false},
		{"empty string key", txDelete(h, Item{"pk": S("")}),
			"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk", false},
		{"bad number in values", txCheck(h, Item{"pk": S("a")}, "s = :v", Item{":v": N("x")}),
			"ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v", false},
		{"update of a key attribute", txUpdate(h, Item{"pk": S("a")}, "SET pk = :v", Item{":v": S("b")}),
			"One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := txWrite(t, c, good, tc.action)
			if tc.prefix {
				wantErrPrefix(t, err, "ValidationException", tc.msg)
			} else {
				wantValidation(t, err, tc.msg)
			}
		})
	}
	if it := get(t, c, h, Item{"pk": S("good")}); it != nil {
		t.Errorf("a rejected transaction wrote %s", show(it))
	}
}

func TestTransactGetErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	h, r := hashTable(t, c), rangeTable(t, c)
	tget := func(items ...types.TransactGetItem) error {
		_, err := c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: items})
		return err
	}
	keys := func(n int) []types.TransactGetItem {
		items := make([]types.TransactGetItem, n)
		for i := range items {
			items[i] = txGet(h, Item{"pk": S(fmt.Sprint(i))})
		}
		return items
	}
	if err := tget(keys(100)...); err != nil {
		t.Errorf("100 gets: %v", err)
	}
	err := tget(keys(101)...)
	wantErrPrefix(t, err, "ValidationException", "1 validation error detected: Value '")
	if ae := apiError(t, err); !strings.HasSuffix(ae.ErrorMessage(), msgTxMax100) {
		t.Errorf("101 gets: %q, want it to end in %q", ae.ErrorMessage(), msgTxMax100)
	}
	wantValidation(t, tget([]types.TransactGetItem{}...), "1 validation error detected: Value '[]"+msgTxMin1)
	wantErr(t, tget(txGet(h, Item{"pk": S("a")}), txGet(tableName("missing"), Item{"pk": S("a")})), "ResourceNotFoundException", msgNotFound)
	wantValidation(t, tget(txGet(h, Item{"pk": N("1")})), msgNoSchema)
	wantValidation(t, tget(txGet(r, Item{"pk": S("a")})), msgNoSchema)
	wantValidation(t, tget(txGet(h, Item{"pk": S("a"), "x": S("b")})), msgNoSchema)
	wantValidation(t, tget(txGet(h, Item{"pk": S("a")}), txGet(r, Item{"pk": S("a"), "sk": N("1")}), txGet(h, Item{"pk": S("a")})), msgTxDuplicate)
	wantValidation(t, tget(txGet(r, Item{"pk": S("a"), "sk": N("100")}), txGet(r, Item{"pk": S("a"), "sk": N("1E2")})), msgTxDuplicate)
	wantErrPrefix(t, tget(types.TransactGetItem{Get: &types.Get{TableName: aws.String(h), Key: Item{"pk": S("a")}, ProjectionExpression: aws.String("a,")}}),
		"ValidationException", "Invalid ProjectionExpression: Syntax error;")
	wantValidation(t, tget(types.TransactGetItem{Get: &types.Get{TableName: aws.String(h), Key: Item{"pk": S("a")}, ProjectionExpression: aws.String("a"),
		ExpressionAttributeNames: map[string]string{"#a": "a"}}}), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}")
	_, err = c.TransactGetItems(ctxT(t), &dynamodb.TransactGetItemsInput{TransactItems: keys(1), ReturnConsumedCapacity: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
}

package systemtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestTypedErrorsReachTheSDK(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	_, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(tableName("missing"))})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Errorf("missing table: %T %v, want *types.ResourceNotFoundException", err, err)
	}
	_, err = c.CreateTable(ctxT(t), &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	var riu *types.ResourceInUseException
	if !errors.As(err, &riu) {
		t.Errorf("existing table: %T %v, want *types.ResourceInUseException", err, err)
	}
	put(t, c, table, Item{"pk": S("x")})
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("x")},
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Errorf("failed condition: %T %v, want *types.ConditionalCheckFailedException", err, err)
	}
}

func TestEnumValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("a")}, ReturnConsumedCapacity: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
	_, err = c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(table), Key: Item{"pk": S("a")}, ReturnConsumedCapacity: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
	_, err = c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("a")}, ReturnValues: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
	_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("a")}, ReturnItemCollectionMetrics: "hi"})
	wantValidation(t, err, "1 validation error detected: Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]")
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: Item{"pk": S("a")},
		Expected: map[string]types.ExpectedAttributeValue{"a": {Exists: aws.Bool(false)}}, ConditionalOperator: "XOR"})
	// AWS has printed this set as [OR, AND] and, more recently, in other
	// orders; only the part before the set is pinned.
	wantErrPrefix(t, err, "ValidationException", "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [")
}

func TestTableNameValidationOnItemOperations(t *testing.T) {
	t.Parallel()
	c := client(t)
	_, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String("abc;"), Key: Item{"pk": S("a")}})
	wantValidation(t, err, "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	long := strings.Repeat("a", 256)
	_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(long), Item: Item{"pk": S("a")}})
	wantValidation(t, err, "1 validation error detected: Value '"+long+"' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255")
}

func TestExpressionParameterErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	put(t, c, table, Item{"pk": S("k"), "a": S("x")})
	item := Item{"pk": S("k"), "a": S("x")}
	cases := []struct {
		name string
		in   dynamodb.PutItemInput
		msg  string
	}{
		{"values without a condition", dynamodb.PutItemInput{ExpressionAttributeValues: Item{":v": S("x")}},
			"ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"},
		{"names without a condition", dynamodb.PutItemInput{ExpressionAttributeNames: map[string]string{"#a": "a"}},
			"ExpressionAttributeNames can only be specified when using expressions"},
		{"empty names map", dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_exists(a)"), ExpressionAttributeNames: map[string]string{}},
			"ExpressionAttributeNames must not be empty"},
		{"empty values map", dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_exists(a)"), ExpressionAttributeValues: Item{}},
			"ExpressionAttributeValues must not be empty"},
		{"name key without #", dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_exists(a)"), ExpressionAttributeNames: map[string]string{"a": "a"}},
			`ExpressionAttributeNames contains invalid key: Syntax error; key: "a"`},
		{"value key without :", dynamodb.PutItemInput{ConditionExpression: aws.String("a = :v"), ExpressionAttributeValues: Item{":v": S("x"), "v": S("x")}},
			`ExpressionAttributeValues contains invalid key: Syntax error; key: "v"`},
		{"unused values listed", dynamodb.PutItemInput{ConditionExpression: aws.String("a = :v"), ExpressionAttributeValues: Item{":v": S("x"), ":w": S("y")}},
			"Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"},
		{"undefined value", dynamodb.PutItemInput{ConditionExpression: aws.String("a = :v")},
			"Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"},
		{"undefined name", dynamodb.PutItemInput{ConditionExpression: aws.String("#a = :v"), ExpressionAttributeValues: Item{":v": S("x")}},
			"Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = aws.String(table)
			in.Item = item
			_, err := c.PutItem(ctxT(t), &in)
			wantValidation(t, err, tc.msg)
		})
	}
	// Two unused values: AWS lists both, in either order.
	_, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item,
		ConditionExpression: aws.String("a = :v"), ExpressionAttributeValues: Item{":v": S("x"), ":w": S("y"), ":z": S("z")}})
	ae := apiError(t, err)
	if m := ae.ErrorMessage(); ae.ErrorCode() != "ValidationException" ||
		(m != "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :z}" &&
			m != "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z, :w}") {
		t.Errorf("two unused values: %s: %q", ae.ErrorCode(), m)
	}
	// A name used by the update expression and another by the condition:
	// both count as used.
	if _, err := c.UpdateItem(ctxT(t), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: Item{"pk": S("k")},
		UpdateExpression: aws.String("SET #b = :b"), ConditionExpression: aws.String("#a = :a"),
		ExpressionAttributeNames:  map[string]string{"#a": "a", "#b": "b"},
		ExpressionAttributeValues: Item{":a": S("x"), ":b": S("y")}}); err != nil {
		t.Errorf("names and values shared between expressions: %v", err)
	}
}

package systemtest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// tableArnOf returns the ARN of the table name in the test region.
func tableArnOf(name string) string {
	return "arn:aws:dynamodb:" + testRegion + ":" + testAccount + ":table/" + name
}

// TestTableArnAsTableName: every operation that takes a TableName takes
// the table's ARN as well, and acts on the same table.
func TestTableArnAsTableName(t *testing.T) {
	c := client(t)
	name := rangeTable(t, c)
	arn := aws.String(tableArnOf(name))
	ctx := ctxT(t)
	key := Item{"pk": S("a"), "sk": N("1")}

	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: arn, Item: Item{"pk": S("a"), "sk": N("1"), "n": N("1")}}); err != nil {
		t.Fatalf("PutItem by ARN: %v", err)
	}
	wantItem(t, get(t, c, name, key), Item{"pk": S("a"), "sk": N("1"), "n": N("1")})
	g, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: arn, Key: key, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil || g.Item == nil || aws.ToString(g.ConsumedCapacity.TableName) != name {
		t.Fatalf("GetItem by ARN: %v, %v (consumed capacity names %v)", g, err, g.ConsumedCapacity)
	}
	if _, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: arn, Key: key,
		UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: Item{":one": N("1")}}); err != nil {
		t.Fatalf("UpdateItem by ARN: %v", err)
	}
	q, err := c.Query(ctx, &dynamodb.QueryInput{TableName: arn, KeyConditionExpression: aws.String("pk = :a"),
		ExpressionAttributeValues: Item{":a": S("a")}})
	if err != nil || q.Count != 1 {
		t.Fatalf("Query by ARN: %+v, %v", q, err)
	}
	sc, err := c.Scan(ctx, &dynamodb.ScanInput{TableName: arn})
	if err != nil || sc.Count != 1 || qsScalar(sc.Items[0]["n"]) != "2" {
		t.Fatalf("Scan by ARN: %+v, %v", sc, err)
	}

	// Batches: the responses are keyed as the request named the table.
	bw, err := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
		*arn: {{PutRequest: &types.PutRequest{Item: Item{"pk": S("b"), "sk": N("2")}}}},
	}})
	if err != nil || len(bw.UnprocessedItems) != 0 {
		t.Fatalf("BatchWriteItem by ARN: %+v, %v", bw, err)
	}
	bg, err := c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		*arn: {Keys: []Item{key, {"pk": S("b"), "sk": N("2")}}},
	}})
	if err != nil || len(bg.Responses[*arn]) != 2 {
		t.Fatalf("BatchGetItem by ARN: responses %v, %v", bg.Responses, err)
	}

	// Transactions.
	if _, err := c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: arn, Key: key, UpdateExpression: aws.String("SET t = :t"), ExpressionAttributeValues: Item{":t": S("x")}}},
		{ConditionCheck: &types.ConditionCheck{TableName: arn, Key: Item{"pk": S("b"), "sk": N("2")}, ConditionExpression: aws.String("attribute_exists(pk)")}},
	}}); err != nil {
		t.Fatalf("TransactWriteItems by ARN: %v", err)
	}
	tg, err := c.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: arn, Key: key}},
	}})
	if err != nil || len(tg.Responses) != 1 || qsScalar(tg.Responses[0].Item["t"]) != "x" {
		t.Fatalf("TransactGetItems by ARN: %+v, %v", tg, err)
	}

	// Table operations.
	d, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: arn})
	if err != nil || aws.ToString(d.Table.TableName) != name {
		t.Fatalf("DescribeTable by ARN: %v, %v", d, err)
	}
	if _, err := c.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: arn, DeletionProtectionEnabled: aws.Bool(false)}); err != nil {
		t.Fatalf("UpdateTable by ARN: %v", err)
	}
	if _, err := c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: arn,
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatalf("UpdateTimeToLive by ARN: %v", err)
	}
	if ttl, err := c.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: arn}); err != nil ||
		aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "exp" {
		t.Fatalf("DescribeTimeToLive by ARN: %+v, %v", ttl, err)
	}
	if _, err := c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: arn,
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
		t.Fatalf("UpdateContinuousBackups by ARN: %v", err)
	}
	if b, err := c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: arn}); err != nil ||
		b.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled {
		t.Fatalf("DescribeContinuousBackups by ARN: %+v, %v", b, err)
	}
	if _, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: arn, Key: key}); err != nil {
		t.Fatalf("DeleteItem by ARN: %v", err)
	}
	if _, err := c.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: arn}); err != nil {
		t.Fatalf("DeleteTable by ARN: %v", err)
	}
	_, err = c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
}

// TestTableArnRefused: an ARN names a table of the caller's account and
// region or is refused, for item and table operations alike.
func TestTableArnRefused(t *testing.T) {
	c := client(t)
	name := hashTable(t, c)
	arn := tableArnOf(name)
	other := strings.Replace(arn, testAccount, "123456789012", 1)
	west := strings.Replace(arn, testRegion, "eu-west-1", 1)
	cases := []struct{ param, code, msg string }{
		{other, "AccessDeniedException", "User: arn:aws:iam::" + testAccount + ":root is not authorized to perform: dynamodb:GetItem on resource: " +
			other + " because no resource-based policy allows the dynamodb:GetItem action"},
		{west, "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input " + west},
		{arn + "/index/byX", "ValidationException", "One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " + arn + "/index/byX"},
		{"arn:aws:s3:::bucket", "ValidationException", "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: arn:aws:s3:::bucket"},
		{"arn:aws:dynamodb:" + testRegion + ":" + testAccount + ":table/a", "ValidationException",
			"Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:" + testRegion + ":" + testAccount + ":table/a"},
	}
	for _, tc := range cases {
		_, err := c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(tc.param), Key: Item{"pk": S("a")}})
		wantErr(t, err, tc.code, tc.msg)
	}
	_, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(west)})
	wantErr(t, err, "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input "+west)
	_, err = c.BatchGetItem(ctxT(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		other: {Keys: []Item{{"pk": S("a")}}},
	}})
	wantErr(t, err, "AccessDeniedException", "User: arn:aws:iam::"+testAccount+":root is not authorized to perform: dynamodb:BatchGetItem on resource: "+
		other+" because no resource-based policy allows the dynamodb:BatchGetItem action")
	long := "arn:" + strings.Repeat("x", 1021)
	_, err = c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(long), Key: Item{"pk": S("a")}})
	wantValidation(t, err, "1 validation error detected: Value '"+long+"' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024")
	_, err = c.TagResource(ctxT(t), &dynamodb.TagResourceInput{ResourceArn: aws.String(other), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantErr(t, err, "AccessDeniedException", "User: arn:aws:iam::"+testAccount+":root is not authorized to perform: dynamodb:TagResource on resource: "+
		other+" because no resource-based policy allows the dynamodb:TagResource action")
}

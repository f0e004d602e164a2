package systemtest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestIndexCapacityAndItemCollections checks, through the SDK, that
// ReturnConsumedCapacity INDEXES reports each index a write or a read
// touches, and that writes to a table with a local index report their item
// collection when asked.
func TestIndexCapacityAndItemCollections(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("ixcap")
	mustCreateTable(t, c, &dynamodb.CreateTableInput{
		TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{ixAD("pk", "S"), ixAD("sk", "N"), ixAD("ls", "S"), ixAD("g", "S")},
		KeySchema:            []types.KeySchemaElement{ixH("pk"), {AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange}},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{IndexName: aws.String("byLs"),
			KeySchema:  []types.KeySchemaElement{ixH("pk"), {AttributeName: aws.String("ls"), KeyType: types.KeyTypeRange}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{IndexName: aws.String("byG"),
			KeySchema: []types.KeySchemaElement{ixH("g")}, Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}},
	})
	out, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(name),
		Item:                        Item{"pk": S("a"), "sk": N("1"), "ls": S("x"), "g": S("red")},
		ReturnConsumedCapacity:      types.ReturnConsumedCapacityIndexes,
		ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize,
	})
	if err != nil {
		t.Fatal(err)
	}
	cc := out.ConsumedCapacity
	if aws.ToFloat64(cc.CapacityUnits) != 3 || aws.ToFloat64(cc.Table.CapacityUnits) != 1 ||
		aws.ToFloat64(cc.GlobalSecondaryIndexes["byG"].CapacityUnits) != 1 ||
		aws.ToFloat64(cc.LocalSecondaryIndexes["byLs"].CapacityUnits) != 1 {
		t.Errorf("PutItem ConsumedCapacity: %+v", cc)
	}
	m := out.ItemCollectionMetrics
	if m == nil || qsScalar(m.ItemCollectionKey["pk"]) != "a" || len(m.ItemCollectionKey) != 1 ||
		len(m.SizeEstimateRangeGB) != 2 || m.SizeEstimateRangeGB[0] != 0 || m.SizeEstimateRangeGB[1] != 1 {
		t.Errorf("PutItem ItemCollectionMetrics: %+v", m)
	}
	q, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: aws.String(name), IndexName: aws.String("byG"),
		KeyConditionExpression: aws.String("g = :g"), ExpressionAttributeValues: Item{":g": S("red")},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
	if err != nil {
		t.Fatal(err)
	}
	qc := q.ConsumedCapacity
	if q.Count != 1 || aws.ToFloat64(qc.CapacityUnits) != 0.5 || aws.ToFloat64(qc.Table.CapacityUnits) != 0 ||
		aws.ToFloat64(qc.GlobalSecondaryIndexes["byG"].CapacityUnits) != 0.5 {
		t.Errorf("Query of byG: Count %d, ConsumedCapacity %+v", q.Count, qc)
	}
}

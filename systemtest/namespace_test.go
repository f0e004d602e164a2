package systemtest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// testAccount is the account id the shared server runs with (the default).
const testAccount = "000000000000"

// TestRegionsHaveTheirOwnTables: tables live per region, the region being
// the one each request is signed for, as in AWS. One name can be taken in
// two regions by two different tables.
func TestRegionsHaveTheirOwnTables(t *testing.T) {
	east, west := client(t), newRegionClient(endpoint(), "eu-west-1")
	local := newRegionClient(endpoint(), "local") // as emulator users often configure
	name := tableName("ns")
	mustCreateTable(t, east, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	_, err := west.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
	_, err = west.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(name), Key: Item{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")

	mustCreateTable(t, west, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeN}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	put(t, east, name, Item{"pk": S("a"), "v": S("east")})
	put(t, west, name, Item{"id": N("1"), "v": S("west")})
	wantItem(t, get(t, east, name, Item{"pk": S("a")}), Item{"pk": S("a"), "v": S("east")})
	wantItem(t, get(t, west, name, Item{"id": N("1")}), Item{"id": N("1"), "v": S("west")})
	_, err = west.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(name), Item: Item{"pk": S("a")}})
	wantValidation(t, err, "One or more parameter values were invalid: Missing the key id in the item")

	for region, c := range map[string]*dynamodb.Client{"us-east-1": east, "eu-west-1": west} {
		d := waitActive(t, c, name)
		if want := "arn:aws:dynamodb:" + region + ":" + testAccount + ":table/" + name; aws.ToString(d.TableArn) != want {
			t.Errorf("TableArn in %s = %s, want %s", region, aws.ToString(d.TableArn), want)
		}
		if !listsTable(t, c, name) {
			t.Errorf("ListTables in %s does not list %s", region, name)
		}
		ep, err := c.DescribeEndpoints(ctxT(t), &dynamodb.DescribeEndpointsInput{})
		if err != nil || len(ep.Endpoints) != 1 || aws.ToString(ep.Endpoints[0].Address) != "dynamodb."+region+".amazonaws.com" {
			t.Errorf("DescribeEndpoints in %s = %+v, %v", region, ep, err)
		}
	}
	if listsTable(t, local, name) {
		t.Errorf("ListTables in region local lists %s", name)
	}

	// Deleting one region's table leaves the other's.
	if _, err := west.DeleteTable(ctxT(t), &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	wantItem(t, get(t, east, name, Item{"pk": S("a")}), Item{"pk": S("a"), "v": S("east")})
}

// listsTable reports whether ListTables, page by page, lists name.
func listsTable(t *testing.T, c *dynamodb.Client, name string) bool {
	t.Helper()
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctxT(t))
		if err != nil {
			t.Fatalf("ListTables: %v", err)
		}
		for _, n := range out.TableNames {
			if n == name {
				return true
			}
		}
	}
	return false
}

// TestRegionMustBeValid: a credential scoped to a region name that cannot
// stand in an ARN is refused as AWS refuses a region it does not serve.
func TestRegionMustBeValid(t *testing.T) {
	auth := "AWS4-HMAC-SHA256 Credential=AKIDBASALTTEST/20240101/us:east/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
	r := raw(t, rawOpts{target: "DynamoDB_20120810.ListTables", header: map[string]string{"Authorization": auth}}, `{}`)
	if r.status != 400 || !strings.Contains(string(r.body), "InvalidSignatureException") ||
		r.json(t)["message"] != "Credential should be scoped to a valid region, not 'us:east'. " {
		t.Errorf("region us:east: %d %s", r.status, r.body)
	}
}

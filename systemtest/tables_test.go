package systemtest

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var (
	arnRE  = regexp.MustCompile(`^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/`)
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// checkDescription asserts the fields every TableDescription carries, as
// DescribeTable returns them on AWS (tools such as Terraform read them all).
func checkDescription(t *testing.T, d *types.TableDescription, name string) {
	t.Helper()
	if d == nil {
		t.Fatal("no TableDescription")
	}
	if aws.ToString(d.TableName) != name {
		t.Errorf("TableName = %q, want %q", aws.ToString(d.TableName), name)
	}
	if arn := aws.ToString(d.TableArn); !arnRE.MatchString(arn) || !strings.HasSuffix(arn, ":table/"+name) {
		t.Errorf("TableArn = %q, want arn:aws:dynamodb:<region>:<12-digit account>:table/%s", arn, name)
	}
	if !uuidRE.MatchString(aws.ToString(d.TableId)) {
		t.Errorf("TableId = %q, want a UUID", aws.ToString(d.TableId))
	}
	if d.CreationDateTime == nil || time.Since(*d.CreationDateTime) > time.Hour || time.Until(*d.CreationDateTime) > time.Minute {
		t.Errorf("CreationDateTime = %v, want about now", d.CreationDateTime)
	}
	if d.ItemCount == nil || d.TableSizeBytes == nil {
		t.Errorf("ItemCount = %v, TableSizeBytes = %v, want both present", d.ItemCount, d.TableSizeBytes)
	}
	if d.ProvisionedThroughput == nil || d.ProvisionedThroughput.NumberOfDecreasesToday == nil {
		t.Errorf("ProvisionedThroughput = %+v, want present with NumberOfDecreasesToday", d.ProvisionedThroughput)
	}
}

func TestCreateTableOnDemandDescribesTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("students")
	out, err := c.CreateTable(ctxT(t), &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("student_id"), AttributeType: types.ScalarAttributeTypeN}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("student_id"), KeyType: types.KeyTypeHash}},
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	t.Cleanup(func() { _, _ = c.DeleteTable(ctxT(t), &dynamodb.DeleteTableInput{TableName: aws.String(name)}) })
	d := out.TableDescription
	checkDescription(t, d, name)
	if s := d.TableStatus; s != types.TableStatusCreating && s != types.TableStatusActive {
		t.Errorf("CreateTable TableStatus = %s, want CREATING or ACTIVE", s)
	}
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("BillingModeSummary = %+v, want PAY_PER_REQUEST", d.BillingModeSummary)
	}
	if pt := d.ProvisionedThroughput; pt == nil || aws.ToInt64(pt.ReadCapacityUnits) != 0 || aws.ToInt64(pt.WriteCapacityUnits) != 0 {
		t.Errorf("on-demand ProvisionedThroughput = %+v, want 0/0", pt)
	}
	if len(d.KeySchema) != 1 || aws.ToString(d.KeySchema[0].AttributeName) != "student_id" || d.KeySchema[0].KeyType != types.KeyTypeHash {
		t.Errorf("KeySchema = %+v", d.KeySchema)
	}
	if len(d.AttributeDefinitions) != 1 || d.AttributeDefinitions[0].AttributeType != types.ScalarAttributeTypeN {
		t.Errorf("AttributeDefinitions = %+v", d.AttributeDefinitions)
	}

	// The SDK's own waiter, as Terraform and the CLI use it.
	if err := dynamodb.NewTableExistsWaiter(c).Wait(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("table-exists waiter: %v", err)
	}
	desc, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeTable: %v", err)
	}
	checkDescription(t, desc.Table, name)
	if desc.Table.TableStatus != types.TableStatusActive {
		t.Errorf("TableStatus = %s, want ACTIVE", desc.Table.TableStatus)
	}
	if aws.ToInt64(desc.Table.ItemCount) != 0 || aws.ToInt64(desc.Table.TableSizeBytes) != 0 {
		t.Errorf("new table ItemCount/TableSizeBytes = %d/%d, want 0/0", aws.ToInt64(desc.Table.ItemCount), aws.ToInt64(desc.Table.TableSizeBytes))
	}
	if aws.ToString(desc.Table.TableId) != aws.ToString(d.TableId) || aws.ToString(desc.Table.TableArn) != aws.ToString(d.TableArn) {
		t.Errorf("DescribeTable TableId/TableArn differ from CreateTable's")
	}
	if w := desc.Table.WarmThroughput; w == nil || w.Status != types.TableStatusActive {
		t.Errorf("WarmThroughput = %+v, want present with Status ACTIVE", w)
	}
}

func TestCreateTableProvisionedWithRangeKey(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("prov")
	mustCreateTable(t, c, &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("h"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("r"), AttributeType: types.ScalarAttributeTypeB},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("h"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("r"), KeyType: types.KeyTypeRange},
		},
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(3)},
	})
	d := waitActive(t, c, name)
	checkDescription(t, d, name)
	if pt := d.ProvisionedThroughput; aws.ToInt64(pt.ReadCapacityUnits) != 5 || aws.ToInt64(pt.WriteCapacityUnits) != 3 {
		t.Errorf("ProvisionedThroughput = %d/%d, want 5/3", aws.ToInt64(pt.ReadCapacityUnits), aws.ToInt64(pt.WriteCapacityUnits))
	}
	if bm := d.BillingModeSummary; bm != nil && bm.BillingMode != types.BillingModeProvisioned {
		t.Errorf("BillingModeSummary = %+v, want absent or PROVISIONED", bm)
	}
	if len(d.KeySchema) != 2 || d.KeySchema[1].KeyType != types.KeyTypeRange || aws.ToString(d.KeySchema[1].AttributeName) != "r" {
		t.Errorf("KeySchema = %+v", d.KeySchema)
	}
}

func TestCreateTableAlreadyExists(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := hashTable(t, c)
	_, err := c.CreateTable(ctxT(t), &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	wantErr(t, err, "ResourceInUseException", "Table already exists: "+name)
}

func TestCreateTableValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	ad := func(name, typ string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: types.ScalarAttributeType(typ)}
	}
	ks := func(name string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}
	ppr := types.BillingModePayPerRequest
	cases := []struct {
		name string
		in   dynamodb.CreateTableInput
		msg  string
	}{
		{"bad characters in name", dynamodb.CreateTableInput{TableName: aws.String("abc;"), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"name too short", dynamodb.CreateTableInput{TableName: aws.String("ab"), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"name too long", dynamodb.CreateTableInput{TableName: aws.String(strings.Repeat("a", 256)), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"1 validation error detected: Value '" + strings.Repeat("a", 256) + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"set type in attribute definitions", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "SS")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"},
		{"key attribute not defined", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("b", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]"},
		{"extra attribute definition", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S"), ad("b", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"},
		{"first key is RANGE", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S"), ad("b", "S")},
			KeySchema:            []types.KeySchemaElement{ks("a", types.KeyTypeRange), ks("b", types.KeyTypeHash)}},
			"Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{"second key is HASH", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S"), ad("b", "S")},
			KeySchema:            []types.KeySchemaElement{ks("a", types.KeyTypeHash), ks("b", types.KeyTypeHash)}},
			"Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"},
		{"hash and range have the same name", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S"), ad("b", "S")},
			KeySchema:            []types.KeySchemaElement{ks("a", types.KeyTypeHash), ks("a", types.KeyTypeRange)}},
			"Both the Hash Key and the Range Key element in the KeySchema have the same name"},
		{"on demand with throughput", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: ppr,
			AttributeDefinitions:  []types.AttributeDefinition{ad("a", "S")},
			KeySchema:             []types.KeySchemaElement{ks("a", types.KeyTypeHash)},
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}},
			"One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{"provisioned without throughput", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")), BillingMode: types.BillingModeProvisioned,
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"no billing mode and no throughput", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")),
			AttributeDefinitions: []types.AttributeDefinition{ad("a", "S")}, KeySchema: []types.KeySchemaElement{ks("a", types.KeyTypeHash)}},
			"One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"zero read capacity", dynamodb.CreateTableInput{TableName: aws.String(tableName("v")),
			AttributeDefinitions:  []types.AttributeDefinition{ad("a", "S")},
			KeySchema:             []types.KeySchemaElement{ks("a", types.KeyTypeHash)},
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(1)}},
			"1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			_, err := c.CreateTable(ctxT(t), &in)
			wantValidation(t, err, tc.msg)
		})
	}
}

func TestDescribeTableNotFound(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("missing")
	_, err := c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
}

func TestDeleteTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := hashTable(t, c)
	put(t, c, name, Item{"pk": S("a")})
	out, err := c.DeleteTable(ctxT(t), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatalf("DeleteTable: %v", err)
	}
	if aws.ToString(out.TableDescription.TableName) != name {
		t.Errorf("DeleteTable TableName = %q", aws.ToString(out.TableDescription.TableName))
	}
	if s := out.TableDescription.TableStatus; s != types.TableStatusDeleting {
		t.Errorf("DeleteTable TableStatus = %s, want DELETING", s)
	}
	if err := dynamodb.NewTableNotExistsWaiter(c).Wait(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("table-not-exists waiter: %v", err)
	}
	_, err = c.DescribeTable(ctxT(t), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
	_, err = c.GetItem(ctxT(t), &dynamodb.GetItemInput{TableName: aws.String(name), Key: Item{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")

	// A table of the same name starts empty.
	hashOf := createTableNamed(t, c, name)
	if it := get(t, c, hashOf, Item{"pk": S("a")}); it != nil {
		t.Errorf("recreated table still has the old item: %s", show(it))
	}
}

// createTableNamed creates an on-demand table keyed by the string "pk" under
// the given name.
func createTableNamed(t *testing.T, c *dynamodb.Client, name string) string {
	t.Helper()
	mustCreateTable(t, c, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	return name
}

func TestDeleteTableNotFound(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := tableName("missing")
	_, err := c.DeleteTable(ctxT(t), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+name+" not found")
}

func TestListTablesPaging(t *testing.T) {
	t.Parallel()
	c := client(t)
	prefix := tableName("list")
	var mine []string
	for i := 0; i < 5; i++ {
		mine = append(mine, createTableNamed(t, c, prefix+"-"+string(rune('a'+i))))
	}

	// Walk every page with Limit 2: pages are at most 2 long, names ascend,
	// LastEvaluatedTableName is the page's last name, and all of ours appear.
	var all []string
	var start *string
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatal("ListTables does not terminate")
		}
		out, err := c.ListTables(ctxT(t), &dynamodb.ListTablesInput{Limit: aws.Int32(2), ExclusiveStartTableName: start})
		if err != nil {
			t.Fatalf("ListTables: %v", err)
		}
		if len(out.TableNames) > 2 {
			t.Fatalf("page of %d names with Limit 2", len(out.TableNames))
		}
		all = append(all, out.TableNames...)
		if out.LastEvaluatedTableName == nil {
			break
		}
		if len(out.TableNames) == 0 || aws.ToString(out.LastEvaluatedTableName) != out.TableNames[len(out.TableNames)-1] {
			t.Fatalf("LastEvaluatedTableName = %q, page = %v", aws.ToString(out.LastEvaluatedTableName), out.TableNames)
		}
		start = out.LastEvaluatedTableName
	}
	if !sort.StringsAreSorted(all) {
		t.Errorf("ListTables names are not in ascending order: %v", all)
	}
	var got []string
	for _, n := range all {
		if strings.HasPrefix(n, prefix+"-") {
			got = append(got, n)
		}
	}
	if strings.Join(got, ",") != strings.Join(mine, ",") {
		t.Errorf("our tables in the listing = %v, want %v", got, mine)
	}

	// ExclusiveStartTableName starts strictly after the name given.
	out, err := c.ListTables(ctxT(t), &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String(mine[2]), Limit: aws.Int32(2)})
	if err != nil {
		t.Fatalf("ListTables: %v", err)
	}
	if len(out.TableNames) != 2 || out.TableNames[0] != mine[3] || out.TableNames[1] != mine[4] {
		t.Errorf("after %s: %v, want [%s %s]", mine[2], out.TableNames, mine[3], mine[4])
	}

	// The SDK's paginator sees every table once.
	seen := map[string]int{}
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{Limit: aws.Int32(3)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctxT(t))
		if err != nil {
			t.Fatalf("paginator: %v", err)
		}
		for _, n := range page.TableNames {
			seen[n]++
		}
	}
	for _, n := range mine {
		if seen[n] != 1 {
			t.Errorf("paginator saw %s %d times", n, seen[n])
		}
	}
}

func TestListTablesLimitValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	_, err := c.ListTables(ctxT(t), &dynamodb.ListTablesInput{Limit: aws.Int32(0)})
	wantValidation(t, err, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
	_, err = c.ListTables(ctxT(t), &dynamodb.ListTablesInput{Limit: aws.Int32(101)})
	wantValidation(t, err, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
	out, err := c.ListTables(ctxT(t), &dynamodb.ListTablesInput{Limit: aws.Int32(100)})
	if err != nil {
		t.Fatalf("ListTables Limit 100: %v", err)
	}
	if out.TableNames == nil {
		t.Errorf("TableNames absent; AWS always returns the list")
	}
}

// waitTable polls DescribeTable until the table is ACTIVE and returns it.
func waitTable(t *testing.T, c *dynamodb.Client, name string) *types.TableDescription {
	t.Helper()
	return waitActive(t, c, name)
}

func TestUpdateTableBillingModes(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := hashTable(t, c)

	// On demand → provisioned.
	out, err := c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(name),
		BillingMode:           types.BillingModeProvisioned,
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(4), WriteCapacityUnits: aws.Int64(2)},
	})
	if err != nil {
		t.Fatalf("UpdateTable to PROVISIONED: %v", err)
	}
	checkDescription(t, out.TableDescription, name)
	d := waitTable(t, c, name)
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModeProvisioned {
		t.Errorf("BillingModeSummary = %+v, want PROVISIONED", d.BillingModeSummary)
	}
	if pt := d.ProvisionedThroughput; aws.ToInt64(pt.ReadCapacityUnits) != 4 || aws.ToInt64(pt.WriteCapacityUnits) != 2 {
		t.Errorf("ProvisionedThroughput = %d/%d, want 4/2", aws.ToInt64(pt.ReadCapacityUnits), aws.ToInt64(pt.WriteCapacityUnits))
	}

	// Throughput change alone.
	if _, err := c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(name),
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(10), WriteCapacityUnits: aws.Int64(7)},
	}); err != nil {
		t.Fatalf("UpdateTable throughput: %v", err)
	}
	d = waitTable(t, c, name)
	if pt := d.ProvisionedThroughput; aws.ToInt64(pt.ReadCapacityUnits) != 10 || aws.ToInt64(pt.WriteCapacityUnits) != 7 {
		t.Errorf("ProvisionedThroughput = %d/%d, want 10/7", aws.ToInt64(pt.ReadCapacityUnits), aws.ToInt64(pt.WriteCapacityUnits))
	}

	// The same throughput again is refused in AWS's words.
	_, err = c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(name),
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(10), WriteCapacityUnits: aws.Int64(7)},
	})
	wantValidation(t, err, "The provisioned throughput for the table will not change. The requested value equals the current value. "+
		"Current ReadCapacityUnits provisioned for the table: 10. Requested ReadCapacityUnits: 10. "+
		"Current WriteCapacityUnits provisioned for the table: 7. Requested WriteCapacityUnits: 7. "+
		"Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.")

	// Provisioned → on demand.
	if _, err := c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest}); err != nil {
		t.Fatalf("UpdateTable to PAY_PER_REQUEST: %v", err)
	}
	d = waitTable(t, c, name)
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("BillingModeSummary = %+v, want PAY_PER_REQUEST", d.BillingModeSummary)
	}
	if pt := d.ProvisionedThroughput; aws.ToInt64(pt.ReadCapacityUnits) != 0 || aws.ToInt64(pt.WriteCapacityUnits) != 0 {
		t.Errorf("ProvisionedThroughput = %d/%d, want 0/0 on demand", aws.ToInt64(pt.ReadCapacityUnits), aws.ToInt64(pt.WriteCapacityUnits))
	}
}

func TestUpdateTableValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := hashTable(t, c)
	_, err := c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(name),
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)},
	})
	wantValidation(t, err, "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")

	_, err = c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{TableName: aws.String(name), BillingMode: types.BillingModeProvisioned})
	wantValidation(t, err, "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED")

	missing := tableName("missing")
	_, err = c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(missing),
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)},
	})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: "+missing+" not found")

	_, err = c.UpdateTable(ctxT(t), &dynamodb.UpdateTableInput{
		TableName:             aws.String(name),
		BillingMode:           types.BillingModeProvisioned,
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(-1), WriteCapacityUnits: aws.Int64(1)},
	})
	wantValidation(t, err, "1 validation error detected: Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1")
}

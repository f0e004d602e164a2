package service

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/pebblekv"
)

// testClock is a settable time source.
type testClock struct{ ns atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ns.Store(time.Date(2026, 10, 8, 23, 9, 17, 982_000_000, time.UTC).UnixNano())
	return c
}
func (c *testClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func newMemStore(t *testing.T) storage.Store {
	t.Helper()
	st, err := pebblekv.Open(pebblekv.Options{InMemory: true, Logger: slog.New(slog.DiscardHandler), Prefixes: keycodec.PartitionPrefixLen})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// defaultNS is the namespace of a request without a Scope: the service's
// default account and region.
var defaultNS = catalog.Namespace{Account: "000000000000", Region: "us-east-1"}

// newTableService returns a Service over a fresh in-memory store.
func newTableService(t *testing.T, opts Options) (*Service, storage.Store) {
	t.Helper()
	st := newMemStore(t)
	return openService(t, st, opts), st
}

func openService(t *testing.T, st storage.Store, opts Options) *Service {
	t.Helper()
	s, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func i64(v int64) *int64 { return &v }
func boolp(v bool) *bool { return &v }

// keys builds a KeySchema from name, type pairs.
func keys(pairs ...string) []api.KeySchemaElement {
	ks := []api.KeySchemaElement{}
	for i := 0; i < len(pairs); i += 2 {
		ks = append(ks, api.KeySchemaElement{AttributeName: pairs[i], KeyType: pairs[i+1]})
	}
	return ks
}

// defs builds AttributeDefinitions from name, type pairs.
func defs(pairs ...string) []api.AttributeDefinition {
	ds := []api.AttributeDefinition{}
	for i := 0; i < len(pairs); i += 2 {
		ds = append(ds, api.AttributeDefinition{AttributeName: pairs[i], AttributeType: pairs[i+1]})
	}
	return ds
}

func pt(r, w int64) *api.ProvisionedThroughput {
	return &api.ProvisionedThroughput{ReadCapacityUnits: &r, WriteCapacityUnits: &w}
}

// provisioned is a valid CreateTable request for a PROVISIONED 5/5 table.
func provisioned(name string) *api.CreateTableInput {
	return &api.CreateTableInput{
		TableName: name, KeySchema: keys("pk", "HASH"), AttributeDefinitions: defs("pk", "S"),
		ProvisionedThroughput: pt(5, 5),
	}
}

// onDemand is a valid CreateTable request for a PAY_PER_REQUEST table with
// a sort key.
func onDemand(name string) *api.CreateTableInput {
	return &api.CreateTableInput{
		TableName: name, BillingMode: "PAY_PER_REQUEST",
		KeySchema:            keys("pk", "HASH", "sk", "RANGE"),
		AttributeDefinitions: defs("sk", "N", "pk", "S"),
	}
}

func mustCreate(t *testing.T, s *Service, in *api.CreateTableInput) *api.TableDescription {
	t.Helper()
	out, err := s.CreateTable(context.Background(), in)
	if err != nil {
		t.Fatalf("CreateTable(%s): %v", in.TableName, err)
	}
	return out.TableDescription
}

func mustDescribe(t *testing.T, s *Service, name string) *api.TableDescription {
	t.Helper()
	out, err := s.DescribeTable(context.Background(), &api.DescribeTableInput{TableName: name})
	if err != nil {
		t.Fatalf("DescribeTable(%s): %v", name, err)
	}
	return out.Table
}

// checkErr fails unless err is an *apierr.Error of code with message msg.
func checkErr(t *testing.T, err error, code apierr.Code, msg string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want %s: %s", err, apierr.SpecOf(code).Type, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("got  %s: %s\nwant %s: %s", apierr.SpecOf(e.Code).Type, e.Message, apierr.SpecOf(code).Type, msg)
	}
}

const ve = apierr.Validation

func TestCreateTableValidation(t *testing.T) {
	long := strings.Repeat("a", 256)
	cases := []struct {
		name   string
		modify func(in *api.CreateTableInput)
		msg    string
	}{
		{"no name", func(in *api.CreateTableInput) { in.TableName = "" },
			"The parameter 'TableName' is required but was not present in the request"},
		{"short name", func(in *api.CreateTableInput) { in.TableName = "ab" },
			"1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"short bad name", func(in *api.CreateTableInput) { in.TableName = "a;" },
			"2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
				"Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"long name", func(in *api.CreateTableInput) { in.TableName = long },
			"1 validation error detected: Value '" + long + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"nulls in AWS's order", func(in *api.CreateTableInput) {
			in.TableName, in.AttributeDefinitions, in.KeySchema = "abc;", nil, nil
		}, "3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; " +
			"Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
			"Value null at 'keySchema' failed to satisfy constraint: Member must not be null"},
		{"empty throughput", func(in *api.CreateTableInput) { in.ProvisionedThroughput = &api.ProvisionedThroughput{} },
			"2 validation errors detected: Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null"},
		{"low throughput, empty key schema", func(in *api.CreateTableInput) { in.ProvisionedThroughput, in.KeySchema = pt(-1, 0), keys() },
			"3 validation errors detected: Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"attribute type", func(in *api.CreateTableInput) { in.AttributeDefinitions = defs("pk", "SS") },
			"1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"},
		{"attribute definition nulls", func(in *api.CreateTableInput) { in.AttributeDefinitions = []api.AttributeDefinition{{}} },
			"2 validation errors detected: Value null at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must not be null"},
		{"billing mode", func(in *api.CreateTableInput) { in.BillingMode = "pay_per_request" },
			"1 validation error detected: Value 'pay_per_request' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"},
		{"stream without StreamEnabled", func(in *api.CreateTableInput) { in.StreamSpecification = &api.StreamSpecification{} },
			"1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"},
		{"on demand with throughput", func(in *api.CreateTableInput) { in.BillingMode = "PAY_PER_REQUEST" },
			"One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{"default mode needs throughput", func(in *api.CreateTableInput) { in.ProvisionedThroughput = nil },
			"One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"provisioned needs throughput", func(in *api.CreateTableInput) { in.BillingMode, in.ProvisionedThroughput = "PROVISIONED", nil },
			"One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"read out of bounds", func(in *api.CreateTableInput) { in.ProvisionedThroughput = pt(1000000000001, 1000000000001) },
			"Given value 1000000000001 for ReadCapacityUnits is out of bounds"},
		{"write out of bounds", func(in *api.CreateTableInput) { in.ProvisionedThroughput = pt(1000000000000, 1000000000001) },
			"Given value 1000000000001 for WriteCapacityUnits is out of bounds"},
		{"on-demand limits on provisioned", func(in *api.CreateTableInput) {
			in.OnDemandThroughput = &api.OnDemandThroughput{MaxReadRequestUnits: i64(100)}
		}, "One or more parameter values were invalid: MaxReadRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED."},
		{"on-demand limit zero", func(in *api.CreateTableInput) {
			in.BillingMode, in.ProvisionedThroughput = "PAY_PER_REQUEST", nil
			in.OnDemandThroughput = &api.OnDemandThroughput{MaxWriteRequestUnits: i64(0)}
		}, "One or more parameter values were invalid: Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid range"},
		{"duplicate definition", func(in *api.CreateTableInput) { in.AttributeDefinitions = defs("pk", "S", "pk", "N") },
			"Attribute Name is duplicated: pk"},
		{"no definitions", func(in *api.CreateTableInput) { in.AttributeDefinitions = defs() },
			"Invalid KeySchema: Some index key attribute have no definition"},
		{"more keys than definitions", func(in *api.CreateTableInput) {
			in.KeySchema, in.AttributeDefinitions = keys("a", "HASH", "b", "RANGE"), defs("b", "S")
		}, "Invalid KeySchema: Some index key attribute have no definition"},
		{"key not defined", func(in *api.CreateTableInput) { in.AttributeDefinitions = defs("other", "S") },
			"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]"},
		{"key name case", func(in *api.CreateTableInput) { in.KeySchema = keys("PK", "HASH") },
			"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [PK], AttributeDefinitions: [pk]"},
		{"same key twice", func(in *api.CreateTableInput) {
			in.KeySchema, in.AttributeDefinitions = keys("a", "HASH", "a", "HASH"), defs("a", "S", "b", "S")
		}, "Both the Hash Key and the Range Key element in the KeySchema have the same name"},
		{"second not range", func(in *api.CreateTableInput) {
			in.KeySchema, in.AttributeDefinitions = keys("a", "HASH", "b", "HASH"), defs("a", "S", "b", "S")
		}, "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"},
		{"first not hash", func(in *api.CreateTableInput) {
			in.KeySchema, in.AttributeDefinitions = keys("a", "RANGE", "b", "HASH"), defs("a", "S", "b", "S")
		}, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{"unused definition", func(in *api.CreateTableInput) { in.AttributeDefinitions = defs("pk", "S", "extra", "N") },
			"One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"},
		{"stream enabled without view", func(in *api.CreateTableInput) {
			in.StreamSpecification = &api.StreamSpecification{StreamEnabled: boolp(true)}
		}, "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required"},
		{"stream disabled with view", func(in *api.CreateTableInput) {
			in.StreamSpecification = &api.StreamSpecification{StreamEnabled: boolp(false), StreamViewType: "KEYS_ONLY"}
		}, "One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified"},
		{"warm below on-demand start", func(in *api.CreateTableInput) {
			in.BillingMode, in.ProvisionedThroughput = "PAY_PER_REQUEST", nil
			in.WarmThroughput = &api.WarmThroughput{ReadUnitsPerSecond: i64(1), WriteUnitsPerSecond: i64(1)}
		}, "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table is lower than initial throughput for OnDemand. " +
			"See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial"},
		{"warm below provisioned", func(in *api.CreateTableInput) {
			in.WarmThroughput = &api.WarmThroughput{ReadUnitsPerSecond: i64(4)}
		}, "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits of ProvisionedThroughput"},
		{"table class", func(in *api.CreateTableInput) { in.TableClass = "standard" },
			"Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."},
	}
	s, _ := newTableService(t, Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := provisioned("valid_name")
			tc.modify(in)
			_, err := s.CreateTable(context.Background(), in)
			checkErr(t, err, ve, tc.msg)
		})
	}
	if names, _ := s.catalog.List(defaultNS, "", 100); len(names) != 0 {
		t.Fatalf("rejected requests created tables %v", names)
	}
}

func TestCreateTableKeySchemaTooLong(t *testing.T) {
	s, _ := newTableService(t, Options{})
	in := provisioned("abc")
	in.KeySchema = []api.KeySchemaElement{{KeyType: "HASH"}, {AttributeName: "a"}, {KeyType: "Woop", AttributeName: "a"}}
	_, err := s.CreateTable(context.Background(), in)
	want := "4 validation errors detected: Value '" + javaKeySchema(in.KeySchema) + "' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2; " +
		"Value null at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be null; " +
		"Value null at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must not be null; " +
		"Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"
	checkErr(t, err, ve, want)
	if !regexp.MustCompile(`^\[(com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+(, )?){3}\]$`).MatchString(javaKeySchema(in.KeySchema)) {
		t.Fatalf("list form %s", javaKeySchema(in.KeySchema))
	}
}

func TestCreateTableTooManyErrorsCapped(t *testing.T) {
	s, _ := newTableService(t, Options{})
	in := provisioned("abc")
	in.AttributeDefinitions = make([]api.AttributeDefinition, 6) // 12 violations
	_, err := s.CreateTable(context.Background(), in)
	var e *apierr.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, "10 validation errors detected: ") || strings.Count(e.Message, "Value null") != 10 {
		t.Fatalf("got %v", err)
	}
}

func TestCreateTableExisting(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, provisioned("taken"))
	_, err := s.CreateTable(context.Background(), onDemand("taken"))
	checkErr(t, err, apierr.ResourceInUse, "Table already exists: taken")
	// Validation comes first: an invalid request for a taken name is a
	// ValidationException.
	bad := provisioned("taken")
	bad.KeySchema = keys("pk", "RANGE")
	_, err = s.CreateTable(context.Background(), bad)
	checkErr(t, err, ve, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
}

func TestCreateTableResponseAndDescribe(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now, Region: "eu-west-1", AccountID: "123456789012"})
	created := mustCreate(t, s, provisioned("prov"))
	if created.TableStatus != "CREATING" || created.BillingModeSummary != nil || created.WarmThroughput != nil ||
		created.TableClassSummary != nil || created.TableArn != "arn:aws:dynamodb:eu-west-1:123456789012:table/prov" ||
		created.CreationDateTime != 1791500957.982 || created.ItemCount != 0 || created.TableSizeBytes != 0 {
		t.Fatalf("CreateTable answered %+v", created)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(created.TableId) {
		t.Fatalf("TableId %q", created.TableId)
	}
	d := mustDescribe(t, s, "prov")
	if d.TableStatus != "ACTIVE" || d.TableId != created.TableId || d.DeletionProtectionEnabled ||
		*d.ProvisionedThroughput != (api.ProvisionedThroughputDescription{ReadCapacityUnits: 5, WriteCapacityUnits: 5}) ||
		*d.WarmThroughput != (api.TableWarmThroughputDescription{ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: "ACTIVE"}) ||
		len(d.KeySchema) != 1 || d.KeySchema[0] != (api.KeySchemaElement{AttributeName: "pk", KeyType: "HASH"}) {
		t.Fatalf("DescribeTable answered %+v", d)
	}

	in := onDemand("ondemand")
	in.TableClass, in.DeletionProtectionEnabled = "STANDARD_INFREQUENT_ACCESS", boolp(true)
	created = mustCreate(t, s, in)
	if created.BillingModeSummary == nil || *created.BillingModeSummary != (api.BillingModeSummary{BillingMode: "PAY_PER_REQUEST"}) {
		t.Fatalf("CreateTable BillingModeSummary %+v", created.BillingModeSummary)
	}
	d = mustDescribe(t, s, "ondemand")
	if d.BillingModeSummary.LastUpdateToPayPerRequestDateTime == nil || *d.BillingModeSummary.LastUpdateToPayPerRequestDateTime != d.CreationDateTime ||
		*d.ProvisionedThroughput != (api.ProvisionedThroughputDescription{}) ||
		*d.WarmThroughput != (api.TableWarmThroughputDescription{ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: "ACTIVE"}) ||
		*d.TableClassSummary != (api.TableClassSummary{TableClass: "STANDARD_INFREQUENT_ACCESS"}) || !d.DeletionProtectionEnabled ||
		len(d.KeySchema) != 2 || d.KeySchema[1] != (api.KeySchemaElement{AttributeName: "sk", KeyType: "RANGE"}) ||
		d.AttributeDefinitions[0] != (api.AttributeDefinition{AttributeName: "sk", AttributeType: "N"}) {
		t.Fatalf("DescribeTable answered %+v", d)
	}
}

func TestCreateTableStreamAndWarm(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now})
	in := onDemand("streamed")
	in.StreamSpecification = &api.StreamSpecification{StreamEnabled: boolp(true), StreamViewType: "NEW_IMAGE"}
	in.WarmThroughput = &api.WarmThroughput{ReadUnitsPerSecond: i64(12001)}
	created := mustCreate(t, s, in)
	if *created.WarmThroughput != (api.TableWarmThroughputDescription{ReadUnitsPerSecond: 12001, WriteUnitsPerSecond: 4000, Status: "UPDATING"}) {
		t.Fatalf("warm %+v", created.WarmThroughput)
	}
	d := mustDescribe(t, s, "streamed")
	if d.LatestStreamLabel != "2026-10-08T23:09:17.982" ||
		d.LatestStreamArn != "arn:aws:dynamodb:us-east-1:000000000000:table/streamed/stream/2026-10-08T23:09:17.982" ||
		!*d.StreamSpecification.StreamEnabled || d.StreamSpecification.StreamViewType != "NEW_IMAGE" {
		t.Fatalf("stream %+v", d)
	}
}

func TestDescribeTable(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, provisioned("known"))
	cases := []struct {
		name string
		code apierr.Code
		msg  string
	}{
		{"", ve, "The parameter 'TableName' is required but was not present in the request"},
		{"a;", ve, "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
			"Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"unknown", apierr.ResourceNotFound, "Requested resource not found: Table: unknown not found"},
		{"arn:aws:dynamodb:us-east-1:000000000000:table/gone", apierr.ResourceNotFound, "Requested resource not found: Table: gone not found"},
	}
	for _, tc := range cases {
		_, err := s.DescribeTable(context.Background(), &api.DescribeTableInput{TableName: tc.name})
		checkErr(t, err, tc.code, tc.msg)
	}
	if d := mustDescribe(t, s, "arn:aws:dynamodb:us-east-1:000000000000:table/known"); d.TableName != "known" {
		t.Fatalf("by ARN: %+v", d)
	}
}

func TestListTablesValidation(t *testing.T) {
	s, _ := newTableService(t, Options{})
	cases := []struct {
		in  api.ListTablesInput
		msg string
	}{
		{api.ListTablesInput{ExclusiveStartTableName: "a;", Limit: i64(500)},
			"3 validation errors detected: Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100; " +
				"Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
				"Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{api.ListTablesInput{Limit: i64(0)},
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{api.ListTablesInput{Limit: i64(101)},
			"1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{api.ListTablesInput{ExclusiveStartTableName: strings.Repeat("x", 256)},
			"1 validation error detected: Value '" + strings.Repeat("x", 256) + "' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length less than or equal to 255"},
	}
	for _, tc := range cases {
		_, err := s.ListTables(context.Background(), &tc.in)
		checkErr(t, err, ve, tc.msg)
	}
}

func TestListTablesPaging(t *testing.T) {
	s, _ := newTableService(t, Options{})
	out, err := s.ListTables(context.Background(), &api.ListTablesInput{})
	if err != nil || out.TableNames == nil || len(out.TableNames) != 0 {
		t.Fatalf("empty ListTables = %+v, %v (TableNames must be [], not null)", out, err)
	}
	for _, n := range []string{"delta", "Alpha", "charlie", "bravo", "echo"} {
		mustCreate(t, s, provisioned(n))
	}
	var pages [][]string
	var lastKeys []string
	in := &api.ListTablesInput{Limit: i64(2)}
	for {
		out, err := s.ListTables(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, out.TableNames)
		lastKeys = append(lastKeys, out.LastEvaluatedTableName)
		if out.LastEvaluatedTableName == "" {
			break
		}
		in.ExclusiveStartTableName = out.LastEvaluatedTableName
	}
	want := [][]string{{"Alpha", "bravo"}, {"charlie", "delta"}, {"echo"}}
	if !equalPages(pages, want) || strings.Join(lastKeys, ",") != "bravo,delta," {
		t.Fatalf("pages %v, LastEvaluatedTableName %q", pages, lastKeys)
	}
	// A last page that ends exactly at the last table has no cursor.
	out, _ = s.ListTables(context.Background(), &api.ListTablesInput{ExclusiveStartTableName: "charlie", Limit: i64(2)})
	if out.LastEvaluatedTableName != "" || strings.Join(out.TableNames, ",") != "delta,echo" {
		t.Fatalf("final page %+v", out)
	}
	// A cursor that names no table still works.
	out, _ = s.ListTables(context.Background(), &api.ListTablesInput{ExclusiveStartTableName: "cat"})
	if strings.Join(out.TableNames, ",") != "charlie,delta,echo" {
		t.Fatalf("after a missing name: %+v", out)
	}
}

func equalPages(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], ",") != strings.Join(b[i], ",") {
			return false
		}
	}
	return true
}

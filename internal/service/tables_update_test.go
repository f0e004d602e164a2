package service

import (
	"context"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
)

const msgNothing = "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, " +
	"SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, " +
	"DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"

func TestUpdateTableValidation(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, provisioned("prov"))
	mustCreate(t, s, onDemand("ppr"))
	cases := []struct {
		name string
		in   api.UpdateTableInput
		code apierr.Code
		msg  string
	}{
		{"no name", api.UpdateTableInput{ProvisionedThroughput: pt(1, 1)}, ve,
			"The parameter 'TableName' is required but was not present in the request"},
		{"bad name", api.UpdateTableInput{TableName: "abc;", ProvisionedThroughput: pt(1, 1)}, ve,
			"1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"nothing", api.UpdateTableInput{TableName: "prov"}, ve, msgNothing},
		{"definitions only", api.UpdateTableInput{TableName: "prov", AttributeDefinitions: defs("pk", "N")}, ve, msgNothing},
		{"nothing, missing table", api.UpdateTableInput{TableName: "nope"}, ve, msgNothing},
		{"empty throughput", api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: &api.ProvisionedThroughput{ReadCapacityUnits: i64(4)}}, ve,
			"1 validation error detected: Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null"},
		{"zero throughput", api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: pt(0, 0)}, ve,
			"2 validation errors detected: Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"billing enum", api.UpdateTableInput{TableName: "prov", BillingMode: "FREE"}, ve,
			"1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"},
		{"out of bounds", api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: pt(1000000000001, 1)}, ve,
			"Given value 1000000000001 for ReadCapacityUnits is out of bounds"},
		{"protection with throughput", api.UpdateTableInput{TableName: "prov", DeletionProtectionEnabled: boolp(true), ProvisionedThroughput: pt(9, 9)}, ve,
			"One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request"},
		{"class with protection", api.UpdateTableInput{TableName: "prov", TableClass: "STANDARD", DeletionProtectionEnabled: boolp(true)}, ve,
			"One or more parameter values were invalid: TableClass modification must be the only operation in the request"},
		{"sse with class", api.UpdateTableInput{TableName: "prov", TableClass: "STANDARD", SSESpecification: &api.SSESpecification{}}, ve,
			"One or more parameter values were invalid: Server-Side Encryption modification must be the only operation in the request"},
		{"warm with protection", api.UpdateTableInput{TableName: "prov", WarmThroughput: &api.WarmThroughput{}, DeletionProtectionEnabled: boolp(false)}, ve,
			"One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request"},
		{"warm with billing", api.UpdateTableInput{TableName: "prov", WarmThroughput: &api.WarmThroughput{}, BillingMode: "PAY_PER_REQUEST"}, ve,
			"One or more parameter values were invalid: WarmThroughput must be the only operation in the request"},
		{"on-demand with stream", api.UpdateTableInput{TableName: "ppr", OnDemandThroughput: &api.OnDemandThroughput{MaxReadRequestUnits: i64(5)},
			StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(false)}}, ve,
			"One or more parameter values were invalid: OnDemandThroughput can only be combined with BillingMode in an UpdateTable request"},
		{"stream with throughput", api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: pt(9, 9),
			StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(true), StreamViewType: "KEYS_ONLY"}}, ve,
			"One or more parameter values were invalid: You cannot modify stream status while updating table IOPS"},
		{"stream without view", api.UpdateTableInput{TableName: "prov", StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(true)}}, ve,
			"One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required"},
		{"stream off with view", api.UpdateTableInput{TableName: "prov", StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(false), StreamViewType: "NEW_IMAGE"}}, ve,
			"One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified"},
		{"on-demand range", api.UpdateTableInput{TableName: "ppr", OnDemandThroughput: &api.OnDemandThroughput{MaxReadRequestUnits: i64(-2)}}, ve,
			"One or more parameter values were invalid: Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range"},
		{"class", api.UpdateTableInput{TableName: "prov", TableClass: "GLACIER"}, ve,
			"Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."},
		{"missing table", api.UpdateTableInput{TableName: "nope", BillingMode: "PAY_PER_REQUEST"}, apierr.ResourceNotFound,
			"Requested resource not found: Table: nope not found"},
		{"throughput on demand", api.UpdateTableInput{TableName: "ppr", ProvisionedThroughput: pt(1, 1)}, ve,
			"One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{"switch to on demand with throughput", api.UpdateTableInput{TableName: "prov", BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: pt(1, 1)}, ve,
			"One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{"provisioned without throughput", api.UpdateTableInput{TableName: "prov", BillingMode: "PROVISIONED"}, ve,
			"One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"},
		{"switch to provisioned without throughput", api.UpdateTableInput{TableName: "ppr", BillingMode: "PROVISIONED"}, ve,
			"One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"},
		{"same throughput", api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: pt(5, 5)}, ve,
			"The provisioned throughput for the table will not change. The requested value equals the current value. " +
				"Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. " +
				"Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. " +
				"Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."},
		{"on-demand limits on provisioned", api.UpdateTableInput{TableName: "prov", OnDemandThroughput: &api.OnDemandThroughput{MaxWriteRequestUnits: i64(10)}}, ve,
			"One or more parameter values were invalid: MaxWriteRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED"},
		{"warm decrease", api.UpdateTableInput{TableName: "ppr", WarmThroughput: &api.WarmThroughput{WriteUnitsPerSecond: i64(3999)}}, ve,
			"One or more parameter values were invalid: Requested WriteUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported"},
		{"no stream to disable", api.UpdateTableInput{TableName: "prov", StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(false)}}, ve,
			"Table has no stream to disable: TableName: prov"},
		{"sse disable", api.UpdateTableInput{TableName: "prov", SSESpecification: &api.SSESpecification{Enabled: boolp(false)}}, ve,
			"One or more parameter values were invalid: Table is already encrypted by default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.UpdateTable(context.Background(), &tc.in)
			checkErr(t, err, tc.code, tc.msg)
		})
	}
	d := mustDescribe(t, s, "prov")
	if d.ProvisionedThroughput.ReadCapacityUnits != 5 || d.DeletionProtectionEnabled || d.TableClassSummary != nil {
		t.Fatalf("a rejected update changed the table: %+v", d)
	}
}

func update(t *testing.T, s *Service, in *api.UpdateTableInput) *api.TableDescription {
	t.Helper()
	out, err := s.UpdateTable(context.Background(), in)
	if err != nil {
		t.Fatalf("UpdateTable: %v", err)
	}
	return out.TableDescription
}

func TestUpdateTableThroughput(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now})
	mustCreate(t, s, provisioned("prov"))
	clk.Advance(1000)

	got := update(t, s, &api.UpdateTableInput{TableName: "prov", ProvisionedThroughput: pt(10, 8)})
	p := got.ProvisionedThroughput
	if got.TableStatus != "UPDATING" || p.ReadCapacityUnits != 5 || p.WriteCapacityUnits != 5 || p.LastIncreaseDateTime == nil {
		t.Fatalf("increase answered %+v %+v (want UPDATING with the old capacity)", got, p)
	}
	d := mustDescribe(t, s, "prov")
	if d.TableStatus != "ACTIVE" || d.ProvisionedThroughput.ReadCapacityUnits != 10 || d.ProvisionedThroughput.WriteCapacityUnits != 8 ||
		*d.WarmThroughput != (api.TableWarmThroughputDescription{ReadUnitsPerSecond: 10, WriteUnitsPerSecond: 8, Status: "ACTIVE"}) {
		t.Fatalf("after increase %+v", d)
	}

	got = update(t, s, &api.UpdateTableInput{TableName: "prov", BillingMode: "PROVISIONED", ProvisionedThroughput: pt(1, 1)})
	if got.ProvisionedThroughput.NumberOfDecreasesToday != 0 || got.ProvisionedThroughput.LastDecreaseDateTime == nil {
		t.Fatalf("decrease answered %+v", got.ProvisionedThroughput)
	}
	d = mustDescribe(t, s, "prov")
	if d.ProvisionedThroughput.NumberOfDecreasesToday != 1 || d.ProvisionedThroughput.ReadCapacityUnits != 1 ||
		d.WarmThroughput.ReadUnitsPerSecond != 10 || d.BillingModeSummary != nil {
		t.Fatalf("after decrease %+v %+v", d, d.ProvisionedThroughput)
	}
}

func TestUpdateTableBillingSwitch(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now})
	mustCreate(t, s, provisioned("tb1"))
	clk.Advance(60e9)

	got := update(t, s, &api.UpdateTableInput{TableName: "tb1", BillingMode: "PAY_PER_REQUEST"})
	if got.TableStatus != "UPDATING" || *got.BillingModeSummary != (api.BillingModeSummary{BillingMode: "PAY_PER_REQUEST"}) ||
		got.ProvisionedThroughput.ReadCapacityUnits != 0 {
		t.Fatalf("switch answered %+v", got)
	}
	d := mustDescribe(t, s, "tb1")
	if d.BillingModeSummary.LastUpdateToPayPerRequestDateTime == nil || *d.BillingModeSummary.LastUpdateToPayPerRequestDateTime != 1791501017.982 ||
		d.WarmThroughput.ReadUnitsPerSecond != 12000 || d.WarmThroughput.WriteUnitsPerSecond != 4000 {
		t.Fatalf("after switch %+v %+v", d.BillingModeSummary, d.WarmThroughput)
	}

	// Re-sending the mode answers UPDATING and changes nothing.
	got = update(t, s, &api.UpdateTableInput{TableName: "tb1", BillingMode: "PAY_PER_REQUEST"})
	if got.TableStatus != "UPDATING" || mustDescribe(t, s, "tb1").TableStatus != "ACTIVE" {
		t.Fatalf("re-send answered %s", got.TableStatus)
	}

	update(t, s, &api.UpdateTableInput{TableName: "tb1", BillingMode: "PROVISIONED", ProvisionedThroughput: pt(2, 3)})
	d = mustDescribe(t, s, "tb1")
	if d.BillingModeSummary.BillingMode != "PROVISIONED" || *d.BillingModeSummary.LastUpdateToPayPerRequestDateTime != 1791501017.982 ||
		d.ProvisionedThroughput.ReadCapacityUnits != 2 || d.ProvisionedThroughput.WriteCapacityUnits != 3 ||
		d.WarmThroughput.ReadUnitsPerSecond != 12000 {
		t.Fatalf("after switching back %+v %+v %+v", d.BillingModeSummary, d.ProvisionedThroughput, d.WarmThroughput)
	}
}

func TestUpdateTableProtectionClassWarmStream(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, onDemand("tb1"))

	got := update(t, s, &api.UpdateTableInput{TableName: "tb1", DeletionProtectionEnabled: boolp(true)})
	if got.TableStatus != "ACTIVE" || !got.DeletionProtectionEnabled {
		t.Fatalf("protection answered %+v", got)
	}
	_, err := s.DeleteTable(context.Background(), &api.DeleteTableInput{TableName: "tb1"})
	checkErr(t, err, ve, "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")

	// STANDARD while no class was ever set changes nothing.
	got = update(t, s, &api.UpdateTableInput{TableName: "tb1", TableClass: "STANDARD"})
	if got.TableStatus != "UPDATING" || got.TableClassSummary != nil {
		t.Fatalf("no-op class answered %+v", got)
	}
	update(t, s, &api.UpdateTableInput{TableName: "tb1", TableClass: "STANDARD_INFREQUENT_ACCESS"})
	d := mustDescribe(t, s, "tb1")
	if d.TableClassSummary.TableClass != "STANDARD_INFREQUENT_ACCESS" || d.TableClassSummary.LastUpdateDateTime == nil {
		t.Fatalf("class %+v", d.TableClassSummary)
	}

	got = update(t, s, &api.UpdateTableInput{TableName: "tb1", WarmThroughput: &api.WarmThroughput{ReadUnitsPerSecond: i64(13000)}})
	if got.TableStatus != "ACTIVE" || *got.WarmThroughput != (api.TableWarmThroughputDescription{ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: "UPDATING"}) {
		t.Fatalf("warm answered %+v", got.WarmThroughput)
	}
	if w := mustDescribe(t, s, "tb1").WarmThroughput; w.ReadUnitsPerSecond != 13000 || w.WriteUnitsPerSecond != 4000 {
		t.Fatalf("warm %+v", w)
	}

	on := &api.StreamSpecification{StreamEnabled: boolp(true), StreamViewType: "NEW_AND_OLD_IMAGES"}
	update(t, s, &api.UpdateTableInput{TableName: "tb1", StreamSpecification: on})
	_, err = s.UpdateTable(context.Background(), &api.UpdateTableInput{TableName: "tb1", StreamSpecification: on})
	checkErr(t, err, ve, "Table already has an enabled stream: TableName: tb1")
	update(t, s, &api.UpdateTableInput{TableName: "tb1", StreamSpecification: &api.StreamSpecification{StreamEnabled: boolp(false)}})
	if d := mustDescribe(t, s, "tb1"); d.StreamSpecification != nil || d.LatestStreamArn == "" {
		t.Fatalf("disabled stream %+v", d)
	}

	update(t, s, &api.UpdateTableInput{TableName: "tb1", DeletionProtectionEnabled: boolp(false)})
	if _, err := s.DeleteTable(context.Background(), &api.DeleteTableInput{TableName: "tb1"}); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateTableOnDemandLimits(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, onDemand("tb1"))
	got := update(t, s, &api.UpdateTableInput{TableName: "tb1", OnDemandThroughput: &api.OnDemandThroughput{MaxReadRequestUnits: i64(100), MaxWriteRequestUnits: i64(50)}})
	if got.TableStatus != "ACTIVE" {
		t.Fatalf("answered %s", got.TableStatus)
	}
	update(t, s, &api.UpdateTableInput{TableName: "tb1", OnDemandThroughput: &api.OnDemandThroughput{MaxReadRequestUnits: i64(-1)}})
	tbl, _ := s.catalog.Lookup(defaultNS, "tb1")
	if tbl.OnDemandRead != 0 || tbl.OnDemandWrite != 50 {
		t.Fatalf("on-demand limits %d, %d", tbl.OnDemandRead, tbl.OnDemandWrite)
	}
}

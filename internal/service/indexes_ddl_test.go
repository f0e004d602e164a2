package service

import (
	"context"
	"fmt"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

func proj(typ string, nonKey ...string) *api.Projection {
	return &api.Projection{ProjectionType: typ, NonKeyAttributes: nonKey}
}

func gsi(name string, p *api.ProvisionedThroughput, ks ...string) api.GlobalSecondaryIndex {
	return api.GlobalSecondaryIndex{IndexName: name, KeySchema: keys(ks...), Projection: proj("ALL"), ProvisionedThroughput: p}
}

func lsi(name string, ks ...string) api.LocalSecondaryIndex {
	return api.LocalSecondaryIndex{IndexName: name, KeySchema: keys(ks...), Projection: proj("KEYS_ONLY")}
}

// indexed is a PAY_PER_REQUEST table (pk, sk) with one LSI on a and one
// GSI on g.
func indexed(name string) *api.CreateTableInput {
	in := onDemand(name)
	in.AttributeDefinitions = defs("pk", "S", "sk", "N", "a", "S", "g", "S")
	in.LocalSecondaryIndexes = []api.LocalSecondaryIndex{lsi("lsi1", "pk", "HASH", "a", "RANGE")}
	in.GlobalSecondaryIndexes = []api.GlobalSecondaryIndex{gsi("gsi1", nil, "g", "HASH")}
	return in
}

func TestCreateTableIndexValidation(t *testing.T) {
	s, _ := newTableService(t, Options{})
	const ip = "One or more parameter values were invalid: "
	tests := []struct {
		name string
		mod  func(in *api.CreateTableInput)
		msg  string
	}{
		{"bad index name", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].IndexName = "a!" },
			"2 validation errors detected: Value 'a!' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
				"Value 'a!' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"projection missing", func(in *api.CreateTableInput) { in.LocalSecondaryIndexes[0].Projection = nil },
			"1 validation error detected: Value null at 'localSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member must not be null"},
		{"empty GSI list", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes = []api.GlobalSecondaryIndex{} },
			ip + "List of GlobalSecondaryIndexes is empty"},
		{"undefined index key", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].KeySchema = keys("x", "HASH") },
			ip + "Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: [pk, sk, a, g]"},
		{"unused definition", func(in *api.CreateTableInput) {
			in.AttributeDefinitions = append(in.AttributeDefinitions, defs("z", "S")...)
		},
			ip + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, a, g, z], keys used: [pk, sk, a, g]"},
		{"LSI without table range key", func(in *api.CreateTableInput) {
			in.KeySchema = keys("pk", "HASH")
			in.AttributeDefinitions = defs("pk", "S", "a", "S", "g", "S")
		}, ip + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"},
		{"LSI other hash", func(in *api.CreateTableInput) {
			in.LocalSecondaryIndexes[0].KeySchema = keys("g", "HASH", "a", "RANGE")
		},
			ip + "Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi1. index hash key: g, table hash key: pk"},
		{"LSI no range", func(in *api.CreateTableInput) {
			in.LocalSecondaryIndexes[0].KeySchema = keys("pk", "HASH")
			in.GlobalSecondaryIndexes[0].KeySchema = keys("g", "HASH", "a", "RANGE")
		},
			ip + "Index KeySchema does not have a range key for index: lsi1"},
		{"GSI range first", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].KeySchema = keys("g", "RANGE") },
			"Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{"GSI hash after range", func(in *api.CreateTableInput) {
			in.GlobalSecondaryIndexes[0].KeySchema = keys("g", "HASH", "a", "RANGE", "sk", "HASH")
		}, ip + "All HASH key attributes must precede RANGE key attributes in the KeySchema"},
		{"GSI duplicate key", func(in *api.CreateTableInput) {
			in.GlobalSecondaryIndexes[0].KeySchema = keys("g", "HASH", "a", "HASH", "g", "RANGE")
		},
			"The KeySchema contains multiple key attributes with the same name"},
		{"projection type null", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].Projection = &api.Projection{} },
			ip + "Unknown ProjectionType: null"},
		{"non-key with ALL", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].Projection = proj("ALL", "x") },
			ip + "ProjectionType is ALL, but NonKeyAttributes is specified"},
		{"INCLUDE without non-key", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].Projection = proj("INCLUDE") },
			ip + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"},
		{"duplicate non-key", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].Projection = proj("INCLUDE", "x", "x") },
			ip + "Duplicate element in NonKeyAttributes: x"},
		{"GSI throughput on demand", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].ProvisionedThroughput = pt(1, 1) },
			ip + "ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is PAY_PER_REQUEST"},
		{"GSI throughput missing", func(in *api.CreateTableInput) { in.BillingMode, in.ProvisionedThroughput = "", pt(1, 1) },
			ip + "ProvisionedThroughput is not specified for index: gsi1"},
		{"duplicate name", func(in *api.CreateTableInput) { in.GlobalSecondaryIndexes[0].IndexName = "lsi1" },
			ip + "Duplicate index name: lsi1"},
		{"six LSIs", func(in *api.CreateTableInput) {
			for i := 2; i <= 6; i++ {
				in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, lsi(fmt.Sprintf("lsi%d", i), "pk", "HASH", "a", "RANGE"))
			}
		}, ip + "Number of LocalSecondaryIndexes exceeds per-table limit of 5"},
		{"21 GSIs", func(in *api.CreateTableInput) {
			for i := 2; i <= 21; i++ {
				in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gsi(fmt.Sprintf("gsi%d", i), nil, "g", "HASH"))
			}
		}, ip + "GlobalSecondaryIndex count exceeds the per-table limit of 20"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := indexed("tb1")
			tc.mod(in)
			_, err := s.CreateTable(context.Background(), in)
			checkErr(t, err, ve, tc.msg)
		})
	}
}

func TestCreateTableWithIndexesDescribe(t *testing.T) {
	s, _ := newTableService(t, Options{})
	in := indexed("tb1")
	in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, api.GlobalSecondaryIndex{
		IndexName: "gsi2", KeySchema: keys("g", "HASH", "a", "HASH", "sk", "RANGE"), Projection: proj("INCLUDE", "z", "b"),
	})
	created := mustCreate(t, s, in)
	if g := created.GlobalSecondaryIndexes; len(g) != 2 || g[0].IndexStatus != "CREATING" || g[0].WarmThroughput != nil {
		t.Fatalf("created GSIs = %+v", g)
	}
	d := mustDescribe(t, s, "tb1")
	if len(d.LocalSecondaryIndexes) != 1 || d.LocalSecondaryIndexes[0].IndexArn != "arn:aws:dynamodb:us-east-1:000000000000:table/tb1/index/lsi1" {
		t.Fatalf("LSIs = %+v", d.LocalSecondaryIndexes)
	}
	g := d.GlobalSecondaryIndexes[1]
	if g.IndexStatus != "ACTIVE" || g.Backfilling != nil || g.ProvisionedThroughput.ReadCapacityUnits != 0 ||
		g.WarmThroughput.ReadUnitsPerSecond != 12000 || g.WarmThroughput.Status != "ACTIVE" ||
		len(g.KeySchema) != 3 || g.Projection.NonKeyAttributes[0] != "b" {
		t.Fatalf("GSI = %+v", g)
	}
	tab, _ := s.catalog.Lookup(defaultNS, "tb1")
	if tab.Indexes[0].Ordinal != 0 || tab.Indexes[2].Ordinal != 2 || tab.NextIndexOrdinal != 3 {
		t.Fatalf("ordinals: %+v", tab.Indexes)
	}
}

func tryUpdate(s *Service, in *api.UpdateTableInput) (*api.TableDescription, error) {
	out, err := s.UpdateTable(context.Background(), in)
	if err != nil {
		return nil, err
	}
	return out.TableDescription, nil
}

func createGSI(name string, ks ...string) api.GlobalSecondaryIndexUpdate {
	g := gsi(name, nil, ks...)
	return api.GlobalSecondaryIndexUpdate{Create: &g}
}

func TestUpdateTableIndexRules(t *testing.T) {
	s, _ := newTableService(t, Options{})
	mustCreate(t, s, indexed("tb1"))
	const ip = "One or more parameter values were invalid: "
	del := func(n string) api.GlobalSecondaryIndexUpdate {
		return api.GlobalSecondaryIndexUpdate{Delete: &api.DeleteGlobalSecondaryIndex{IndexName: n}}
	}
	tests := []struct {
		name string
		in   api.UpdateTableInput
		code apierr.Code
		msg  string
	}{
		{"empty entry", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{{}}}, ve,
			ip + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null"},
		{"same index twice", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{del("gsi1"), del("gsi1")}}, ve,
			ip + "Only one global secondary index update per index is allowed simultaneously. Index: gsi1"},
		{"no definitions", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{createGSI("gsi2", "h", "HASH")}}, ve,
			ip + "AttributeDefinitions is not specified for index: gsi2"},
		{"two online", api.UpdateTableInput{AttributeDefinitions: defs("h", "S"),
			GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{createGSI("gsi2", "h", "HASH"), del("gsi1")}}, apierr.LimitExceeded, msgOneOnlineIndex},
		{"undefined key", api.UpdateTableInput{AttributeDefinitions: defs("h", "S"),
			GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{createGSI("gsi2", "x", "HASH")}}, ve,
			ip + "Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: [h]"},
		{"exists", api.UpdateTableInput{AttributeDefinitions: defs("h", "S"),
			GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{createGSI("gsi1", "h", "HASH")}}, ve,
			"Attempting to create an index which already exists"},
		{"unknown delete", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{del("nope")}}, apierr.ResourceNotFound,
			"Requested resource not found: Index nope for table tb1"},
		{"delete LSI", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{del("lsi1")}}, ve,
			"Cannot delete an index that is not a GlobalSecondaryIndex: lsi1"},
		{"update on demand", api.UpdateTableInput{GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{
			{Update: &api.UpdateGlobalSecondaryIndex{IndexName: "gsi1", ProvisionedThroughput: pt(1, 1)}}}}, ve,
			ip + "The only Updates for index: gsi1 when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"},
		{"with IOPS", api.UpdateTableInput{ProvisionedThroughput: pt(1, 1), GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{del("gsi1")}}, ve,
			ip + "You cannot create or delete index while updating table IOPS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TableName = "tb1"
			_, err := tryUpdate(s, &in)
			checkErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestUpdateTableIndexThroughput(t *testing.T) {
	clk := newTestClock()
	s, _ := newTableService(t, Options{Now: clk.Now, TransitionDelay: 1000 * 1000 * 1000})
	in := provisioned("tb1")
	in.AttributeDefinitions = defs("pk", "S", "g", "S")
	in.GlobalSecondaryIndexes = []api.GlobalSecondaryIndex{gsi("gsi1", pt(2, 2), "g", "HASH")}
	mustCreate(t, s, in)
	clk.Advance(2 * 1000 * 1000 * 1000)
	up := func(r, w int64) (*api.TableDescription, error) {
		return tryUpdate(s, &api.UpdateTableInput{TableName: "tb1", GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{
			{Update: &api.UpdateGlobalSecondaryIndex{IndexName: "gsi1", ProvisionedThroughput: pt(r, w)}}}})
	}
	_, err := up(2, 2)
	checkErr(t, err, ve, "The provisioned throughput for the index gsi1 will not change. The requested value equals the current value. "+
		"Current ReadCapacityUnits provisioned for index gsi1: 2. Requested ReadCapacityUnits: 2. Current WriteCapacityUnits provisioned for index gsi1: 2. "+
		"Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.")
	d, err := up(3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if g := d.GlobalSecondaryIndexes[0]; g.IndexStatus != "UPDATING" || g.ProvisionedThroughput.ReadCapacityUnits != 2 || d.TableStatus != "ACTIVE" {
		t.Fatalf("response %+v %+v", d.TableStatus, g)
	}
	_, err = up(4, 4)
	checkErr(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Index is being updated. Table: tb1 Index: gsi1")
	clk.Advance(2 * 1000 * 1000 * 1000)
	g := mustDescribe(t, s, "tb1").GlobalSecondaryIndexes[0]
	if g.IndexStatus != "ACTIVE" || g.ProvisionedThroughput.ReadCapacityUnits != 3 || g.ProvisionedThroughput.NumberOfDecreasesToday != 1 {
		t.Fatalf("described %+v", g.ProvisionedThroughput)
	}
}

func TestUpdateTableDeleteIndex(t *testing.T) {
	s, st := newTableService(t, Options{})
	mustCreate(t, s, indexed("tb1"))
	putItems(t, s, "tb1", 5)
	tab, _ := s.catalog.Lookup(defaultNS, "tb1")
	if n := countRange(t, st, tab.ID, 1); n != 5 {
		t.Fatalf("gsi1 has %d entries before delete", n)
	}
	d, err := tryUpdate(s, &api.UpdateTableInput{TableName: "tb1", GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{
		{Delete: &api.DeleteGlobalSecondaryIndex{IndexName: "gsi1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.TableStatus != "UPDATING" || d.GlobalSecondaryIndexes[0].IndexStatus != "DELETING" {
		t.Fatalf("response %s %+v", d.TableStatus, d.GlobalSecondaryIndexes)
	}
	s.catalog.WaitPurges()
	desc := mustDescribe(t, s, "tb1")
	if len(desc.GlobalSecondaryIndexes) != 0 || len(desc.AttributeDefinitions) != 3 {
		t.Fatalf("after delete: %+v %+v", desc.GlobalSecondaryIndexes, desc.AttributeDefinitions)
	}
	if n := countRange(t, st, tab.ID, 1); n != 0 {
		t.Fatalf("gsi1 has %d entries after delete", n)
	}
	if tab, _ := s.catalog.Lookup(defaultNS, "tb1"); tab.Index(catalog.ProjectAll) != nil || tab.NextIndexOrdinal != 2 {
		t.Fatalf("catalog after delete: %+v", tab.Indexes)
	}
}

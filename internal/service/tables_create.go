package service

import (
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// The warm throughput a new on-demand table starts with (Developer Guide,
// "Understanding DynamoDB warm throughput"); a provisioned table starts at
// its provisioned capacity.
const (
	onDemandWarmRead  = 12000
	onDemandWarmWrite = 4000
)

// validateCreateTable checks a CreateTable request in AWS's order: the
// required name, then every field constraint together, then the rules that
// relate fields, first failure wins. The table's existence is checked later.
func validateCreateTable(in *api.CreateTableInput) error {
	if err := tableNameRequired(in.TableName); err != nil {
		return err
	}
	var c constraints
	attributeDefinitionRules(&c, in.AttributeDefinitions)
	tableNameRules(&c, "tableName", in.TableName)
	c.enum(in.BillingMode, "billingMode", enumBillingMode...)
	throughputRules(&c, in.ProvisionedThroughput)
	keySchemaRules(&c, in.KeySchema)
	createIndexConstraints(&c, in)
	streamRules(&c, in.StreamSpecification)
	if err := tableConstraintsErr(&c); err != nil {
		return err
	}
	for _, check := range []func(*api.CreateTableInput) error{
		createCapacityRules, createKeyRules, createIndexRules, createStreamRules, createWarmRules, createClassRules, createTagRules,
	} {
		if err := check(in); err != nil {
			return err
		}
	}
	return nil
}

// createCapacityRules relates BillingMode to ProvisionedThroughput and
// OnDemandThroughput.
func createCapacityRules(in *api.CreateTableInput) error {
	if in.BillingMode == catalog.BillingPayPerRequest {
		if in.ProvisionedThroughput != nil {
			return tableInvalid(invalidParams + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
		return onDemandRange(in.OnDemandThroughput, false)
	}
	if in.ProvisionedThroughput == nil {
		return tableInvalid(invalidParams + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
	}
	if err := throughputBounds(in.ProvisionedThroughput); err != nil {
		return err
	}
	if odt := in.OnDemandThroughput; odt != nil && (odt.MaxReadRequestUnits != nil || odt.MaxWriteRequestUnits != nil) {
		return tableInvalidf(invalidParams+"%s for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.", onDemandMember(odt))
	}
	return nil
}

// onDemandMember names the first member of odt that is set.
func onDemandMember(odt *api.OnDemandThroughput) string {
	if odt.MaxReadRequestUnits != nil {
		return "MaxReadRequestUnits"
	}
	return "MaxWriteRequestUnits"
}

// onDemandRange checks OnDemandThroughput maximums: at least 1, or -1 (no
// maximum) where clearing is allowed (UpdateTable).
func onDemandRange(odt *api.OnDemandThroughput, allowClear bool) error {
	if odt == nil {
		return nil
	}
	for _, m := range []struct {
		v    *int64
		name string
	}{{odt.MaxReadRequestUnits, "MaxReadRequestUnits"}, {odt.MaxWriteRequestUnits, "MaxWriteRequestUnits"}} {
		if m.v != nil && *m.v < 1 && !(allowClear && *m.v == -1) {
			return tableInvalidf(invalidParams+"Requested %s for OnDemandThroughput for table is outside of valid range", m.name)
		}
	}
	return nil
}

// createKeyRules checks the key schema against the attribute definitions:
// AttributeDefinitions must define exactly the key attributes (of the
// table and, checked by createIndexRules, of its indexes).
func createKeyRules(in *api.CreateTableInput) error {
	defs, keys := in.AttributeDefinitions, in.KeySchema
	seen := make(map[string]bool, len(defs))
	defNames := make([]string, len(defs))
	for i, d := range defs {
		if seen[d.AttributeName] {
			return tableInvalidf("Attribute Name is duplicated: %s", d.AttributeName)
		}
		seen[d.AttributeName], defNames[i] = true, d.AttributeName
	}
	keyNames := make([]string, len(keys))
	missing := false
	for i, k := range keys {
		keyNames[i] = k.AttributeName
		missing = missing || !seen[k.AttributeName]
	}
	switch {
	case len(keys) > len(defs):
		return tableInvalid("Invalid KeySchema: Some index key attribute have no definition")
	case missing:
		return tableInvalidf(invalidParams+"Some index key attributes are not defined in AttributeDefinitions. Keys: %s, AttributeDefinitions: %s",
			listText(keyNames), listText(defNames))
	case len(keys) == 2 && keys[0].AttributeName == keys[1].AttributeName:
		return tableInvalid("Both the Hash Key and the Range Key element in the KeySchema have the same name")
	case keys[0].KeyType != "HASH":
		return tableInvalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	case len(keys) == 2 && keys[1].KeyType != "RANGE":
		return tableInvalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
	}
	if in.LocalSecondaryIndexes != nil || in.GlobalSecondaryIndexes != nil {
		return nil // createIndexRules checks the definitions against every key
	}
	return unusedDefinitions(defNames, keyNames, false)
}

// unusedDefinitions reports attribute definitions no key uses. AWS words it
// differently when the request declares secondary indexes (hasIndexes),
// which only then lists the names.
func unusedDefinitions(defNames, keysUsed []string, hasIndexes bool) error {
	if len(defNames) == len(keysUsed) {
		return nil
	}
	if hasIndexes {
		return tableInvalidf(invalidParams+"Some AttributeDefinitions are not used. AttributeDefinitions: %s, keys used: %s",
			listText(defNames), listText(keysUsed))
	}
	return tableInvalid(invalidParams + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
}

// createStreamRules relates StreamEnabled to StreamViewType.
func createStreamRules(in *api.CreateTableInput) error {
	s := in.StreamSpecification
	switch {
	case s == nil:
	case *s.StreamEnabled && s.StreamViewType == "":
		return tableInvalid(invalidParams + "Table is being created with a stream enabled, UpdateViewType is required")
	case !*s.StreamEnabled && s.StreamViewType != "":
		return tableInvalid(invalidParams + "Table is being created with a stream disabled, UpdateViewType should not be specified")
	}
	return nil
}

// createWarmRules checks that requested warm throughput is not below what
// the table starts with anyway.
func createWarmRules(in *api.CreateTableInput) error {
	w := in.WarmThroughput
	if w == nil {
		return nil
	}
	if in.BillingMode == catalog.BillingPayPerRequest {
		const tail = " for WarmThroughput for table is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial"
		if w.ReadUnitsPerSecond != nil && *w.ReadUnitsPerSecond < onDemandWarmRead {
			return tableInvalid(invalidParams + "Requested ReadUnitsPerSecond" + tail)
		}
		if w.WriteUnitsPerSecond != nil && *w.WriteUnitsPerSecond < onDemandWarmWrite {
			return tableInvalid(invalidParams + "Requested WriteUnitsPerSecond" + tail)
		}
		return nil
	}
	pt := in.ProvisionedThroughput
	if w.ReadUnitsPerSecond != nil && *w.ReadUnitsPerSecond < *pt.ReadCapacityUnits {
		return tableInvalid(invalidParams + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits of ProvisionedThroughput")
	}
	if w.WriteUnitsPerSecond != nil && *w.WriteUnitsPerSecond < *pt.WriteCapacityUnits {
		return tableInvalid(invalidParams + "Requested WriteUnitsPerSecond for WarmThroughput for table is lower than WriteCapacityUnits of ProvisionedThroughput")
	}
	return nil
}

func createClassRules(in *api.CreateTableInput) error { return tableClassRule(in.TableClass) }

// tableClassRule checks a TableClass parameter ("" when absent).
func tableClassRule(class string) error {
	if class != "" && class != catalog.ClassStandard && class != catalog.ClassInfrequentAccess {
		return tableInvalid("Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")
	}
	return nil
}

// createSpec builds the catalog description of a validated request.
func createSpec(ns catalog.Namespace, in *api.CreateTableInput, now time.Time) *catalog.Table {
	t := &catalog.Table{
		Namespace: ns, Name: in.TableName, Created: now, TableClass: in.TableClass,
		BillingMode:        catalog.BillingProvisioned,
		DeletionProtection: in.DeletionProtectionEnabled != nil && *in.DeletionProtectionEnabled,
		HashKey:            in.KeySchema[0].AttributeName,
	}
	types := map[string]attr.Kind{}
	for _, d := range in.AttributeDefinitions {
		k := attr.KindOf(d.AttributeType)
		types[d.AttributeName] = k
		t.Attributes = append(t.Attributes, catalog.AttributeDefinition{Name: d.AttributeName, Type: k})
	}
	t.HashType = types[t.HashKey]
	if len(in.KeySchema) == 2 {
		t.RangeKey = in.KeySchema[1].AttributeName
		t.RangeType = types[t.RangeKey]
	}
	if in.BillingMode == catalog.BillingPayPerRequest {
		t.BillingMode, t.LastPayPerRequest = catalog.BillingPayPerRequest, now
		t.WarmRead, t.WarmWrite = onDemandWarmRead, onDemandWarmWrite
		if odt := in.OnDemandThroughput; odt != nil {
			t.OnDemandRead, t.OnDemandWrite = orZero(odt.MaxReadRequestUnits), orZero(odt.MaxWriteRequestUnits)
		}
	} else {
		t.Provisioned.Read, t.Provisioned.Write = *in.ProvisionedThroughput.ReadCapacityUnits, *in.ProvisionedThroughput.WriteCapacityUnits
		t.WarmRead, t.WarmWrite = t.Provisioned.Read, t.Provisioned.Write
	}
	if w := in.WarmThroughput; w != nil {
		t.WarmRead, t.WarmWrite = max(t.WarmRead, orZero(w.ReadUnitsPerSecond)), max(t.WarmWrite, orZero(w.WriteUnitsPerSecond))
	}
	if s := in.StreamSpecification; s != nil && *s.StreamEnabled {
		t.Stream = catalog.Stream{Enabled: true, ViewType: s.StreamViewType, Label: streamLabel(now)}
	}
	for _, tag := range in.Tags {
		t.Tags = append(t.Tags, catalog.Tag{Key: tag.Key, Value: tag.Value})
	}
	keyAttr := func(name string) (catalog.KeyAttr, bool) {
		k, ok := types[name]
		return catalog.KeyAttr{Name: name, Type: k}, ok
	}
	for _, ix := range indexSpecs(in) {
		t.Indexes = append(t.Indexes, indexOfSpec(ix, keyAttr, t.BillingMode))
	}
	return t
}

func orZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// streamLabel is the label of a stream enabled at now, as AWS forms it.
func streamLabel(now time.Time) string { return now.UTC().Format("2006-01-02T15:04:05.000") }

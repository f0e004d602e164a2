package service

import (
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/catalog"
)

// epoch is a time as the API carries it: Unix seconds, milliseconds as the
// fraction.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

func epochPtr(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	e := epoch(t)
	return &e
}

// describe returns the whole TableDescription of t as DescribeTable reports
// it at now.
func (s *Service) describe(t *catalog.Table, now time.Time) *api.TableDescription {
	items, size := t.Stats()
	d := &api.TableDescription{
		AttributeDefinitions:      make([]api.AttributeDefinition, len(t.Attributes)),
		CreationDateTime:          epoch(t.Created),
		DeletionProtectionEnabled: t.DeletionProtection,
		ItemCount:                 items,
		KeySchema:                 []api.KeySchemaElement{{AttributeName: t.HashKey, KeyType: "HASH"}},
		ProvisionedThroughput:     throughputDescription(t, now),
		TableArn:                  tableArn(t.Namespace, t.Name),
		TableId:                   t.TableID,
		TableName:                 t.Name,
		TableSizeBytes:            size,
		TableStatus:               t.StatusAt(now),
		WarmThroughput:            &api.TableWarmThroughputDescription{ReadUnitsPerSecond: t.WarmRead, WriteUnitsPerSecond: t.WarmWrite, Status: catalog.StatusActive},
	}
	for i, a := range t.Attributes {
		d.AttributeDefinitions[i] = api.AttributeDefinition{AttributeName: a.Name, AttributeType: a.Type.String()}
	}
	if t.RangeKey != "" {
		d.KeySchema = append(d.KeySchema, api.KeySchemaElement{AttributeName: t.RangeKey, KeyType: "RANGE"})
	}
	// AWS omits BillingModeSummary on tables that were never on demand.
	if !t.LastPayPerRequest.IsZero() {
		d.BillingModeSummary = &api.BillingModeSummary{BillingMode: t.BillingMode, LastUpdateToPayPerRequestDateTime: epochPtr(t.LastPayPerRequest)}
	}
	// AWS omits TableClassSummary until a class is given explicitly.
	if t.TableClass != "" {
		d.TableClassSummary = &api.TableClassSummary{TableClass: t.TableClass, LastUpdateDateTime: epochPtr(t.ClassUpdated)}
	}
	if t.Stream.Enabled {
		enabled := true
		d.StreamSpecification = &api.StreamSpecification{StreamEnabled: &enabled, StreamViewType: t.Stream.ViewType}
	}
	if t.Stream.Label != "" {
		d.LatestStreamLabel = t.Stream.Label
		d.LatestStreamArn = tableArn(t.Namespace, t.Name) + "/stream/" + t.Stream.Label
	}
	s.describeIndexes(d, t, now)
	return d
}

// throughputDescription reports provisioned capacity; on-demand tables
// report 0/0 and keep their history.
func throughputDescription(t *catalog.Table, now time.Time) *api.ProvisionedThroughputDescription {
	p := t.Provisioned
	return &api.ProvisionedThroughputDescription{
		LastIncreaseDateTime:   epochPtr(p.LastIncrease),
		LastDecreaseDateTime:   epochPtr(p.LastDecrease),
		NumberOfDecreasesToday: p.DecreasesOn(now),
		ReadCapacityUnits:      p.Read,
		WriteCapacityUnits:     p.Write,
	}
}

// createdDescription is the TableDescription CreateTable answers: CREATING,
// without the fields DescribeTable adds later (WarmThroughput unless it was
// requested, the indexes' WarmThroughput, LastUpdateToPayPerRequestDateTime).
func (s *Service) createdDescription(t *catalog.Table, in *api.CreateTableInput, now time.Time) *api.TableDescription {
	d := s.describe(t, now)
	d.TableStatus = catalog.StatusCreating
	if d.BillingModeSummary != nil {
		d.BillingModeSummary.LastUpdateToPayPerRequestDateTime = nil
	}
	if in.WarmThroughput == nil {
		d.WarmThroughput = nil
	} else {
		d.WarmThroughput.Status = catalog.StatusUpdating
	}
	for i := range d.GlobalSecondaryIndexes {
		g := &d.GlobalSecondaryIndexes[i]
		g.IndexStatus, g.WarmThroughput = catalog.StatusCreating, nil // as AWS answers CreateTable
	}
	return d
}

// deletedDescription is the TableDescription DeleteTable answers: DELETING,
// without the key schema and attribute definitions.
func (s *Service) deletedDescription(t *catalog.Table, now time.Time) *api.TableDescription {
	d := s.describe(t, now)
	d.TableStatus = catalog.StatusDeleting
	d.KeySchema, d.AttributeDefinitions = nil, nil
	return d
}

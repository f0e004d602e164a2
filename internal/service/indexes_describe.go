package service

import (
	"slices"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/catalog"
)

// indexArn returns the ARN of the index named index of t.
func indexArn(t *catalog.Table, index string) string {
	return tableArn(t.Namespace, t.Name) + "/index/" + index
}

// describeIndexes fills d's LocalSecondaryIndexes and
// GlobalSecondaryIndexes from t at now, in the order created. DELETING
// indexes are listed until they are gone.
func (s *Service) describeIndexes(d *api.TableDescription, t *catalog.Table, now time.Time) {
	for _, ix := range t.Indexes {
		items, size := ix.Stats()
		arn := indexArn(t, ix.Name)
		keys := indexKeySchema(ix)
		proj := indexProjection(ix)
		if !ix.Global {
			d.LocalSecondaryIndexes = append(d.LocalSecondaryIndexes, api.LocalSecondaryIndexDescription{
				IndexArn: arn, IndexName: ix.Name, IndexSizeBytes: size, ItemCount: items, KeySchema: keys, Projection: proj,
			})
			continue
		}
		status := ix.StatusAt(now)
		g := api.GlobalSecondaryIndexDescription{
			IndexArn: arn, IndexName: ix.Name, IndexSizeBytes: size, IndexStatus: status, ItemCount: items,
			KeySchema: keys, Projection: proj,
			ProvisionedThroughput: &api.ProvisionedThroughputDescription{
				LastIncreaseDateTime:   epochPtr(ix.Provisioned.LastIncrease),
				LastDecreaseDateTime:   epochPtr(ix.Provisioned.LastDecrease),
				NumberOfDecreasesToday: ix.Provisioned.DecreasesOn(now),
				ReadCapacityUnits:      ix.Provisioned.Read,
				WriteCapacityUnits:     ix.Provisioned.Write,
			},
			WarmThroughput: &api.GlobalSecondaryIndexWarmThroughputDescription{
				ReadUnitsPerSecond: ix.WarmRead, WriteUnitsPerSecond: ix.WarmWrite, Status: catalog.StatusActive,
			},
		}
		if status == catalog.StatusCreating {
			g.WarmThroughput.Status = catalog.StatusCreating
		}
		// AWS reports Backfilling only for an index added by UpdateTable,
		// and only while it is CREATING.
		if ix.Backfilling && status == catalog.StatusCreating {
			g.Backfilling = boolPtr(true)
		}
		if ix.OnDemandRead != 0 || ix.OnDemandWrite != 0 {
			g.OnDemandThroughput = &api.OnDemandThroughput{MaxReadRequestUnits: onDemandValue(ix.OnDemandRead), MaxWriteRequestUnits: onDemandValue(ix.OnDemandWrite)}
		}
		d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, g)
	}
}

func boolPtr(b bool) *bool { return &b }

// onDemandValue reports an OnDemandThroughput maximum; -1 means none.
func onDemandValue(v int64) *int64 {
	if v == 0 {
		v = -1
	}
	return &v
}

// indexKeySchema is ix's KeySchema: HASH elements, then RANGE ones.
func indexKeySchema(ix *catalog.Index) []api.KeySchemaElement {
	keys := make([]api.KeySchemaElement, 0, len(ix.HashKeys)+len(ix.RangeKeys))
	for _, k := range ix.HashKeys {
		keys = append(keys, api.KeySchemaElement{AttributeName: k.Name, KeyType: "HASH"})
	}
	for _, k := range ix.RangeKeys {
		keys = append(keys, api.KeySchemaElement{AttributeName: k.Name, KeyType: "RANGE"})
	}
	return keys
}

// indexProjection is ix's Projection; AWS returns NonKeyAttributes sorted.
func indexProjection(ix *catalog.Index) *api.Projection {
	p := &api.Projection{ProjectionType: ix.Projection}
	if len(ix.NonKeyAttributes) > 0 {
		p.NonKeyAttributes = slices.Sorted(slices.Values(ix.NonKeyAttributes))
	}
	return p
}

package service

import (
	"fmt"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// UpdateTable's GlobalSecondaryIndexUpdates. A Create adds a CREATING
// index with Backfilling true and starts its backfill (backfill.go); the
// index is ACTIVE TransitionDelay after the backfill ends. An Update
// changes a GSI's capacity (UPDATING for TransitionDelay). A Delete makes
// the index DELETING; the catalog removes it and its entries. AWS admits
// one Create or Delete per call and per table at a time.

const msgOneOnlineIndex = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"

// indexUpdateConstraints records the field constraints of
// GlobalSecondaryIndexUpdates.
func indexUpdateConstraints(c *constraints, ups []api.GlobalSecondaryIndexUpdate) {
	for i, u := range ups {
		at := fmt.Sprintf("globalSecondaryIndexUpdates.%d.member.", i+1)
		if u.Create != nil {
			indexConstraints(c, at+"create", gsiSpec(u.Create))
		}
		if u.Update != nil {
			indexNameConstraint(c, at+"update.indexName", u.Update.IndexName)
			if u.Update.ProvisionedThroughput != nil {
				var sub constraints
				throughputRules(&sub, u.Update.ProvisionedThroughput)
				for _, m := range sub.msgs {
					c.msgs = append(c.msgs, replaceField(m, "'provisionedThroughput.", "'"+at+"update.provisionedThroughput."))
				}
			}
		}
		if u.Delete != nil {
			indexNameConstraint(c, at+"delete.indexName", u.Delete.IndexName)
		}
	}
}

func indexNameConstraint(c *constraints, field, name string) {
	if name == "" {
		c.add(nil, field, "Member must not be null")
	} else {
		c.resourceName(name, field)
	}
}

// indexUpdateRules checks GlobalSecondaryIndexUpdates without the table:
// one action per entry, one entry per index, and each Create's shape.
func indexUpdateRules(in *api.UpdateTableInput) error {
	ups := in.GlobalSecondaryIndexUpdates
	if ups != nil && len(ups) == 0 {
		return tableInvalid(invalidParams + "List of GlobalSecondaryIndexUpdates is empty")
	}
	names := map[string]bool{}
	for _, u := range ups {
		n := 0
		for _, set := range []bool{u.Create != nil, u.Update != nil, u.Delete != nil} {
			if set {
				n++
			}
		}
		switch {
		case n == 0:
			return tableInvalid(invalidParams + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null")
		case n > 1:
			return tableInvalid(invalidParams + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object")
		}
		name := updateIndexName(u)
		if names[name] {
			return tableInvalidf(invalidParams+"Only one global secondary index update per index is allowed simultaneously. Index: %s", name)
		}
		names[name] = true
		if c := u.Create; c != nil {
			if in.AttributeDefinitions == nil {
				return tableInvalidf(invalidParams+"AttributeDefinitions is not specified for index: %s", c.IndexName)
			}
			if err := indexShapeRules(gsiSpec(c), ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func updateIndexName(u api.GlobalSecondaryIndexUpdate) string {
	switch {
	case u.Create != nil:
		return u.Create.IndexName
	case u.Update != nil:
		return u.Update.IndexName
	}
	return u.Delete.IndexName
}

// onlineChanges counts the Creates and Deletes of a request.
func onlineChanges(ups []api.GlobalSecondaryIndexUpdate) int {
	n := 0
	for _, u := range ups {
		if u.Create != nil || u.Delete != nil {
			n++
		}
	}
	return n
}

// indexKeysDefinedOrKnown checks that every key attribute of ix is in
// defs or (when t is not nil) already defined by the table t.
func indexKeysDefinedOrKnown(ix indexSpec, defs []api.AttributeDefinition, t *catalog.Table) error {
	all := append([]api.AttributeDefinition(nil), defs...)
	if t != nil {
		for _, a := range t.Attributes {
			all = append(all, api.AttributeDefinition{AttributeName: a.Name, AttributeType: a.Type.String()})
		}
	}
	if err := indexKeysDefined([]indexSpec{ix}, all); err != nil {
		// AWS lists the definitions the request gave.
		return indexKeysDefined([]indexSpec{ix}, defs)
	}
	return nil
}

// applyIndexUpdates applies the GlobalSecondaryIndexUpdates to t (a
// private copy) in order. mode is the table's billing mode after this
// request. It reports whether the table goes UPDATING (a Create or
// Delete).
func (u *tableUpdate) applyIndexUpdates(t *catalog.Table, in *api.UpdateTableInput, mode string, now time.Time) (bool, error) {
	ups := in.GlobalSecondaryIndexUpdates
	online := onlineChanges(ups)
	if online > 1 {
		return false, limitExceeded(msgOneOnlineIndex)
	}
	if online == 1 {
		for _, ix := range t.Indexes {
			if st := ix.StatusAt(now); ix.Global && (st == catalog.StatusCreating || st == catalog.StatusDeleting) {
				return false, limitExceeded(msgOneOnlineIndex)
			}
		}
	}
	for _, up := range ups {
		var err error
		switch {
		case up.Create != nil:
			err = u.createIndex(t, in, gsiSpec(up.Create), mode)
		case up.Update != nil:
			err = u.updateIndex(t, up.Update, mode, now)
		default:
			err = u.deleteIndex(t, up.Delete.IndexName, now)
		}
		if err != nil {
			return false, err
		}
	}
	return online > 0, nil
}

func indexNotFound(t *catalog.Table, name string) error {
	return apierr.Newf(apierr.ResourceNotFound, "Requested resource not found: Index %s for table %s", name, t.Name)
}

func indexInUse(t *catalog.Table, ix *catalog.Index, what string) error {
	return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Index is being %s. Table: %s Index: %s", what, t.Name, ix.Name)
}

// createIndex adds the GSI spec to t, CREATING and backfilling.
func (u *tableUpdate) createIndex(t *catalog.Table, in *api.UpdateTableInput, spec indexSpec, mode string) error {
	if t.Index(spec.name) != nil {
		return tableInvalid("Attempting to create an index which already exists")
	}
	if err := indexKeysDefinedOrKnown(spec, in.AttributeDefinitions, t); err != nil {
		return err
	}
	if mode == catalog.BillingPayPerRequest {
		if spec.pt != nil {
			return tableInvalidf(invalidParams+"Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: %s when BillingMode is PAY_PER_REQUEST", spec.name)
		}
		if err := indexOnDemandRange(spec); err != nil {
			return err
		}
	} else {
		if spec.pt == nil {
			return tableInvalidf(invalidParams+"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: %s", spec.name)
		}
		if err := throughputBounds(spec.pt); err != nil {
			return err
		}
		if err := indexOnDemandOnProvisioned(spec); err != nil {
			return err
		}
	}
	globals := 0
	for _, ix := range t.Indexes {
		if ix.Global {
			globals++
		}
	}
	if globals >= maxGlobalIndexes {
		return limitExceeded(fmt.Sprintf("Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of %d", maxGlobalIndexes))
	}
	if projectedTotal([]indexSpec{spec}, t.Indexes) > maxProjectedTotal {
		return projectedTotalErr()
	}
	types := func(name string) (catalog.KeyAttr, bool) {
		for _, a := range t.Attributes { // the table's type wins: its items are typed so
			if a.Name == name {
				return catalog.KeyAttr{Name: name, Type: a.Type}, true
			}
		}
		for _, d := range in.AttributeDefinitions {
			if d.AttributeName == name {
				return catalog.KeyAttr{Name: name, Type: attr.KindOf(d.AttributeType)}, true
			}
		}
		return catalog.KeyAttr{Name: name}, false
	}
	ix := indexOfSpec(spec, types, mode)
	ix.Status, ix.Backfilling = catalog.StatusCreating, true
	for _, k := range append(append([]catalog.KeyAttr(nil), ix.HashKeys...), ix.RangeKeys...) {
		if !hasAttribute(t, k.Name) {
			t.Attributes = append(t.Attributes, catalog.AttributeDefinition(k))
		}
	}
	t.Indexes = append(t.Indexes, ix)
	u.created = spec.name
	return nil
}

func hasAttribute(t *catalog.Table, name string) bool {
	for _, a := range t.Attributes {
		if a.Name == name {
			return true
		}
	}
	return false
}

// updateIndex changes a GSI's capacity; the index is UPDATING for the
// transition delay.
func (u *tableUpdate) updateIndex(t *catalog.Table, up *api.UpdateGlobalSecondaryIndex, mode string, now time.Time) error {
	ix := t.Index(up.IndexName)
	switch {
	case ix == nil:
		return indexNotFound(t, up.IndexName)
	case !ix.Global:
		return tableInvalidf("Cannot update an index that is not a GlobalSecondaryIndex: %s", ix.Name)
	}
	switch ix.StatusAt(now) {
	case catalog.StatusDeleting:
		return indexInUse(t, ix, "deleted")
	case catalog.StatusUpdating:
		return indexInUse(t, ix, "updated")
	case catalog.StatusCreating:
		return indexInUse(t, ix, "created")
	}
	spec := indexSpec{name: ix.Name, pt: up.ProvisionedThroughput, odt: up.OnDemandThroughput, warm: up.WarmThroughput}
	if mode == catalog.BillingPayPerRequest {
		if up.ProvisionedThroughput != nil || (up.OnDemandThroughput == nil && up.WarmThroughput == nil) {
			return tableInvalidf(invalidParams+"The only Updates for index: %s when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput", ix.Name)
		}
		if odt := up.OnDemandThroughput; odt != nil {
			set := func(dst *int64, v *int64) {
				if v != nil {
					*dst = max(*v, 0)
				}
			}
			set(&ix.OnDemandRead, odt.MaxReadRequestUnits)
			set(&ix.OnDemandWrite, odt.MaxWriteRequestUnits)
		}
	} else {
		if err := indexOnDemandOnProvisioned(spec); err != nil {
			return err
		}
		pt := up.ProvisionedThroughput
		if pt == nil {
			if up.WarmThroughput == nil {
				return tableInvalidf(invalidParams+"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: %s", ix.Name)
			}
		} else {
			if *pt.ReadCapacityUnits > maxCapacityUnits || *pt.WriteCapacityUnits > maxCapacityUnits {
				return tableInvalid("This operation cannot be performed with given input values. Please contact DynamoDB service team for more info: Action Blocked: IndexUpdate")
			}
			r, w := *pt.ReadCapacityUnits, *pt.WriteCapacityUnits
			if p := ix.Provisioned; p.Read == r && p.Write == w {
				return tableInvalidf("The provisioned throughput for the index %s will not change. The requested value equals the current value. "+
					"Current ReadCapacityUnits provisioned for index %s: %d. Requested ReadCapacityUnits: %d. "+
					"Current WriteCapacityUnits provisioned for index %s: %d. Requested WriteCapacityUnits: %d. "+
					"Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
					ix.Name, ix.Name, p.Read, r, ix.Name, p.Write, w)
			}
			ix.Provisioned.Set(r, w, now)
			ix.WarmRead, ix.WarmWrite = max(ix.WarmRead, r), max(ix.WarmWrite, w)
			u.indexThroughput = append(u.indexThroughput, ix.Name)
		}
	}
	if w := up.WarmThroughput; w != nil {
		const tail = " for WarmThroughput for index %s is lower than current WarmThroughput, decreasing WarmThroughput is not supported"
		if w.ReadUnitsPerSecond != nil && *w.ReadUnitsPerSecond < ix.WarmRead {
			return tableInvalidf(invalidParams+"Requested ReadUnitsPerSecond"+tail, ix.Name)
		}
		if w.WriteUnitsPerSecond != nil && *w.WriteUnitsPerSecond < ix.WarmWrite {
			return tableInvalidf(invalidParams+"Requested WriteUnitsPerSecond"+tail, ix.Name)
		}
		ix.WarmRead, ix.WarmWrite = max(ix.WarmRead, orZero(w.ReadUnitsPerSecond)), max(ix.WarmWrite, orZero(w.WriteUnitsPerSecond))
	}
	ix.Status, ix.StatusUntil = catalog.StatusUpdating, now.Add(u.delay)
	return nil
}

// deleteIndex marks a GSI DELETING and drops the attribute definitions no
// other key uses (AWS prunes them once the index is gone; we at once).
func (u *tableUpdate) deleteIndex(t *catalog.Table, name string, now time.Time) error {
	ix := t.Index(name)
	switch {
	case ix == nil:
		return indexNotFound(t, name)
	case !ix.Global:
		return tableInvalidf("Cannot delete an index that is not a GlobalSecondaryIndex: %s", ix.Name)
	case ix.StatusAt(now) == catalog.StatusCreating && !ix.Backfilling:
		return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Index creation is in resource allocation phase. "+
			"Retry deletion during backfilling phase or when the index is active. Table: %s Index: %s", t.Name, ix.Name)
	}
	ix.Status, ix.StatusUntil, ix.Backfilling = catalog.StatusDeleting, now.Add(u.delay), false
	used := map[string]bool{t.HashKey: true, t.RangeKey: true}
	for _, o := range t.Indexes {
		if o.Status == catalog.StatusDeleting {
			continue
		}
		for _, k := range append(append([]catalog.KeyAttr(nil), o.HashKeys...), o.RangeKeys...) {
			used[k.Name] = true
		}
	}
	kept := t.Attributes[:0]
	for _, a := range t.Attributes {
		if used[a.Name] {
			kept = append(kept, a)
		}
	}
	t.Attributes = kept
	return nil
}

// indexBilling follows a billing mode switch on the GSIs: to
// PAY_PER_REQUEST their capacity becomes 0/0 and their warm throughput at
// least the on-demand start; to PROVISIONED every GSI must be given a
// capacity in the same request.
func indexBilling(t *catalog.Table, in *api.UpdateTableInput, from string) error {
	if t.BillingMode == from {
		return nil
	}
	for _, ix := range t.Indexes {
		if !ix.Global || ix.Status == catalog.StatusDeleting {
			continue
		}
		if t.BillingMode == catalog.BillingPayPerRequest {
			ix.Provisioned.Read, ix.Provisioned.Write = 0, 0
			ix.WarmRead, ix.WarmWrite = max(ix.WarmRead, onDemandWarmRead), max(ix.WarmWrite, onDemandWarmWrite)
			continue
		}
		ix.OnDemandRead, ix.OnDemandWrite = 0, 0
		var pt *api.ProvisionedThroughput
		for _, up := range in.GlobalSecondaryIndexUpdates {
			if up.Update != nil && up.Update.IndexName == ix.Name {
				pt = up.Update.ProvisionedThroughput
			}
		}
		if pt == nil {
			return tableInvalidf(invalidParams+"ProvisionedThroughput must be specified for index: %s", ix.Name)
		}
		ix.Provisioned.Read, ix.Provisioned.Write = *pt.ReadCapacityUnits, *pt.WriteCapacityUnits
		ix.WarmRead, ix.WarmWrite = max(ix.WarmRead, ix.Provisioned.Read), max(ix.WarmWrite, ix.Provisioned.Write)
	}
	return nil
}

// indexUpdateDescription adjusts the UpdateTable response for index
// changes: a new index shows Backfilling false (AWS's resource allocation
// phase), an index whose capacity changed its old capacity.
func indexUpdateDescription(d *api.TableDescription, before *catalog.Table, u *tableUpdate, now time.Time) {
	for i := range d.GlobalSecondaryIndexes {
		g := &d.GlobalSecondaryIndexes[i]
		if g.IndexName == u.created {
			g.Backfilling, g.IndexStatus = boolPtr(false), catalog.StatusCreating
		}
		for _, name := range u.indexThroughput {
			if old := before.Index(name); name == g.IndexName && old != nil {
				g.ProvisionedThroughput.ReadCapacityUnits = old.Provisioned.Read
				g.ProvisionedThroughput.WriteCapacityUnits = old.Provisioned.Write
				g.ProvisionedThroughput.NumberOfDecreasesToday = old.Provisioned.DecreasesOn(now)
			}
		}
	}
}

package service

import (
	"context"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// UpdateTable changes one aspect of a table: billing mode and provisioned
// or on-demand throughput, deletion protection, table class, warm
// throughput, or the stream. AWS takes one logical change per call (billing
// mode may come with throughput, on-demand limits or a stream change).
// Throughput, billing, class and stream changes answer UPDATING and last
// Options.TransitionDelay; the others take effect at once.
func (s *Service) UpdateTable(ctx context.Context, in *api.UpdateTableInput) (*api.UpdateTableOutput, error) {
	name, err := s.resolveTableName(ctx, "UpdateTable", in.TableName)
	if err != nil {
		return nil, err
	}
	if err := validateUpdateTable(name, in); err != nil {
		return nil, err
	}
	now := s.opts.Now()
	u := tableUpdate{delay: s.opts.TransitionDelay}
	before, after, err := s.catalog.Update(ctx, s.namespace(ctx), name, func(next *catalog.Table) (bool, error) {
		return u.apply(next, in, now)
	})
	if err != nil {
		return nil, err
	}
	if ix := after.Index(u.created); ix != nil {
		s.startBackfill(newBackfillJob(after, ix))
	}
	d := s.updatedDescription(before, after, &u, now)
	indexUpdateDescription(d, before, &u, now)
	return &api.UpdateTableOutput{TableDescription: d}, nil
}

const msgNothingToUpdate = "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, " +
	"SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, " +
	"DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"

// validateUpdateTable checks what an UpdateTable request can be checked for
// without the table, in AWS's order.
func validateUpdateTable(name string, in *api.UpdateTableInput) error {
	if err := tableNameRequired(name); err != nil {
		return err
	}
	var c constraints
	tableNameRules(&c, "tableName", name)
	c.enum(in.BillingMode, "billingMode", enumBillingMode...)
	throughputRules(&c, in.ProvisionedThroughput)
	indexUpdateConstraints(&c, in.GlobalSecondaryIndexUpdates)
	streamRules(&c, in.StreamSpecification)
	if err := tableConstraintsErr(&c); err != nil {
		return err
	}
	if updateCount(in) == 0 {
		return tableInvalid(msgNothingToUpdate) // AttributeDefinitions alone change nothing
	}
	if err := indexUpdateRules(in); err != nil {
		return err
	}
	if err := throughputBounds(in.ProvisionedThroughput); err != nil {
		return err
	}
	if err := exclusiveUpdates(in); err != nil {
		return err
	}
	if s := in.StreamSpecification; s != nil {
		if *s.StreamEnabled && s.StreamViewType == "" {
			return tableInvalid(invalidParams + "If stream is being enabled then UpdateViewType is required")
		}
		if !*s.StreamEnabled && s.StreamViewType != "" {
			return tableInvalid(invalidParams + "If stream is being disabled, then UpdateViewType must not be specified")
		}
	}
	if err := onDemandRange(in.OnDemandThroughput, true); err != nil {
		return err
	}
	return tableClassRule(in.TableClass)
}

// updateCount is how many changes the request asks for.
func updateCount(in *api.UpdateTableInput) int {
	n := 0
	for _, set := range []bool{
		in.ProvisionedThroughput != nil, in.BillingMode != "", in.StreamSpecification != nil,
		in.SSESpecification != nil, in.DeletionProtectionEnabled != nil, in.OnDemandThroughput != nil,
		in.WarmThroughput != nil, in.TableClass != "", len(in.GlobalSecondaryIndexUpdates) > 0,
	} {
		if set {
			n++
		}
	}
	return n
}

// exclusiveUpdates enforces AWS's one-change-per-call rules. When several
// exclusive members are present the message names the first of SSE,
// TableClass, DeletionProtection, WarmThroughput.
func exclusiveUpdates(in *api.UpdateTableInput) error {
	alone := updateCount(in) == 1
	switch {
	case in.SSESpecification != nil && !alone:
		return tableInvalid(invalidParams + "Server-Side Encryption modification must be the only operation in the request")
	case in.TableClass != "" && !alone:
		return tableInvalid(invalidParams + "TableClass modification must be the only operation in the request")
	case in.DeletionProtectionEnabled != nil && !alone:
		return tableInvalid(invalidParams + "DeletionProtection modification must be the only operation in the request")
	case in.WarmThroughput != nil && hasIndexCreate(in):
		return tableInvalid(invalidParams + "Create global secondary index cannot be specified when updating WarmThroughput")
	case in.WarmThroughput != nil && !alone:
		return tableInvalid(invalidParams + "WarmThroughput must be the only operation in the request")
	case in.OnDemandThroughput != nil && updateCount(in) > 1 && (in.BillingMode == "" || updateCount(in) > 2):
		return tableInvalid(invalidParams + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request")
	case in.StreamSpecification != nil && (in.ProvisionedThroughput != nil || in.BillingMode == catalog.BillingProvisioned):
		return tableInvalid(invalidParams + "You cannot modify stream status while updating table IOPS")
	case onlineChanges(in.GlobalSecondaryIndexUpdates) > 0 && in.ProvisionedThroughput != nil:
		return tableInvalid(invalidParams + "You cannot create or delete index while updating table IOPS")
	case onlineChanges(in.GlobalSecondaryIndexUpdates) > 0 && in.StreamSpecification != nil:
		return tableInvalid(invalidParams + "You cannot create or delete index while changing stream status")
	}
	return nil
}

func hasIndexCreate(in *api.UpdateTableInput) bool {
	for _, u := range in.GlobalSecondaryIndexUpdates {
		if u.Create != nil {
			return true
		}
	}
	return false
}

// tableUpdate applies an UpdateTable request to a table and remembers what
// the response must show.
type tableUpdate struct {
	delay      time.Duration // Options.TransitionDelay
	status     string        // the TableStatus the response reports
	throughput bool          // provisioned capacity changed: the response shows the old values
	warm       bool          // warm throughput raised: the response shows the old values, UPDATING
	billing    bool          // billing mode switched

	created         string   // the index a GlobalSecondaryIndexUpdates Create added
	indexThroughput []string // indexes whose capacity changed: the response shows the old values
}

// apply checks the request against the table t (a private copy) and changes
// t. It reports whether the change puts the table in UPDATING.
func (u *tableUpdate) apply(t *catalog.Table, in *api.UpdateTableInput, now time.Time) (transition bool, err error) {
	if err := updatable(t, in, now); err != nil {
		return false, err
	}
	u.status = t.StatusAt(now)
	switch {
	case in.DeletionProtectionEnabled != nil:
		t.DeletionProtection = *in.DeletionProtectionEnabled
	case in.SSESpecification != nil:
		if e := in.SSESpecification.Enabled; e == nil || !*e {
			return false, tableInvalid(invalidParams + "Table is already encrypted by default")
		}
	case in.TableClass != "":
		transition = u.setClass(t, in.TableClass, now)
	case in.WarmThroughput != nil:
		return false, u.raiseWarm(t, in.WarmThroughput)
	default:
		from := t.BillingMode
		transition, err = u.setCapacity(t, in, now)
		if err == nil && in.StreamSpecification != nil {
			err = setStream(t, in.StreamSpecification, now)
			transition = true
		}
		if err == nil && len(in.GlobalSecondaryIndexUpdates) > 0 {
			var online bool
			online, err = u.applyIndexUpdates(t, in, t.BillingMode, now)
			transition = transition || online
		}
		if err == nil {
			err = indexBilling(t, in, from)
		}
	}
	if transition {
		u.status = catalog.StatusUpdating
	}
	return transition, err
}

// updatable refuses changes to a table in transition. While UPDATING only
// deletion protection may change.
func updatable(t *catalog.Table, in *api.UpdateTableInput, now time.Time) error {
	switch t.StatusAt(now) {
	case catalog.StatusCreating:
		return beingCreated(t.Name)
	case catalog.StatusDeleting:
		return beingDeleted(t.Name)
	case catalog.StatusUpdating:
		switch {
		case in.DeletionProtectionEnabled != nil:
			return nil
		case onlyIndexUpdates(in):
			return nil // applyIndexUpdates checks the indexes' states
		case in.ProvisionedThroughput != nil || in.BillingMode != "" || in.OnDemandThroughput != nil:
			return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table IOPS are currently being updated. Table: %s", t.Name)
		}
		return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table: %s is in the process of being updated.", t.Name)
	}
	return nil
}

// onlyIndexUpdates reports whether GlobalSecondaryIndexUpdates is the
// request's only change.
func onlyIndexUpdates(in *api.UpdateTableInput) bool {
	return len(in.GlobalSecondaryIndexUpdates) > 0 && updateCount(in) == 1
}

// setClass changes the table class. Re-sending the current class (STANDARD
// when none was ever set) changes nothing but still answers UPDATING.
func (u *tableUpdate) setClass(t *catalog.Table, class string, now time.Time) bool {
	u.status = catalog.StatusUpdating
	cur := t.TableClass
	if cur == "" {
		cur = catalog.ClassStandard
	}
	if class == cur {
		return false
	}
	t.TableClass, t.ClassUpdated = class, now
	return true
}

// raiseWarm raises the warm throughput; it never decreases.
func (u *tableUpdate) raiseWarm(t *catalog.Table, w *api.WarmThroughput) error {
	const tail = " for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported"
	if w.ReadUnitsPerSecond != nil && *w.ReadUnitsPerSecond < t.WarmRead {
		return tableInvalid(invalidParams + "Requested ReadUnitsPerSecond" + tail)
	}
	if w.WriteUnitsPerSecond != nil && *w.WriteUnitsPerSecond < t.WarmWrite {
		return tableInvalid(invalidParams + "Requested WriteUnitsPerSecond" + tail)
	}
	t.WarmRead, t.WarmWrite = max(t.WarmRead, orZero(w.ReadUnitsPerSecond)), max(t.WarmWrite, orZero(w.WriteUnitsPerSecond))
	u.warm = true
	return nil
}

// setStream enables or disables the table's stream.
func setStream(t *catalog.Table, s *api.StreamSpecification, now time.Time) error {
	if *s.StreamEnabled {
		if t.Stream.Enabled {
			return tableInvalidf("Table already has an enabled stream: TableName: %s", t.Name)
		}
		t.Stream = catalog.Stream{Enabled: true, ViewType: s.StreamViewType, Label: streamLabel(now)}
		return nil
	}
	if !t.Stream.Enabled {
		return tableInvalidf("Table has no stream to disable: TableName: %s", t.Name)
	}
	t.Stream.Enabled, t.Stream.ViewType = false, ""
	return nil
}

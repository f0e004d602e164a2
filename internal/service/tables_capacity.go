package service

import (
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/catalog"
)

// setCapacity applies BillingMode, ProvisionedThroughput and
// OnDemandThroughput to t and reports whether the table goes UPDATING.
func (u *tableUpdate) setCapacity(t *catalog.Table, in *api.UpdateTableInput, now time.Time) (bool, error) {
	if in.BillingMode == "" && in.ProvisionedThroughput == nil && in.OnDemandThroughput == nil {
		return false, nil
	}
	mode, pt := t.BillingMode, in.ProvisionedThroughput
	if in.BillingMode != "" {
		mode = in.BillingMode
	}
	switch {
	case pt != nil && mode == catalog.BillingPayPerRequest:
		return false, tableInvalid(invalidParams + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
	case pt == nil && in.BillingMode == catalog.BillingProvisioned:
		return false, tableInvalid(invalidParams + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
	case in.OnDemandThroughput != nil && mode == catalog.BillingProvisioned:
		return false, tableInvalidf(invalidParams+"%s for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED", onDemandMember(in.OnDemandThroughput))
	}
	switch {
	case mode == catalog.BillingPayPerRequest && t.BillingMode == catalog.BillingPayPerRequest:
		setOnDemand(t, in.OnDemandThroughput)
		if in.BillingMode != "" {
			u.status = catalog.StatusUpdating // a re-sent mode answers UPDATING, changes nothing
		}
		return false, nil
	case mode == catalog.BillingPayPerRequest:
		t.BillingMode, t.LastPayPerRequest = catalog.BillingPayPerRequest, now
		t.Provisioned.Read, t.Provisioned.Write = 0, 0
		t.WarmRead, t.WarmWrite = max(t.WarmRead, onDemandWarmRead), max(t.WarmWrite, onDemandWarmWrite)
		setOnDemand(t, in.OnDemandThroughput)
		u.billing = true
		return true, nil
	}
	return u.setProvisioned(t, *pt.ReadCapacityUnits, *pt.WriteCapacityUnits, now)
}

// setProvisioned sets the provisioned capacity of t, switching it from on
// demand if need be.
func (u *tableUpdate) setProvisioned(t *catalog.Table, r, w int64, now time.Time) (bool, error) {
	if t.BillingMode == catalog.BillingPayPerRequest {
		t.BillingMode = catalog.BillingProvisioned
		t.Provisioned.Read, t.Provisioned.Write = r, w // applied verbatim, as AWS does
		t.OnDemandRead, t.OnDemandWrite = 0, 0
		u.billing = true
	} else {
		if p := t.Provisioned; p.Read == r && p.Write == w {
			return false, tableInvalidf("The provisioned throughput for the table will not change. The requested value equals the current value. "+
				"Current ReadCapacityUnits provisioned for the table: %d. Requested ReadCapacityUnits: %d. "+
				"Current WriteCapacityUnits provisioned for the table: %d. Requested WriteCapacityUnits: %d. "+
				"Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.", p.Read, r, p.Write, w)
		}
		t.Provisioned.Set(r, w, now)
		u.throughput = true
	}
	t.WarmRead, t.WarmWrite = max(t.WarmRead, r), max(t.WarmWrite, w)
	return true, nil
}

// setOnDemand merges OnDemandThroughput maximums into t; -1 clears one.
func setOnDemand(t *catalog.Table, odt *api.OnDemandThroughput) {
	if odt == nil {
		return
	}
	set := func(dst *int64, v *int64) {
		if v != nil {
			*dst = max(*v, 0)
		}
	}
	set(&t.OnDemandRead, odt.MaxReadRequestUnits)
	set(&t.OnDemandWrite, odt.MaxWriteRequestUnits)
}

// updatedDescription is the TableDescription UpdateTable answers. Like AWS
// it shows the status the change started, the old capacity and warm
// throughput while a change of them is in progress, and a billing summary
// without its time after a switch.
func (s *Service) updatedDescription(before, after *catalog.Table, u *tableUpdate, now time.Time) *api.TableDescription {
	d := s.describe(after, now)
	d.TableStatus = u.status
	if u.throughput {
		d.ProvisionedThroughput.ReadCapacityUnits = before.Provisioned.Read
		d.ProvisionedThroughput.WriteCapacityUnits = before.Provisioned.Write
		d.ProvisionedThroughput.NumberOfDecreasesToday = before.Provisioned.DecreasesOn(now)
	}
	if u.warm {
		d.WarmThroughput = &api.TableWarmThroughputDescription{
			ReadUnitsPerSecond: before.WarmRead, WriteUnitsPerSecond: before.WarmWrite, Status: catalog.StatusUpdating,
		}
	}
	if u.billing && d.BillingModeSummary != nil {
		d.BillingModeSummary.LastUpdateToPayPerRequestDateTime = nil
	}
	return d
}

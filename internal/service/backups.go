package service

import (
	"context"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Point-in-time recovery: the recovery period is 1–35 days, 35 unless
// given; the latest restorable time trails now by five minutes, as AWS
// reports it. Basalt keeps no history: these operations record and report
// the setting (RestoreTableToPointInTime is not implemented).
const (
	defaultRecoveryDays = 35
	maxRecoveryDays     = 35
	restoreLag          = 5 * time.Minute
)

// UpdateContinuousBackups turns point-in-time recovery on or off and
// returns the resulting description. Disabling forgets the period, so a
// later enable without one gets 35 days again.
func (s *Service) UpdateContinuousBackups(ctx context.Context, in *api.UpdateContinuousBackupsInput) (*api.UpdateContinuousBackupsOutput, error) {
	name, err := s.resolveTableName(ctx, "UpdateContinuousBackups", in.TableName)
	if err != nil {
		return nil, err
	}
	if err := validateUpdateContinuousBackups(name, in); err != nil {
		return nil, err
	}
	spec := in.PointInTimeRecoverySpecification
	now := s.opts.Now()
	_, after, err := s.catalog.Update(ctx, s.namespace(ctx), name, func(next *catalog.Table) (bool, error) {
		if !*spec.PointInTimeRecoveryEnabled {
			next.PITR = catalog.PITR{}
			return false, nil
		}
		period := int64(defaultRecoveryDays)
		if spec.RecoveryPeriodInDays != nil {
			period = *spec.RecoveryPeriodInDays
		}
		since := next.PITR.Since
		if !next.PITR.Enabled {
			since = now
		}
		next.PITR = catalog.PITR{Enabled: true, PeriodDays: period, Since: since}
		return false, nil
	})
	if isNotFound(err) {
		return nil, tableNotFound(name)
	}
	if err != nil {
		return nil, err
	}
	return &api.UpdateContinuousBackupsOutput{ContinuousBackupsDescription: continuousBackups(after.PITR, now)}, nil
}

// DescribeContinuousBackups reports a table's point-in-time recovery.
func (s *Service) DescribeContinuousBackups(ctx context.Context, in *api.DescribeContinuousBackupsInput) (*api.DescribeContinuousBackupsOutput, error) {
	name, err := s.resolveTableName(ctx, "DescribeContinuousBackups", in.TableName)
	if err != nil {
		return nil, err
	}
	if err := tableNameRequired(name); err != nil {
		return nil, err
	}
	var c constraints
	tableNameRules(&c, "tableName", name)
	if err := tableConstraintsErr(&c); err != nil {
		return nil, err
	}
	t, err := s.catalog.Lookup(s.namespace(ctx), name)
	if err != nil {
		return nil, tableNotFound(name)
	}
	return &api.DescribeContinuousBackupsOutput{ContinuousBackupsDescription: continuousBackups(t.PITR, s.opts.Now())}, nil
}

func tableNotFound(name string) error {
	return apierr.Newf(apierr.TableNotFound, "Table not found: %s", name)
}

// validateUpdateContinuousBackups checks the request in AWS's order: the
// name, the member constraints together, then the relation of the members.
func validateUpdateContinuousBackups(name string, in *api.UpdateContinuousBackupsInput) error {
	if err := tableNameRequired(name); err != nil {
		return err
	}
	var c constraints
	spec := in.PointInTimeRecoverySpecification
	if spec == nil {
		c.add(nil, "pointInTimeRecoverySpecification", "Member must not be null")
	} else {
		c.required(spec.PointInTimeRecoveryEnabled != nil, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled")
		c.intRange(spec.RecoveryPeriodInDays, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1, maxRecoveryDays)
	}
	tableNameRules(&c, "tableName", name)
	if err := tableConstraintsErr(&c); err != nil {
		return err
	}
	if !*spec.PointInTimeRecoveryEnabled && spec.RecoveryPeriodInDays != nil {
		return tableInvalid("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
	}
	return nil
}

// continuousBackups describes p at now. Continuous backups are always
// ENABLED; the restorable window runs from when recovery was enabled (or
// the recovery period ago, whichever is later) to five minutes ago.
func continuousBackups(p catalog.PITR, now time.Time) *api.ContinuousBackupsDescription {
	d := &api.ContinuousBackupsDescription{
		ContinuousBackupsStatus:        "ENABLED",
		PointInTimeRecoveryDescription: &api.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: "DISABLED"},
	}
	if !p.Enabled {
		return d
	}
	earliest := p.Since
	if floor := now.AddDate(0, 0, -int(p.PeriodDays)); earliest.Before(floor) {
		earliest = floor
	}
	latest := now.Add(-restoreLag)
	if latest.Before(earliest) {
		latest = earliest
	}
	d.PointInTimeRecoveryDescription = &api.PointInTimeRecoveryDescription{
		PointInTimeRecoveryStatus:  "ENABLED",
		EarliestRestorableDateTime: epochPtr(earliest),
		LatestRestorableDateTime:   epochPtr(latest),
		RecoveryPeriodInDays:       p.PeriodDays,
	}
	return d
}

package service

import (
	"context"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/catalog"
)

// ttlCooldown is how long after a change of a table's Time to Live setting
// UpdateTimeToLive refuses another: AWS documents that "any additional
// UpdateTimeToLive calls for the same table during this one hour duration
// result in a ValidationException". Measured on the service clock.
const ttlCooldown = time.Hour

// AWS's messages for refused TTL changes.
const (
	msgTTLAlreadyEnabled  = "TimeToLive is already enabled"
	msgTTLAlreadyDisabled = "TimeToLive is already disabled"
	msgTTLOtherAttribute  = "TimeToLive is active on a different AttributeName: current AttributeName is "
	msgTTLCooldown        = "Time to live has been modified multiple times within a fixed interval"
	msgTTLEmptyAttribute  = "TimeToLiveSpecification.AttributeName must be non empty"
)

// UpdateTimeToLive enables or disables Time to Live on a table and echoes
// the specification. The change is ENABLING or DISABLING for
// Options.TransitionDelay. Refused, with ValidationException: enabling when
// enabled, disabling when disabled, naming another attribute than the one
// TTL is enabled on, and any change within an hour of the previous one
// (checked after the others, as AWS does). A missing table is
// ResourceNotFoundException; one being created or deleted,
// ResourceInUseException.
func (s *Service) UpdateTimeToLive(ctx context.Context, in *api.UpdateTimeToLiveInput) (*api.UpdateTimeToLiveOutput, error) {
	name, err := s.resolveTableName(ctx, "UpdateTimeToLive", in.TableName)
	if err != nil {
		return nil, err
	}
	if err := validateUpdateTimeToLive(name, in); err != nil {
		return nil, err
	}
	spec := in.TimeToLiveSpecification
	attrName, enable := *spec.AttributeName, *spec.Enabled
	now := s.opts.Now()
	_, _, err = s.catalog.Update(ctx, s.namespace(ctx), name, func(next *catalog.Table) (bool, error) {
		if err := ttlChangeAllowed(next, attrName, enable, now); err != nil {
			return false, err
		}
		next.TTL = catalog.TTL{Attribute: attrName, Enabled: enable, Changed: now, Until: now.Add(s.opts.TransitionDelay)}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return &api.UpdateTimeToLiveOutput{TimeToLiveSpecification: &api.TimeToLiveSpecification{
		AttributeName: &attrName, Enabled: &enable,
	}}, nil
}

// validateUpdateTimeToLive checks an UpdateTimeToLive request without the
// table: the table name, the specification's members, then an empty
// attribute name.
func validateUpdateTimeToLive(name string, in *api.UpdateTimeToLiveInput) error {
	if err := tableNameRequired(name); err != nil {
		return err
	}
	var c constraints
	tableNameRules(&c, "tableName", name)
	spec := in.TimeToLiveSpecification
	if spec == nil {
		c.add(nil, "timeToLiveSpecification", "Member must not be null")
	} else {
		c.required(spec.Enabled != nil, "timeToLiveSpecification.enabled")
		c.required(spec.AttributeName != nil, "timeToLiveSpecification.attributeName")
		if spec.AttributeName != nil && len(*spec.AttributeName) > 255 {
			c.add(spec.AttributeName, "timeToLiveSpecification.attributeName", "Member must have length less than or equal to 255")
		}
	}
	if err := tableConstraintsErr(&c); err != nil {
		return err
	}
	if *spec.AttributeName == "" {
		return tableInvalid(msgTTLEmptyAttribute)
	}
	return nil
}

// ttlChangeAllowed checks a TTL change against the table's state and
// current setting, in AWS's order.
func ttlChangeAllowed(t *catalog.Table, attrName string, enable bool, now time.Time) error {
	switch t.StatusAt(now) {
	case catalog.StatusCreating:
		return beingCreated(t.Name)
	case catalog.StatusDeleting:
		return beingDeleted(t.Name)
	}
	status := t.TTL.StatusAt(now)
	active := status == catalog.TTLEnabling || status == catalog.TTLEnabled
	switch {
	case active && t.TTL.Attribute != attrName:
		return tableInvalid(msgTTLOtherAttribute + t.TTL.Attribute)
	case active && enable:
		return tableInvalid(msgTTLAlreadyEnabled)
	case !active && !enable:
		return tableInvalid(msgTTLAlreadyDisabled)
	}
	if !t.TTL.Changed.IsZero() && now.Before(t.TTL.Changed.Add(ttlCooldown)) {
		return tableInvalid(msgTTLCooldown)
	}
	return nil
}

// DescribeTimeToLive returns a table's TTL status, with the attribute
// unless the status is DISABLED. A missing table is
// ResourceNotFoundException.
func (s *Service) DescribeTimeToLive(ctx context.Context, in *api.DescribeTimeToLiveInput) (*api.DescribeTimeToLiveOutput, error) {
	t, err := s.lookupTable(ctx, "DescribeTimeToLive", in.TableName)
	if err != nil {
		return nil, err
	}
	d := &api.TimeToLiveDescription{TimeToLiveStatus: t.TTL.StatusAt(s.opts.Now())}
	if d.TimeToLiveStatus != catalog.TTLDisabled {
		d.AttributeName = t.TTL.Attribute
	}
	return &api.DescribeTimeToLiveOutput{TimeToLiveDescription: d}, nil
}

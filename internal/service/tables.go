package service

import (
	"context"
	"fmt"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Table operations. Each validates its request in AWS's order (required
// TableName, field constraints, rules between fields, then the table's
// existence and state) and answers with AWS's messages; see DESIGN.md and
// internal/catalog/DESIGN.md.

// defaultListLimit is ListTables' page size when Limit is absent.
const defaultListLimit = 100

// CreateTable creates a table. The answer says CREATING; the table is
// ACTIVE after Options.TransitionDelay. A taken name is
// ResourceInUseException, reported after every validation error.
func (s *Service) CreateTable(ctx context.Context, in *api.CreateTableInput) (*api.CreateTableOutput, error) {
	name, err := s.resolveTableName(ctx, "CreateTable", in.TableName)
	if err != nil {
		return nil, err
	}
	req := *in
	req.TableName = name
	in = &req
	if err := validateCreateTable(in); err != nil {
		return nil, err
	}
	now := s.opts.Now()
	t, err := s.catalog.Create(ctx, createSpec(s.namespace(ctx), in, now))
	if err != nil {
		return nil, err
	}
	return &api.CreateTableOutput{TableDescription: s.createdDescription(t, in, now)}, nil
}

// DescribeTable returns the whole description of a table in any state.
func (s *Service) DescribeTable(ctx context.Context, in *api.DescribeTableInput) (*api.DescribeTableOutput, error) {
	t, err := s.lookupTable(ctx, "DescribeTable", in.TableName)
	if err != nil {
		return nil, err
	}
	return &api.DescribeTableOutput{Table: s.describe(t, s.opts.Now())}, nil
}

// lookupTable returns the table a TableName parameter of op (a name or a
// table ARN) names, in any state, after checking the name as DescribeTable
// does.
func (s *Service) lookupTable(ctx context.Context, op, param string) (*catalog.Table, error) {
	name, err := s.resolveTableName(ctx, op, param)
	if err != nil {
		return nil, err
	}
	if err := checkTableName(name); err != nil {
		return nil, err
	}
	return s.catalog.Lookup(s.namespace(ctx), name)
}

// ListTables returns table names in bytewise order, Limit (1–100, default
// 100) at a time after ExclusiveStartTableName, with LastEvaluatedTableName
// when more names follow. Tables being created or deleted are listed.
func (s *Service) ListTables(ctx context.Context, in *api.ListTablesInput) (*api.ListTablesOutput, error) {
	var c constraints
	limit := defaultListLimit
	if in.Limit != nil {
		v := fmt.Sprint(*in.Limit)
		switch {
		case *in.Limit < 1:
			c.add(&v, "limit", "Member must have value greater than or equal to 1")
		case *in.Limit > 100:
			c.add(&v, "limit", "Member must have value less than or equal to 100")
		default:
			limit = int(*in.Limit)
		}
	}
	if in.ExclusiveStartTableName != "" {
		tableNameRules(&c, "exclusiveStartTableName", in.ExclusiveStartTableName)
	}
	if err := tableConstraintsErr(&c); err != nil {
		return nil, err
	}
	names, more := s.catalog.List(s.namespace(ctx), in.ExclusiveStartTableName, limit)
	out := &api.ListTablesOutput{TableNames: append([]string{}, names...)}
	if more {
		out.LastEvaluatedTableName = names[len(names)-1]
	}
	return out, nil
}

// DeleteTable deletes a table and, in the background, its items. It is
// refused while deletion protection is on and while the table is being
// created, updated or deleted.
func (s *Service) DeleteTable(ctx context.Context, in *api.DeleteTableInput) (*api.DeleteTableOutput, error) {
	name, err := s.resolveTableName(ctx, "DeleteTable", in.TableName)
	if err != nil {
		return nil, err
	}
	if err := checkTableName(name); err != nil {
		return nil, err
	}
	now := s.opts.Now()
	gone, err := s.catalog.Delete(ctx, s.namespace(ctx), name, func(t *catalog.Table) error {
		if t.DeletionProtection {
			return tableInvalid("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
		}
		return deletable(t, now)
	})
	if err != nil {
		return nil, err
	}
	return &api.DeleteTableOutput{TableDescription: s.deletedDescription(gone, now)}, nil
}

// deletable refuses to delete a table in transition, or one with an index
// in transition.
func deletable(t *catalog.Table, now time.Time) error {
	switch t.StatusAt(now) {
	case catalog.StatusCreating:
		return beingCreated(t.Name)
	case catalog.StatusDeleting:
		return beingDeleted(t.Name)
	case catalog.StatusUpdating:
		return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table: %s is in the process of being updated.", t.Name)
	}
	for _, ix := range t.Indexes {
		if ix.StatusAt(now) != catalog.StatusActive {
			return apierr.New(apierr.ResourceInUse,
				"Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.")
		}
	}
	return nil
}

func beingCreated(name string) error {
	return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being created: %s", name)
}

func beingDeleted(name string) error {
	return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being deleted: %s", name)
}

// checkTableName validates the TableName of DescribeTable, DeleteTable and
// UpdateTable on its own.
func checkTableName(name string) error {
	if err := tableNameRequired(name); err != nil {
		return err
	}
	var c constraints
	tableNameRules(&c, "tableName", name)
	return tableConstraintsErr(&c)
}

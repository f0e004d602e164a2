package service

import (
	"context"
	"strings"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Scope is the AWS account and region a request acts in. Tables are
// namespaced per scope, as in AWS: a table created in one region is not
// seen from another, and ARNs name the scope.
type Scope struct{ Account, Region string }

type scopeKey struct{}

// WithScope returns a copy of ctx that makes the operations called with it
// act in scope. The HTTP layer sets the region from the request's SigV4
// signing scope. An empty field, or a ctx without a scope, means the
// service's own: Options.AccountID and Options.Region.
func WithScope(ctx context.Context, scope Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, scope)
}

// namespace returns the catalog namespace of the request ctx.
func (s *Service) namespace(ctx context.Context) catalog.Namespace {
	sc, _ := ctx.Value(scopeKey{}).(Scope)
	ns := catalog.Namespace{Account: sc.Account, Region: sc.Region}
	if ns.Account == "" {
		ns.Account = s.opts.AccountID
	}
	if ns.Region == "" {
		ns.Region = s.opts.Region
	}
	return ns
}

// tableArn returns the ARN of the table named name in ns.
func tableArn(ns catalog.Namespace, name string) string {
	return "arn:aws:dynamodb:" + ns.Region + ":" + ns.Account + ":table/" + name
}

// isArn reports whether a TableName parameter is an ARN rather than a
// name (a name cannot hold a colon).
func isArn(param string) bool { return strings.HasPrefix(param, "arn:") }

// resolveTableName returns the table name a TableName parameter of op
// refers to in the request's namespace: the parameter itself, or the name
// in a table ARN of that namespace (see tableOfArn for the ARNs refused).
func (s *Service) resolveTableName(ctx context.Context, op, param string) (string, error) {
	if !isArn(param) {
		return param, nil
	}
	return s.tableOfArn(ctx, op, param)
}

// itemTable returns the table an item operation op names (by name or ARN),
// if it is usable: as catalog.Get, ResourceNotFoundException when not.
func (s *Service) itemTable(ctx context.Context, op, param string) (*catalog.Table, error) {
	name, err := s.resolveTableName(ctx, op, param)
	if err != nil {
		return nil, err
	}
	return s.catalog.Get(s.namespace(ctx), name)
}

// tableOfArn returns the table name in arn, the ARN of a table in the
// request's namespace given to op (as ResourceArn, or as TableName). It
// refuses anything else as AWS does:
//
//   - not an ARN, not a DynamoDB ARN, the ARN of an index, or a table ARN
//     whose name is invalid: ValidationException;
//   - the ARN of another account: AccessDeniedException, since no
//     resource-based policy grants the caller access to it;
//   - the ARN of another partition or region: ValidationException
//     "Invalid TableArn".
func (s *Service) tableOfArn(ctx context.Context, op, arn string) (string, error) {
	if !isArn(arn) {
		return "", tableInvalidf(invalidParams+"ARNs must start with 'arn:': %s", arn)
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[2] != "dynamodb" {
		return "", tableInvalidf(invalidParams+"Provided Arn is not a DynamoDB resource arn: %s", arn)
	}
	ns := s.namespace(ctx)
	if parts[4] != ns.Account {
		return "", apierr.Newf(apierr.AccessDenied,
			"User: arn:aws:iam::%s:root is not authorized to perform: dynamodb:%s on resource: %s because no resource-based policy allows the dynamodb:%s action",
			ns.Account, op, arn, op)
	}
	resource := parts[5]
	if table, rest, ok := strings.Cut(resource, "/"); ok && table == "table" && strings.Contains(rest, "/index/") {
		return "", tableInvalidf(invalidParams+"Invalid resource arn provided, only table or stream is accepted. Provided resource arn: %s", arn)
	}
	name, ok := strings.CutPrefix(resource, "table/")
	if !ok || parts[1] != "aws" || parts[3] != ns.Region ||
		!validTableName(name) || len(name) < 3 || len(name) > 255 {
		return "", tableInvalidf("Invalid TableArn: Invalid ResourceArn provided as input %s", arn)
	}
	return name, nil
}

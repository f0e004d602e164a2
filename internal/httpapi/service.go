package httpapi

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
)

// Service is what the HTTP layer needs from the DynamoDB implementation:
// one method per operation, named after it. Errors that are *apierr.Error
// are sent as they are; any other error is an internal fault (500, logged).
// A method must be safe for concurrent use.
type Service interface {
	CreateTable(context.Context, *api.CreateTableInput) (*api.CreateTableOutput, error)
	DescribeTable(context.Context, *api.DescribeTableInput) (*api.DescribeTableOutput, error)
	ListTables(context.Context, *api.ListTablesInput) (*api.ListTablesOutput, error)
	DeleteTable(context.Context, *api.DeleteTableInput) (*api.DeleteTableOutput, error)
	UpdateTable(context.Context, *api.UpdateTableInput) (*api.UpdateTableOutput, error)
	PutItem(context.Context, *api.PutItemInput) (*api.PutItemOutput, error)
	GetItem(context.Context, *api.GetItemInput) (*api.GetItemOutput, error)
	UpdateItem(context.Context, *api.UpdateItemInput) (*api.UpdateItemOutput, error)
	DeleteItem(context.Context, *api.DeleteItemInput) (*api.DeleteItemOutput, error)
	Query(context.Context, *api.QueryInput) (*api.QueryOutput, error)
	Scan(context.Context, *api.ScanInput) (*api.ScanOutput, error)
	BatchGetItem(context.Context, *api.BatchGetItemInput) (*api.BatchGetItemOutput, error)
	BatchWriteItem(context.Context, *api.BatchWriteItemInput) (*api.BatchWriteItemOutput, error)
	TransactWriteItems(context.Context, *api.TransactWriteItemsInput) (*api.TransactWriteItemsOutput, error)
	TransactGetItems(context.Context, *api.TransactGetItemsInput) (*api.TransactGetItemsOutput, error)
	UpdateTimeToLive(context.Context, *api.UpdateTimeToLiveInput) (*api.UpdateTimeToLiveOutput, error)
	DescribeTimeToLive(context.Context, *api.DescribeTimeToLiveInput) (*api.DescribeTimeToLiveOutput, error)
	TagResource(context.Context, *api.TagResourceInput) (*api.TagResourceOutput, error)
	UntagResource(context.Context, *api.UntagResourceInput) (*api.UntagResourceOutput, error)
	ListTagsOfResource(context.Context, *api.ListTagsOfResourceInput) (*api.ListTagsOfResourceOutput, error)
	UpdateContinuousBackups(context.Context, *api.UpdateContinuousBackupsInput) (*api.UpdateContinuousBackupsOutput, error)
	DescribeContinuousBackups(context.Context, *api.DescribeContinuousBackupsInput) (*api.DescribeContinuousBackupsOutput, error)
	DescribeLimits(context.Context, *api.DescribeLimitsInput) (*api.DescribeLimitsOutput, error)
	DescribeEndpoints(context.Context, *api.DescribeEndpointsInput) (*api.DescribeEndpointsOutput, error)
}

// operation is one operation: run decodes a request body, calls the
// service and returns the output to encode. fast, when set, is the
// operation's fast decoder (fastdecode.go): it returns the decoded input,
// or false when the body must take the general path; run takes an input
// fast decoded in place of decoding body itself.
type operation struct {
	fast func(body []byte) (in any, ok bool)
	run  func(ctx context.Context, body []byte, in any) (any, error)
}

// operations is the dispatch table: X-Amz-Target operation name to its
// operation. A name not here is answered with UnknownOperationException.
func operations(s Service) map[string]*operation {
	return map[string]*operation{
		"CreateTable":               op(s.CreateTable),
		"DescribeTable":             op(s.DescribeTable),
		"ListTables":                op(s.ListTables),
		"DeleteTable":               op(s.DeleteTable),
		"UpdateTable":               op(s.UpdateTable),
		"PutItem":                   fastOp(s.PutItem, fastPutItem),
		"GetItem":                   fastOp(s.GetItem, fastGetItem),
		"UpdateItem":                fastOp(s.UpdateItem, fastUpdateItem),
		"DeleteItem":                fastOp(s.DeleteItem, fastDeleteItem),
		"Query":                     fastOp(s.Query, fastQuery),
		"Scan":                      fastOp(s.Scan, fastScan),
		"BatchGetItem":              op(s.BatchGetItem),
		"BatchWriteItem":            fastOp(s.BatchWriteItem, fastBatchWriteItem),
		"TransactWriteItems":        op(s.TransactWriteItems),
		"TransactGetItems":          op(s.TransactGetItems),
		"UpdateTimeToLive":          op(s.UpdateTimeToLive),
		"DescribeTimeToLive":        op(s.DescribeTimeToLive),
		"TagResource":               op(s.TagResource),
		"UntagResource":             op(s.UntagResource),
		"ListTagsOfResource":        op(s.ListTagsOfResource),
		"UpdateContinuousBackups":   op(s.UpdateContinuousBackups),
		"DescribeContinuousBackups": op(s.DescribeContinuousBackups),
		"DescribeLimits":            op(s.DescribeLimits),
		"DescribeEndpoints":         op(s.DescribeEndpoints),
	}
}

// op adapts a typed service method to an operation: the body is decoded
// into a new In (see decodeRequest), and a nil *Out is sent as {}.
func op[In, Out any](f func(context.Context, *In) (*Out, error)) *operation {
	return &operation{run: func(ctx context.Context, body []byte, pre any) (any, error) {
		in, _ := pre.(*In)
		if in == nil {
			in = new(In)
			if err := decodeRequest(body, in); err != nil {
				return nil, err
			}
		}
		out, err := f(ctx, in)
		if err != nil {
			return nil, err
		}
		if out == nil {
			return struct{}{}, nil
		}
		return out, nil
	}}
}

// fastOp is op with the fast decoder fast, which fills a new In from a
// body or reports false (see fastdecode.go).
func fastOp[In, Out any](f func(context.Context, *In) (*Out, error), fast func(*In, []byte) bool) *operation {
	o := op(f)
	o.fast = func(body []byte) (any, bool) {
		in := new(In)
		if !fast(in, body) {
			return nil, false
		}
		return in, true
	}
	return o
}

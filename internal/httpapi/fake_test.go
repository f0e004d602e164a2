package httpapi

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
)

// fakeService implements Service with function fields; an unset field
// answers with an empty output.
type fakeService struct {
	createTable   func(context.Context, *api.CreateTableInput) (*api.CreateTableOutput, error)
	describeTable func(context.Context, *api.DescribeTableInput) (*api.DescribeTableOutput, error)
	listTables    func(context.Context, *api.ListTablesInput) (*api.ListTablesOutput, error)
	deleteTable   func(context.Context, *api.DeleteTableInput) (*api.DeleteTableOutput, error)
	updateTable   func(context.Context, *api.UpdateTableInput) (*api.UpdateTableOutput, error)
	putItem       func(context.Context, *api.PutItemInput) (*api.PutItemOutput, error)
	getItem       func(context.Context, *api.GetItemInput) (*api.GetItemOutput, error)
	updateItem    func(context.Context, *api.UpdateItemInput) (*api.UpdateItemOutput, error)
	deleteItem    func(context.Context, *api.DeleteItemInput) (*api.DeleteItemOutput, error)
	query         func(context.Context, *api.QueryInput) (*api.QueryOutput, error)
	scan          func(context.Context, *api.ScanInput) (*api.ScanOutput, error)
	batchGetItem  func(context.Context, *api.BatchGetItemInput) (*api.BatchGetItemOutput, error)
	batchWrite    func(context.Context, *api.BatchWriteItemInput) (*api.BatchWriteItemOutput, error)
	transactWrite func(context.Context, *api.TransactWriteItemsInput) (*api.TransactWriteItemsOutput, error)
	transactGet   func(context.Context, *api.TransactGetItemsInput) (*api.TransactGetItemsOutput, error)
	tagResource   func(context.Context, *api.TagResourceInput) (*api.TagResourceOutput, error)
}

func call[In, Out any](f func(context.Context, *In) (*Out, error), ctx context.Context, in *In) (*Out, error) {
	if f == nil {
		return new(Out), nil
	}
	return f(ctx, in)
}

func (f *fakeService) CreateTable(ctx context.Context, in *api.CreateTableInput) (*api.CreateTableOutput, error) {
	return call(f.createTable, ctx, in)
}

func (f *fakeService) DescribeTable(ctx context.Context, in *api.DescribeTableInput) (*api.DescribeTableOutput, error) {
	return call(f.describeTable, ctx, in)
}

func (f *fakeService) ListTables(ctx context.Context, in *api.ListTablesInput) (*api.ListTablesOutput, error) {
	return call(f.listTables, ctx, in)
}

func (f *fakeService) DeleteTable(ctx context.Context, in *api.DeleteTableInput) (*api.DeleteTableOutput, error) {
	return call(f.deleteTable, ctx, in)
}

func (f *fakeService) UpdateTable(ctx context.Context, in *api.UpdateTableInput) (*api.UpdateTableOutput, error) {
	return call(f.updateTable, ctx, in)
}

func (f *fakeService) PutItem(ctx context.Context, in *api.PutItemInput) (*api.PutItemOutput, error) {
	return call(f.putItem, ctx, in)
}

func (f *fakeService) GetItem(ctx context.Context, in *api.GetItemInput) (*api.GetItemOutput, error) {
	return call(f.getItem, ctx, in)
}

func (f *fakeService) UpdateItem(ctx context.Context, in *api.UpdateItemInput) (*api.UpdateItemOutput, error) {
	return call(f.updateItem, ctx, in)
}

func (f *fakeService) DeleteItem(ctx context.Context, in *api.DeleteItemInput) (*api.DeleteItemOutput, error) {
	return call(f.deleteItem, ctx, in)
}

func (f *fakeService) Query(ctx context.Context, in *api.QueryInput) (*api.QueryOutput, error) {
	return call(f.query, ctx, in)
}

func (f *fakeService) Scan(ctx context.Context, in *api.ScanInput) (*api.ScanOutput, error) {
	return call(f.scan, ctx, in)
}

func (f *fakeService) BatchGetItem(ctx context.Context, in *api.BatchGetItemInput) (*api.BatchGetItemOutput, error) {
	return call(f.batchGetItem, ctx, in)
}

func (f *fakeService) BatchWriteItem(ctx context.Context, in *api.BatchWriteItemInput) (*api.BatchWriteItemOutput, error) {
	return call(f.batchWrite, ctx, in)
}

func (f *fakeService) TransactWriteItems(ctx context.Context, in *api.TransactWriteItemsInput) (*api.TransactWriteItemsOutput, error) {
	return call(f.transactWrite, ctx, in)
}

func (f *fakeService) TransactGetItems(ctx context.Context, in *api.TransactGetItemsInput) (*api.TransactGetItemsOutput, error) {
	return call(f.transactGet, ctx, in)
}

var _ Service = (*fakeService)(nil)

func (f *fakeService) UpdateTimeToLive(context.Context, *api.UpdateTimeToLiveInput) (*api.UpdateTimeToLiveOutput, error) {
	return &api.UpdateTimeToLiveOutput{}, nil
}

func (f *fakeService) DescribeTimeToLive(context.Context, *api.DescribeTimeToLiveInput) (*api.DescribeTimeToLiveOutput, error) {
	return &api.DescribeTimeToLiveOutput{}, nil
}

func (f *fakeService) TagResource(ctx context.Context, in *api.TagResourceInput) (*api.TagResourceOutput, error) {
	return call(f.tagResource, ctx, in)
}

func (f *fakeService) UntagResource(context.Context, *api.UntagResourceInput) (*api.UntagResourceOutput, error) {
	return &api.UntagResourceOutput{}, nil
}

func (f *fakeService) ListTagsOfResource(context.Context, *api.ListTagsOfResourceInput) (*api.ListTagsOfResourceOutput, error) {
	return &api.ListTagsOfResourceOutput{}, nil
}

func (f *fakeService) UpdateContinuousBackups(context.Context, *api.UpdateContinuousBackupsInput) (*api.UpdateContinuousBackupsOutput, error) {
	return &api.UpdateContinuousBackupsOutput{}, nil
}

func (f *fakeService) DescribeContinuousBackups(context.Context, *api.DescribeContinuousBackupsInput) (*api.DescribeContinuousBackupsOutput, error) {
	return &api.DescribeContinuousBackupsOutput{}, nil
}

func (f *fakeService) DescribeLimits(context.Context, *api.DescribeLimitsInput) (*api.DescribeLimitsOutput, error) {
	return &api.DescribeLimitsOutput{}, nil
}

func (f *fakeService) DescribeEndpoints(context.Context, *api.DescribeEndpointsInput) (*api.DescribeEndpointsOutput, error) {
	return &api.DescribeEndpointsOutput{}, nil
}

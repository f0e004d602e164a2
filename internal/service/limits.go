package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
)

// The default capacity quotas AWS documents (Developer Guide, "Quotas in
// Amazon DynamoDB": 40,000 units per table, 80,000 per account, each for
// reads and writes). Basalt enforces the per-table figures in
// CreateTable/UpdateTable's throughput bounds only where it already did.
const (
	accountMaxCapacity = 80000
	tableMaxCapacity   = 40000
)

// endpointCachePeriod is how long, in minutes, DescribeEndpoints lets a
// client cache its answer (AWS answers 1440).
const endpointCachePeriod = 1440

// DescribeLimits reports the capacity quotas of the account and its tables.
func (s *Service) DescribeLimits(context.Context, *api.DescribeLimitsInput) (*api.DescribeLimitsOutput, error) {
	return &api.DescribeLimitsOutput{
		AccountMaxReadCapacityUnits:  accountMaxCapacity,
		AccountMaxWriteCapacityUnits: accountMaxCapacity,
		TableMaxReadCapacityUnits:    tableMaxCapacity,
		TableMaxWriteCapacityUnits:   tableMaxCapacity,
	}, nil
}

// DescribeEndpoints names the regional endpoint, as AWS does; SDKs call it
// only for endpoint discovery.
func (s *Service) DescribeEndpoints(ctx context.Context, _ *api.DescribeEndpointsInput) (*api.DescribeEndpointsOutput, error) {
	return &api.DescribeEndpointsOutput{Endpoints: []api.Endpoint{{
		Address:              "dynamodb." + s.namespace(ctx).Region + ".amazonaws.com",
		CachePeriodInMinutes: endpointCachePeriod,
	}}}, nil
}

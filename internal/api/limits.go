package api

// DescribeLimitsInput has no members.
type DescribeLimitsInput struct{}

// DescribeLimitsOutput reports the account's and each table's capacity
// quotas.
type DescribeLimitsOutput struct {
	AccountMaxReadCapacityUnits  int64 `json:"AccountMaxReadCapacityUnits"`
	AccountMaxWriteCapacityUnits int64 `json:"AccountMaxWriteCapacityUnits"`
	TableMaxReadCapacityUnits    int64 `json:"TableMaxReadCapacityUnits"`
	TableMaxWriteCapacityUnits   int64 `json:"TableMaxWriteCapacityUnits"`
}

// DescribeEndpointsInput has no members.
type DescribeEndpointsInput struct{}

// DescribeEndpointsOutput lists the endpoints clients should use.
type DescribeEndpointsOutput struct {
	Endpoints []Endpoint `json:"Endpoints"`
}

// Endpoint is one endpoint and how long clients may cache it.
type Endpoint struct {
	Address              string `json:"Address"`
	CachePeriodInMinutes int64  `json:"CachePeriodInMinutes"`
}

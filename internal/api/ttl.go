package api

// TimeToLiveSpecification enables or disables Time to Live on a table.
// Enabled is a pointer: AWS reports it missing apart from false.
type TimeToLiveSpecification struct {
	AttributeName *string `json:"AttributeName,omitempty"`
	Enabled       *bool   `json:"Enabled,omitempty"`
}

// UpdateTimeToLiveInput is the request of UpdateTimeToLive.
type UpdateTimeToLiveInput struct {
	TableName               string                   `json:"TableName"`
	TimeToLiveSpecification *TimeToLiveSpecification `json:"TimeToLiveSpecification,omitempty"`
}

// UpdateTimeToLiveOutput echoes the specification applied.
type UpdateTimeToLiveOutput struct {
	TimeToLiveSpecification *TimeToLiveSpecification `json:"TimeToLiveSpecification,omitempty"`
}

// DescribeTimeToLiveInput is the request of DescribeTimeToLive.
type DescribeTimeToLiveInput struct {
	TableName string `json:"TableName"`
}

// TimeToLiveDescription is a table's TTL status (ENABLING, ENABLED,
// DISABLING or DISABLED) and, unless DISABLED, its attribute.
type TimeToLiveDescription struct {
	AttributeName    string `json:"AttributeName,omitempty"`
	TimeToLiveStatus string `json:"TimeToLiveStatus"`
}

// DescribeTimeToLiveOutput is the response of DescribeTimeToLive.
type DescribeTimeToLiveOutput struct {
	TimeToLiveDescription *TimeToLiveDescription `json:"TimeToLiveDescription,omitempty"`
}

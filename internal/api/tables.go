package api

// AttributeDefinition declares the type of a key attribute.
type AttributeDefinition struct {
	AttributeName string `json:"AttributeName"`
	AttributeType string `json:"AttributeType"`
}

// KeySchemaElement names one key attribute and its role (HASH or RANGE).
type KeySchemaElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

// ProvisionedThroughput is a table's or index's provisioned capacity.
type ProvisionedThroughput struct {
	ReadCapacityUnits  *int64 `json:"ReadCapacityUnits,omitempty"`
	WriteCapacityUnits *int64 `json:"WriteCapacityUnits,omitempty"`
}

// ProvisionedThroughputDescription describes provisioned capacity; on-demand
// tables report zeros.
type ProvisionedThroughputDescription struct {
	LastIncreaseDateTime   *float64 `json:"LastIncreaseDateTime,omitempty"`
	LastDecreaseDateTime   *float64 `json:"LastDecreaseDateTime,omitempty"`
	NumberOfDecreasesToday int64    `json:"NumberOfDecreasesToday"`
	ReadCapacityUnits      int64    `json:"ReadCapacityUnits"`
	WriteCapacityUnits     int64    `json:"WriteCapacityUnits"`
}

// BillingModeSummary reports the billing mode.
type BillingModeSummary struct {
	BillingMode                       string   `json:"BillingMode"`
	LastUpdateToPayPerRequestDateTime *float64 `json:"LastUpdateToPayPerRequestDateTime,omitempty"`
}

// TableClassSummary reports the table class.
type TableClassSummary struct {
	TableClass         string   `json:"TableClass"`
	LastUpdateDateTime *float64 `json:"LastUpdateDateTime,omitempty"`
}

// WarmThroughput is requested warm throughput.
type WarmThroughput struct {
	ReadUnitsPerSecond  *int64 `json:"ReadUnitsPerSecond,omitempty"`
	WriteUnitsPerSecond *int64 `json:"WriteUnitsPerSecond,omitempty"`
}

// TableWarmThroughputDescription reports warm throughput and its status.
type TableWarmThroughputDescription struct {
	ReadUnitsPerSecond  int64  `json:"ReadUnitsPerSecond"`
	WriteUnitsPerSecond int64  `json:"WriteUnitsPerSecond"`
	Status              string `json:"Status"`
}

// OnDemandThroughput caps on-demand capacity.
type OnDemandThroughput struct {
	MaxReadRequestUnits  *int64 `json:"MaxReadRequestUnits,omitempty"`
	MaxWriteRequestUnits *int64 `json:"MaxWriteRequestUnits,omitempty"`
}

// StreamSpecification enables a table's stream.
type StreamSpecification struct {
	StreamEnabled  *bool  `json:"StreamEnabled,omitempty"`
	StreamViewType string `json:"StreamViewType,omitempty"`
}

// SSESpecification requests server-side encryption settings.
type SSESpecification struct {
	Enabled        *bool  `json:"Enabled,omitempty"`
	KMSMasterKeyId string `json:"KMSMasterKeyId,omitempty"`
	SSEType        string `json:"SSEType,omitempty"`
}

// Tag is one resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// TableDescription is the whole description DescribeTable returns.
type TableDescription struct {
	AttributeDefinitions      []AttributeDefinition             `json:"AttributeDefinitions,omitempty"`
	BillingModeSummary        *BillingModeSummary               `json:"BillingModeSummary,omitempty"`
	CreationDateTime          float64                           `json:"CreationDateTime"`
	DeletionProtectionEnabled bool                              `json:"DeletionProtectionEnabled"`
	GlobalSecondaryIndexes    []GlobalSecondaryIndexDescription `json:"GlobalSecondaryIndexes,omitempty"`
	ItemCount                 int64                             `json:"ItemCount"`
	KeySchema                 []KeySchemaElement                `json:"KeySchema,omitempty"`
	LatestStreamArn           string                            `json:"LatestStreamArn,omitempty"`
	LatestStreamLabel         string                            `json:"LatestStreamLabel,omitempty"`
	LocalSecondaryIndexes     []LocalSecondaryIndexDescription  `json:"LocalSecondaryIndexes,omitempty"`
	ProvisionedThroughput     *ProvisionedThroughputDescription `json:"ProvisionedThroughput,omitempty"`
	StreamSpecification       *StreamSpecification              `json:"StreamSpecification,omitempty"`
	TableArn                  string                            `json:"TableArn"`
	TableClassSummary         *TableClassSummary                `json:"TableClassSummary,omitempty"`
	TableId                   string                            `json:"TableId"`
	TableName                 string                            `json:"TableName"`
	TableSizeBytes            int64                             `json:"TableSizeBytes"`
	TableStatus               string                            `json:"TableStatus"`
	WarmThroughput            *TableWarmThroughputDescription   `json:"WarmThroughput,omitempty"`
}

// CreateTableInput is the CreateTable request. Index, stream and SSE
// settings beyond those listed are added by later issues.
type CreateTableInput struct {
	AttributeDefinitions      []AttributeDefinition  `json:"AttributeDefinitions"`
	BillingMode               string                 `json:"BillingMode,omitempty"`
	DeletionProtectionEnabled *bool                  `json:"DeletionProtectionEnabled,omitempty"`
	GlobalSecondaryIndexes    []GlobalSecondaryIndex `json:"GlobalSecondaryIndexes,omitempty"`
	KeySchema                 []KeySchemaElement     `json:"KeySchema"`
	LocalSecondaryIndexes     []LocalSecondaryIndex  `json:"LocalSecondaryIndexes,omitempty"`
	OnDemandThroughput        *OnDemandThroughput    `json:"OnDemandThroughput,omitempty"`
	ProvisionedThroughput     *ProvisionedThroughput `json:"ProvisionedThroughput,omitempty"`
	SSESpecification          *SSESpecification      `json:"SSESpecification,omitempty"`
	StreamSpecification       *StreamSpecification   `json:"StreamSpecification,omitempty"`
	TableClass                string                 `json:"TableClass,omitempty"`
	TableName                 string                 `json:"TableName"`
	Tags                      []Tag                  `json:"Tags,omitempty"`
	WarmThroughput            *WarmThroughput        `json:"WarmThroughput,omitempty"`
}

// CreateTableOutput is the CreateTable response.
type CreateTableOutput struct {
	TableDescription *TableDescription `json:"TableDescription"`
}

// DescribeTableInput is the DescribeTable request.
type DescribeTableInput struct {
	TableName string `json:"TableName"`
}

// DescribeTableOutput is the DescribeTable response.
type DescribeTableOutput struct {
	Table *TableDescription `json:"Table"`
}

// DeleteTableInput is the DeleteTable request.
type DeleteTableInput struct {
	TableName string `json:"TableName"`
}

// DeleteTableOutput is the DeleteTable response.
type DeleteTableOutput struct {
	TableDescription *TableDescription `json:"TableDescription"`
}

// ListTablesInput is the ListTables request.
type ListTablesInput struct {
	ExclusiveStartTableName string `json:"ExclusiveStartTableName,omitempty"`
	Limit                   *int64 `json:"Limit,omitempty"`
}

// ListTablesOutput is the ListTables response.
type ListTablesOutput struct {
	LastEvaluatedTableName string   `json:"LastEvaluatedTableName,omitempty"`
	TableNames             []string `json:"TableNames"`
}

// UpdateTableInput is the UpdateTable request. Index, stream and replica
// updates are added by later issues.
type UpdateTableInput struct {
	AttributeDefinitions        []AttributeDefinition        `json:"AttributeDefinitions,omitempty"`
	BillingMode                 string                       `json:"BillingMode,omitempty"`
	DeletionProtectionEnabled   *bool                        `json:"DeletionProtectionEnabled,omitempty"`
	GlobalSecondaryIndexUpdates []GlobalSecondaryIndexUpdate `json:"GlobalSecondaryIndexUpdates,omitempty"`
	OnDemandThroughput          *OnDemandThroughput          `json:"OnDemandThroughput,omitempty"`
	ProvisionedThroughput       *ProvisionedThroughput       `json:"ProvisionedThroughput,omitempty"`
	SSESpecification            *SSESpecification            `json:"SSESpecification,omitempty"`
	StreamSpecification         *StreamSpecification         `json:"StreamSpecification,omitempty"`
	TableClass                  string                       `json:"TableClass,omitempty"`
	TableName                   string                       `json:"TableName"`
	WarmThroughput              *WarmThroughput              `json:"WarmThroughput,omitempty"`
}

// UpdateTableOutput is the UpdateTable response.
type UpdateTableOutput struct {
	TableDescription *TableDescription `json:"TableDescription"`
}

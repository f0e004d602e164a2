package api

// Projection says which attributes a secondary index holds.
type Projection struct {
	NonKeyAttributes []string `json:"NonKeyAttributes,omitempty"`
	ProjectionType   string   `json:"ProjectionType,omitempty"`
}

// LocalSecondaryIndex is one LSI of a CreateTable request.
type LocalSecondaryIndex struct {
	IndexName  string             `json:"IndexName"`
	KeySchema  []KeySchemaElement `json:"KeySchema"`
	Projection *Projection        `json:"Projection"`
}

// GlobalSecondaryIndex is one GSI of a CreateTable request, or of an
// UpdateTable Create.
type GlobalSecondaryIndex struct {
	IndexName             string                 `json:"IndexName"`
	KeySchema             []KeySchemaElement     `json:"KeySchema"`
	OnDemandThroughput    *OnDemandThroughput    `json:"OnDemandThroughput,omitempty"`
	Projection            *Projection            `json:"Projection"`
	ProvisionedThroughput *ProvisionedThroughput `json:"ProvisionedThroughput,omitempty"`
	WarmThroughput        *WarmThroughput        `json:"WarmThroughput,omitempty"`
}

// LocalSecondaryIndexDescription describes an LSI in a TableDescription.
type LocalSecondaryIndexDescription struct {
	IndexArn       string             `json:"IndexArn"`
	IndexName      string             `json:"IndexName"`
	IndexSizeBytes int64              `json:"IndexSizeBytes"`
	ItemCount      int64              `json:"ItemCount"`
	KeySchema      []KeySchemaElement `json:"KeySchema"`
	Projection     *Projection        `json:"Projection"`
}

// GlobalSecondaryIndexWarmThroughputDescription is a GSI's warm throughput.
type GlobalSecondaryIndexWarmThroughputDescription struct {
	ReadUnitsPerSecond  int64  `json:"ReadUnitsPerSecond,omitempty"`
	Status              string `json:"Status"`
	WriteUnitsPerSecond int64  `json:"WriteUnitsPerSecond,omitempty"`
}

// GlobalSecondaryIndexDescription describes a GSI in a TableDescription.
type GlobalSecondaryIndexDescription struct {
	Backfilling           *bool                                          `json:"Backfilling,omitempty"`
	IndexArn              string                                         `json:"IndexArn"`
	IndexName             string                                         `json:"IndexName"`
	IndexSizeBytes        int64                                          `json:"IndexSizeBytes"`
	IndexStatus           string                                         `json:"IndexStatus"`
	ItemCount             int64                                          `json:"ItemCount"`
	KeySchema             []KeySchemaElement                             `json:"KeySchema"`
	OnDemandThroughput    *OnDemandThroughput                            `json:"OnDemandThroughput,omitempty"`
	Projection            *Projection                                    `json:"Projection"`
	ProvisionedThroughput *ProvisionedThroughputDescription              `json:"ProvisionedThroughput"`
	WarmThroughput        *GlobalSecondaryIndexWarmThroughputDescription `json:"WarmThroughput,omitempty"`
}

// GlobalSecondaryIndexUpdate is one entry of UpdateTable's
// GlobalSecondaryIndexUpdates: exactly one member is set.
type GlobalSecondaryIndexUpdate struct {
	Create *GlobalSecondaryIndex       `json:"Create,omitempty"`
	Delete *DeleteGlobalSecondaryIndex `json:"Delete,omitempty"`
	Update *UpdateGlobalSecondaryIndex `json:"Update,omitempty"`
}

// DeleteGlobalSecondaryIndex names a GSI to delete.
type DeleteGlobalSecondaryIndex struct {
	IndexName string `json:"IndexName"`
}

// UpdateGlobalSecondaryIndex changes a GSI's capacity.
type UpdateGlobalSecondaryIndex struct {
	IndexName             string                 `json:"IndexName"`
	OnDemandThroughput    *OnDemandThroughput    `json:"OnDemandThroughput,omitempty"`
	ProvisionedThroughput *ProvisionedThroughput `json:"ProvisionedThroughput,omitempty"`
	WarmThroughput        *WarmThroughput        `json:"WarmThroughput,omitempty"`
}

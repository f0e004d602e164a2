package api

import "github.com/basalt-db/basalt/internal/attr"

// TransactCommon is what every action of TransactWriteItems has: the table,
// the condition and its placeholders, and what a failed condition returns.
type TransactCommon struct {
	ExpressionParams
	ConditionExpression                 *string `json:"ConditionExpression,omitempty"`
	ReturnValuesOnConditionCheckFailure string  `json:"ReturnValuesOnConditionCheckFailure,omitempty"`
	TableName                           string  `json:"TableName"`
}

// ConditionCheck checks a condition on an item without writing it.
type ConditionCheck struct {
	TransactCommon
	Key attr.Item `json:"Key"`
}

// TransactPut is the Put action of TransactWriteItems.
type TransactPut struct {
	TransactCommon
	Item attr.Item `json:"Item"`
}

// TransactDelete is the Delete action of TransactWriteItems.
type TransactDelete struct {
	TransactCommon
	Key attr.Item `json:"Key"`
}

// TransactUpdate is the Update action of TransactWriteItems.
type TransactUpdate struct {
	TransactCommon
	Key              attr.Item `json:"Key"`
	UpdateExpression *string   `json:"UpdateExpression,omitempty"`
}

// TransactWriteItem is one action: exactly one member is set.
type TransactWriteItem struct {
	ConditionCheck *ConditionCheck `json:"ConditionCheck,omitempty"`
	Delete         *TransactDelete `json:"Delete,omitempty"`
	Put            *TransactPut    `json:"Put,omitempty"`
	Update         *TransactUpdate `json:"Update,omitempty"`
}

// TransactWriteItemsInput is the TransactWriteItems request.
type TransactWriteItemsInput struct {
	ClientRequestToken          *string             `json:"ClientRequestToken,omitempty"`
	ReturnConsumedCapacity      string              `json:"ReturnConsumedCapacity,omitempty"`
	ReturnItemCollectionMetrics string              `json:"ReturnItemCollectionMetrics,omitempty"`
	TransactItems               []TransactWriteItem `json:"TransactItems"`
}

// TransactWriteItemsOutput is the TransactWriteItems response.
type TransactWriteItemsOutput struct {
	ConsumedCapacity      []ConsumedCapacity                 `json:"ConsumedCapacity,omitempty"`
	ItemCollectionMetrics map[string][]ItemCollectionMetrics `json:"ItemCollectionMetrics,omitempty"`
}

// Get is the action of TransactGetItems.
type Get struct {
	ExpressionAttributeNames map[string]string `json:"ExpressionAttributeNames,omitempty"`
	Key                      attr.Item         `json:"Key"`
	ProjectionExpression     *string           `json:"ProjectionExpression,omitempty"`
	TableName                string            `json:"TableName"`
}

// TransactGetItem is one action of TransactGetItems.
type TransactGetItem struct {
	Get *Get `json:"Get"`
}

// TransactGetItemsInput is the TransactGetItems request.
type TransactGetItemsInput struct {
	ReturnConsumedCapacity string            `json:"ReturnConsumedCapacity,omitempty"`
	TransactItems          []TransactGetItem `json:"TransactItems"`
}

// ItemResponse is one item of TransactGetItems; Item is absent when no
// item has the key.
type ItemResponse struct {
	Item attr.Item `json:"Item,omitzero"`
}

// TransactGetItemsOutput is the TransactGetItems response.
type TransactGetItemsOutput struct {
	ConsumedCapacity []ConsumedCapacity `json:"ConsumedCapacity,omitempty"`
	Responses        []ItemResponse     `json:"Responses"`
}

// CancellationReason says why one action of a cancelled transaction
// failed, or Code "None" when it did not.
type CancellationReason struct {
	Code    string    `json:"Code"`
	Item    attr.Item `json:"Item,omitempty"`
	Message string    `json:"Message,omitempty"`
}

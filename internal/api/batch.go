package api

import "github.com/basalt-db/basalt/internal/attr"

// KeysAndAttributes is one table's part of a BatchGetItem request, and of
// its UnprocessedKeys.
type KeysAndAttributes struct {
	AttributesToGet          []string          `json:"AttributesToGet,omitempty"`
	ConsistentRead           *bool             `json:"ConsistentRead,omitempty"`
	ExpressionAttributeNames map[string]string `json:"ExpressionAttributeNames,omitempty"`
	Keys                     []attr.Item       `json:"Keys"`
	ProjectionExpression     *string           `json:"ProjectionExpression,omitempty"`
}

// BatchGetItemInput is the BatchGetItem request.
type BatchGetItemInput struct {
	RequestItems           map[string]KeysAndAttributes `json:"RequestItems"`
	ReturnConsumedCapacity string                       `json:"ReturnConsumedCapacity,omitempty"`
}

// BatchGetItemOutput is the BatchGetItem response.
type BatchGetItemOutput struct {
	ConsumedCapacity []ConsumedCapacity           `json:"ConsumedCapacity,omitempty"`
	Responses        map[string][]attr.Item       `json:"Responses"`
	UnprocessedKeys  map[string]KeysAndAttributes `json:"UnprocessedKeys"`
}

// PutRequest is a put inside BatchWriteItem.
type PutRequest struct {
	Item attr.Item `json:"Item"`
}

// DeleteRequest is a delete inside BatchWriteItem.
type DeleteRequest struct {
	Key attr.Item `json:"Key"`
}

// WriteRequest is one request of BatchWriteItem: exactly one of its
// members is set.
type WriteRequest struct {
	DeleteRequest *DeleteRequest `json:"DeleteRequest,omitempty"`
	PutRequest    *PutRequest    `json:"PutRequest,omitempty"`
}

// BatchWriteItemInput is the BatchWriteItem request.
type BatchWriteItemInput struct {
	RequestItems                map[string][]WriteRequest `json:"RequestItems"`
	ReturnConsumedCapacity      string                    `json:"ReturnConsumedCapacity,omitempty"`
	ReturnItemCollectionMetrics string                    `json:"ReturnItemCollectionMetrics,omitempty"`
}

// BatchWriteItemOutput is the BatchWriteItem response. UnprocessedItems is
// always present, empty when every request was written.
type BatchWriteItemOutput struct {
	ConsumedCapacity      []ConsumedCapacity                 `json:"ConsumedCapacity,omitempty"`
	ItemCollectionMetrics map[string][]ItemCollectionMetrics `json:"ItemCollectionMetrics,omitempty"`
	UnprocessedItems      map[string][]WriteRequest          `json:"UnprocessedItems"`
}

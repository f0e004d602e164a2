package api

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// Capacity is a number of capacity units.
type Capacity struct {
	CapacityUnits      *float64 `json:"CapacityUnits,omitempty"`
	ReadCapacityUnits  *float64 `json:"ReadCapacityUnits,omitempty"`
	WriteCapacityUnits *float64 `json:"WriteCapacityUnits,omitempty"`
}

// ConsumedCapacity reports the capacity an operation consumed.
type ConsumedCapacity struct {
	CapacityUnits          float64             `json:"CapacityUnits"`
	GlobalSecondaryIndexes map[string]Capacity `json:"GlobalSecondaryIndexes,omitempty"`
	LocalSecondaryIndexes  map[string]Capacity `json:"LocalSecondaryIndexes,omitempty"`
	ReadCapacityUnits      *float64            `json:"ReadCapacityUnits,omitempty"`
	Table                  *Capacity           `json:"Table,omitempty"`
	TableName              string              `json:"TableName"`
	WriteCapacityUnits     *float64            `json:"WriteCapacityUnits,omitempty"`
}

// ItemCollectionMetrics reports an item collection's estimated size.
type ItemCollectionMetrics struct {
	ItemCollectionKey   attr.Item `json:"ItemCollectionKey,omitempty"`
	SizeEstimateRangeGB []float64 `json:"SizeEstimateRangeGB,omitempty"`
}

// ExpressionParams are the fields every expression-bearing request shares.
type ExpressionParams struct {
	ExpressionAttributeNames  map[string]string     `json:"ExpressionAttributeNames,omitempty"`
	ExpressionAttributeValues map[string]attr.Value `json:"ExpressionAttributeValues,omitempty"`
}

// PutItemInput is the PutItem request.
type PutItemInput struct {
	ExpressionParams
	ConditionExpression                 *string                                `json:"ConditionExpression,omitempty"`
	ConditionalOperator                 string                                 `json:"ConditionalOperator,omitempty"`
	Expected                            map[string]expr.ExpectedAttributeValue `json:"Expected,omitempty"`
	Item                                attr.Item                              `json:"Item"`
	ReturnConsumedCapacity              string                                 `json:"ReturnConsumedCapacity,omitempty"`
	ReturnItemCollectionMetrics         string                                 `json:"ReturnItemCollectionMetrics,omitempty"`
	ReturnValues                        string                                 `json:"ReturnValues,omitempty"`
	ReturnValuesOnConditionCheckFailure string                                 `json:"ReturnValuesOnConditionCheckFailure,omitempty"`
	TableName                           string                                 `json:"TableName"`
}

// PutItemOutput is the PutItem response.
type PutItemOutput struct {
	Attributes            attr.Item              `json:"Attributes,omitempty"`
	ConsumedCapacity      *ConsumedCapacity      `json:"ConsumedCapacity,omitempty"`
	ItemCollectionMetrics *ItemCollectionMetrics `json:"ItemCollectionMetrics,omitempty"`
}

// GetItemInput is the GetItem request. It has no ExpressionAttributeValues:
// AWS ignores that member on GetItem, as it ignores any unknown member.
type GetItemInput struct {
	ExpressionAttributeNames map[string]string `json:"ExpressionAttributeNames,omitempty"`
	AttributesToGet          []string          `json:"AttributesToGet,omitempty"`
	ConsistentRead           *bool             `json:"ConsistentRead,omitempty"`
	Key                      attr.Item         `json:"Key"`
	ProjectionExpression     *string           `json:"ProjectionExpression,omitempty"`
	ReturnConsumedCapacity   string            `json:"ReturnConsumedCapacity,omitempty"`
	TableName                string            `json:"TableName"`
}

// GetItemOutput is the GetItem response. Item is absent when no item has
// the key.
type GetItemOutput struct {
	ConsumedCapacity *ConsumedCapacity `json:"ConsumedCapacity,omitempty"`
	Item             attr.Item         `json:"Item,omitzero"` // an existing item whose projection is empty encodes as {}
	// EncodedItem, when not nil, is the item in attr's binary item
	// encoding, as stored, in place of Item (nil then): a service that
	// was asked for encoded items returns the items it need not decode so,
	// and the HTTP layer writes it exactly as it would write the decoded
	// Item (attr.AppendEncodedItemJSON). encoding/json does not see it.
	EncodedItem []byte `json:"-"`
}

// UpdateItemInput is the UpdateItem request.
type UpdateItemInput struct {
	ExpressionParams
	AttributeUpdates                    map[string]expr.AttributeValueUpdate   `json:"AttributeUpdates,omitempty"`
	ConditionExpression                 *string                                `json:"ConditionExpression,omitempty"`
	ConditionalOperator                 string                                 `json:"ConditionalOperator,omitempty"`
	Expected                            map[string]expr.ExpectedAttributeValue `json:"Expected,omitempty"`
	Key                                 attr.Item                              `json:"Key"`
	ReturnConsumedCapacity              string                                 `json:"ReturnConsumedCapacity,omitempty"`
	ReturnItemCollectionMetrics         string                                 `json:"ReturnItemCollectionMetrics,omitempty"`
	ReturnValues                        string                                 `json:"ReturnValues,omitempty"`
	ReturnValuesOnConditionCheckFailure string                                 `json:"ReturnValuesOnConditionCheckFailure,omitempty"`
	TableName                           string                                 `json:"TableName"`
	UpdateExpression                    *string                                `json:"UpdateExpression,omitempty"`
}

// UpdateItemOutput is the UpdateItem response.
type UpdateItemOutput struct {
	Attributes            attr.Item              `json:"Attributes,omitempty"`
	ConsumedCapacity      *ConsumedCapacity      `json:"ConsumedCapacity,omitempty"`
	ItemCollectionMetrics *ItemCollectionMetrics `json:"ItemCollectionMetrics,omitempty"`
}

// DeleteItemInput is the DeleteItem request.
type DeleteItemInput struct {
	ExpressionParams
	ConditionExpression                 *string                                `json:"ConditionExpression,omitempty"`
	ConditionalOperator                 string                                 `json:"ConditionalOperator,omitempty"`
	Expected                            map[string]expr.ExpectedAttributeValue `json:"Expected,omitempty"`
	Key                                 attr.Item                              `json:"Key"`
	ReturnConsumedCapacity              string                                 `json:"ReturnConsumedCapacity,omitempty"`
	ReturnItemCollectionMetrics         string                                 `json:"ReturnItemCollectionMetrics,omitempty"`
	ReturnValues                        string                                 `json:"ReturnValues,omitempty"`
	ReturnValuesOnConditionCheckFailure string                                 `json:"ReturnValuesOnConditionCheckFailure,omitempty"`
	TableName                           string                                 `json:"TableName"`
}

// DeleteItemOutput is the DeleteItem response.
type DeleteItemOutput struct {
	Attributes            attr.Item              `json:"Attributes,omitempty"`
	ConsumedCapacity      *ConsumedCapacity      `json:"ConsumedCapacity,omitempty"`
	ItemCollectionMetrics *ItemCollectionMetrics `json:"ItemCollectionMetrics,omitempty"`
}

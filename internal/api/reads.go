package api

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
)

// QueryInput is the Query request.
type QueryInput struct {
	ExpressionParams
	AttributesToGet        []string                        `json:"AttributesToGet,omitempty"`
	ConditionalOperator    string                          `json:"ConditionalOperator,omitempty"`
	ConsistentRead         *bool                           `json:"ConsistentRead,omitempty"`
	ExclusiveStartKey      attr.Item                       `json:"ExclusiveStartKey,omitempty"`
	FilterExpression       *string                         `json:"FilterExpression,omitempty"`
	IndexName              *string                         `json:"IndexName,omitempty"`
	KeyConditionExpression *string                         `json:"KeyConditionExpression,omitempty"`
	KeyConditions          map[string]expr.LegacyCondition `json:"KeyConditions,omitempty"`
	Limit                  *int64                          `json:"Limit,omitempty"`
	ProjectionExpression   *string                         `json:"ProjectionExpression,omitempty"`
	QueryFilter            map[string]expr.LegacyCondition `json:"QueryFilter,omitempty"`
	ReturnConsumedCapacity string                          `json:"ReturnConsumedCapacity,omitempty"`
	ScanIndexForward       *bool                           `json:"ScanIndexForward,omitempty"`
	Select                 string                          `json:"Select,omitempty"`
	TableName              string                          `json:"TableName"`
}

// QueryOutput is the Query response. Items is absent for Select=COUNT;
// LastEvaluatedKey is present whenever the page stopped before the end.
type QueryOutput struct {
	ConsumedCapacity *ConsumedCapacity `json:"ConsumedCapacity,omitempty"`
	Count            int64             `json:"Count"`
	Items            []attr.Item       `json:"Items,omitzero"`
	LastEvaluatedKey attr.Item         `json:"LastEvaluatedKey,omitempty"`
	ScannedCount     int64             `json:"ScannedCount"`
	// EncodedItems, when not nil, are the items in attr's binary item
	// encoding, as stored, in place of Items (nil then); see
	// GetItemOutput.EncodedItem.
	EncodedItems [][]byte `json:"-"`
}

// ScanInput is the Scan request.
type ScanInput struct {
	ExpressionParams
	AttributesToGet        []string                        `json:"AttributesToGet,omitempty"`
	ConditionalOperator    string                          `json:"ConditionalOperator,omitempty"`
	ConsistentRead         *bool                           `json:"ConsistentRead,omitempty"`
	ExclusiveStartKey      attr.Item                       `json:"ExclusiveStartKey,omitempty"`
	FilterExpression       *string                         `json:"FilterExpression,omitempty"`
	IndexName              *string                         `json:"IndexName,omitempty"`
	Limit                  *int64                          `json:"Limit,omitempty"`
	ProjectionExpression   *string                         `json:"ProjectionExpression,omitempty"`
	ReturnConsumedCapacity string                          `json:"ReturnConsumedCapacity,omitempty"`
	ScanFilter             map[string]expr.LegacyCondition `json:"ScanFilter,omitempty"`
	Segment                *int64                          `json:"Segment,omitempty"`
	Select                 string                          `json:"Select,omitempty"`
	TableName              string                          `json:"TableName"`
	TotalSegments          *int64                          `json:"TotalSegments,omitempty"`
}

// ScanOutput is the Scan response; see QueryOutput.
type ScanOutput QueryOutput

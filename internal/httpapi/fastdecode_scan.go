package httpapi

import "github.com/basalt-db/basalt/internal/api"

// The fast path of decoding Scan (see fastdecode.go): every member but the
// legacy ScanFilter, which it gives up on, as it gives up on everything
// fastDecoder gives up on everywhere.

// scanFields are the json names of ScanInput's fields, for
// fastDecoder.unknown; the test checks them against the struct.
var scanFields = []string{"ExpressionAttributeNames", "ExpressionAttributeValues", "AttributesToGet",
	"ConditionalOperator", "ConsistentRead", "ExclusiveStartKey", "FilterExpression", "IndexName", "Limit",
	"ProjectionExpression", "ReturnConsumedCapacity", "ScanFilter", "Segment", "Select", "TableName",
	"TotalSegments"}

// fastScan decodes a Scan body into in, or reports false for a body the
// general path must decode.
func fastScan(in *api.ScanInput, body []byte) bool {
	var d fastDecoder
	return d.members(body, func(name []byte) bool {
		switch string(name) {
		case "TableName":
			return d.once(0) && d.str(&in.TableName)
		case "Limit":
			return d.once(1) && d.int64Ptr(&in.Limit)
		case "ExclusiveStartKey":
			return d.once(2) && d.item(&in.ExclusiveStartKey)
		case "FilterExpression":
			return d.once(3) && d.strPtr(&in.FilterExpression)
		case "ProjectionExpression":
			return d.once(4) && d.strPtr(&in.ProjectionExpression)
		case "ExpressionAttributeNames":
			return d.once(5) && d.names(&in.ExpressionAttributeNames)
		case "ExpressionAttributeValues":
			return d.once(6) && d.values(&in.ExpressionAttributeValues)
		case "IndexName":
			return d.once(7) && d.strPtr(&in.IndexName)
		case "Segment":
			return d.once(8) && d.int64Ptr(&in.Segment)
		case "TotalSegments":
			return d.once(9) && d.int64Ptr(&in.TotalSegments)
		case "ConsistentRead":
			return d.once(10) && d.boolPtr(&in.ConsistentRead)
		case "Select":
			return d.once(11) && d.str(&in.Select)
		case "ReturnConsumedCapacity":
			return d.once(12) && d.str(&in.ReturnConsumedCapacity)
		case "AttributesToGet":
			return d.once(13) && d.strs(&in.AttributesToGet)
		case "ConditionalOperator":
			return d.once(14) && d.str(&in.ConditionalOperator)
		}
		return d.unknown(name, scanFields)
	})
}

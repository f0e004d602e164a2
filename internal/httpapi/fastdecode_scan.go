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
	r := readMembers{&in.TableName, &in.Select, &in.ReturnConsumedCapacity, &in.ConditionalOperator,
		&in.FilterExpression, &in.ProjectionExpression, &in.IndexName, &in.Limit, &in.ExclusiveStartKey,
		&in.ConsistentRead, &in.AttributesToGet, &in.ExpressionParams}
	return d.members(body, func(name []byte) bool {
		if ok, known := d.readMember(name, r); known {
			return ok
		}
		switch string(name) {
		case "Segment":
			return d.once(13) && d.int64Ptr(&in.Segment)
		case "TotalSegments":
			return d.once(14) && d.int64Ptr(&in.TotalSegments)
		}
		return d.unknown(name, scanFields)
	})
}

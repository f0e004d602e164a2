package httpapi

import (
	"bytes"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// The fast path of decoding, for the item operations' requests: one pass
// over the body with attr's scanner, straight into the api input, instead
// of json.Valid, then encoding/json's own validity scan, then its
// reflection, then attr's decoder again for every attribute value.
//
// It accepts only bodies that it decodes exactly as the general path does
// (decodeRequest after json.Valid), and gives up (false) on anything else:
// any fault, null, a member given twice, a member name with escapes or one
// that matches a field only case-insensitively (encoding/json would fill the
// field), and the legacy members (Expected, KeyConditions, …) it does not
// decode. The Handler then takes the general path from the start, so every
// error, and every unusual body, is answered as it always was.
// fastdecode_test.go checks both halves of that promise.

// fastDecoder decodes one body.
type fastDecoder struct {
	r    attr.JSONReader
	seen uint64 // members met, by field number
}

// members reads the body's top-level object, calling member for each member
// name; member decodes the value (or, for a name that is no field, passes
// it to unknown) or returns false.
func (d *fastDecoder) members(body []byte, member func(name []byte) bool) bool {
	d.r.Reset(body)
	if !d.r.Object() {
		return false
	}
	for i := 0; d.r.Next(i); i++ {
		name, ok := d.r.Name()
		if !ok || !member(name) {
			return false
		}
	}
	return d.r.End()
}

// once records field n as met; false if it was met before.
func (d *fastDecoder) once(n int) bool {
	bit := uint64(1) << n
	if d.seen&bit != 0 {
		return false
	}
	d.seen |= bit
	return true
}

// unknown skips the value of a member that names no field, unless the name
// matches one of fields case-insensitively.
func (d *fastDecoder) unknown(name []byte, fields []string) bool {
	for _, f := range fields {
		if bytes.EqualFold(name, []byte(f)) {
			return false
		}
	}
	return d.r.Skip()
}

func (d *fastDecoder) str(p *string) bool {
	s, ok := d.r.String()
	*p = s
	return ok
}

func (d *fastDecoder) strPtr(p **string) bool {
	s, ok := d.r.String()
	*p = &s
	return ok
}

func (d *fastDecoder) boolPtr(p **bool) bool {
	b, ok := d.r.Bool()
	*p = &b
	return ok
}

func (d *fastDecoder) int64Ptr(p **int64) bool {
	n, ok := d.r.Int64()
	*p = &n
	return ok
}

func (d *fastDecoder) item(p *attr.Item) bool {
	item, ok := d.r.Item()
	*p = item
	return ok
}

// strs reads an array of strings.
func (d *fastDecoder) strs(p *[]string) bool {
	if !d.r.Array() {
		return false
	}
	ss := []string{}
	for i := 0; d.r.NextElement(i); i++ {
		s, ok := d.r.String()
		if !ok {
			return false
		}
		ss = append(ss, s)
	}
	*p = ss
	return !d.r.Failed()
}

// names reads ExpressionAttributeNames.
func (d *fastDecoder) names(p *map[string]string) bool {
	if !d.r.Object() {
		return false
	}
	m := make(map[string]string)
	for i := 0; d.r.Next(i); i++ {
		k, ok := d.r.Key()
		if !ok {
			return false
		}
		if m[k], ok = d.r.String(); !ok {
			return false
		}
	}
	*p = m
	return !d.r.Failed()
}

// values reads ExpressionAttributeValues.
func (d *fastDecoder) values(p *map[string]attr.Value) bool {
	if !d.r.Object() {
		return false
	}
	m := make(map[string]attr.Value)
	for i := 0; d.r.Next(i); i++ {
		k, ok := d.r.Key()
		if !ok {
			return false
		}
		if m[k], ok = d.r.Value(); !ok {
			return false
		}
	}
	*p = m
	return !d.r.Failed()
}

// The json names of the inputs' fields, for fastDecoder.unknown; the test
// checks them against the structs.
var (
	getItemFields = []string{"ExpressionAttributeNames", "AttributesToGet", "ConsistentRead", "Key",
		"ProjectionExpression", "ReturnConsumedCapacity", "TableName"}
	putItemFields = []string{"ExpressionAttributeNames", "ExpressionAttributeValues", "ConditionExpression",
		"ConditionalOperator", "Expected", "Item", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics",
		"ReturnValues", "ReturnValuesOnConditionCheckFailure", "TableName"}
	deleteItemFields = []string{"ExpressionAttributeNames", "ExpressionAttributeValues", "ConditionExpression",
		"ConditionalOperator", "Expected", "Key", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics",
		"ReturnValues", "ReturnValuesOnConditionCheckFailure", "TableName"}
	updateItemFields = []string{"ExpressionAttributeNames", "ExpressionAttributeValues", "AttributeUpdates",
		"ConditionExpression", "ConditionalOperator", "Expected", "Key", "ReturnConsumedCapacity",
		"ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure", "TableName",
		"UpdateExpression"}
	queryFields = []string{"ExpressionAttributeNames", "ExpressionAttributeValues", "AttributesToGet",
		"ConditionalOperator", "ConsistentRead", "ExclusiveStartKey", "FilterExpression", "IndexName",
		"KeyConditionExpression", "KeyConditions", "Limit", "ProjectionExpression", "QueryFilter",
		"ReturnConsumedCapacity", "ScanIndexForward", "Select", "TableName"}
)

func fastGetItem(in *api.GetItemInput, body []byte) bool {
	var d fastDecoder
	return d.members(body, func(name []byte) bool {
		switch string(name) {
		case "TableName":
			return d.once(0) && d.str(&in.TableName)
		case "Key":
			return d.once(1) && d.item(&in.Key)
		case "ConsistentRead":
			return d.once(2) && d.boolPtr(&in.ConsistentRead)
		case "ProjectionExpression":
			return d.once(3) && d.strPtr(&in.ProjectionExpression)
		case "ExpressionAttributeNames":
			return d.once(4) && d.names(&in.ExpressionAttributeNames)
		case "ReturnConsumedCapacity":
			return d.once(5) && d.str(&in.ReturnConsumedCapacity)
		case "AttributesToGet":
			return d.once(6) && d.strs(&in.AttributesToGet)
		}
		return d.unknown(name, getItemFields)
	})
}

// writeMembers points at the members PutItem, DeleteItem and UpdateItem
// share.
type writeMembers struct {
	table, condOp, rv, rcc, ricm, rvcf *string
	cond                               **string
	params                             *api.ExpressionParams
}

// writeMember decodes a member writeMembers names into w, using field
// numbers 0 to 8; known reports whether name is one of them.
func (d *fastDecoder) writeMember(name []byte, w writeMembers) (ok, known bool) {
	switch string(name) {
	case "TableName":
		return d.once(0) && d.str(w.table), true
	case "ConditionExpression":
		return d.once(1) && d.strPtr(w.cond), true
	case "ExpressionAttributeNames":
		return d.once(2) && d.names(&w.params.ExpressionAttributeNames), true
	case "ExpressionAttributeValues":
		return d.once(3) && d.values(&w.params.ExpressionAttributeValues), true
	case "ReturnValues":
		return d.once(4) && d.str(w.rv), true
	case "ReturnConsumedCapacity":
		return d.once(5) && d.str(w.rcc), true
	case "ReturnItemCollectionMetrics":
		return d.once(6) && d.str(w.ricm), true
	case "ReturnValuesOnConditionCheckFailure":
		return d.once(7) && d.str(w.rvcf), true
	case "ConditionalOperator":
		return d.once(8) && d.str(w.condOp), true
	}
	return false, false
}

func fastPutItem(in *api.PutItemInput, body []byte) bool {
	var d fastDecoder
	w := writeMembers{&in.TableName, &in.ConditionalOperator, &in.ReturnValues, &in.ReturnConsumedCapacity,
		&in.ReturnItemCollectionMetrics, &in.ReturnValuesOnConditionCheckFailure, &in.ConditionExpression,
		&in.ExpressionParams}
	return d.members(body, func(name []byte) bool {
		if ok, known := d.writeMember(name, w); known {
			return ok
		}
		if string(name) == "Item" {
			return d.once(9) && d.item(&in.Item)
		}
		return d.unknown(name, putItemFields)
	})
}

func fastDeleteItem(in *api.DeleteItemInput, body []byte) bool {
	var d fastDecoder
	w := writeMembers{&in.TableName, &in.ConditionalOperator, &in.ReturnValues, &in.ReturnConsumedCapacity,
		&in.ReturnItemCollectionMetrics, &in.ReturnValuesOnConditionCheckFailure, &in.ConditionExpression,
		&in.ExpressionParams}
	return d.members(body, func(name []byte) bool {
		if ok, known := d.writeMember(name, w); known {
			return ok
		}
		if string(name) == "Key" {
			return d.once(9) && d.item(&in.Key)
		}
		return d.unknown(name, deleteItemFields)
	})
}

func fastUpdateItem(in *api.UpdateItemInput, body []byte) bool {
	var d fastDecoder
	w := writeMembers{&in.TableName, &in.ConditionalOperator, &in.ReturnValues, &in.ReturnConsumedCapacity,
		&in.ReturnItemCollectionMetrics, &in.ReturnValuesOnConditionCheckFailure, &in.ConditionExpression,
		&in.ExpressionParams}
	return d.members(body, func(name []byte) bool {
		if ok, known := d.writeMember(name, w); known {
			return ok
		}
		switch string(name) {
		case "Key":
			return d.once(9) && d.item(&in.Key)
		case "UpdateExpression":
			return d.once(10) && d.strPtr(&in.UpdateExpression)
		}
		return d.unknown(name, updateItemFields)
	})
}

// readMembers points at the members Query and Scan share.
type readMembers struct {
	table, sel, rcc, condOp   *string
	filter, projection, index **string
	limit                     **int64
	start                     *attr.Item
	consistent                **bool
	attributesToGet           *[]string
	params                    *api.ExpressionParams
}

// readMember decodes a member readMembers names into r, using field
// numbers 0 to 12; known reports whether name is one of them.
func (d *fastDecoder) readMember(name []byte, r readMembers) (ok, known bool) {
	switch string(name) {
	case "TableName":
		return d.once(0) && d.str(r.table), true
	case "ExpressionAttributeNames":
		return d.once(1) && d.names(&r.params.ExpressionAttributeNames), true
	case "ExpressionAttributeValues":
		return d.once(2) && d.values(&r.params.ExpressionAttributeValues), true
	case "FilterExpression":
		return d.once(3) && d.strPtr(r.filter), true
	case "ProjectionExpression":
		return d.once(4) && d.strPtr(r.projection), true
	case "IndexName":
		return d.once(5) && d.strPtr(r.index), true
	case "Limit":
		return d.once(6) && d.int64Ptr(r.limit), true
	case "ExclusiveStartKey":
		return d.once(7) && d.item(r.start), true
	case "ConsistentRead":
		return d.once(8) && d.boolPtr(r.consistent), true
	case "Select":
		return d.once(9) && d.str(r.sel), true
	case "ReturnConsumedCapacity":
		return d.once(10) && d.str(r.rcc), true
	case "AttributesToGet":
		return d.once(11) && d.strs(r.attributesToGet), true
	case "ConditionalOperator":
		return d.once(12) && d.str(r.condOp), true
	}
	return false, false
}

func fastQuery(in *api.QueryInput, body []byte) bool {
	var d fastDecoder
	r := readMembers{&in.TableName, &in.Select, &in.ReturnConsumedCapacity, &in.ConditionalOperator,
		&in.FilterExpression, &in.ProjectionExpression, &in.IndexName, &in.Limit, &in.ExclusiveStartKey,
		&in.ConsistentRead, &in.AttributesToGet, &in.ExpressionParams}
	return d.members(body, func(name []byte) bool {
		if ok, known := d.readMember(name, r); known {
			return ok
		}
		switch string(name) {
		case "KeyConditionExpression":
			return d.once(13) && d.strPtr(&in.KeyConditionExpression)
		case "ScanIndexForward":
			return d.once(14) && d.boolPtr(&in.ScanIndexForward)
		}
		return d.unknown(name, queryFields)
	})
}

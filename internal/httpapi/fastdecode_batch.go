package httpapi

import (
	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// The fast path of decoding BatchWriteItem (see fastdecode.go): the
// RequestItems map of table names to lists of WriteRequests, each a
// PutRequest's Item or a DeleteRequest's Key, in one pass. Beyond what
// fastDecoder gives up on everywhere, it gives up on a table named twice
// in RequestItems and on a member given twice in any object it decodes
// (encoding/json would replace the list, or decode into the request
// already there).

// The json names of the batch shapes' fields, for fastDecoder.unknown.
var (
	batchWriteItemFields = []string{"RequestItems", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"}
	writeRequestFields   = []string{"DeleteRequest", "PutRequest"}
)

func fastBatchWriteItem(in *api.BatchWriteItemInput, body []byte) bool {
	var d fastDecoder
	return d.members(body, func(name []byte) bool {
		switch string(name) {
		case "RequestItems":
			return d.once(0) && d.writeRequestItems(&in.RequestItems)
		case "ReturnConsumedCapacity":
			return d.once(1) && d.str(&in.ReturnConsumedCapacity)
		case "ReturnItemCollectionMetrics":
			return d.once(2) && d.str(&in.ReturnItemCollectionMetrics)
		}
		return d.unknown(name, batchWriteItemFields)
	})
}

// writeRequestItems reads BatchWriteItem's RequestItems.
func (d *fastDecoder) writeRequestItems(p *map[string][]api.WriteRequest) bool {
	if !d.r.Object() {
		return false
	}
	m := make(map[string][]api.WriteRequest, 1)
	for i := 0; d.r.Next(i); i++ {
		table, ok := d.r.Key()
		if !ok {
			return false
		}
		if _, dup := m[table]; dup {
			return false
		}
		if m[table], ok = d.writeRequests(); !ok {
			return false
		}
	}
	*p = m
	return !d.r.Failed()
}

// writeRequests reads one table's list of WriteRequests.
func (d *fastDecoder) writeRequests() ([]api.WriteRequest, bool) {
	if !d.r.Array() {
		return nil, false
	}
	rs := make([]api.WriteRequest, 0, 25) // AWS's limit, and what clients send
	for i := 0; d.r.NextElement(i); i++ {
		var r api.WriteRequest
		if !d.writeRequest(&r) {
			return nil, false
		}
		rs = append(rs, r)
	}
	return rs, !d.r.Failed()
}

// writeRequest reads one WriteRequest.
func (d *fastDecoder) writeRequest(r *api.WriteRequest) bool {
	if !d.r.Object() {
		return false
	}
	for i := 0; d.r.Next(i); i++ {
		name, ok := d.r.Name()
		if !ok {
			return false
		}
		switch string(name) {
		case "PutRequest":
			if r.PutRequest != nil {
				return false
			}
			r.PutRequest = &api.PutRequest{}
			ok = d.itemMember(&r.PutRequest.Item, "Item")
		case "DeleteRequest":
			if r.DeleteRequest != nil {
				return false
			}
			r.DeleteRequest = &api.DeleteRequest{}
			ok = d.itemMember(&r.DeleteRequest.Key, "Key")
		default:
			ok = d.unknown(name, writeRequestFields)
		}
		if !ok {
			return false
		}
	}
	return !d.r.Failed()
}

// itemMember reads a PutRequest or DeleteRequest: an object whose one
// field, field, is an item.
func (d *fastDecoder) itemMember(p *attr.Item, field string) bool {
	if !d.r.Object() {
		return false
	}
	fields := [1]string{field}
	for i := 0; d.r.Next(i); i++ {
		name, ok := d.r.Name()
		if !ok {
			return false
		}
		if string(name) == field {
			ok = *p == nil && d.item(p)
		} else {
			ok = d.unknown(name, fields[:])
		}
		if !ok {
			return false
		}
	}
	return !d.r.Failed()
}

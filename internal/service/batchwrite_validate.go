package service

import (
	"context"
	"strconv"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Messages of BatchWriteItem's checks. A WriteRequest with neither or both
// of PutRequest and DeleteRequest gets AWS's message for an attribute value
// with several types, as AWS words it.
const (
	msgWriteRequestShape = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	msgBatchWriteTooMany = "Too many items requested for the BatchWriteItem call"
	msgItemTooLarge      = "Item size has exceeded the maximum allowed size"
	ruleMapValues        = "Map value must satisfy constraint: [Member must have length less than or equal to 25, " +
		"Member must have length greater than or equal to 1]"
)

// batchWrite is one checked request of a BatchWriteItem.
type batchWrite struct {
	t    *catalog.Table
	key  []byte    // the item's storage key
	item attr.Item // the item to put; nil for a delete
	size int       // attr.ItemSize(item); 0 for a delete
}

// checkBatchWrite validates a BatchWriteItem in AWS's layers (see
// DESIGN.md), so that nothing is written unless every request is valid:
// field constraints; then, request by request, its shape, its values, the
// item size and the request count; then the tables; then every item's key
// against its table's schema and keys repeated in the batch. It returns the
// tables' names in order and the writes, tables in name order and requests
// in request order.
func (s *Service) checkBatchWrite(ctx context.Context, in *api.BatchWriteItemInput) ([]string, []batchWrite, error) {
	names := sortedKeys(in.RequestItems)
	if err := batchWriteConstraints(in, names); err != nil {
		return nil, nil, err
	}
	sizes, err := checkBatchWriteParams(in.RequestItems, names)
	if err != nil {
		return nil, nil, err
	}
	tables, err := s.batchTables(ctx, "BatchWriteItem", names)
	if err != nil {
		return nil, nil, err
	}
	writes := make([]batchWrite, 0, maxBatchWriteRequests)
	seen := make(keySet, maxBatchWriteRequests)
	for _, n := range names {
		t := tables[n]
		for _, r := range in.RequestItems[n] {
			w, err := checkWriteKey(t, r)
			if err != nil {
				return nil, nil, err
			}
			w.size = sizes[len(writes)]
			if !seen.add(w.key) {
				return nil, nil, apierr.New(apierr.Validation, msgBatchDuplicateKeys)
			}
			writes = append(writes, w)
		}
	}
	return names, writes, nil
}

// batchWriteConstraints is the first layer: the Return* enumerations, the
// RequestItems map (its keys, then its lists of 1 to 25 requests, each rule
// reported once with the map echoed), and the Item or Key of every
// PutRequest or DeleteRequest given, all reported together.
func batchWriteConstraints(in *api.BatchWriteItemInput, names []string) error {
	var c constraints
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.enum(in.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", enumReturnItemCollection...)
	echo := func() string { return echoWriteItems(in.RequestItems) }
	c.requestItems(in.RequestItems == nil, names, echo)
	for _, n := range names {
		if l := len(in.RequestItems[n]); l == 0 || l > maxBatchWriteRequests {
			v := echo()
			c.add(&v, "requestItems", ruleMapValues)
			break
		}
	}
	for _, n := range names {
		for i, r := range in.RequestItems[n] {
			// The field is named only for a violation: most batches have none.
			field := func(member string) string {
				return "requestItems." + n + ".member." + strconv.Itoa(i+1) + ".member." + member
			}
			if r.DeleteRequest != nil && r.DeleteRequest.Key == nil {
				c.required(false, field("deleteRequest.key"))
			}
			if r.PutRequest != nil && r.PutRequest.Item == nil {
				c.required(false, field("putRequest.item"))
			}
		}
	}
	return c.err()
}

// checkBatchWriteParams is the second layer, table by table in name order
// and request by request: exactly one of PutRequest and DeleteRequest, the
// attribute values of its Item or Key (numbers normalised in place), the
// size of a put item, and more than 25 requests in all. It returns the
// size of every request's put item (0 for a delete), in that order.
func checkBatchWriteParams(items map[string][]api.WriteRequest, names []string) ([]int, error) {
	sizes := make([]int, 0, maxBatchWriteRequests)
	for _, n := range names {
		for _, r := range items[n] {
			if (r.PutRequest == nil) == (r.DeleteRequest == nil) {
				return nil, apierr.New(apierr.Validation, msgWriteRequestShape)
			}
			size := 0
			if r.DeleteRequest != nil {
				if err := attr.ValidateItem(r.DeleteRequest.Key); err != nil {
					return nil, err
				}
			} else {
				if err := attr.ValidateItem(r.PutRequest.Item); err != nil {
					return nil, err
				}
				if size = attr.ItemSize(r.PutRequest.Item); size > attr.MaxItemSize {
					return nil, apierr.New(apierr.Validation, msgItemTooLarge)
				}
			}
			if sizes = append(sizes, size); len(sizes) > maxBatchWriteRequests {
				return nil, apierr.New(apierr.Validation, msgBatchWriteTooMany)
			}
		}
	}
	return sizes, nil
}

// checkWriteKey checks the key of one request against table t: a delete's
// Key must be exactly the key attributes, as DeleteItem's; a put item must
// hold the key attributes with their types. Either fault is AWS's "The
// provided key element does not match the schema", then empty and
// oversized key values as for the single-item operations.
func checkWriteKey(t *catalog.Table, r api.WriteRequest) (batchWrite, error) {
	w := batchWrite{t: t}
	var k primaryKey
	var err error
	if r.DeleteRequest != nil {
		k, err = keyOfKey(t, r.DeleteRequest.Key)
	} else {
		w.item = r.PutRequest.Item
		k, err = keyOfKeyAttrs(t, w.item)
	}
	if err != nil {
		return w, err
	}
	w.key, err = k.storageKey(t)
	return w, err
}

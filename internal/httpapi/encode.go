package httpapi

import (
	"strconv"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// The hot answers (GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan)
// are encoded by hand: the same bytes marshal writes, without reflection,
// without encoding/json's copy and re-scan of every attribute value's
// MarshalJSON, and into the exchange's reused buffer. Members are written
// in the api struct's field order with its omitempty/omitzero rules; the
// rarely present nested structures (ConsumedCapacity,
// ItemCollectionMetrics) go through marshal itself. Items the service
// returns as stored (EncodedItem, EncodedItems) are written straight from
// their binary encoding, as if decoded. encode_test.go checks the bytes
// against marshal.

// appendOutput appends the JSON of out, one of the operations' outputs, as
// marshal would encode it. ok is false for a shape it does not encode by
// hand, which the caller then marshals; err is marshal's error for a value
// it cannot encode (a zero attribute value).
func appendOutput(dst []byte, out any) (b []byte, ok bool, err error) {
	switch o := out.(type) {
	case struct{}:
		return append(dst, "{}"...), true, nil
	case *api.GetItemOutput:
		b, err = appendGetItem(dst, o)
	case *api.PutItemOutput:
		b, err = appendWriteOutput(dst, o.Attributes, o.ConsumedCapacity, o.ItemCollectionMetrics)
	case *api.UpdateItemOutput:
		b, err = appendWriteOutput(dst, o.Attributes, o.ConsumedCapacity, o.ItemCollectionMetrics)
	case *api.DeleteItemOutput:
		b, err = appendWriteOutput(dst, o.Attributes, o.ConsumedCapacity, o.ItemCollectionMetrics)
	case *api.QueryOutput:
		b, err = appendReadOutput(dst, o)
	case *api.ScanOutput:
		b, err = appendReadOutput(dst, (*api.QueryOutput)(o))
	default:
		return dst, false, nil
	}
	if err != nil {
		return dst, true, err
	}
	return b, true, nil
}

// member appends the name of a member, preceded by a comma unless it is
// the object's first.
func member(b []byte, first *bool, name string) []byte {
	if *first {
		*first = false
	} else {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// appendMarshaled appends v as marshal encodes it.
func appendMarshaled(b []byte, v any) ([]byte, error) {
	enc, err := marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, enc...), nil
}

func appendGetItem(b []byte, o *api.GetItemOutput) ([]byte, error) {
	var err error
	first := true
	b = append(b, '{')
	if o.ConsumedCapacity != nil {
		if b, err = appendMarshaled(member(b, &first, "ConsumedCapacity"), o.ConsumedCapacity); err != nil {
			return b, err
		}
	}
	switch {
	case o.EncodedItem != nil:
		if b, err = attr.AppendEncodedItemJSON(member(b, &first, "Item"), o.EncodedItem); err != nil {
			return b, err
		}
	case o.Item != nil:
		if b, err = attr.AppendItemMapJSON(member(b, &first, "Item"), o.Item); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendWriteOutput encodes PutItemOutput, UpdateItemOutput and
// DeleteItemOutput, which have the same members.
func appendWriteOutput(b []byte, attrs attr.Item, cc *api.ConsumedCapacity, icm *api.ItemCollectionMetrics) ([]byte, error) {
	var err error
	first := true
	b = append(b, '{')
	if len(attrs) > 0 {
		if b, err = attr.AppendItemMapJSON(member(b, &first, "Attributes"), attrs); err != nil {
			return b, err
		}
	}
	if cc != nil {
		if b, err = appendMarshaled(member(b, &first, "ConsumedCapacity"), cc); err != nil {
			return b, err
		}
	}
	if icm != nil {
		if b, err = appendMarshaled(member(b, &first, "ItemCollectionMetrics"), icm); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendReadOutput encodes QueryOutput and ScanOutput.
func appendReadOutput(b []byte, o *api.QueryOutput) ([]byte, error) {
	var err error
	first := true
	b = append(b, '{')
	if o.ConsumedCapacity != nil {
		if b, err = appendMarshaled(member(b, &first, "ConsumedCapacity"), o.ConsumedCapacity); err != nil {
			return b, err
		}
	}
	b = strconv.AppendInt(member(b, &first, "Count"), o.Count, 10)
	switch {
	case o.EncodedItems != nil:
		if b, err = appendArray(member(b, &first, "Items"), o.EncodedItems, attr.AppendEncodedItemJSON); err != nil {
			return b, err
		}
	case o.Items != nil:
		if b, err = appendArray(member(b, &first, "Items"), o.Items, attr.AppendItemMapJSON); err != nil {
			return b, err
		}
	}
	if len(o.LastEvaluatedKey) > 0 {
		if b, err = attr.AppendItemMapJSON(member(b, &first, "LastEvaluatedKey"), o.LastEvaluatedKey); err != nil {
			return b, err
		}
	}
	b = strconv.AppendInt(member(b, &first, "ScannedCount"), o.ScannedCount, 10)
	return append(b, '}'), nil
}

// appendArray appends xs as a JSON array, each element by appendElem.
func appendArray[T any](b []byte, xs []T, appendElem func([]byte, T) ([]byte, error)) ([]byte, error) {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendElem(b, x); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

package service

import (
	"bytes"
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// maxTotalSegments is the most segments a parallel Scan may have.
const maxTotalSegments = 1000000

// Scan reads every item of the table, or of one segment of a parallel
// scan, one page at a time. Items come in key order: by partition hash,
// then sort key, so a table's partitions come in an order unrelated to
// their values, as in DynamoDB.
func (s *Service) Scan(ctx context.Context, in *api.ScanInput) (*api.ScanOutput, error) {
	if err := scanConstraints(in); err != nil {
		return nil, err
	}
	exprs, err := compileScan(in)
	if err != nil {
		return nil, err
	}
	t, err := s.itemTable(ctx, "Scan", in.TableName)
	if err != nil {
		return nil, err
	}
	rt, err := s.newReadTarget(t, deref(in.IndexName), in.Select, deref(in.ConsistentRead))
	if err != nil {
		return nil, err
	}
	req := newPageRequest(rt, in.Select, exprs, deref(in.Limit))
	if req.lower, req.upper, err = scanSpan(rt, in.Segment, in.TotalSegments); err != nil {
		return nil, err
	}
	if in.ExclusiveStartKey != nil {
		start, err := scanStart(rt, in.ExclusiveStartKey, req.lower, req.upper, in.TotalSegments != nil)
		if err != nil {
			return nil, err
		}
		req.lower, req.upper = startAfter(req.lower, req.upper, start, false)
	}
	p, err := s.readPage(ctx, req)
	if err != nil {
		return nil, err
	}
	return (*api.ScanOutput)(p.output(rt, in.ReturnConsumedCapacity, deref(in.ConsistentRead))), nil
}

// scanConstraints checks Scan's members, in the order AWS reports them.
func scanConstraints(in *api.ScanInput) error {
	var c constraints
	c.enum(in.Select, "select", enumSelect...)
	c.indexName(in.IndexName)
	c.intRange(in.TotalSegments, "totalSegments", 1, maxTotalSegments)
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.tableName(in.TableName)
	c.enum(in.ConditionalOperator, "conditionalOperator", enumReadConditional...)
	c.legacyConditions(in.ScanFilter, "scanFilter")
	c.intRange(in.Segment, "segment", 0, maxTotalSegments-1)
	c.attributesToGet(in.AttributesToGet)
	c.intRange(in.Limit, "limit", 1, 0)
	return c.err()
}

// compileScan checks and parses Scan's expressions and legacy parameters,
// its starting key's values and its segment parameters.
func compileScan(in *api.ScanInput) (compiled, error) {
	r := exprRequest{
		params:          in.ExpressionParams,
		valueExprs:      scanValueExprs,
		projection:      in.ProjectionExpression,
		filter:          in.FilterExpression,
		conditionalOp:   in.ConditionalOperator,
		attributesToGet: in.AttributesToGet,
		legacyFilter:    in.ScanFilter,
		filterParam:     "ScanFilter",
	}
	if err := checkMixing(r); err != nil {
		return compiled{}, err
	}
	if err := validateStartKey(in.ExclusiveStartKey); err != nil {
		return compiled{}, err
	}
	if err := checkSegments(in.Segment, in.TotalSegments); err != nil {
		return compiled{}, err
	}
	exprs, err := compile(r)
	if err != nil {
		return compiled{}, err
	}
	return exprs, selectRules(in.Select, projParam(in.ProjectionExpression, in.AttributesToGet), deref(in.IndexName))
}

// checkSegments checks that Segment and TotalSegments come together and
// that the segment is one of the total.
func checkSegments(segment, total *int64) error {
	switch {
	case segment != nil && total == nil:
		return apierr.New(apierr.Validation, "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	case total != nil && segment == nil:
		return apierr.New(apierr.Validation, "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
	case total != nil && *segment >= *total:
		return apierr.Newf(apierr.Validation, "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *segment, *total)
	}
	return nil
}

// scanSpan returns the key range a Scan reads: the table or index, or one
// segment of it.
func scanSpan(rt readTarget, segment, total *int64) (lower, upper []byte, err error) {
	switch {
	case rt.ix == nil && total == nil:
		lower, upper = keycodec.TableSpan(rt.t.ID)
		return lower, upper, nil
	case rt.ix == nil:
		return keycodec.SegmentSpan(rt.t.ID, int(*segment), int(*total))
	case total == nil:
		lower, upper = keycodec.IndexSpan(rt.t.ID, rt.ix.Ordinal)
		return lower, upper, nil
	}
	return keycodec.IndexSegmentSpan(rt.t.ID, rt.ix.Ordinal, len(rt.ix.HashKeys), int(*segment), int(*total))
}

// scanStart checks a Scan's ExclusiveStartKey against the key schema of
// what it reads and, for a parallel scan, the segment's range, and returns
// its storage key.
func scanStart(rt readTarget, start attr.Item, lower, upper []byte, parallel bool) ([]byte, error) {
	if rt.ix == nil {
		if _, err := keyOfKey(rt.t, start); err != nil {
			return nil, startKeyError(err)
		}
	} else if err := checkIndexStart(rt, start); err != nil {
		return nil, err
	}
	key, err := rt.position(start)
	if err != nil {
		return nil, err
	}
	if parallel && (bytes.Compare(key, lower) < 0 || (upper != nil && bytes.Compare(key, upper) >= 0)) {
		return nil, apierr.New(apierr.Validation, "The provided Exclusive start key does not map to the provided Segment and TotalSegments values.")
	}
	return key, nil
}

// checkIndexStart checks the ExclusiveStartKey of a Scan of an index: the
// index's and the table's key attributes, of their types, and nothing else.
func checkIndexStart(rt readTarget, start attr.Item) error {
	names := rt.startKeyNames()
	if len(start) != len(names) {
		return apierr.New(apierr.Validation, msgStartKeyInvalid)
	}
	for _, ka := range names {
		if err := checkStartAttr(ka, start); err != nil {
			return startKeyError(err)
		}
	}
	return checkKeyValues(rt.t, tableKey(rt.t, start))
}

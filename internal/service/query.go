package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/expr"
)

// The enumerations of Query and Scan, in the order AWS's messages list them.
var (
	enumSelect          = []string{"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}
	enumReadConditional = []string{"OR", "AND"}
)

// The expressions of Query and Scan that can use values (exprRequest's
// valueExprs), shared by every request.
var (
	queryValueExprs = []string{"FilterExpression", "KeyConditionExpression"}
	scanValueExprs  = []string{"FilterExpression"}
)

// Query reads the items of one partition, or those of its items whose sort
// key meets a condition, in sort-key order, one page at a time.
func (s *Service) Query(ctx context.Context, in *api.QueryInput) (*api.QueryOutput, error) {
	if err := queryConstraints(in); err != nil {
		return nil, err
	}
	exprs, kc, err := compileQuery(in)
	if err != nil {
		return nil, err
	}
	t, err := s.itemTable(ctx, "Query", in.TableName)
	if err != nil {
		return nil, err
	}
	rt, err := s.newReadTarget(t, deref(in.IndexName), in.Select, deref(in.ConsistentRead))
	if err != nil {
		return nil, err
	}
	span, err := planQuery(rt, kc, in.ExclusiveStartKey)
	if err != nil {
		return nil, err
	}
	if err := filterAvoidsKeys(rt, exprs.filter, in.FilterExpression != nil); err != nil {
		return nil, err
	}
	req := newPageRequest(rt, in.Select, exprs, deref(in.Limit))
	req.lower, req.upper = span.lower, span.upper
	req.reverse = in.ScanIndexForward != nil && !*in.ScanIndexForward
	if in.ExclusiveStartKey != nil {
		start, err := rt.position(in.ExclusiveStartKey) // checked by planQuery
		if err != nil {
			return nil, err
		}
		req.lower, req.upper = startAfter(req.lower, req.upper, start, req.reverse)
	}
	p, err := s.readPage(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.output(rt, in.ReturnConsumedCapacity, deref(in.ConsistentRead)), nil
}

// queryConstraints checks Query's members, in the order AWS reports them.
func queryConstraints(in *api.QueryInput) error {
	var c constraints
	c.enum(in.Select, "select", enumSelect...)
	c.indexName(in.IndexName)
	c.enum(in.ReturnConsumedCapacity, "returnConsumedCapacity", enumReturnConsumed...)
	c.legacyConditions(in.QueryFilter, "queryFilter")
	c.tableName(in.TableName)
	c.enum(in.ConditionalOperator, "conditionalOperator", enumReadConditional...)
	c.attributesToGet(in.AttributesToGet)
	c.intRange(in.Limit, "limit", 1, 0)
	c.legacyConditions(in.KeyConditions, "keyConditions")
	return c.err()
}

// compileQuery checks and parses Query's expressions and legacy
// parameters, and brings its key condition to keyConds: the rules that
// need no table.
func compileQuery(in *api.QueryInput) (compiled, keyConds, error) {
	r := exprRequest{
		params:          in.ExpressionParams,
		valueExprs:      queryValueExprs,
		projection:      in.ProjectionExpression,
		filter:          in.FilterExpression,
		keyCondition:    in.KeyConditionExpression,
		conditionalOp:   in.ConditionalOperator,
		attributesToGet: in.AttributesToGet,
		legacyFilter:    in.QueryFilter,
		filterParam:     "QueryFilter",
		keyConditions:   in.KeyConditions,
	}
	if err := checkMixing(r); err != nil {
		return compiled{}, nil, err
	}
	if err := validateLegacyConds(in.KeyConditions); err != nil {
		return compiled{}, nil, err
	}
	if err := validateStartKey(in.ExclusiveStartKey); err != nil {
		return compiled{}, nil, err
	}
	if in.KeyConditions == nil && in.KeyConditionExpression == nil {
		return compiled{}, nil, apierr.New(apierr.Validation,
			"Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	}
	exprs, kc, err := compileQueryExprs(in, r)
	if err != nil {
		return compiled{}, nil, err
	}
	if err := selectRules(in.Select, projParam(in.ProjectionExpression, in.AttributesToGet), deref(in.IndexName)); err != nil {
		// Query, unlike Scan, words these as a field constraint.
		e, _ := apierr.From(err)
		return compiled{}, nil, apierr.New(apierr.Validation, "1 validation error detected: "+e.Message)
	}
	return exprs, kc, nil
}

// compileQueryExprs compiles r, the expression request of in, and returns
// in's key condition as keyConds: through the cache of key condition
// shapes when the key condition is the only expression (compileKeyCondition).
func compileQueryExprs(in *api.QueryInput, r exprRequest) (compiled, keyConds, error) {
	if r.keyCondOnly() {
		return compileKeyCondition(in, r)
	}
	exprs, err := compile(r)
	if err != nil {
		return compiled{}, nil, err
	}
	kc, err := queryKeyConds(in, exprs)
	if err != nil {
		return compiled{}, nil, err
	}
	return exprs, kc, nil
}

// queryKeyConds returns the request's key condition as keyConds: one or
// two conditions.
func queryKeyConds(in *api.QueryInput, exprs compiled) (keyConds, error) {
	var kc keyConds
	if exprs.keyCond != nil {
		var err error
		if kc, err = keyCondsOfExpression(exprs.keyCond); err != nil {
			return nil, err
		}
	} else {
		if _, err := expr.TranslateConditions(in.KeyConditions, ""); err != nil {
			return nil, err
		}
		kc = keyCondsOfLegacy(in.KeyConditions)
	}
	if len(kc) < 1 || len(kc) > 8 { // a table has at most 2 key attributes, an index 8 (planQuery)
		return nil, apierr.New(apierr.Validation, "Conditions can be of length 1 or 2 only")
	}
	return kc, nil
}

// filterAvoidsKeys checks that a Query's filter names no key attribute of
// what it reads (the table's keys, or the index's). expression tells a
// FilterExpression from a QueryFilter, whose messages differ.
func filterAvoidsKeys(rt readTarget, filter expr.Condition, expression bool) error {
	var found string
	expr.ConditionPaths(filter, func(p expr.Path) {
		if name := p[0].Name; found == "" && rt.isKey(name) {
			found = name
		}
	})
	if found == "" {
		return nil
	}
	param := "QueryFilter"
	if expression {
		param = "Filter Expression"
	}
	return apierr.Newf(apierr.Validation, "%s can only contain non-primary key attributes: Primary key attribute: %s", param, found)
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

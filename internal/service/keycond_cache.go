package service

import (
	"slices"
	"strings"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// Key conditions of Query, remembered by shape. Clients send the same
// KeyConditionExpression with the same names over and over, each time
// with other values ("pk = :p", a new :p per partition), and parsing and
// checking it costs more than planning the read. What the parser decides
// about an expression made only of comparisons (=, <, <=, >, >=) and
// begins_with, joined by AND, depends on its text, the names, and which
// value placeholders are defined with which types, never on the values
// themselves (only BETWEEN's bounds and attribute_type look at values, and
// neither is remembered). So a request whose expression, names and value
// types match an earlier one's has that request's keyConds, with its own
// values put in: the same answer, without the parse.
//
// Only a request with no other expression and no legacy parameter is
// looked up, and only a successful parse is remembered; everything else
// is compiled as before. The cache is bounded as compiledExprs is: at most
// maxCachedExprs entries (the oldest is dropped to make room) of keys of
// at most maxCacheKey bytes.

// keyCondShapes is the process's cache of key condition shapes: a pure
// function of its keys, whichever Service asks.
var keyCondShapes = newBoundedCache[keyCondShape](maxCachedExprs)

// keyCondShape is a key condition with its values left out: for each
// condition, its attribute, operator, and value placeholders in order.
type keyCondShape []keyCondPart

type keyCondPart struct {
	name, op string
	refs     []string
}

// compileKeyCondition is compile(r) followed by queryKeyConds for a Query
// whose only expression is its KeyConditionExpression and that has no
// legacy parameter (keyCondOnly), from the cache when its shape was met
// before. On a hit the compiled trees are empty: a key condition's tree is
// only ever read as keyConds.
func compileKeyCondition(in *api.QueryInput, r exprRequest) (compiled, keyConds, error) {
	if err := checkExprMaps(r.params, true, r.valueExprs); err != nil {
		return compiled{}, nil, err // as compile answers, before any parse
	}
	var buf [256]byte
	key, ok := appendKeyCondKey(buf[:0], *r.keyCondition, r.params)
	if ok {
		if shape, hit := keyCondShapes.get(key); hit {
			return compiled{}, shape.conds(r.params.ExpressionAttributeValues), nil
		}
	}
	exprs, err := compileExpressions(r)
	if err != nil {
		return compiled{}, nil, err
	}
	kc, err := queryKeyConds(in, exprs)
	if err != nil {
		return compiled{}, nil, err
	}
	if ok {
		if shape, ok := shapeOf(kc); ok {
			keyCondShapes.put(string(key), shape)
		}
	}
	return exprs, kc, nil
}

// keyCondOnly reports whether a Query's expression request r may be
// looked up by compileKeyCondition: a KeyConditionExpression, no other
// expression, no legacy parameter, and few names and values.
func (r *exprRequest) keyCondOnly() bool {
	return r.keyCondition != nil && r.condition == nil && r.update == nil && r.projection == nil &&
		r.filter == nil && !r.usesLegacy() && r.fewMaps()
}

// conds fills the shape in with values: the keyConds a parse of its
// expression gives with them. The placeholders (refs) are the shape's.
func (s keyCondShape) conds(values map[string]attr.Value) keyConds {
	kc := make(keyConds, len(s))
	for _, p := range s {
		args := make([]attr.Value, len(p.refs))
		for i, ref := range p.refs {
			args[i] = values[ref]
		}
		kc[p.name] = keyCond{op: p.op, args: args, refs: p.refs}
	}
	return kc
}

// shapeOf returns the shape of key conditions parsed from an expression,
// in memory of its own (so that the cache holds none of the request's),
// when the parse looked at no value's contents: every condition is a
// comparison or begins_with of placeholders. It reports false for any
// other, such as BETWEEN, whose bounds the parse compares.
func shapeOf(kc keyConds) (keyCondShape, bool) {
	s := make(keyCondShape, 0, len(kc))
	for name, c := range kc {
		if _, ok := shapeOps[c.op]; !ok || len(c.refs) != len(c.args) || slices.Contains(c.refs, "") {
			return nil, false
		}
		refs := make([]string, len(c.refs))
		for i, ref := range c.refs {
			refs[i] = strings.Clone(ref)
		}
		s = append(s, keyCondPart{name: strings.Clone(name), op: c.op, refs: refs})
	}
	return s, true
}

// shapeOps are the operators of the conditions a shape may have.
var shapeOps = map[string]struct{}{"EQ": {}, "LT": {}, "LE": {}, "GT": {}, "GE": {}, "BEGINS_WITH": {}}

// appendKeyCondKey appends to dst the key of a key condition's shape: its
// text, the names in key order, and the value placeholders in key order
// with their types (see cacheKey). It reports false for a key over
// maxCacheKey bytes.
func appendKeyCondKey(dst []byte, text string, p api.ExpressionParams) ([]byte, bool) {
	k := cacheKey{b: dst}
	return k.str(text).names(p.ExpressionAttributeNames).values(p.ExpressionAttributeValues, false).bytes()
}

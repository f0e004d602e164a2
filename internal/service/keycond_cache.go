package service

import (
	"encoding/binary"
	"reflect"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/expr"
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
// is compiled as before. The cache is bounded: at most maxKeyCondShapes
// entries (an arbitrary one is dropped to make room) of keys of at most
// maxKeyCondKey bytes.

const (
	maxKeyCondShapes = 1024
	maxKeyCondKey    = 1024
	maxKeyCondMaps   = 8 // names or values in a request looked up
)

// keyCondShapes is the process's cache of key condition shapes: a pure
// function of its keys, whichever Service asks.
var keyCondShapes = newBoundedCache[keyCondShape](maxKeyCondShapes)

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
		if shape, ok := shapeOf(exprs.keyCond); ok && reflect.DeepEqual(shape.conds(r.params.ExpressionAttributeValues), kc) {
			keyCondShapes.put(string(key), shape.clone())
		}
	}
	return exprs, kc, nil
}

// keyCondOnly reports whether a Query's expression request r may be
// looked up by compileKeyCondition: a KeyConditionExpression, no other
// expression, no legacy parameter, and few names and values.
func keyCondOnly(r exprRequest) bool {
	return r.keyCondition != nil && r.condition == nil && r.update == nil && r.projection == nil &&
		r.filter == nil && r.expected == nil && r.conditionalOp == "" && r.attributeUpdates == nil &&
		r.attributesToGet == nil && r.legacyFilter == nil && r.keyConditions == nil &&
		len(r.params.ExpressionAttributeNames) <= maxKeyCondMaps &&
		len(r.params.ExpressionAttributeValues) <= maxKeyCondMaps
}

// conds fills the shape in with values.
func (s keyCondShape) conds(values map[string]attr.Value) keyConds {
	kc := make(keyConds, len(s))
	for _, p := range s {
		args := make([]attr.Value, len(p.refs))
		for i, ref := range p.refs {
			args[i] = values[ref]
		}
		kc[p.name] = keyCond{op: p.op, args: args}
	}
	return kc
}

// clone copies a shape out of the request's memory, so that the cache
// holds none of it.
func (s keyCondShape) clone() keyCondShape {
	out := make(keyCondShape, len(s))
	for i, p := range s {
		out[i] = keyCondPart{name: clonedString(p.name), op: p.op, refs: make([]string, len(p.refs))}
		for j, ref := range p.refs {
			out[i].refs[j] = clonedString(ref)
		}
	}
	return out
}

func clonedString(s string) string { return string([]byte(s)) }

// shapeOf returns the shape of a parsed key condition made of comparisons
// and begins_with of a top-level attribute and values, joined by AND;
// false for any other.
func shapeOf(c expr.Condition) (keyCondShape, bool) {
	var s keyCondShape
	var walk func(c expr.Condition) bool
	walk = func(c expr.Condition) bool {
		switch n := c.(type) {
		case expr.And:
			return walk(n.L) && walk(n.R)
		case expr.Compare:
			op, ok := compareNames[n.Op]
			if !ok {
				return false
			}
			if _, valueFirst := n.L.(expr.ValueOperand); valueFirst {
				return addShapePart(&s, mirrored[op], n.R, n.L)
			}
			return addShapePart(&s, op, n.L, n.R)
		case expr.BeginsWith:
			return addShapePart(&s, "BEGINS_WITH", n.X, n.Prefix)
		}
		return false
	}
	return s, walk(c)
}

// addShapePart adds the condition op of attribute at on value v.
func addShapePart(s *keyCondShape, op string, at, v expr.Operand) bool {
	path, ok := at.(expr.PathOperand)
	value, isValue := v.(expr.ValueOperand)
	if !ok || !isValue || len(path.Path) != 1 || path.Path[0].IsIndex || value.Ref == "" {
		return false
	}
	*s = append(*s, keyCondPart{name: path.Path[0].Name, op: op, refs: []string{value.Ref}})
	return true
}

// appendKeyCondKey appends to dst the key of a key condition's shape: its
// text, the names in key order, and the value placeholders in key order
// with their types, each string preceded by its length, so that two keys
// are equal only when their inputs are. It reports false for a key over
// maxKeyCondKey bytes.
func appendKeyCondKey(dst []byte, text string, p api.ExpressionParams) ([]byte, bool) {
	dst = appendShapeString(dst, text)
	var keys [maxKeyCondMaps]string
	names := appendSortedKeys(keys[:0], p.ExpressionAttributeNames)
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for _, k := range names {
		dst = appendShapeString(appendShapeString(dst, k), p.ExpressionAttributeNames[k])
	}
	values := appendSortedKeys(keys[:0], p.ExpressionAttributeValues)
	dst = binary.AppendUvarint(dst, uint64(len(values)))
	for _, k := range values {
		dst = append(appendShapeString(dst, k), byte(p.ExpressionAttributeValues[k].Kind))
	}
	return dst, len(dst) <= maxKeyCondKey
}

func appendShapeString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

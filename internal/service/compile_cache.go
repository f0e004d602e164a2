package service

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/basalt-db/basalt/internal/attr"
)

// Compiled expressions of the single-item writes, remembered. Parsing and
// checking an UpdateExpression and a ConditionExpression costs more than
// the rest of a small UpdateItem, and clients send the same expressions
// with the same names and values over and over (a counter's "ADD n :one"
// under "attribute_exists(pk)"). compile's result is a function of the
// expression texts, the names and the values alone (the values validated
// and normalised), and the trees it builds are never modified (attribute
// values are immutable, see attr), so a request that spells all of them
// exactly as an earlier one did may share that request's trees.
//
// Only what compile would accept is remembered; everything else, errors
// included, is compiled afresh every time, so no answer changes. An entry
// is built from copies of its inputs, so it holds no request's memory. The
// cache is bounded: at most maxCompiledExprs entries (an arbitrary one is
// dropped to make room) of keys of at most maxCompiledKey bytes.

const (
	maxCompiledExprs = 1024
	maxCompiledKey   = 1024
	maxCompiledMaps  = 8 // names or values in a cached request
)

// compiledExprs is the process's cache of compiled expressions. It is a
// package variable, like itemBuffers, because what it holds is a pure
// function of its keys, whichever Service asks.
var compiledExprs = newBoundedCache[compiled](maxCompiledExprs)

// compileCached is compile, from the cache when r's expressions, names and
// values were compiled before. Requests with legacy parameters, without
// expressions, or with many or large names and values are always compiled.
func compileCached(r exprRequest) (compiled, error) {
	if !cacheable(r) {
		return compile(r)
	}
	// compile's checks before parsing, which normalise the values in
	// place; with no legacy parameter, checkMixing has nothing to find.
	if err := checkExprMaps(r.params, true, r.valueExprs); err != nil {
		return compiled{}, err
	}
	var buf [256]byte
	key, ok := appendCompileKey(buf[:0], r)
	if !ok {
		return compileExpressions(r)
	}
	if e, ok := compiledExprs.get(key); ok {
		return e, nil
	}
	e, err := compileExpressions(cloneExprRequest(r))
	if err == nil {
		compiledExprs.put(string(key), e)
	}
	return e, err
}

// cacheable reports whether r uses expressions and no legacy parameter.
func cacheable(r exprRequest) bool {
	usesExpr := r.condition != nil || r.update != nil || r.projection != nil || r.filter != nil || r.keyCondition != nil
	legacy := r.expected != nil || r.conditionalOp != "" || r.attributeUpdates != nil || r.attributesToGet != nil ||
		r.legacyFilter != nil || r.keyConditions != nil || r.filterParam != ""
	return usesExpr && !legacy &&
		len(r.params.ExpressionAttributeNames) <= maxCompiledMaps && len(r.params.ExpressionAttributeValues) <= maxCompiledMaps
}

// appendCompileKey appends to dst the key of r's compilation: every
// expression (present or not, then its text), the names and the values in
// key order, each part preceded by its length, so that two keys are equal
// only when their inputs are. It reports false for a value of a type not
// encoded (lists and maps) or a key over maxCompiledKey bytes.
func appendCompileKey(dst []byte, r exprRequest) ([]byte, bool) {
	for _, s := range [...]*string{r.update, r.condition, r.projection, r.filter, r.keyCondition} {
		if s == nil {
			dst = append(dst, 0)
			continue
		}
		dst = appendKeyString(append(dst, 1), *s)
	}
	var keys [maxCompiledMaps]string
	names := sortedInto(keys[:0], r.params.ExpressionAttributeNames)
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for _, k := range names {
		dst = appendKeyString(appendKeyString(dst, k), r.params.ExpressionAttributeNames[k])
	}
	values := sortedInto(keys[:0], r.params.ExpressionAttributeValues)
	dst = binary.AppendUvarint(dst, uint64(len(values)))
	for _, k := range values {
		var ok bool
		if dst, ok = appendKeyValue(appendKeyString(dst, k), r.params.ExpressionAttributeValues[k]); !ok {
			return dst, false
		}
	}
	return dst, len(dst) <= maxCompiledKey
}

// sortedInto appends m's keys to dst and sorts them.
func sortedInto[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

func appendKeyString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// appendKeyValue appends v's type and contents; false for a list or map.
func appendKeyValue(dst []byte, v attr.Value) ([]byte, bool) {
	dst = append(dst, byte(v.Kind))
	switch v.Kind {
	case attr.KindS, attr.KindN:
		dst = appendKeyString(dst, v.S)
	case attr.KindB:
		dst = appendKeyString(dst, string(v.B))
	case attr.KindBOOL:
		if v.Bool {
			dst = append(dst, 1)
		} else {
			dst = append(dst, 0)
		}
	case attr.KindNULL:
	case attr.KindSS, attr.KindNS:
		dst = binary.AppendUvarint(dst, uint64(len(v.Strs)))
		for _, s := range v.Strs {
			dst = appendKeyString(dst, s)
		}
	case attr.KindBS:
		dst = binary.AppendUvarint(dst, uint64(len(v.Bins)))
		for _, b := range v.Bins {
			dst = appendKeyString(dst, string(b))
		}
	default:
		return dst, false
	}
	return dst, true
}

// cloneExprRequest returns r with copies of its expressions, names and
// values (of the types appendKeyValue encodes), sharing no memory with the
// request.
func cloneExprRequest(r exprRequest) exprRequest {
	for _, p := range [...]**string{&r.update, &r.condition, &r.projection, &r.filter, &r.keyCondition} {
		if *p != nil {
			s := strings.Clone(**p)
			*p = &s
		}
	}
	if names := r.params.ExpressionAttributeNames; names != nil {
		r.params.ExpressionAttributeNames = make(map[string]string, len(names))
		for k, v := range names {
			r.params.ExpressionAttributeNames[strings.Clone(k)] = strings.Clone(v)
		}
	}
	if values := r.params.ExpressionAttributeValues; values != nil {
		r.params.ExpressionAttributeValues = make(map[string]attr.Value, len(values))
		for k, v := range values {
			r.params.ExpressionAttributeValues[strings.Clone(k)] = cloneScalarValue(v)
		}
	}
	return r
}

// cloneScalarValue copies a value of a type appendKeyValue encodes.
func cloneScalarValue(v attr.Value) attr.Value {
	c := attr.Value{Kind: v.Kind, Bool: v.Bool, S: strings.Clone(v.S), B: bytes.Clone(v.B)}
	if v.Strs != nil {
		c.Strs = make([]string, len(v.Strs))
		for i, s := range v.Strs {
			c.Strs[i] = strings.Clone(s)
		}
	}
	if v.Bins != nil {
		c.Bins = make([][]byte, len(v.Bins))
		for i, b := range v.Bins {
			c.Bins[i] = bytes.Clone(b)
		}
	}
	return c
}

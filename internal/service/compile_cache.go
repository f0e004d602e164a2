package service

import (
	"bytes"
	"encoding/binary"
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
// cache is bounded: at most maxCachedExprs entries (the oldest is dropped
// to make room) of keys of at most maxCacheKey bytes.

// Limits of both caches of compiled expressions (this one and the key
// conditions', keycond_cache.go).
const (
	maxCachedExprs = 1024 // entries in one cache
	maxCacheKey    = 1024 // bytes of a key
	maxCacheMaps   = 8    // names or values in a request looked up
)

// compiledExprs is the process's cache of compiled expressions. It is a
// package variable, like itemBuffers, because what it holds is a pure
// function of its keys, whichever Service asks.
var compiledExprs = newBoundedCache[compiled](maxCachedExprs)

// compileCached is compile, from the cache when r's expressions, names and
// values were compiled before. Requests with legacy parameters, without
// expressions, or with many or large names and values are always compiled.
func compileCached(r exprRequest) (compiled, error) {
	if !r.cacheable() {
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

// cacheable reports whether r uses expressions, no legacy parameter, and
// few names and values (fewMaps).
func (r *exprRequest) cacheable() bool {
	return r.usesExpressions() && !r.usesLegacy() && r.fewMaps()
}

// fewMaps reports whether r has few enough names and values to be looked
// up in a cache: at most maxCacheMaps of each.
func (r *exprRequest) fewMaps() bool {
	return len(r.params.ExpressionAttributeNames) <= maxCacheMaps && len(r.params.ExpressionAttributeValues) <= maxCacheMaps
}

// appendCompileKey appends to dst the key of r's compilation: every
// expression (present or not, then its text), the names and the values in
// key order (see cacheKey). It reports false for a value of a type not
// encoded (lists and maps) or a key over maxCacheKey bytes.
func appendCompileKey(dst []byte, r exprRequest) ([]byte, bool) {
	k := cacheKey{b: dst}
	for _, s := range [...]*string{r.update, r.condition, r.projection, r.filter, r.keyCondition} {
		if s == nil {
			k = k.byte(0)
			continue
		}
		k = k.byte(1).str(*s)
	}
	return k.names(r.params.ExpressionAttributeNames).values(r.params.ExpressionAttributeValues, true).bytes()
}

// cacheKey builds the key of a cache entry part by part, each string
// preceded by its length, so that two keys are equal only when their parts
// are. A key is refused (bytes reports false) once it would pass
// maxCacheKey bytes, before the part that passes them is copied, so that
// a large value costs no copy; or when a part cannot be encoded. Like
// append, each method returns the key grown: k = k.str(s).
type cacheKey struct {
	b       []byte
	refused bool
}

func (k cacheKey) byte(c byte) cacheKey {
	if !k.refused {
		k.b = append(k.b, c)
	}
	return k
}

func (k cacheKey) uvarint(n int) cacheKey {
	if !k.refused {
		k.b = binary.AppendUvarint(k.b, uint64(n))
	}
	return k
}

// str appends s, preceded by its length.
func (k cacheKey) str(s string) cacheKey {
	if k = k.uvarint(len(s)).fit(len(s)); !k.refused {
		k.b = append(k.b, s...)
	}
	return k
}

// bin appends b, preceded by its length.
func (k cacheKey) bin(b []byte) cacheKey {
	if k = k.uvarint(len(b)).fit(len(b)); !k.refused {
		k.b = append(k.b, b...)
	}
	return k
}

// fit refuses the key if n more bytes would take it past maxCacheKey.
func (k cacheKey) fit(n int) cacheKey {
	k.refused = k.refused || len(k.b)+n > maxCacheKey
	return k
}

// names appends the names (placeholder and name) in placeholder order,
// preceded by their count.
func (k cacheKey) names(m map[string]string) cacheKey {
	var buf [maxCacheMaps]string
	keys := appendSortedKeys(buf[:0], m)
	k = k.uvarint(len(keys))
	for _, p := range keys {
		k = k.str(p).str(m[p])
	}
	return k
}

// values appends the values in placeholder order, preceded by their
// count: each placeholder and its value's type, then, when contents is
// set, the value itself (value).
func (k cacheKey) values(m map[string]attr.Value, contents bool) cacheKey {
	var buf [maxCacheMaps]string
	keys := appendSortedKeys(buf[:0], m)
	k = k.uvarint(len(keys))
	for _, p := range keys {
		if k = k.str(p); contents {
			k = k.value(m[p])
		} else {
			k = k.byte(byte(m[p].Kind))
		}
	}
	return k
}

// value appends v's type and contents; a list or map refuses the key.
func (k cacheKey) value(v attr.Value) cacheKey {
	k = k.byte(byte(v.Kind))
	switch v.Kind {
	case attr.KindS, attr.KindN:
		k = k.str(v.S)
	case attr.KindB:
		k = k.bin(v.B)
	case attr.KindBOOL:
		if v.Bool {
			k = k.byte(1)
		} else {
			k = k.byte(0)
		}
	case attr.KindNULL:
	case attr.KindSS, attr.KindNS:
		k = k.uvarint(len(v.Strs))
		for _, s := range v.Strs {
			k = k.str(s)
		}
	case attr.KindBS:
		k = k.uvarint(len(v.Bins))
		for _, b := range v.Bins {
			k = k.bin(b)
		}
	default:
		k.refused = true
	}
	return k
}

// bytes returns the key; false when it was refused.
func (k cacheKey) bytes() ([]byte, bool) { return k.b, !k.refused && len(k.b) <= maxCacheKey }

// cloneExprRequest returns r with copies of its expressions, names and
// values (of the types cacheKey.value encodes), sharing no memory with the
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

// cloneScalarValue copies a value of a type cacheKey.value encodes.
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

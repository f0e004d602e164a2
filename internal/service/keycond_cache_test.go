package service

import (
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// uncachedQueryExprs is compileQueryExprs without the cache of key
// condition shapes: the reference it must match.
func uncachedQueryExprs(in *api.QueryInput, r exprRequest) (keyConds, error) {
	exprs, err := compile(r)
	if err != nil {
		return nil, err
	}
	return queryKeyConds(in, exprs)
}

func queryExprRequest(in *api.QueryInput) exprRequest {
	return exprRequest{
		params: in.ExpressionParams, valueExprs: queryValueExprs, projection: in.ProjectionExpression,
		filter: in.FilterExpression, keyCondition: in.KeyConditionExpression, conditionalOp: in.ConditionalOperator,
		attributesToGet: in.AttributesToGet, legacyFilter: in.QueryFilter, filterParam: "QueryFilter",
		keyConditions: in.KeyConditions,
	}
}

// TestKeyCondCacheMatchesParse checks that key conditions answered from
// the cache of shapes, with their own values, equal those parsed afresh,
// errors included, for each shape asked three times with other values;
// and that the cacheable shapes are answered from the cache after the
// first time, and the others never.
func TestKeyCondCacheMatchesParse(t *testing.T) {
	type tc struct {
		expr   string
		names  map[string]string
		values func(i int) map[string]attr.Value
		cached bool // answered from the cache after the first time
	}
	s := func(i int) attr.Value { return attr.Str(fmt.Sprintf("p%d", i)) }
	n := func(i int) attr.Value { return attr.Num(fmt.Sprintf("%d.50", i)) }
	vals := func(kv ...any) func(i int) map[string]attr.Value {
		return func(i int) map[string]attr.Value {
			m := map[string]attr.Value{}
			for j := 0; j < len(kv); j += 2 {
				m[kv[j].(string)] = kv[j+1].(func(int) attr.Value)(i)
			}
			return m
		}
	}
	cases := []tc{
		{"pk = :p", nil, vals(":p", s), true},
		{"#k = :p", map[string]string{"#k": "pk"}, vals(":p", s), true},
		{"  pk=:p ", nil, vals(":p", s), true},
		{"pk = :p AND sk > :s", nil, vals(":p", s, ":s", n), true},
		{":s <= sk AND pk = :p", nil, vals(":p", s, ":s", n), true},
		{"(pk = :p) AND (begins_with(#s, :s))", map[string]string{"#s": "sk"}, vals(":p", s, ":s", s), true},
		{"pk = :p AND sk BETWEEN :a AND :b", nil, vals(":p", s, ":a", n, ":b", n), false},
		{"pk = :p AND sk BETWEEN :b AND :a", nil, vals(":p", s, ":a", n, ":b", func(i int) attr.Value { return attr.Num("1000") }), false},
		{"pk = :p", nil, vals(":p", func(int) attr.Value { return attr.Num("01") }), true}, // normalised to 1
		// Errors, every time.
		{"pk = :p", nil, vals(":p", s, ":unused", s), false},
		{"#k = :p", map[string]string{"#k": "pk", "#u": "u"}, vals(":p", s), false},
		{"pk = :q", nil, vals(":p", s), false},
		{"pk < :p", nil, vals(":p", func(int) attr.Value { return attr.Value{Kind: attr.KindBOOL, Bool: true} }), false},
		{"begins_with(pk, :p)", nil, vals(":p", n), false},
		{"pk = :p OR pk = :q", nil, vals(":p", s, ":q", s), false},
		{"pk = :p AND pk = :q", nil, vals(":p", s, ":q", s), false},
		{"data = :p", nil, vals(":p", s), false},
		{"pk.x = :p", nil, vals(":p", s), false},
		{"pk = pk", nil, vals(":p", s), false},
		{"pk = :p AND", nil, vals(":p", s), false},
		{"pk = :p", nil, vals("p", s), false},
		{"pk = :p", map[string]string{}, vals(":p", s), false},
	}
	for _, c := range cases {
		for i := range 3 {
			mk := func() *api.QueryInput {
				in := &api.QueryInput{TableName: "t", KeyConditionExpression: strp(c.expr)}
				in.ExpressionAttributeNames = maps.Clone(c.names)
				in.ExpressionAttributeValues = c.values(i)
				return in
			}
			in, ref := mk(), mk()
			exprs, got, gotErr := compileQueryExprs(in, queryExprRequest(in))
			want, wantErr := uncachedQueryExprs(ref, queryExprRequest(ref))
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
				t.Errorf("%q #%d: got %v, %v; parsed afresh %v, %v", c.expr, i, got, gotErr, want, wantErr)
			}
			// A hit answers without a parse, so without the tree. The first
			// time may hit too, on what an earlier test left in the cache.
			if hit := gotErr == nil && exprs.keyCond == nil; hit != c.cached && (i > 0 || hit) {
				t.Errorf("%q #%d: answered from the cache %v, want %v", c.expr, i, hit, c.cached)
			}
			if !reflect.DeepEqual(in, ref) {
				t.Errorf("%q #%d: the request became %+v, parsed afresh %+v", c.expr, i, in, ref)
			}
		}
	}
}

// TestKeyCondCacheKeys checks that shapes that differ in any input have
// different keys.
func TestKeyCondCacheKeys(t *testing.T) {
	p := func(names map[string]string, values map[string]attr.Value) api.ExpressionParams {
		return api.ExpressionParams{ExpressionAttributeNames: names, ExpressionAttributeValues: values}
	}
	inputs := []struct {
		text string
		p    api.ExpressionParams
	}{
		{"pk = :p", p(nil, map[string]attr.Value{":p": attr.Str("x")})},
		{"pk = :p", p(nil, map[string]attr.Value{":p": attr.Num("1")})},
		{"pk = :p", p(nil, map[string]attr.Value{":p": attr.Str("x"), ":q": attr.Str("x")})},
		{"pk = :p", p(map[string]string{"#a": "b"}, map[string]attr.Value{":p": attr.Str("x")})},
		{"pk = :p", p(map[string]string{"#a": "c"}, map[string]attr.Value{":p": attr.Str("x")})},
		{"pk = :p", p(map[string]string{"#ab": ""}, map[string]attr.Value{":p": attr.Str("x")})},
		{"pk = :p ", p(nil, map[string]attr.Value{":p": attr.Str("x")})},
	}
	seen := map[string]int{}
	for i, in := range inputs {
		key, ok := appendKeyCondKey(nil, in.text, in.p)
		if !ok {
			t.Fatalf("input %d: no key", i)
		}
		if j, dup := seen[string(key)]; dup {
			t.Errorf("inputs %d and %d have the same key", j, i)
		}
		seen[string(key)] = i
	}
}

// TestKeyCondCacheRemembers checks which shapes the cache keeps, and
// answers the next request of from it: the comparisons and begins_with,
// not BETWEEN, nor errors.
func TestKeyCondCacheRemembers(t *testing.T) {
	for _, c := range []struct {
		expr   string
		values map[string]attr.Value
		kept   bool
	}{
		{"pk = :p AND sk >= :s", map[string]attr.Value{":p": attr.Str("a"), ":s": attr.Str("b")}, true},
		{"pk = :p AND begins_with(sk, :s)", map[string]attr.Value{":p": attr.Str("a"), ":s": attr.Str("b")}, true},
		{"pk = :p AND sk BETWEEN :s AND :t", map[string]attr.Value{":p": attr.Str("a"), ":s": attr.Str("b"), ":t": attr.Str("c")}, false},
		{"pk = :p AND sk = :s", map[string]attr.Value{":p": attr.Str("a")}, false},
	} {
		in := &api.QueryInput{TableName: "t", KeyConditionExpression: strp(c.expr)}
		in.ExpressionAttributeValues = c.values
		compileQueryExprs(in, queryExprRequest(in))
		key, _ := appendKeyCondKey(nil, c.expr, in.ExpressionParams)
		if _, kept := keyCondShapes.get(key); kept != c.kept {
			t.Errorf("%q: kept %v, want %v", c.expr, kept, c.kept)
		}
		again := &api.QueryInput{TableName: "t", KeyConditionExpression: strp(c.expr)}
		again.ExpressionAttributeValues = maps.Clone(c.values)
		exprs, _, err := compileQueryExprs(again, queryExprRequest(again))
		if hit := err == nil && exprs.keyCond == nil; hit != c.kept { // a hit answers without the tree
			t.Errorf("%q asked again: answered from the cache %v, want %v", c.expr, hit, c.kept)
		}
	}
}

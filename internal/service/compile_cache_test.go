package service

import (
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/expr"
)

// cacheCases are requests compileCached may take from the cache, and some
// it must not.
func cacheCases() []exprRequest {
	n1 := attr.Value{Kind: attr.KindN, S: "1"}
	vals := func(kv ...any) map[string]attr.Value {
		m := map[string]attr.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(attr.Value)
		}
		return m
	}
	update := []string{"UpdateExpression", "ConditionExpression"}
	return []exprRequest{
		{valueExprs: update, condition: strp("attribute_exists(pk)"), update: strp("ADD n :one"),
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":one", n1)}},
		{valueExprs: update, condition: strp("attribute_exists(pk)"), update: strp("ADD n :one"),
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":one", attr.Value{Kind: attr.KindN, S: "01.50"})}},
		{valueExprs: update, update: strp("ADD n :one"),
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":one", n1)}},
		{valueExprs: update, condition: strp("#a = :s AND size(#b) > :n"), update: strp("SET #a = :s, #b = :b REMOVE c DELETE d :ss"),
			params: api.ExpressionParams{
				ExpressionAttributeNames: map[string]string{"#a": "a", "#b": "b"},
				ExpressionAttributeValues: vals(":s", attr.Value{Kind: attr.KindS, S: "x"}, ":n", n1,
					":b", attr.Value{Kind: attr.KindB, B: []byte{1, 2}}, ":ss", attr.Value{Kind: attr.KindSS, Strs: []string{"p", "q"}})}},
		{valueExprs: update, update: strp("SET a = :t, b = :z, c = :bs"),
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":t", attr.Value{Kind: attr.KindBOOL, Bool: true},
				":z", attr.Value{Kind: attr.KindNULL, Bool: true}, ":bs", attr.Value{Kind: attr.KindBS, Bins: [][]byte{{3}}})}},
		{valueExprs: []string{"ConditionExpression"}, condition: strp("attribute_not_exists(#k)"),
			params: api.ExpressionParams{ExpressionAttributeNames: map[string]string{"#k": "k"}}},
		// The first cachedCases, above, are cached; the rest are not.
		{valueExprs: update, update: strp("SET a = :l"), // a list: never cached
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":l", attr.Value{Kind: attr.KindL, L: []attr.Value{n1}})}},
		{valueExprs: update, update: strp("SET a = :b"), // a key over maxCacheKey bytes
			params: api.ExpressionParams{ExpressionAttributeValues: vals(":b", attr.Value{Kind: attr.KindB, B: make([]byte, maxCacheKey)})}},
		// Faults, compiled afresh every time.
		{valueExprs: update, update: strp("ADD n :one")},
		{valueExprs: update, update: strp("ADD n :one"), params: api.ExpressionParams{ExpressionAttributeValues: vals(":one", n1, ":two", n1)}},
		{valueExprs: update, update: strp("ADD n :s"), params: api.ExpressionParams{ExpressionAttributeValues: vals(":s", attr.Value{Kind: attr.KindS, S: "x"})}},
		{valueExprs: update, update: strp("ADD n :n"), params: api.ExpressionParams{ExpressionAttributeValues: vals(":n", attr.Value{Kind: attr.KindN, S: "x"})}},
		{valueExprs: update, update: strp("")},
		{valueExprs: update, update: strp("SET"), condition: strp("a = b")},
		{valueExprs: update, condition: strp("a = b"), expected: map[string]expr.ExpectedAttributeValue{"a": {}}},
		{valueExprs: update, params: api.ExpressionParams{ExpressionAttributeNames: map[string]string{"#a": "a"}}},
		{valueExprs: update, update: strp("SET #a = b"), params: api.ExpressionParams{ExpressionAttributeNames: map[string]string{}}},
	}
}

// cachedCases is how many of cacheCases, the first, compileCached takes
// from the cache once it has compiled them.
const cachedCases = 6

// clonedCase returns a fresh copy of case i (compile normalises values in
// place, and the cases must meet compile and compileCached alike).
func clonedCase(i int) exprRequest { return cacheCases()[i] }

// TestCompileCachedMatchesCompile checks that compileCached answers as
// compile does, and that it shares the trees of a cacheable request's
// first compilation with the requests that repeat it, and only those.
func TestCompileCachedMatchesCompile(t *testing.T) {
	for i := range cacheCases() {
		want, wantErr := compile(clonedCase(i))
		var first compiled     // round 0's, kept alive so that its memory is not reused
		for round := range 3 { // a miss, then hits
			got, err := compileCached(clonedCase(i))
			if !reflect.DeepEqual(err, wantErr) {
				t.Fatalf("case %d round %d: error %v, compile's %v", i, round, err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("case %d round %d: compiled\n%#v\ncompile gave\n%#v", i, round, got, want)
			}
			if err != nil {
				continue
			}
			if round == 0 {
				first = got
			}
			addr, firstAddr := treeAddr(reflect.ValueOf(got)), treeAddr(reflect.ValueOf(first))
			switch {
			case addr == 0:
				t.Fatalf("case %d: the compiled trees hold no pointer to tell them by", i)
			case i < cachedCases && addr != firstAddr:
				t.Errorf("case %d round %d: compiled afresh, not taken from the cache", i, round)
			case i >= cachedCases && round > 0 && addr == firstAddr:
				t.Errorf("case %d round %d: shares the trees of round 0, though not cacheable", i, round)
			}
		}
	}
	r := clonedCase(0)
	if _, err := compile(r); err != nil { // normalises the values, as compileCached does
		t.Fatal(err)
	}
	key, _ := appendCompileKey(nil, r)
	if _, ok := compiledExprs.get(key); !ok {
		t.Error("the workload's UpdateItem expressions are not cached")
	}
}

// treeAddr returns the address of the first memory v refers to, depth
// first (a pointer's target, a slice's array; strings are skipped), or 0:
// trees built afresh differ in it, a tree shared does not.
func treeAddr(v reflect.Value) uintptr {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return v.Pointer()
		}
	case reflect.Slice:
		if v.Len() > 0 {
			return v.Pointer()
		}
	case reflect.Interface:
		if !v.IsNil() {
			return treeAddr(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if a := treeAddr(v.Field(i)); a != 0 {
				return a
			}
		}
	}
	return 0
}

func TestCompileKeyDistinguishes(t *testing.T) {
	names := func(m map[string]string) exprRequest {
		return exprRequest{update: strp("SET #a = b"), params: api.ExpressionParams{ExpressionAttributeNames: m}}
	}
	val := func(v attr.Value) exprRequest {
		return exprRequest{update: strp("SET a = :v"), params: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":v": v}}}
	}
	distinct := []exprRequest{
		{update: strp("SET a = b")}, {condition: strp("SET a = b")}, {update: strp("SET a = b"), condition: strp("")},
		{update: strp("SET a = b"), projection: strp("")}, {update: strp("SET a = b"), filter: strp("")},
		{update: strp("SET a = b"), keyCondition: strp("")}, {update: strp("SET a = bc")},
		names(map[string]string{"#a": "bc"}), names(map[string]string{"#ab": "c"}), names(map[string]string{"#a": "b", "#c": ""}),
		val(attr.Value{Kind: attr.KindS, S: "1"}), val(attr.Value{Kind: attr.KindN, S: "1"}), val(attr.Value{Kind: attr.KindB, B: []byte("1")}),
		val(attr.Value{Kind: attr.KindBOOL}), val(attr.Value{Kind: attr.KindBOOL, Bool: true}), val(attr.Value{Kind: attr.KindNULL, Bool: true}),
		val(attr.Value{Kind: attr.KindSS, Strs: []string{"a", "b"}}), val(attr.Value{Kind: attr.KindSS, Strs: []string{"ab"}}),
		val(attr.Value{Kind: attr.KindNS, Strs: []string{"1"}}), val(attr.Value{Kind: attr.KindBS, Bins: [][]byte{[]byte("1")}}),
	}
	seen := map[string]int{}
	for i, r := range distinct {
		key, ok := appendCompileKey(nil, r)
		if !ok {
			t.Fatalf("case %d: no key", i)
		}
		if j, dup := seen[string(key)]; dup {
			t.Errorf("cases %d and %d have the same key %q", j, i, key)
		}
		seen[string(key)] = i
	}
	if _, ok := appendCompileKey(nil, val(attr.Value{Kind: attr.KindM, M: attr.Item{}})); ok {
		t.Error("a map value has a key")
	}
	long := string(make([]byte, maxCacheKey))
	if _, ok := appendCompileKey(nil, exprRequest{update: &long}); ok {
		t.Error("an expression over maxCacheKey bytes has a key")
	}
}

func TestCompileCacheOwnsItsMemory(t *testing.T) {
	b := []byte{7, 7}
	r := exprRequest{valueExprs: []string{"UpdateExpression"}, update: strp("SET a = :b"),
		params: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":b": {Kind: attr.KindB, B: b}}}}
	if _, err := compileCached(r); err != nil {
		t.Fatal(err)
	}
	b[0] = 9 // the request's memory, reused
	r.params.ExpressionAttributeValues[":b"] = attr.Value{Kind: attr.KindB, B: []byte{7, 7}}
	got, err := compileCached(r)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.update.Set[0].Value.(expr.ValueOperand).Value; v.B[0] != 7 {
		t.Fatalf("the cached tree shares the request's bytes: %v", v.B)
	}
}

func TestCompileCacheBounded(t *testing.T) {
	for i := range maxCachedExprs + 10 {
		r := exprRequest{valueExprs: []string{"UpdateExpression"}, update: strp(fmt.Sprintf("SET a%d = b", i))}
		if _, err := compileCached(r); err != nil {
			t.Fatal(err)
		}
	}
	n := compiledExprs.len()
	if n > maxCachedExprs {
		t.Fatalf("the cache holds %d entries, over %d", n, maxCachedExprs)
	}
}

// TestCompileCacheShared has goroutines share cached trees while they
// evaluate them, for the race detector: nothing may write to a tree.
func TestCompileCacheShared(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				r := clonedCase(i % 5)
				c, err := compileCached(r)
				if err != nil {
					t.Error(err)
					return
				}
				item := attr.Item{"pk": attr.Str("k"), "n": attr.Num(strconv.Itoa(g)), "a": attr.Str("x"),
					"b": attr.Str("y"), "d": {Kind: attr.KindSS, Strs: []string{"p"}}}
				if c.cond != nil {
					eval.Condition(c.cond, item)
				}
				if c.update != nil {
					if _, err := eval.ApplyUpdate(c.update, item); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

package service

import (
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// BenchmarkCompileUpdate measures compiling the load generator's UpdateItem
// expressions (ADD n :one under attribute_exists(pk)): parsed and checked
// every time (compile), and as UpdateItem does, from the cache.
func BenchmarkCompileUpdate(b *testing.B) {
	cond, upd := "attribute_exists(pk)", "ADD n :one"
	request := func() exprRequest {
		return exprRequest{
			params:     api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{":one": attr.Num("1")}},
			valueExprs: []string{"UpdateExpression", "ConditionExpression"},
			condition:  &cond,
			update:     &upd,
		}
	}
	for _, c := range []struct {
		name    string
		compile func(exprRequest) (compiled, error)
	}{{"parse", compile}, {"cached", compileCached}} {
		b.Run(c.name, func(b *testing.B) {
			r := request()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.compile(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

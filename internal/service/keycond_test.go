package service

import (
	"context"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
)

// TestQueryKeyConditionErrors runs key conditions that AWS refuses against
// table "tbl" (pk S, sk N) and checks each message.
func TestQueryKeyConditionErrors(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	vals := map[string]attr.Value{":s": attr.Str("a"), ":n": attr.Num("1"), ":m": attr.Num("2")}
	tests := []struct {
		cond  string
		start attr.Item
		want  string
	}{
		{cond: "pk = :s OR sk = :n", want: "Invalid operator used in KeyConditionExpression: OR"},
		{cond: "NOT pk = :s", want: "Invalid operator used in KeyConditionExpression: NOT"},
		{cond: "pk IN (:s)", want: "Invalid operator used in KeyConditionExpression: IN"},
		{cond: "pk <> :s", want: "Invalid operator used in KeyConditionExpression: <>"},
		{cond: "attribute_exists(pk)", want: "Invalid operator used in KeyConditionExpression: attribute_exists"},
		{cond: "contains(pk, :s)", want: "Invalid operator used in KeyConditionExpression: contains"},
		{cond: "size(pk) > :n", want: "KeyConditionExpressions cannot contain nested operations"},
		{cond: "pk.x = :s", want: "KeyConditionExpressions cannot have conditions on nested attributes"},
		{cond: "pk = sk", want: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
		{cond: ":s = :s AND pk = :s", want: "Invalid condition in KeyConditionExpression: No key attribute specified"},
		{cond: "pk = :s AND pk = :s", want: "KeyConditionExpressions must only contain one condition per key"},
		{cond: ":n BETWEEN sk AND :m", want: "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"},
		{cond: "sk = :n", want: "Query condition missed key schema element: pk"},
		{cond: "pk = :s AND v1 = :n", want: "Query condition missed key schema element: sk"},
		{cond: "pk > :s", want: "Query key condition not supported"},
		{cond: "pk = :n", want: msgCondTypeMismatch},
		{cond: "pk = :s AND sk > :s", want: msgCondTypeMismatch},
		{cond: "pk = :s AND begins_with(sk, :s)", want: msgCondTypeMismatch},
		{cond: "pk = :s", start: attr.Item{"pk": attr.Str("a")}, want: msgStartKeyInvalid},
		{cond: "pk = :s", start: attr.Item{"pk": attr.Str("a"), "x": attr.Num("1")}, want: msgStartKeyInvalid},
		{cond: "pk = :s", start: attr.Item{"pk": attr.Num("1"), "sk": attr.Num("1")}, want: msgKeyElementSchema},
		{cond: "pk = :s", start: attr.Item{"pk": attr.Str("b"), "sk": attr.Num("1")}, want: msgStartKeyOutside},
		{cond: "pk = :s AND sk > :m", start: attr.Item{"pk": attr.Str("a"), "sk": attr.Num("1")}, want: msgStartKeyPredicate},
		{cond: "pk = :s AND sk < :m", start: attr.Item{"pk": attr.Str("b"), "sk": attr.Num("1")}, want: msgStartKeyOneRow},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			var used map[string]attr.Value
			for k, v := range vals {
				if containsWord(tc.cond, k) {
					if used == nil {
						used = map[string]attr.Value{}
					}
					used[k] = v
				}
			}
			_, err := s.Query(ctx, &api.QueryInput{
				TableName:              "tbl",
				KeyConditionExpression: strp(tc.cond),
				ExpressionParams:       api.ExpressionParams{ExpressionAttributeValues: used},
				ExclusiveStartKey:      tc.start,
			})
			wantAPIErr(t, err, apierr.Validation, tc.want)
		})
	}
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w && (i+len(w) == len(s) || s[i+len(w)] == ' ' || s[i+len(w)] == ')') {
			return true
		}
	}
	return false
}

// TestQueryRanges checks each sort-key operator, both directions, Limit
// and resuming from LastEvaluatedKey.
func TestQueryRanges(t *testing.T) {
	s, ctx := newItemsService(t), context.Background()
	for _, sk := range []string{"-5", "1", "2", "10", "11", "20"} {
		for _, pk := range []string{"a", "b"} {
			if _, err := s.PutItem(ctx, &api.PutItemInput{TableName: "tbl", Item: key(pk, sk)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		cond string
		want []string
	}{
		{"pk = :p", []string{"-5", "1", "2", "10", "11", "20"}},
		{"pk = :p AND sk = :a", []string{"2"}},
		{"pk = :p AND sk < :a", []string{"-5", "1"}},
		{"pk = :p AND sk <= :a", []string{"-5", "1", "2"}},
		{"pk = :p AND sk > :a", []string{"10", "11", "20"}},
		{"pk = :p AND :a <= sk", []string{"2", "10", "11", "20"}},
		{"pk = :p AND sk BETWEEN :a AND :b", []string{"2", "10", "11"}},
	}
	for _, tc := range tests {
		for _, forward := range []bool{true, false} {
			want := tc.want
			if !forward {
				want = reversed(want)
			}
			var got []string
			var start attr.Item
			for {
				out, err := s.Query(ctx, &api.QueryInput{
					TableName: "tbl", KeyConditionExpression: strp(tc.cond), Limit: i64(2),
					ScanIndexForward: boolp(forward), ExclusiveStartKey: start,
					ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: exprValues(tc.cond)},
				})
				if err != nil {
					t.Fatalf("%s: %v", tc.cond, err)
				}
				for _, it := range out.Items {
					got = append(got, it["sk"].S)
				}
				if out.LastEvaluatedKey == nil {
					break
				}
				start = out.LastEvaluatedKey
			}
			if len(got) != len(want) {
				t.Fatalf("%s forward=%v: got %v, want %v", tc.cond, forward, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s forward=%v: got %v, want %v", tc.cond, forward, got, want)
				}
			}
		}
	}
}

func exprValues(cond string) map[string]attr.Value {
	m := map[string]attr.Value{":p": attr.Str("a")}
	if containsWord(cond, ":a") {
		m[":a"] = attr.Num("2")
	}
	if containsWord(cond, ":b") {
		m[":b"] = attr.Num("11")
	}
	return m
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

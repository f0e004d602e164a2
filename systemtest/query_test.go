package systemtest

// Query through the SDK: key conditions (expression and legacy), order,
// paging, filters, projections, Select, capacity and AWS's errors.
//
// Where the messages come from: the Query API Reference and "Query
// operations in DynamoDB" give the rules (one partition-key equality, one
// sort-key condition of =, <, <=, >, >=, BETWEEN, begins_with; a filter may
// not name key attributes; Select/projection combinations; 1 MB read before
// the filter; LastEvaluatedKey whenever the page stopped early). The exact
// wording of the ValidationException messages is as recorded against the
// live service by emulators' AWS-verified suites (dynalite's query tests,
// moto's aws_verified Select tests); each table of cases notes where only a
// fragment is confirmed.

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestQueryKeyConditions(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsSeedNumeric(t, c)
	all := qsNumbers
	cases := []struct {
		name   string
		expr   string
		values Item
		legacy map[string]types.Condition
		want   []string
	}{
		{"partition key only", "pk = :p", Item{":p": S("p")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))}, all},
		{"sort key =", "pk = :p AND sk = :n", Item{":p": S("p"), ":n": N("2")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorEq, N("2"))}, []string{"2"}},
		{"sort key = a number written differently", "pk = :p AND sk = :n", Item{":p": S("p"), ":n": N("15.50")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorEq, N("1.55E1"))}, []string{"15.5"}},
		{"sort key <", "pk = :p AND sk < :n", Item{":p": S("p"), ":n": N("1")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorLt, N("1"))}, all[:5]},
		{"sort key <=", "pk = :p AND sk <= :n", Item{":p": S("p"), ":n": N("1")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorLe, N("1"))}, all[:6]},
		{"sort key >", "pk = :p AND sk > :n", Item{":p": S("p"), ":n": N("2")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorGt, N("2"))}, all[7:]},
		{"sort key >=", "pk = :p AND sk >= :n", Item{":p": S("p"), ":n": N("2")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorGe, N("2"))}, all[6:]},
		{"sort key BETWEEN is inclusive", "pk = :p AND sk BETWEEN :lo AND :hi", Item{":p": S("p"), ":lo": N("-5.5"), ":hi": N("10")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorBetween, N("-5.5"), N("10"))}, all[1:8]},
		{"sort key BETWEEN equal bounds", "pk = :p AND sk BETWEEN :lo AND :hi", Item{":p": S("p"), ":lo": N("0"), ":hi": N("0")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorBetween, N("0"), N("0"))}, []string{"0"}},
		{"sort key between non-existent values", "pk = :p AND sk BETWEEN :lo AND :hi", Item{":p": S("p"), ":lo": N("3"), ":hi": N("9")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p")), "sk": cond(types.ComparisonOperatorBetween, N("3"), N("9"))}, []string{}},
		{"reserved words through name placeholders", "#k = :p AND #s > :n", Item{":p": S("p"), ":n": N("10")}, nil, all[8:]},
		{"parenthesised conditions", "(pk = :p) AND (sk < :n)", Item{":p": S("p"), ":n": N("-1")}, nil, all[:2]},
		{"sort key condition first", "sk >= :n AND pk = :p", Item{":p": S("p"), ":n": N("100")}, nil, []string{"100"}},
		{"missing partition", "pk = :p", Item{":p": S("nobody")},
			map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("nobody"))}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String(tc.expr), ExpressionAttributeValues: tc.values}
			if strings.Contains(tc.expr, "#") {
				in.ExpressionAttributeNames = map[string]string{"#k": "pk", "#s": "sk"}
			}
			forms := []dynamodb.QueryInput{in}
			if tc.legacy != nil {
				forms = append(forms, dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: tc.legacy})
			}
			for i, form := range forms {
				for _, forward := range []bool{true, false} {
					form.ScanIndexForward = aws.Bool(forward)
					form.ConsistentRead = aws.Bool(true)
					out := qsQuery(t, c, form)
					want := tc.want
					if !forward {
						want = qsRev(want)
					}
					if got := qsVals(out.Items, "sk"); !qsEq(got, want) {
						t.Errorf("form %d forward=%v: sort keys %v, want %v", i, forward, got, want)
					}
					if out.Count != int32(len(want)) || out.ScannedCount != int32(len(want)) {
						t.Errorf("form %d: Count %d ScannedCount %d, want %d", i, out.Count, out.ScannedCount, len(want))
					}
					if out.LastEvaluatedKey != nil {
						t.Errorf("form %d: LastEvaluatedKey %s on a complete result", i, show(out.LastEvaluatedKey))
					}
					// An empty result still has an Items member ("Items": []).
					if out.Items == nil {
						t.Errorf("form %d: no Items member, want a (possibly empty) list", i)
					}
					for _, it := range out.Items {
						if qsScalar(it["pk"]) != "p" && len(want) > 0 {
							t.Errorf("form %d: item of another partition: %s", i, show(it))
						}
					}
				}
			}
		})
	}
}

func TestQueryReturnsWholeItems(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	item := Item{"pk": S("p"), "sk": N("1"), "s": S("x"), "l": L(N("1"), M(Item{"a": BOOL(true)})), "ss": SS("a", "b"), "nothing": NULL()}
	put(t, c, table, item)
	out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
	if len(out.Items) != 1 {
		t.Fatalf("Items = %d, want 1", len(out.Items))
	}
	wantItem(t, out.Items[0], item)
}

func TestQuerySortOrderStringsAndBinary(t *testing.T) {
	t.Parallel()
	c := client(t)
	t.Run("strings by UTF-8 bytes", func(t *testing.T) {
		t.Parallel()
		table := qsStringRangeTable(t, c)
		keys := []string{"b", "10", "a", "B", "2", "ab", "1", "A", "aa", "é", "z", "€", "😀", "a b", "Z"}
		var items []Item
		for _, k := range keys {
			items = append(items, Item{"pk": S("p"), "sk": S(k)})
		}
		qsPutAll(t, c, table, items)
		want := append([]string(nil), keys...)
		sort.Strings(want) // Go compares strings bytewise, as DynamoDB does
		for _, forward := range []bool{true, false} {
			out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
				ExpressionAttributeValues: Item{":p": S("p")}, ScanIndexForward: aws.Bool(forward)})
			w := want
			if !forward {
				w = qsRev(want)
			}
			if got := qsVals(out.Items, "sk"); !qsEq(got, w) {
				t.Errorf("forward=%v: %q\nwant %q", forward, got, w)
			}
		}
	})
	t.Run("binary by unsigned bytes", func(t *testing.T) {
		t.Parallel()
		table := createTable(t, c, keyDef{"pk", "S"}, keyDef{"sk", "B"})
		keys := [][]byte{{0xff}, {0x00}, {0x7f}, {0x80}, {0x00, 0x00}, {0x01}, {0x80, 0x01}, {0xfe, 0xff}}
		var items []Item
		for _, k := range keys {
			items = append(items, Item{"pk": S("p"), "sk": B(k)})
		}
		qsPutAll(t, c, table, items)
		sorted := append([][]byte(nil), keys...)
		sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
		var want []string
		for _, k := range sorted {
			want = append(want, hex.EncodeToString(k))
		}
		out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
		if got := qsVals(out.Items, "sk"); !qsEq(got, want) {
			t.Errorf("binary order %v, want %v", got, want)
		}
		out = qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p AND sk BETWEEN :lo AND :hi"),
			ExpressionAttributeValues: Item{":p": S("p"), ":lo": B([]byte{0x01}), ":hi": B([]byte{0x80, 0x01})}, ScanIndexForward: aws.Bool(false)})
		if got, w := qsVals(out.Items, "sk"), []string{"8001", "80", "7f", "01"}; !qsEq(got, w) {
			t.Errorf("binary BETWEEN backwards %v, want %v", got, w)
		}
		out = qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p AND begins_with(sk, :b)"),
			ExpressionAttributeValues: Item{":p": S("p"), ":b": B([]byte{0x80})}})
		if got, w := qsVals(out.Items, "sk"), []string{"80", "8001"}; !qsEq(got, w) {
			t.Errorf("binary begins_with %v, want %v", got, w)
		}
	})
}

func TestQueryBeginsWith(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsStringRangeTable(t, c)
	keys := []string{"a", "aa", "aab", "ab", "abc", "b", "ba", "€uro", "€", "A"}
	var items []Item
	for _, k := range keys {
		items = append(items, Item{"pk": S("p"), "sk": S(k)})
	}
	items = append(items, Item{"pk": S("other"), "sk": S("aa")})
	qsPutAll(t, c, table, items)
	cases := []struct {
		prefix string
		want   []string
	}{
		{"a", []string{"a", "aa", "aab", "ab", "abc"}},
		{"aa", []string{"aa", "aab"}},
		{"abc", []string{"abc"}},
		{"abcd", []string{}},
		{"€", []string{"€", "€uro"}},
		{"B", []string{}},
	}
	for _, tc := range cases {
		for _, legacy := range []bool{false, true} {
			in := dynamodb.QueryInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)}
			if legacy {
				in.KeyConditions = map[string]types.Condition{
					"pk": cond(types.ComparisonOperatorEq, S("p")),
					"sk": cond(types.ComparisonOperatorBeginsWith, S(tc.prefix)),
				}
			} else {
				in.KeyConditionExpression = aws.String("pk = :p AND begins_with(sk, :pre)")
				in.ExpressionAttributeValues = Item{":p": S("p"), ":pre": S(tc.prefix)}
			}
			out := qsQuery(t, c, in)
			if got := qsVals(out.Items, "sk"); !qsEq(got, tc.want) {
				t.Errorf("begins_with %q (legacy=%v): %q, want %q", tc.prefix, legacy, got, tc.want)
			}
		}
	}
}

func TestQueryLimitAndPaging(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsSeedNumeric(t, c)
	base := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}}
	for _, forward := range []bool{true, false} {
		want := qsNumbers
		if !forward {
			want = qsRev(qsNumbers)
		}
		for _, limit := range []int32{1, 3, 4, 9, 10, 11, 100} {
			t.Run(fmt.Sprintf("forward=%v/limit=%d", forward, limit), func(t *testing.T) {
				in := base
				in.ScanIndexForward = aws.Bool(forward)
				in.Limit = aws.Int32(limit)
				pages := qsQueryPages(t, c, in)
				var got []string
				for i, p := range pages {
					got = append(got, qsVals(p.Items, "sk")...)
					if len(p.Items) > int(limit) || p.Count != int32(len(p.Items)) || p.ScannedCount != p.Count {
						t.Errorf("page %d: %d items, Count %d, ScannedCount %d (Limit %d)", i, len(p.Items), p.Count, p.ScannedCount, limit)
					}
					if p.LastEvaluatedKey != nil {
						// A page that stopped at Limit names its last item, key
						// attributes only.
						if len(p.Items) == 0 {
							t.Fatalf("page %d: LastEvaluatedKey with no items", i)
						}
						last := p.Items[len(p.Items)-1]
						wantItem(t, p.LastEvaluatedKey, Item{"pk": last["pk"], "sk": last["sk"]})
					}
				}
				if !qsEq(got, want) {
					t.Errorf("pages concatenated: %v, want %v", got, want)
				}
				// AWS returns a LastEvaluatedKey whenever the page stopped
				// because of Limit, even when no item is left; the next page
				// is then empty and has none.
				wantPages := (len(want) + int(limit) - 1) / int(limit)
				if len(want)%int(limit) == 0 {
					wantPages++
				}
				if len(pages) != wantPages {
					t.Errorf("%d pages, want %d", len(pages), wantPages)
				}
				if last := pages[len(pages)-1]; len(want)%int(limit) == 0 && (len(last.Items) != 0 || last.Count != 0) {
					t.Errorf("page after a Limit ending on the last item: %d items", len(last.Items))
				}
			})
		}
	}

	t.Run("Limit equal to the partition size", func(t *testing.T) {
		in := base
		in.Limit = aws.Int32(int32(len(qsNumbers)))
		out := qsQuery(t, c, in)
		if len(out.Items) != len(qsNumbers) {
			t.Fatalf("%d items, want %d", len(out.Items), len(qsNumbers))
		}
		wantItem(t, out.LastEvaluatedKey, Item{"pk": S("p"), "sk": N("100")})
		in.ExclusiveStartKey = out.LastEvaluatedKey
		next := qsQuery(t, c, in)
		if len(next.Items) != 0 || next.Items == nil || next.LastEvaluatedKey != nil || next.Count != 0 || next.ScannedCount != 0 {
			t.Errorf("next page: %d items (nil=%v), Count %d, LastEvaluatedKey %s; want an empty page without one",
				len(next.Items), next.Items == nil, next.Count, show(next.LastEvaluatedKey))
		}
	})

	t.Run("ExclusiveStartKey need not be an existing item", func(t *testing.T) {
		in := base
		in.ExclusiveStartKey = Item{"pk": S("p"), "sk": N("1.5")}
		if got := qsVals(qsQuery(t, c, in).Items, "sk"); !qsEq(got, qsNumbers[6:]) {
			t.Errorf("forward from 1.5: %v, want %v", got, qsNumbers[6:])
		}
		in.ScanIndexForward = aws.Bool(false)
		if got := qsVals(qsQuery(t, c, in).Items, "sk"); !qsEq(got, qsRev(qsNumbers[:6])) {
			t.Errorf("backward from 1.5: %v, want %v", got, qsRev(qsNumbers[:6]))
		}
	})

	t.Run("ExclusiveStartKey with a sort key condition", func(t *testing.T) {
		in := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p AND sk BETWEEN :lo AND :hi"),
			ExpressionAttributeValues: Item{":p": S("p"), ":lo": N("-1"), ":hi": N("10")}, Limit: aws.Int32(2)}
		got := qsVals(qsQueryItems(t, c, in), "sk")
		if want := qsNumbers[2:8]; !qsEq(got, want) {
			t.Errorf("BETWEEN paged by 2: %v, want %v", got, want)
		}
		in.ScanIndexForward = aws.Bool(false)
		got = qsVals(qsQueryItems(t, c, in), "sk")
		if want := qsRev(qsNumbers[2:8]); !qsEq(got, want) {
			t.Errorf("BETWEEN backwards paged by 2: %v, want %v", got, want)
		}
	})

	t.Run("hash-only table", func(t *testing.T) {
		ht := hashTable(t, c)
		put(t, c, ht, Item{"pk": S("k"), "a": S("1")})
		out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(ht), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("k")}})
		if len(out.Items) != 1 || out.LastEvaluatedKey != nil {
			t.Errorf("hash table Query: %d items, LastEvaluatedKey %s", len(out.Items), show(out.LastEvaluatedKey))
		}
		out = qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(ht), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("k")}, Limit: aws.Int32(1)})
		if len(out.Items) != 1 {
			t.Fatalf("Limit 1: %d items", len(out.Items))
		}
		wantItem(t, out.LastEvaluatedKey, Item{"pk": S("k")})
	})
}

func TestQueryProjectionAndSelect(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	qsPutAll(t, c, table, []Item{
		{"pk": S("p"), "sk": N("1"), "a": S("a1"), "b": S("b1"), "m": M(Item{"x": N("1"), "y": N("2")})},
		{"pk": S("p"), "sk": N("2"), "b": S("b2")},
		{"pk": S("p"), "sk": N("3"), "a": S("a3"), "c": S("c3")},
	})
	keyExpr := func() dynamodb.QueryInput {
		return dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}}
	}
	keyLegacy := func() dynamodb.QueryInput {
		return dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))}}
	}
	wantItems := func(t *testing.T, got []Item, want ...Item) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d items, want %d", len(got), len(want))
		}
		for i := range want {
			wantItem(t, got[i], want[i])
		}
	}
	t.Run("ProjectionExpression", func(t *testing.T) {
		in := keyExpr()
		in.ProjectionExpression = aws.String("a, #b, m.y")
		in.ExpressionAttributeNames = map[string]string{"#b": "b"}
		out := qsQuery(t, c, in)
		wantItems(t, out.Items, Item{"a": S("a1"), "b": S("b1"), "m": M(Item{"y": N("2")})}, Item{"b": S("b2")}, Item{"a": S("a3")})
		in.Select = types.SelectSpecificAttributes
		wantItems(t, qsQuery(t, c, in).Items, Item{"a": S("a1"), "b": S("b1"), "m": M(Item{"y": N("2")})}, Item{"b": S("b2")}, Item{"a": S("a3")})
	})
	t.Run("AttributesToGet", func(t *testing.T) {
		in := keyLegacy()
		in.AttributesToGet = []string{"sk", "c"}
		wantItems(t, qsQuery(t, c, in).Items, Item{"sk": N("1")}, Item{"sk": N("2")}, Item{"sk": N("3"), "c": S("c3")})
		in.Select = types.SelectSpecificAttributes
		wantItems(t, qsQuery(t, c, in).Items, Item{"sk": N("1")}, Item{"sk": N("2")}, Item{"sk": N("3"), "c": S("c3")})
	})
	t.Run("ALL_ATTRIBUTES", func(t *testing.T) {
		in := keyExpr()
		in.Select = types.SelectAllAttributes
		out := qsQuery(t, c, in)
		if len(out.Items) != 3 || len(out.Items[0]) != 5 {
			t.Errorf("ALL_ATTRIBUTES: %d items, first %s", len(out.Items), show(out.Items[0]))
		}
	})
	t.Run("COUNT", func(t *testing.T) {
		for _, in := range []dynamodb.QueryInput{keyExpr(), keyLegacy()} {
			in.Select = types.SelectCount
			out := qsQuery(t, c, in)
			if out.Items != nil || out.Count != 3 || out.ScannedCount != 3 || out.LastEvaluatedKey != nil {
				t.Errorf("COUNT: Items %v, Count %d, ScannedCount %d, LastEvaluatedKey %s", out.Items, out.Count, out.ScannedCount, show(out.LastEvaluatedKey))
			}
			in.Limit = aws.Int32(2)
			out = qsQuery(t, c, in)
			if out.Items != nil || out.Count != 2 || out.ScannedCount != 2 {
				t.Errorf("COUNT Limit 2: Items %v, Count %d, ScannedCount %d", out.Items, out.Count, out.ScannedCount)
			}
			wantItem(t, out.LastEvaluatedKey, Item{"pk": S("p"), "sk": N("2")})
		}
		in := keyExpr()
		in.Select = types.SelectCount
		in.FilterExpression = aws.String("attribute_exists(a)")
		out := qsQuery(t, c, in)
		if out.Items != nil || out.Count != 2 || out.ScannedCount != 3 {
			t.Errorf("COUNT with filter: Items %v, Count %d, ScannedCount %d", out.Items, out.Count, out.ScannedCount)
		}
	})
	t.Run("illegal combinations", func(t *testing.T) {
		// Confirmed against AWS (moto's aws_verified Select tests): Query's
		// messages carry the "1 validation error detected: " prefix.
		const pfx = "1 validation error detected: "
		withProj := func(sel types.Select) dynamodb.QueryInput {
			in := keyExpr()
			in.Select = sel
			in.ProjectionExpression = aws.String("a")
			return in
		}
		withAtg := func(sel types.Select) dynamodb.QueryInput {
			in := keyLegacy()
			in.Select = sel
			in.AttributesToGet = []string{"a"}
			return in
		}
		cases := []struct {
			name string
			in   dynamodb.QueryInput
			msg  string
		}{
			{"COUNT with AttributesToGet", withAtg(types.SelectCount), pfx + "Cannot specify the AttributesToGet when choosing to get only the Count"},
			{"ALL_ATTRIBUTES with AttributesToGet", withAtg(types.SelectAllAttributes), pfx + "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"},
			{"COUNT with ProjectionExpression", withProj(types.SelectCount), pfx + "Cannot specify the ProjectionExpression when choosing to get only the Count"},
			{"ALL_ATTRIBUTES with ProjectionExpression", withProj(types.SelectAllAttributes), pfx + "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"},
			{"ALL_PROJECTED_ATTRIBUTES without an index", func() dynamodb.QueryInput { in := keyExpr(); in.Select = types.SelectAllProjectedAttributes; return in }(),
				pfx + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"},
			{"SPECIFIC_ATTRIBUTES without a projection", func() dynamodb.QueryInput { in := keyExpr(); in.Select = types.SelectSpecificAttributes; return in }(),
				pfx + "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"},
			{"unknown Select", func() dynamodb.QueryInput { in := keyExpr(); in.Select = "count"; return in }(),
				pfx + "Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"},
			{"ProjectionExpression with AttributesToGet", func() dynamodb.QueryInput {
				in := keyExpr()
				in.ProjectionExpression = aws.String("a")
				in.AttributesToGet = []string{"a"}
				return in
			}(), "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression, KeyConditionExpression}"},
			{"Limit 0", func() dynamodb.QueryInput { in := keyExpr(); in.Limit = aws.Int32(0); return in }(),
				pfx + "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
			{"unknown index", func() dynamodb.QueryInput { in := keyExpr(); in.IndexName = aws.String("nope"); return in }(),
				"The table does not have the specified index: nope"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := c.Query(ctxT(t), &tc.in)
				wantValidation(t, err, tc.msg)
			})
		}
	})
}

func TestQueryConsumedCapacity(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsStringRangeTable(t, c)
	// Three items of 3000 bytes each ("pk"+"p" + "sk"+"k1" + "d"+2992 = 3000).
	// A Query page is charged once on the total size it read: 9000 bytes
	// round up to 12 KB, 3 units strongly consistent, 1.5 eventually.
	var items []Item
	for _, k := range []string{"k1", "k2", "k3"} {
		items = append(items, Item{"pk": S("p"), "sk": S(k), "d": S(strings.Repeat("x", 2992))})
	}
	qsPutAll(t, c, table, items)
	for _, it := range items {
		if qsSize(it) != 3000 {
			t.Fatalf("test item is %d bytes, want 3000", qsSize(it))
		}
	}
	base := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}}
	cases := []struct {
		name       string
		mod        func(*dynamodb.QueryInput)
		consistent float64
	}{
		{"whole partition", func(*dynamodb.QueryInput) {}, 3},
		{"filter drops everything: charged on what was read", func(in *dynamodb.QueryInput) {
			in.FilterExpression = aws.String("attribute_exists(nothing)")
		}, 3},
		{"COUNT costs the same", func(in *dynamodb.QueryInput) { in.Select = types.SelectCount }, 3},
		{"projection costs the same", func(in *dynamodb.QueryInput) { in.ProjectionExpression = aws.String("sk") }, 3},
		{"Limit 1 reads one item", func(in *dynamodb.QueryInput) { in.Limit = aws.Int32(1) }, 1},
		{"Limit 2 reads 6000 bytes", func(in *dynamodb.QueryInput) { in.Limit = aws.Int32(2) }, 2},
		{"sort key condition", func(in *dynamodb.QueryInput) {
			in.KeyConditionExpression = aws.String("pk = :p AND sk >= :k")
			in.ExpressionAttributeValues = Item{":p": S("p"), ":k": S("k2")}
		}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, consistent := range []bool{true, false} {
				for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
					in := base
					tc.mod(&in)
					in.ConsistentRead = aws.Bool(consistent)
					in.ReturnConsumedCapacity = rcc
					out := qsQuery(t, c, in)
					want := tc.consistent
					if !consistent {
						want /= 2
					}
					wantCapacity(t, out.ConsumedCapacity, table, want, rcc == types.ReturnConsumedCapacityIndexes)
				}
			}
		})
	}
	out := qsQuery(t, c, base)
	if out.ConsumedCapacity != nil {
		t.Errorf("ConsumedCapacity without ReturnConsumedCapacity: %+v", out.ConsumedCapacity)
	}
	in := base
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityNone
	if out := qsQuery(t, c, in); out.ConsumedCapacity != nil {
		t.Errorf("ConsumedCapacity with NONE: %+v", out.ConsumedCapacity)
	}
}

func TestQueryConsistentReadSeesWrites(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	for i := 0; i < 20; i++ {
		put(t, c, table, Item{"pk": S("p"), "sk": N(fmt.Sprint(i))})
		out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: Item{":p": S("p")}, ConsistentRead: aws.Bool(true), Select: types.SelectCount})
		if out.Count != int32(i+1) {
			t.Fatalf("after %d writes a consistent Query counts %d", i+1, out.Count)
		}
	}
	_, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: Item{"pk": S("p"), "sk": N("0")}})
	if err != nil {
		t.Fatal(err)
	}
	out := qsQuery(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
		ExpressionAttributeValues: Item{":p": S("p")}, ConsistentRead: aws.Bool(true), Limit: aws.Int32(1)})
	if got := qsVals(out.Items, "sk"); !qsEq(got, []string{"1"}) {
		t.Errorf("after deleting sk 0 the first item is %v", got)
	}
}

func TestQueryMissingTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := aws.String(tableName("missing"))
	_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: name, KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	_, err = c.Query(ctxT(t), &dynamodb.QueryInput{TableName: name, KeyConditions: map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("p"))}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	// A malformed expression is reported before the missing table.
	_, err = c.Query(ctxT(t), &dynamodb.QueryInput{TableName: name, KeyConditionExpression: aws.String("pk = "), ExpressionAttributeValues: Item{":p": S("p")}})
	wantErrPrefix(t, err, "ValidationException", "Invalid KeyConditionExpression: Syntax error; ")
}

// TestQueryLargePartitionPaging pages through a partition of about 3 MB in
// 1 MB pages, forwards and backwards, with the expression and the legacy
// parameters, and with a filter that drops everything (the limit counts what
// was read, not what was returned).
func TestQueryLargePartitionPaging(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := qsStringRangeTable(t, c)
	const n = 64
	sizes := map[string]int{}
	var items []Item
	var keys []string
	for i := 0; i < n; i++ {
		sk := fmt.Sprintf("k%03d", i)
		// Sizes vary from about 40 KB to 56 KB so that page ends fall at
		// irregular places.
		d := strings.Repeat("d", 40000+(i*7919)%16000)
		it := Item{"pk": S("big"), "sk": S(sk), "d": S(d)}
		items = append(items, it)
		keys = append(keys, sk)
		sizes[sk] = qsSize(it)
	}
	items = append(items, Item{"pk": S("small"), "sk": S("k000")})
	qsPutAll(t, c, table, items)

	check := func(t *testing.T, pages []*dynamodb.QueryOutput, want []string, filtered bool) {
		t.Helper()
		var got []string
		var scanned int32
		for i, p := range pages {
			var ps []int
			for _, it := range p.Items {
				ps = append(ps, sizes[qsScalar(it["sk"])])
			}
			if filtered {
				// Nothing is returned; the page's reads are its ScannedCount
				// items, which follow the previous page's in key order.
				ps = nil
				for j := int32(0); j < p.ScannedCount; j++ {
					ps = append(ps, sizes[want[int(scanned+j)]])
				}
			}
			qsWantPageBound(t, i, ps, p.LastEvaluatedKey != nil, false)
			got = append(got, qsVals(p.Items, "sk")...)
			scanned += p.ScannedCount
		}
		if int(scanned) != len(want) {
			t.Errorf("ScannedCount totals %d, want %d", scanned, len(want))
		}
		if len(pages) < 3 {
			t.Errorf("%d pages for about 3 MB, want at least 3", len(pages))
		}
		if !filtered && !qsEq(got, want) {
			t.Errorf("pages concatenated: %v\nwant %v", got, want)
		}
	}
	t.Run("expression forwards", func(t *testing.T) {
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("big")}})
		check(t, pages, keys, false)
	})
	t.Run("expression backwards", func(t *testing.T) {
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: Item{":p": S("big")}, ScanIndexForward: aws.Bool(false)})
		check(t, pages, qsRev(keys), false)
	})
	t.Run("legacy with AttributesToGet: pages still count whole items", func(t *testing.T) {
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: aws.String(table),
			KeyConditions:   map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S("big")), "sk": cond(types.ComparisonOperatorBeginsWith, S("k"))},
			QueryFilter:     map[string]types.Condition{"d": cond(types.ComparisonOperatorNotNull)},
			AttributesToGet: []string{"sk"}})
		check(t, pages, keys, false)
	})
	t.Run("filter dropping everything", func(t *testing.T) {
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			FilterExpression: aws.String("attribute_exists(nothing)"), ExpressionAttributeValues: Item{":p": S("big")}})
		check(t, pages, keys, true)
	})
	t.Run("SDK paginator", func(t *testing.T) {
		p := dynamodb.NewQueryPaginator(c, &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: Item{":p": S("big")}, ProjectionExpression: aws.String("sk")})
		var got []string
		for p.HasMorePages() {
			out, err := p.NextPage(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, qsVals(out.Items, "sk")...)
		}
		if !qsEq(got, keys) {
			t.Errorf("paginator: %d keys, want %d in order", len(got), len(keys))
		}
	})
}

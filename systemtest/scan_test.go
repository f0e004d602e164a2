package systemtest

// Scan through the SDK: paging, filtering, projection, counting, the legacy
// ScanFilter, parallel scan, capacity and AWS's errors.
//
// The rules are the Scan API Reference's and "Scan" / "Parallel scan" in the
// Developer Guide: a page reads at most 1 MB before the filter;
// LastEvaluatedKey whenever it stopped early; TotalSegments 1..1,000,000,
// Segment 0..TotalSegments-1, both or neither; the segments are disjoint and
// together are the table. The exact messages are those recorded against the
// live service by emulators' AWS-verified suites (dynalite, moto); note that
// Scan's Select messages, unlike Query's, carry no "1 validation error
// detected: " prefix (moto aws_verified).

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestScanWholeTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	table, items := qsSeedScan(t, c, 25)
	out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table)})
	qsWantSameSet(t, out.Items, items, "pk")
	if out.Count != 25 || out.ScannedCount != 25 || out.LastEvaluatedKey != nil {
		t.Errorf("Count %d ScannedCount %d LastEvaluatedKey %s", out.Count, out.ScannedCount, show(out.LastEvaluatedKey))
	}
	// Scan order is stable: the same request returns the same order.
	again := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	if a, b := qsVals(out.Items, "pk"), qsVals(again.Items, "pk"); !qsEq(a, b) {
		t.Errorf("two scans differ in order:\n%v\n%v", a, b)
	}

	empty := hashTable(t, c)
	out = qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(empty)})
	if out.Items == nil || len(out.Items) != 0 || out.Count != 0 || out.ScannedCount != 0 || out.LastEvaluatedKey != nil {
		t.Errorf("empty table: Items %v (nil=%v) Count %d ScannedCount %d", out.Items, out.Items == nil, out.Count, out.ScannedCount)
	}
}

func TestScanLimitAndPaging(t *testing.T) {
	t.Parallel()
	c := client(t)
	table, items := qsSeedScan(t, c, 12)
	order := qsVals(qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table)}).Items, "pk")
	for _, limit := range []int32{1, 5, 6, 11, 12, 13} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(limit)})
			var got []Item
			for i, p := range pages {
				got = append(got, p.Items...)
				if len(p.Items) > int(limit) || p.Count != int32(len(p.Items)) || p.ScannedCount != p.Count {
					t.Errorf("page %d: %d items Count %d ScannedCount %d", i, len(p.Items), p.Count, p.ScannedCount)
				}
				if p.LastEvaluatedKey != nil {
					if len(p.Items) == 0 {
						t.Fatalf("page %d: LastEvaluatedKey without items", i)
					}
					wantItem(t, p.LastEvaluatedKey, Item{"pk": p.Items[len(p.Items)-1]["pk"]})
				}
			}
			qsWantSameSet(t, got, items, "pk")
			if g := qsVals(got, "pk"); !qsEq(g, order) {
				t.Errorf("paged order differs from the one-page order")
			}
			wantPages := (len(items) + int(limit) - 1) / int(limit)
			if len(items)%int(limit) == 0 {
				wantPages++ // a page ending exactly on the last item has a LastEvaluatedKey
			}
			if len(pages) != wantPages {
				t.Errorf("%d pages, want %d", len(pages), wantPages)
			}
		})
	}
	t.Run("Limit equal to the table size", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(12)})
		if len(out.Items) != 12 || out.LastEvaluatedKey == nil {
			t.Fatalf("%d items, LastEvaluatedKey %s; want 12 and a LastEvaluatedKey", len(out.Items), show(out.LastEvaluatedKey))
		}
		next := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(12), ExclusiveStartKey: out.LastEvaluatedKey})
		if len(next.Items) != 0 || next.Items == nil || next.LastEvaluatedKey != nil || next.Count != 0 || next.ScannedCount != 0 {
			t.Errorf("next page: %d items (nil=%v) Count %d LastEvaluatedKey %s", len(next.Items), next.Items == nil, next.Count, show(next.LastEvaluatedKey))
		}
	})
	t.Run("ExclusiveStartKey of a deleted item", func(t *testing.T) {
		// The start key need not exist: the scan resumes after its place.
		ht, _ := qsSeedScan(t, c, 10)
		full := qsVals(qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(ht)}).Items, "pk")
		gone := full[4]
		if _, err := c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(ht), Key: Item{"pk": S(gone)}}); err != nil {
			t.Fatal(err)
		}
		got := qsVals(qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(ht), ExclusiveStartKey: Item{"pk": S(gone)}}).Items, "pk")
		if !qsEq(got, full[5:]) {
			t.Errorf("after deleted %s: %v, want %v", gone, got, full[5:])
		}
	})
	t.Run("SDK paginator", func(t *testing.T) {
		p := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(5)})
		var got []Item
		for p.HasMorePages() {
			out, err := p.NextPage(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, out.Items...)
		}
		qsWantSameSet(t, got, items, "pk")
	})
}

func TestScanRangeTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := rangeTable(t, c)
	var items []Item
	for p := 0; p < 5; p++ {
		for s := 0; s < 6; s++ {
			items = append(items, Item{"pk": S(fmt.Sprintf("p%d", p)), "sk": N(fmt.Sprint(s * 10)), "x": N(fmt.Sprint(p*6 + s))})
		}
	}
	qsPutAll(t, c, table, items)
	pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(4)})
	var got []Item
	for _, p := range pages {
		got = append(got, p.Items...)
		if p.LastEvaluatedKey != nil {
			last := p.Items[len(p.Items)-1]
			wantItem(t, p.LastEvaluatedKey, Item{"pk": last["pk"], "sk": last["sk"]})
		}
	}
	qsWantSameSet(t, got, items, "pk", "sk")
	// Within a partition a Scan returns items in sort key order.
	pos := map[string]int{}
	for i, it := range got {
		pk := qsScalar(it["pk"])
		if prev, ok := pos[pk]; ok && prev != i-1 {
			t.Errorf("partition %s is not contiguous in the scan", pk)
		}
		pos[pk] = i
	}
	for i := 1; i < len(got); i++ {
		a, _ := strconv.Atoi(qsScalar(got[i-1]["sk"]))
		b, _ := strconv.Atoi(qsScalar(got[i]["sk"]))
		if qsScalar(got[i]["pk"]) == qsScalar(got[i-1]["pk"]) && b <= a {
			t.Errorf("sort keys out of order in partition %s: %s after %s", qsScalar(got[i]["pk"]), qsScalar(got[i]["sk"]), qsScalar(got[i-1]["sk"]))
		}
	}
}

func TestScanFilters(t *testing.T) {
	t.Parallel()
	c := client(t)
	table, items := qsSeedScan(t, c, 20)
	pick := func(f func(i int) bool) []Item {
		var out []Item
		for i, it := range items {
			if f(i) {
				out = append(out, it)
			}
		}
		return out
	}
	t.Run("FilterExpression", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: aws.String("tag = :t AND v < :n"),
			ExpressionAttributeValues: Item{":t": S("odd"), ":n": N("10")}})
		qsWantSameSet(t, out.Items, pick(func(i int) bool { return i%2 == 1 && i < 10 }), "pk")
		if out.Count != 5 || out.ScannedCount != 20 {
			t.Errorf("Count %d ScannedCount %d, want 5 and 20", out.Count, out.ScannedCount)
		}
	})
	t.Run("a Scan filter may name key attributes", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: aws.String("begins_with(pk, :p) OR #k = :k"),
			ExpressionAttributeNames: map[string]string{"#k": "pk"}, ExpressionAttributeValues: Item{":p": S("k00"), ":k": S("k015")}})
		qsWantSameSet(t, out.Items, pick(func(i int) bool { return i < 10 || i == 15 }), "pk")
	})
	t.Run("Limit counts items read before the filter", func(t *testing.T) {
		in := dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(3), FilterExpression: aws.String("tag = :t"), ExpressionAttributeValues: Item{":t": S("even")}}
		first := qsScan(t, c, in)
		if first.ScannedCount != 3 || first.Count > 3 || first.LastEvaluatedKey == nil {
			t.Errorf("first page: Count %d ScannedCount %d LastEvaluatedKey %s", first.Count, first.ScannedCount, show(first.LastEvaluatedKey))
		}
		qsWantSameSet(t, qsScanItems(t, c, in), pick(func(i int) bool { return i%2 == 0 }), "pk")
	})
	t.Run("legacy ScanFilter", func(t *testing.T) {
		cases := []struct {
			name   string
			filter map[string]types.Condition
			op     types.ConditionalOperator
			want   []Item
		}{
			{"EQ", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("odd"))}, "", pick(func(i int) bool { return i%2 == 1 })},
			{"AND", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("odd")), "v": cond(types.ComparisonOperatorGt, N("14"))}, types.ConditionalOperatorAnd,
				pick(func(i int) bool { return i%2 == 1 && i > 14 })},
			{"OR", map[string]types.Condition{"tag": cond(types.ComparisonOperatorEq, S("odd")), "v": cond(types.ComparisonOperatorGt, N("14"))}, types.ConditionalOperatorOr,
				pick(func(i int) bool { return i%2 == 1 || i > 14 })},
			{"key attribute BEGINS_WITH", map[string]types.Condition{"pk": cond(types.ComparisonOperatorBeginsWith, S("k01"))}, "", pick(func(i int) bool { return i >= 10 && i < 20 })},
			{"NE", map[string]types.Condition{"v": cond(types.ComparisonOperatorNe, N("3"))}, "", pick(func(i int) bool { return i != 3 })},
			{"NULL", map[string]types.Condition{"nothing": cond(types.ComparisonOperatorNull)}, "", items},
			{"CONTAINS", map[string]types.Condition{"tag": cond(types.ComparisonOperatorContains, S("ve"))}, "", pick(func(i int) bool { return i%2 == 0 })},
			{"IN", map[string]types.Condition{"v": cond(types.ComparisonOperatorIn, N("1"), N("2"), N("99"))}, "", pick(func(i int) bool { return i == 1 || i == 2 })},
		}
		for _, tc := range cases {
			out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), ScanFilter: tc.filter, ConditionalOperator: tc.op})
			t.Run(tc.name, func(t *testing.T) {
				qsWantSameSet(t, out.Items, tc.want, "pk")
				if out.ScannedCount != 20 {
					t.Errorf("ScannedCount %d, want 20", out.ScannedCount)
				}
			})
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, err := c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), ScanFilter: map[string]types.Condition{"v": cond(types.ComparisonOperatorEq, N("1"))},
			FilterExpression: aws.String("v = :v"), ExpressionAttributeValues: Item{":v": N("1")}})
		wantValidation(t, err, "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}")
		_, err = c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: aws.String("v = :v")})
		wantValidation(t, err, "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v")
		_, err = c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), ScanFilter: map[string]types.Condition{"v": cond(types.ComparisonOperatorBetween, N("1"))}})
		wantValidation(t, err, "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator")
	})
}

func TestScanProjectionAndSelect(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	qsPutAll(t, c, table, []Item{
		{"pk": S("a"), "x": S("xa"), "m": M(Item{"p": N("1"), "q": N("2")})},
		{"pk": S("b"), "y": S("yb")},
	})
	t.Run("ProjectionExpression", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), ProjectionExpression: aws.String("pk, m.q")})
		qsWantSameSet(t, out.Items, []Item{{"pk": S("a"), "m": M(Item{"q": N("2")})}, {"pk": S("b")}}, "pk")
	})
	t.Run("AttributesToGet", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), AttributesToGet: []string{"pk", "y"}, Select: types.SelectSpecificAttributes})
		qsWantSameSet(t, out.Items, []Item{{"pk": S("a")}, {"pk": S("b"), "y": S("yb")}}, "pk")
		// Without the key in the projection, items are returned without it.
		out = qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), AttributesToGet: []string{"x"}})
		if len(out.Items) != 2 {
			t.Fatalf("%d items", len(out.Items))
		}
		n := 0
		for _, it := range out.Items {
			n += len(it)
		}
		if n != 1 {
			t.Errorf("AttributesToGet [x]: %s %s", show(out.Items[0]), show(out.Items[1]))
		}
	})
	t.Run("COUNT", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount})
		if out.Items != nil || out.Count != 2 || out.ScannedCount != 2 {
			t.Errorf("COUNT: Items %v Count %d ScannedCount %d", out.Items, out.Count, out.ScannedCount)
		}
		out = qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount, Limit: aws.Int32(1), ConsistentRead: aws.Bool(true)})
		if out.Items != nil || out.Count != 1 || out.ScannedCount != 1 || out.LastEvaluatedKey == nil {
			t.Errorf("COUNT Limit 1: Items %v Count %d ScannedCount %d LastEvaluatedKey %s", out.Items, out.Count, out.ScannedCount, show(out.LastEvaluatedKey))
		}
		out = qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount, ScanFilter: map[string]types.Condition{"x": cond(types.ComparisonOperatorNotNull)}})
		if out.Count != 1 || out.ScannedCount != 2 {
			t.Errorf("COUNT with ScanFilter: Count %d ScannedCount %d", out.Count, out.ScannedCount)
		}
	})
	t.Run("illegal combinations", func(t *testing.T) {
		// Confirmed against AWS (moto aws_verified): no "1 validation error
		// detected: " prefix on Scan, unlike Query.
		cases := []struct {
			name string
			in   dynamodb.ScanInput
			msg  string
		}{
			{"COUNT with AttributesToGet", dynamodb.ScanInput{Select: types.SelectCount, AttributesToGet: []string{"x"}},
				"Cannot specify the AttributesToGet when choosing to get only the Count"},
			{"ALL_ATTRIBUTES with AttributesToGet", dynamodb.ScanInput{Select: types.SelectAllAttributes, AttributesToGet: []string{"x"}},
				"Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"},
			{"COUNT with ProjectionExpression", dynamodb.ScanInput{Select: types.SelectCount, ProjectionExpression: aws.String("x")},
				"Cannot specify the ProjectionExpression when choosing to get only the Count"},
			{"ALL_ATTRIBUTES with ProjectionExpression", dynamodb.ScanInput{Select: types.SelectAllAttributes, ProjectionExpression: aws.String("x")},
				"Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"},
			{"ALL_PROJECTED_ATTRIBUTES without an index", dynamodb.ScanInput{Select: types.SelectAllProjectedAttributes},
				"ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"},
			{"SPECIFIC_ATTRIBUTES without a projection", dynamodb.ScanInput{Select: types.SelectSpecificAttributes},
				"Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"},
			{"unknown Select", dynamodb.ScanInput{Select: "count"},
				"1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"},
			{"ProjectionExpression with AttributesToGet", dynamodb.ScanInput{ProjectionExpression: aws.String("x"), AttributesToGet: []string{"x"}},
				"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"},
			{"Limit 0", dynamodb.ScanInput{Limit: aws.Int32(0)},
				"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
			{"unknown index", dynamodb.ScanInput{IndexName: aws.String("nope")}, "The table does not have the specified index: nope"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tc.in.TableName = aws.String(table)
				_, err := c.Scan(ctxT(t), &tc.in)
				wantValidation(t, err, tc.msg)
			})
		}
	})
}

func TestScanConsumedCapacity(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	// Four items of 2500 bytes ("pk"+"kN" + "d"+2495): a page reading all of
	// them is charged ceil(10000/4096) = 3 units (1.5 eventually consistent),
	// whatever the filter, projection or Select.
	var items []Item
	for i := 0; i < 4; i++ {
		items = append(items, Item{"pk": S(fmt.Sprintf("k%d", i)), "d": S(strings.Repeat("y", 2495))})
	}
	qsPutAll(t, c, table, items)
	if qsSize(items[0]) != 2500 {
		t.Fatalf("item size %d, want 2500", qsSize(items[0]))
	}
	cases := []struct {
		name string
		in   dynamodb.ScanInput
		want float64
	}{
		{"whole table", dynamodb.ScanInput{}, 3},
		{"filter drops everything", dynamodb.ScanInput{FilterExpression: aws.String("attribute_exists(nothing)")}, 3},
		{"legacy filter", dynamodb.ScanInput{ScanFilter: map[string]types.Condition{"nothing": cond(types.ComparisonOperatorNotNull)}}, 3},
		{"COUNT", dynamodb.ScanInput{Select: types.SelectCount}, 3},
		{"Limit 1", dynamodb.ScanInput{Limit: aws.Int32(1)}, 1},
		{"Limit 2 (5000 bytes)", dynamodb.ScanInput{Limit: aws.Int32(2)}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, consistent := range []bool{true, false} {
				for _, rcc := range []types.ReturnConsumedCapacity{types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes} {
					in := tc.in
					in.TableName = aws.String(table)
					in.ConsistentRead = aws.Bool(consistent)
					in.ReturnConsumedCapacity = rcc
					out := qsScan(t, c, in)
					want := tc.want
					if !consistent {
						want /= 2
					}
					wantCapacity(t, out.ConsumedCapacity, table, want, rcc == types.ReturnConsumedCapacityIndexes)
				}
			}
		})
	}
}

func TestScanExclusiveStartKeyValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	ht, _ := qsSeedScan(t, c, 3)
	rt := rangeTable(t, c)
	// What is confirmed of the wording: see TestQueryExclusiveStartKeyValidation.
	const invalid = "The provided starting key is invalid"
	const schema = "The provided key element does not match the schema"
	cases := []struct {
		name  string
		table string
		esk   Item
		msg   string
		match string
	}{
		{"wrong type", ht, Item{"pk": N("1")}, schema, "contains"},
		{"wrong attribute", ht, Item{"other": S("k000")}, invalid, "prefix"},
		{"extra attribute", ht, Item{"pk": S("k000"), "v": N("1")}, invalid, "prefix"},
		{"sort key missing", rt, Item{"pk": S("p")}, invalid, "prefix"},
		{"partition key missing", rt, Item{"sk": N("1")}, invalid, "prefix"},
		{"sort key of the wrong type", rt, Item{"pk": S("p"), "sk": S("1")}, schema, "contains"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(tc.table), ExclusiveStartKey: tc.esk})
			qsWantErrMatch(t, err, tc.match, tc.msg)
		})
	}
}

func TestScanMissingTable(t *testing.T) {
	t.Parallel()
	c := client(t)
	name := aws.String(tableName("missing"))
	_, err := c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: name})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	_, err = c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: name, Segment: aws.Int32(0), TotalSegments: aws.Int32(2)})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
	// Parameter errors come before the missing table.
	_, err = c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: name, Segment: aws.Int32(3), TotalSegments: aws.Int32(2)})
	wantValidation(t, err, "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 2")
}

// TestScanLargeTablePaging scans a table of about 6 MB of items from 80 KB
// to 120 KB: plainly, with a filter that drops everything, with the legacy
// parameters and a projection, and in parallel with 4 and 100 segments.
// Every page holds at most 1 MB of items plus the one that crosses it, a
// page with a LastEvaluatedKey has read 1 MB, and the pages together are the
// table, each item once.
func TestScanLargeTablePaging(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := hashTable(t, c)
	rng := rand.New(rand.NewSource(20240501))
	const n = 60
	var items []Item
	sizes := map[string]int{}
	for i := 0; i < n; i++ {
		pk := fmt.Sprintf("big-%03d", i)
		it := Item{"pk": S(pk), "d": S(strings.Repeat(string(rune('a'+i%26)), 80000+rng.Intn(40000)))}
		items = append(items, it)
		sizes[pk] = qsSize(it)
	}
	qsPutAll(t, c, table, items)
	order := []string{}

	check := func(t *testing.T, pages []*dynamodb.ScanOutput, filtered bool, limit int) []string {
		t.Helper()
		var got []string
		for i, p := range pages {
			var ps []int
			for _, it := range p.Items {
				ps = append(ps, sizes[qsScalar(it["pk"])])
			}
			if filtered {
				if len(order) == 0 {
					t.Fatal("filtered check needs the scan order")
				}
				ps = nil
				for j := 0; j < int(p.ScannedCount); j++ {
					ps = append(ps, sizes[order[len(got)+j]])
				}
				got = append(got, order[len(got):len(got)+int(p.ScannedCount)]...)
			} else {
				got = append(got, qsVals(p.Items, "pk")...)
			}
			qsWantPageBound(t, i, ps, p.LastEvaluatedKey != nil, limit > 0 && int(p.ScannedCount) == limit)
			if p.LastEvaluatedKey != nil && !filtered && len(p.Items) > 0 {
				wantItem(t, p.LastEvaluatedKey, Item{"pk": p.Items[len(p.Items)-1]["pk"]})
			}
		}
		return got
	}
	t.Run("plain", func(t *testing.T) {
		pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table)})
		if len(pages) < 5 {
			t.Errorf("%d pages for about 6 MB, want at least 5", len(pages))
		}
		order = check(t, pages, false, 0)
		var all []Item
		for _, p := range pages {
			all = append(all, p.Items...)
		}
		qsWantSameSet(t, all, items, "pk")
	})
	if len(order) != n {
		t.Fatalf("plain scan returned %d items, want %d; not continuing", len(order), n)
	}
	t.Run("filter dropping everything: 1 MB counted before the filter", func(t *testing.T) {
		pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: aws.String("attribute_exists(nothing)")})
		if len(pages) < 5 {
			t.Errorf("%d pages, want at least 5: the limit applies to items read, not returned", len(pages))
		}
		for i, p := range pages {
			if len(p.Items) != 0 || p.Count != 0 {
				t.Errorf("page %d returned %d items", i, len(p.Items))
			}
		}
		if got := check(t, pages, true, 0); len(got) != n {
			t.Errorf("ScannedCount totals %d, want %d", len(got), n)
		}
	})
	t.Run("legacy ScanFilter and AttributesToGet: pages count whole items", func(t *testing.T) {
		pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), AttributesToGet: []string{"pk"},
			ScanFilter: map[string]types.Condition{"d": cond(types.ComparisonOperatorNotNull)}})
		got := check(t, pages, false, 0)
		if !qsEq(got, order) {
			t.Errorf("legacy pages: %d keys, want the %d of the plain scan in the same order", len(got), len(order))
		}
		for _, p := range pages {
			for _, it := range p.Items {
				if len(it) != 1 {
					t.Fatalf("AttributesToGet [pk] returned %d attributes", len(it))
				}
			}
		}
	})
	t.Run("Limit below the 1 MB page", func(t *testing.T) {
		pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(4), ProjectionExpression: aws.String("pk")})
		got := check(t, pages, false, 4)
		if !qsEq(got, order) {
			t.Errorf("Limit 4 pages: %d keys, want %d in scan order", len(got), len(order))
		}
		for i, p := range pages[:len(pages)-1] {
			if len(p.Items) != 4 {
				t.Errorf("page %d: %d items with Limit 4 and 1 MB > 4 items", i, len(p.Items))
			}
		}
	})
	for _, total := range []int{4, 100} {
		t.Run(fmt.Sprintf("parallel %d segments", total), func(t *testing.T) {
			var mu sync.Mutex
			var all []Item
			var wg sync.WaitGroup
			for s := 0; s < total; s++ {
				wg.Add(1)
				go func(s int) {
					defer wg.Done()
					pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(int32(s)), TotalSegments: aws.Int32(int32(total))})
					mu.Lock()
					defer mu.Unlock()
					check(t, pages, false, 0)
					for _, p := range pages {
						all = append(all, p.Items...)
					}
				}(s)
			}
			wg.Wait()
			qsWantSameSet(t, all, items, "pk")
		})
	}
}

package systemtest

// Secondary indexes, part two: Query and Scan with IndexName on the standard
// fixture (ixStdTable): key conditions on the index keys, projections and
// Select, AWS's errors, order, paging with the index's LastEvaluatedKey,
// parallel Scan, and filters.
//
// The rules are the Query and Scan API Reference's (Select defaults to
// ALL_PROJECTED_ATTRIBUTES on an index; a local secondary index fetches
// unprojected attributes from the table; a global one cannot, so
// ALL_ATTRIBUTES is refused there unless it projects ALL; ConsistentRead is
// refused on a GSI) and "Local secondary indexes" / "Using Global Secondary
// Indexes". The messages are as recorded against the live service by
// dynalite's query.js and scan.js and moto's aws_verified Select tests.

import (
	"fmt"
	"math/big"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ixSeed fills the standard fixture with n items spread over partitions
// p0..p4: gpk "g" for two thirds of them (gsk = i%10, so there are ties),
// "h" for the rest (every fifth of which lacks gsk); lsk on every other
// item; a on all, b on some. It returns the items.
func ixSeed(t testing.TB, c *dynamodb.Client, table string, n int) []Item {
	t.Helper()
	var items []Item
	for i := 0; i < n; i++ {
		it := Item{"pk": S(fmt.Sprintf("p%d", i%5)), "sk": N(fmt.Sprint(i)), "a": S(fmt.Sprintf("a%03d", i))}
		if i%3 != 0 {
			it["gpk"], it["gsk"] = S("g"), N(fmt.Sprint(i%10))
		} else {
			it["gpk"] = S("h")
			if i%5 != 0 {
				it["gsk"] = N(fmt.Sprint(-i))
			}
		}
		if i%2 == 0 {
			it["lsk"] = S(fmt.Sprintf("l%02d", (n-i)%17))
		}
		if i%4 == 0 {
			it["b"] = S("big")
		}
		items = append(items, it)
	}
	qsPutAll(t, c, table, items)
	return items
}

// ixNum parses a number attribute for ordering checks.
func ixNum(t testing.TB, av types.AttributeValue) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(qsScalar(av))
	if !ok {
		t.Fatalf("not a number: %s", qsScalar(av))
	}
	return r
}

// ixWantOrdered asserts that got is want in index order: sorted by the
// index sort key sortKey (numeric when num), forward or backward, each
// entry once; the order among entries with equal sort keys is not checked
// (AWS does not document it).
func ixWantOrdered(t testing.TB, got, want []Item, sortKey string, num, forward bool) {
	t.Helper()
	qsWantSameSet(t, got, want, "pk", "sk")
	for i := 1; i < len(got); i++ {
		var cmp int
		if num {
			cmp = ixNum(t, got[i-1][sortKey]).Cmp(ixNum(t, got[i][sortKey]))
		} else if a, b := qsScalar(got[i-1][sortKey]), qsScalar(got[i][sortKey]); a != b {
			cmp = map[bool]int{true: -1, false: 1}[a < b]
		}
		if (forward && cmp > 0) || (!forward && cmp < 0) {
			t.Errorf("entries %d and %d out of index order (forward=%v): %s then %s", i-1, i, forward, qsScalar(got[i-1][sortKey]), qsScalar(got[i][sortKey]))
			return
		}
	}
}

func ixFilter(items []Item, keep func(Item) bool) []Item {
	var out []Item
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

func ixProjectAll(items []Item, index string) []Item {
	var out []Item
	for _, it := range items {
		if p := ixProject(it, index); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func TestIndexQueryProjectionsAndSelect(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := ixStdTable(t, c)
	items := ixSeed(t, c, table, 60)
	tn := aws.String(table)
	inG := ixFilter(items, func(it Item) bool { return qsScalar(it["gpk"]) == "g" })
	gQuery := dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal), KeyConditionExpression: aws.String("gpk = :g"), ExpressionAttributeValues: Item{":g": S("g")}}

	t.Run("GSI INCLUDE returns keys and included attributes", func(t *testing.T) {
		for _, forward := range []bool{true, false} {
			in := gQuery
			in.ScanIndexForward = aws.Bool(forward)
			ixWantOrdered(t, qsQueryItems(t, c, in), ixProjectAll(inG, ixGlobal), "gsk", true, forward)
		}
		in := gQuery
		in.Select = types.SelectAllProjectedAttributes
		ixWantOrdered(t, qsQueryItems(t, c, in), ixProjectAll(inG, ixGlobal), "gsk", true, true)
	})
	t.Run("GSI sort key condition and legacy KeyConditions", func(t *testing.T) {
		want := ixProjectAll(ixFilter(inG, func(it Item) bool {
			n := ixNum(t, it["gsk"])
			return n.Cmp(big.NewRat(3, 1)) >= 0 && n.Cmp(big.NewRat(5, 1)) <= 0
		}), ixGlobal)
		in := gQuery
		in.KeyConditionExpression = aws.String("gpk = :g AND gsk BETWEEN :lo AND :hi")
		in.ExpressionAttributeValues = Item{":g": S("g"), ":lo": N("3"), ":hi": N("5")}
		ixWantOrdered(t, qsQueryItems(t, c, in), want, "gsk", true, true)
		legacy := dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal), KeyConditions: map[string]types.Condition{
			"gpk": cond(types.ComparisonOperatorEq, S("g")), "gsk": cond(types.ComparisonOperatorBetween, N("3"), N("5"))}}
		ixWantOrdered(t, qsQueryItems(t, c, legacy), want, "gsk", true, true)
	})
	t.Run("GSI ALL returns whole items", func(t *testing.T) {
		inH := ixFilter(items, func(it Item) bool { return qsScalar(it["gpk"]) == "h" })
		for _, sel := range []types.Select{"", types.SelectAllAttributes, types.SelectAllProjectedAttributes} {
			got := qsQueryItems(t, c, dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobalAll), Select: sel,
				KeyConditionExpression: aws.String("gpk = :g"), ExpressionAttributeValues: Item{":g": S("h")}})
			qsWantSameSet(t, got, inH, "pk", "sk")
		}
	})
	t.Run("LSI KEYS_ONLY returns index and table keys", func(t *testing.T) {
		inP := ixFilter(items, func(it Item) bool { return qsScalar(it["pk"]) == "p2" && it["lsk"] != nil })
		in := dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixLocal), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p2")}}
		ixWantOrdered(t, qsQueryItems(t, c, in), ixProjectAll(inP, ixLocal), "lsk", false, true)
		// An LSI fetches unprojected attributes from the table.
		in.Select = types.SelectAllAttributes
		ixWantOrdered(t, qsQueryItems(t, c, in), inP, "lsk", false, true)
		in.Select = types.SelectSpecificAttributes
		in.ProjectionExpression = aws.String("sk, a")
		var want []Item
		for _, it := range inP {
			want = append(want, Item{"sk": it["sk"], "a": it["a"]})
		}
		got := qsQueryItems(t, c, in)
		for _, it := range got {
			it["pk"] = S("p2") // qsWantSameSet keys on pk and sk
		}
		for _, it := range want {
			it["pk"] = S("p2")
		}
		qsWantSameSet(t, got, want, "pk", "sk")
	})
	t.Run("projection expression on a GSI", func(t *testing.T) {
		in := gQuery
		in.ProjectionExpression = aws.String("pk, sk, a")
		var want []Item
		for _, it := range inG {
			want = append(want, Item{"pk": it["pk"], "sk": it["sk"], "a": it["a"]})
		}
		qsWantSameSet(t, qsQueryItems(t, c, in), want, "pk", "sk")
	})
	t.Run("COUNT", func(t *testing.T) {
		in := gQuery
		in.Select = types.SelectCount
		out := qsQuery(t, c, in)
		if int(out.Count) != len(inG) || int(out.ScannedCount) != len(inG) || len(out.Items) != 0 {
			t.Errorf("COUNT: Count %d ScannedCount %d Items %d, want %d, %d, 0", out.Count, out.ScannedCount, len(out.Items), len(inG), len(inG))
		}
	})
	t.Run("Scan of each index holds its entries only", func(t *testing.T) {
		for _, index := range []string{ixLocal, ixGlobal, ixGlobalAll} {
			ixWantIndex(t, c, table, index, ixProjectAll(items, index)...)
		}
	})
}

func TestIndexQueryErrors(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := ixStdTable(t, c)
	tn := aws.String(table)
	gq := func(mod func(*dynamodb.QueryInput)) error {
		in := dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal), KeyConditionExpression: aws.String("gpk = :g"), ExpressionAttributeValues: Item{":g": S("g")}}
		mod(&in)
		_, err := c.Query(ctxT(t), &in)
		return err
	}
	const allAttrs = "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byGpk because its projection type is not ALL"
	wantValidation(t, gq(func(in *dynamodb.QueryInput) { in.Select = types.SelectAllAttributes }), allAttrs)
	wantValidation(t, gq(func(in *dynamodb.QueryInput) { in.ConsistentRead = aws.Bool(true) }), "Consistent reads are not supported on global secondary indexes")
	wantValidation(t, gq(func(in *dynamodb.QueryInput) { in.IndexName = aws.String("nope") }), "The table does not have the specified index: nope")
	wantValidation(t, gq(func(in *dynamodb.QueryInput) {
		in.KeyConditionExpression = aws.String("pk = :g")
	}), "Query condition missed key schema element: gpk")
	if err := gq(func(in *dynamodb.QueryInput) {
		in.IndexName = aws.String(ixLocal)
		in.KeyConditionExpression = aws.String("pk = :g")
	}); err != nil {
		t.Errorf("Query of an LSI: %v", err)
	}
	if err := gq(func(in *dynamodb.QueryInput) {
		in.IndexName, in.KeyConditionExpression, in.ConsistentRead = aws.String(ixLocal), aws.String("pk = :g"), aws.Bool(true)
	}); err != nil {
		t.Errorf("consistent Query of an LSI: %v", err)
	}
	if err := gq(func(in *dynamodb.QueryInput) {
		in.IndexName, in.Select = aws.String(ixGlobalAll), types.SelectAllAttributes
	}); err != nil {
		t.Errorf("ALL_ATTRIBUTES on a GSI projecting ALL: %v", err)
	}

	scan := func(mod func(*dynamodb.ScanInput)) error {
		in := dynamodb.ScanInput{TableName: tn, IndexName: aws.String(ixGlobal)}
		mod(&in)
		_, err := c.Scan(ctxT(t), &in)
		return err
	}
	wantValidation(t, scan(func(in *dynamodb.ScanInput) { in.Select = types.SelectAllAttributes }), allAttrs)
	wantValidation(t, scan(func(in *dynamodb.ScanInput) { in.ConsistentRead = aws.Bool(true) }), "Consistent reads are not supported on global secondary indexes")
	wantValidation(t, scan(func(in *dynamodb.ScanInput) { in.IndexName = aws.String("nope") }), "The table does not have the specified index: nope")
	if err := scan(func(in *dynamodb.ScanInput) { in.Select = types.SelectAllProjectedAttributes }); err != nil {
		t.Errorf("Scan ALL_PROJECTED_ATTRIBUTES of an index: %v", err)
	}
	// On the table itself ALL_PROJECTED_ATTRIBUTES needs an index (Query's
	// form of the message has the prefix, as in query_test.go).
	_, err := c.Query(ctxT(t), &dynamodb.QueryInput{TableName: tn, Select: types.SelectAllProjectedAttributes,
		KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p")}})
	wantValidation(t, err, "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
}

// ixLEKNames renders the attribute names of a LastEvaluatedKey, sorted.
func ixLEKNames(lek Item) string {
	var names []string
	for k := range lek {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprint(names)
}

func TestIndexPagingAndOrder(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := ixStdTable(t, c)
	items := ixSeed(t, c, table, 150)
	tn := aws.String(table)
	inG := ixProjectAll(ixFilter(items, func(it Item) bool { return qsScalar(it["gpk"]) == "g" }), ixGlobal)

	for _, forward := range []bool{true, false} {
		for _, limit := range []int32{1, 7, 33} {
			t.Run(fmt.Sprintf("GSI query forward=%v limit=%d", forward, limit), func(t *testing.T) {
				pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal), Limit: aws.Int32(limit), ScanIndexForward: aws.Bool(forward),
					KeyConditionExpression: aws.String("gpk = :g"), ExpressionAttributeValues: Item{":g": S("g")}})
				var got []Item
				for i, p := range pages {
					got = append(got, p.Items...)
					if p.LastEvaluatedKey == nil {
						continue
					}
					if names := ixLEKNames(p.LastEvaluatedKey); names != "[gpk gsk pk sk]" {
						t.Errorf("page %d LastEvaluatedKey has %s, want the index and table keys [gpk gsk pk sk]", i, names)
					}
					if last := p.Items[len(p.Items)-1]; qsKeyOf(last, "pk", "sk", "gpk", "gsk") != qsKeyOf(p.LastEvaluatedKey, "pk", "sk", "gpk", "gsk") {
						t.Errorf("page %d LastEvaluatedKey %s is not its last entry %s", i, show(p.LastEvaluatedKey), show(last))
					}
				}
				ixWantOrdered(t, got, inG, "gsk", true, forward)
			})
		}
	}
	t.Run("LSI query pages", func(t *testing.T) {
		inP := ixProjectAll(ixFilter(items, func(it Item) bool { return qsScalar(it["pk"]) == "p0" }), ixLocal)
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixLocal), Limit: aws.Int32(4),
			KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: Item{":p": S("p0")}})
		var got []Item
		for i, p := range pages {
			got = append(got, p.Items...)
			if p.LastEvaluatedKey != nil && ixLEKNames(p.LastEvaluatedKey) != "[lsk pk sk]" {
				t.Errorf("page %d LastEvaluatedKey has %s, want [lsk pk sk]", i, ixLEKNames(p.LastEvaluatedKey))
			}
		}
		ixWantOrdered(t, got, inP, "lsk", false, true)
	})
	for _, index := range []string{ixLocal, ixGlobal, ixGlobalAll} {
		want := ixProjectAll(items, index)
		t.Run("Scan pages of "+index, func(t *testing.T) {
			pages := qsScanPages(t, c, dynamodb.ScanInput{TableName: tn, IndexName: aws.String(index), Limit: aws.Int32(9)})
			var got []Item
			wantNames := map[string]string{ixLocal: "[lsk pk sk]", ixGlobal: "[gpk gsk pk sk]", ixGlobalAll: "[gpk pk sk]"}[index]
			for i, p := range pages {
				got = append(got, p.Items...)
				if p.LastEvaluatedKey != nil && ixLEKNames(p.LastEvaluatedKey) != wantNames {
					t.Errorf("page %d LastEvaluatedKey has %s, want %s", i, ixLEKNames(p.LastEvaluatedKey), wantNames)
				}
			}
			qsWantSameSet(t, got, want, "pk", "sk")
		})
		t.Run("parallel Scan of "+index, func(t *testing.T) {
			for _, total := range []int{2, 5} {
				var all []Item
				for _, seg := range qsParallelScan(t, c, dynamodb.ScanInput{TableName: tn, IndexName: aws.String(index), Limit: aws.Int32(6)}, total) {
					all = append(all, seg...)
				}
				qsWantSameSet(t, all, want, "pk", "sk")
			}
		})
	}
}

func TestIndexFilters(t *testing.T) {
	t.Parallel()
	c := client(t)
	table := ixStdTable(t, c)
	items := ixSeed(t, c, table, 90)
	tn := aws.String(table)
	inG := ixFilter(items, func(it Item) bool { return qsScalar(it["gpk"]) == "g" })

	t.Run("Query filter on a projected attribute", func(t *testing.T) {
		want := ixProjectAll(ixFilter(inG, func(it Item) bool { return qsScalar(it["a"]) < "a040" }), ixGlobal)
		pages := qsQueryPages(t, c, dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal), Limit: aws.Int32(10),
			KeyConditionExpression: aws.String("gpk = :g"), FilterExpression: aws.String("a < :a"),
			ExpressionAttributeValues: Item{":g": S("g"), ":a": S("a040")}})
		var got []Item
		scanned := 0
		for _, p := range pages {
			got = append(got, p.Items...)
			scanned += int(p.ScannedCount)
		}
		ixWantOrdered(t, got, want, "gsk", true, true)
		if scanned != len(inG) {
			t.Errorf("ScannedCount totals %d, want %d (every entry of the partition)", scanned, len(inG))
		}
	})
	t.Run("legacy QueryFilter", func(t *testing.T) {
		want := ixProjectAll(ixFilter(inG, func(it Item) bool { return qsScalar(it["a"]) >= "a050" }), ixGlobal)
		got := qsQueryItems(t, c, dynamodb.QueryInput{TableName: tn, IndexName: aws.String(ixGlobal),
			KeyConditions: map[string]types.Condition{"gpk": cond(types.ComparisonOperatorEq, S("g"))},
			QueryFilter:   map[string]types.Condition{"a": cond(types.ComparisonOperatorGe, S("a050"))}})
		ixWantOrdered(t, got, want, "gsk", true, true)
	})
	t.Run("Scan filter on a non-key attribute of a GSI projecting ALL", func(t *testing.T) {
		want := ixFilter(items, func(it Item) bool { return it["gpk"] != nil && it["b"] != nil })
		got := qsScanItems(t, c, dynamodb.ScanInput{TableName: tn, IndexName: aws.String(ixGlobalAll), Limit: aws.Int32(8),
			FilterExpression: aws.String("attribute_exists(b)")})
		qsWantSameSet(t, got, want, "pk", "sk")
	})
	t.Run("Scan filter on an LSI fetching from the table", func(t *testing.T) {
		want := ixFilter(items, func(it Item) bool { return it["lsk"] != nil && it["b"] != nil })
		got := qsScanItems(t, c, dynamodb.ScanInput{TableName: tn, IndexName: aws.String(ixLocal), Select: types.SelectAllAttributes,
			FilterExpression: aws.String("b = :b"), ExpressionAttributeValues: Item{":b": S("big")}})
		qsWantSameSet(t, got, want, "pk", "sk")
	})
}

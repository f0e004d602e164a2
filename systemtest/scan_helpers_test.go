package systemtest

// Scan: helpers shared with the read-model and index tests, and the
// parallel scan tests (see scan_test.go for where the messages come from).

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// qsScanPages runs in and follows LastEvaluatedKey until a page has none.
func qsScanPages(t testing.TB, c *dynamodb.Client, in dynamodb.ScanInput) []*dynamodb.ScanOutput {
	t.Helper()
	var pages []*dynamodb.ScanOutput
	for {
		out, err := c.Scan(ctxT(t), &in)
		if err != nil {
			t.Fatalf("Scan (segment %v, page %d): %v", aws.ToInt32(in.Segment), len(pages)+1, err)
		}
		pages = append(pages, out)
		if out.LastEvaluatedKey == nil {
			return pages
		}
		if len(pages) > 100000 {
			t.Fatalf("Scan did not finish after %d pages", len(pages))
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// qsScanItems is qsScanPages with the pages' items concatenated.
func qsScanItems(t testing.TB, c *dynamodb.Client, in dynamodb.ScanInput) []Item {
	t.Helper()
	var items []Item
	for _, p := range qsScanPages(t, c, in) {
		items = append(items, p.Items...)
	}
	return items
}

// qsScan runs one Scan page, failing the test on error.
func qsScan(t testing.TB, c *dynamodb.Client, in dynamodb.ScanInput) *dynamodb.ScanOutput {
	t.Helper()
	out, err := c.Scan(ctxT(t), &in)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return out
}

// qsParallelScan scans every segment of total concurrently, each paging on
// its own, and returns each segment's items.
func qsParallelScan(t testing.TB, c *dynamodb.Client, in dynamodb.ScanInput, total int) [][]Item {
	t.Helper()
	segs := make([][]Item, total)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for s := 0; s < total; s++ {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			seg := in
			seg.Segment = aws.Int32(int32(s))
			seg.TotalSegments = aws.Int32(int32(total))
			segs[s] = qsScanItems(t, c, seg)
		}(s)
	}
	wg.Wait()
	return segs
}

// qsWantSameSet asserts that got holds exactly the items of want (by the
// key attributes names), each once, and that each item is as in want.
func qsWantSameSet(t testing.TB, got []Item, want []Item, names ...string) {
	t.Helper()
	byKey := map[string]Item{}
	for _, it := range want {
		byKey[qsKeyOf(it, names...)] = it
	}
	seen := map[string]bool{}
	for _, it := range got {
		k := qsKeyOf(it, names...)
		if seen[k] {
			t.Errorf("item %s returned twice", k)
			continue
		}
		seen[k] = true
		w, ok := byKey[k]
		if !ok {
			t.Errorf("unexpected item %s", k)
			continue
		}
		if show(w) != show(it) {
			t.Errorf("item %s = %s, want %s", k, show(it), show(w))
		}
	}
	if len(seen) != len(byKey) {
		missing := 0
		for k := range byKey {
			if !seen[k] {
				missing++
			}
		}
		t.Errorf("%d items returned, want %d (%d missing)", len(seen), len(byKey), missing)
	}
}

// qsSeedScan fills a hash table with n items {pk, v, tag}.
func qsSeedScan(t testing.TB, c *dynamodb.Client, n int) (string, []Item) {
	t.Helper()
	table := hashTable(t, c)
	var items []Item
	for i := 0; i < n; i++ {
		tag := "even"
		if i%2 == 1 {
			tag = "odd"
		}
		items = append(items, Item{"pk": S(fmt.Sprintf("k%03d", i)), "v": N(fmt.Sprint(i)), "tag": S(tag)})
	}
	qsPutAll(t, c, table, items)
	return table, items
}

func TestScanSegmentValidation(t *testing.T) {
	t.Parallel()
	c := client(t)
	table, items := qsSeedScan(t, c, 5)
	cases := []struct {
		name         string
		seg, total   *int32
		msg          string
		exactMessage bool
	}{
		{"Segment without TotalSegments", aws.Int32(1), nil,
			"The TotalSegments parameter is required but was not present in the request when Segment parameter is present", true},
		{"TotalSegments without Segment", nil, aws.Int32(4),
			"The Segment parameter is required but was not present in the request when parameter TotalSegments is present", true},
		{"Segment equal to TotalSegments", aws.Int32(4), aws.Int32(4),
			"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4", true},
		{"Segment above TotalSegments", aws.Int32(7), aws.Int32(2),
			"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 7 is not less than TotalSegments: 2", true},
		{"TotalSegments 0", aws.Int32(0), aws.Int32(0),
			"1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1", true},
		{"TotalSegments above 1000000", aws.Int32(0), aws.Int32(1000001),
			"1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000", true},
		{"negative Segment", aws.Int32(-1), aws.Int32(2),
			"1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Scan(ctxT(t), &dynamodb.ScanInput{TableName: aws.String(table), Segment: tc.seg, TotalSegments: tc.total})
			wantValidation(t, err, tc.msg)
		})
	}
	t.Run("the extremes are valid", func(t *testing.T) {
		out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(0), TotalSegments: aws.Int32(1)})
		qsWantSameSet(t, out.Items, items, "pk")
		var n int32
		for _, s := range []int32{0, 1, 499999, 999999} {
			out := qsScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(s), TotalSegments: aws.Int32(1000000)})
			n += out.Count
			if out.Items == nil {
				t.Errorf("segment %d of 1000000: no Items member", s)
			}
		}
		if n > 5 {
			t.Errorf("four of a million segments returned %d items of 5", n)
		}
	})
}

func TestScanParallelSmall(t *testing.T) {
	t.Parallel()
	c := client(t)
	table, items := qsSeedScan(t, c, 40)
	for _, total := range []int{1, 2, 3, 7, 40, 64} {
		for _, limit := range []*int32{nil, aws.Int32(3)} {
			in := dynamodb.ScanInput{TableName: aws.String(table), Limit: limit}
			segs := qsParallelScan(t, c, in, total)
			var all []Item
			for _, s := range segs {
				all = append(all, s...)
			}
			t.Run(fmt.Sprintf("total=%d/limit=%v", total, aws.ToInt32(limit)), func(t *testing.T) {
				qsWantSameSet(t, all, items, "pk")
			})
		}
	}
	// A segment is the same set of items each time, with a filter too.
	in := dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(1), TotalSegments: aws.Int32(3)}
	a := qsVals(qsScanItems(t, c, in), "pk")
	b := qsVals(qsScanItems(t, c, in), "pk")
	if !qsEq(a, b) {
		t.Errorf("segment 1/3 differs between scans: %v vs %v", a, b)
	}
	in.FilterExpression = aws.String("tag = :t")
	in.ExpressionAttributeValues = Item{":t": S("odd")}
	odd := 0
	for _, k := range a {
		var i int
		fmt.Sscanf(k, "k%d", &i)
		if i%2 == 1 {
			odd++
		}
	}
	if got := len(qsScanItems(t, c, in)); got != odd {
		t.Errorf("filtered segment: %d items, want %d", got, odd)
	}
}

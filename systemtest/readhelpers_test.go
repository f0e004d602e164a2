package systemtest

// Helpers shared by the Query, Scan and read-model tests: loading items,
// paging through results, and comparing items by key.

import (
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// qsPageBytes is the 1 MB of items a Query or Scan page reads at most (plus
// the item that crosses the limit).
const qsPageBytes = 1 << 20

// qsPutAll writes items into table with a few concurrent PutItem calls.
func qsPutAll(t testing.TB, c *dynamodb.Client, table string, items []Item) {
	t.Helper()
	work := make(chan Item)
	errs := make(chan error, len(items))
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if _, err := c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
					errs <- fmt.Errorf("PutItem %s: %w", show(it), err)
				}
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// qsQueryPages runs in and follows LastEvaluatedKey until a page has none,
// returning every page. It fails the test on an error or a runaway loop.
func qsQueryPages(t testing.TB, c *dynamodb.Client, in dynamodb.QueryInput) []*dynamodb.QueryOutput {
	t.Helper()
	var pages []*dynamodb.QueryOutput
	for {
		out, err := c.Query(ctxT(t), &in)
		if err != nil {
			t.Fatalf("Query (page %d): %v", len(pages)+1, err)
		}
		pages = append(pages, out)
		if out.LastEvaluatedKey == nil {
			return pages
		}
		if len(pages) > 10000 {
			t.Fatalf("Query did not finish after %d pages", len(pages))
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// qsQueryItems is qsQueryPages with the pages' items concatenated.
func qsQueryItems(t testing.TB, c *dynamodb.Client, in dynamodb.QueryInput) []Item {
	t.Helper()
	var items []Item
	for _, p := range qsQueryPages(t, c, in) {
		items = append(items, p.Items...)
	}
	return items
}

// qsQuery runs one Query page, failing the test on error.
func qsQuery(t testing.TB, c *dynamodb.Client, in dynamodb.QueryInput) *dynamodb.QueryOutput {
	t.Helper()
	out, err := c.Query(ctxT(t), &in)
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	return out
}

// qsScalar renders a scalar attribute value for messages and comparisons:
// S and N as they are, B as hex; anything else through show.
func qsScalar(av types.AttributeValue) string {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	case *types.AttributeValueMemberB:
		return hex.EncodeToString(v.Value)
	case nil:
		return "<absent>"
	default:
		return show(Item{"": av})
	}
}

// qsVals lists attribute name of each item, in order.
func qsVals(items []Item, name string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = qsScalar(it[name])
	}
	return out
}

// qsKeyOf renders the named key attributes of an item as one string.
func qsKeyOf(it Item, names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = qsScalar(it[n])
	}
	return strings.Join(parts, "|")
}

// qsSize is an item's size as DynamoDB counts it, for items whose
// attributes are S, B, BOOL or NULL: the UTF-8 length of each name plus the
// length of each value (1 byte for BOOL and NULL). Number attributes are
// counted approximately (1 byte per two significant digits, plus 1).
func qsSize(it Item) int {
	n := 0
	for name, av := range it {
		n += len(name)
		switch v := av.(type) {
		case *types.AttributeValueMemberS:
			n += len(v.Value)
		case *types.AttributeValueMemberB:
			n += len(v.Value)
		case *types.AttributeValueMemberN:
			digits := strings.Trim(strings.NewReplacer("-", "", ".", "").Replace(v.Value), "0")
			n += (len(digits)+1)/2 + 1
		default:
			n++
		}
	}
	return n
}

// qsWantPageBound asserts the 1 MB rule on one page whose items have the
// given full sizes: before its last item the page had read less than 1 MB,
// and a page that stopped early without reaching Limit had read at least
// 1 MB (it may not stop before the limit for no reason).
func qsWantPageBound(t testing.TB, page int, sizes []int, hasLEK, limitReached bool) {
	t.Helper()
	total := 0
	for i, s := range sizes {
		if i == len(sizes)-1 && total >= qsPageBytes {
			t.Errorf("page %d: %d bytes read before its last item, more than 1 MB plus one item", page, total)
		}
		total += s
	}
	if hasLEK && !limitReached && total < qsPageBytes {
		t.Errorf("page %d stopped after %d bytes (%d items) with a LastEvaluatedKey, before 1 MB or Limit", page, total, len(sizes))
	}
}

// qsStrings is a Query/Scan-friendly constructor of a string-keyed range
// table: pk S, sk S.
func qsStringRangeTable(t testing.TB, c *dynamodb.Client) string {
	t.Helper()
	return createTable(t, c, keyDef{"pk", "S"}, keyDef{"sk", "S"})
}

// qsNumbers are the sort keys of the numeric partition, in numeric order
// (which is not their string order).
var qsNumbers = []string{"-100", "-5.5", "-1", "0", "0.25", "1", "2", "10", "15.5", "100"}

// qsSeedNumeric creates a pk S / sk N table with partition "p" holding one
// item per qsNumbers entry (attribute v = index, tag = "even"/"odd") and a
// neighbouring partition "q" that no query on "p" may return.
func qsSeedNumeric(t testing.TB, c *dynamodb.Client) string {
	t.Helper()
	table := rangeTable(t, c)
	var items []Item
	for i, n := range qsNumbers {
		tag := "even"
		if i%2 == 1 {
			tag = "odd"
		}
		items = append(items, Item{"pk": S("p"), "sk": N(n), "v": N(fmt.Sprint(i)), "tag": S(tag)})
		items = append(items, Item{"pk": S("q"), "sk": N(n), "v": N(fmt.Sprint(i))})
	}
	items = append(items, Item{"pk": S("pp"), "sk": N("1")})
	qsPutAll(t, c, table, items)
	return table
}

func qsRev(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func qsEq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func cond(op types.ComparisonOperator, vals ...types.AttributeValue) types.Condition {
	return types.Condition{ComparisonOperator: op, AttributeValueList: vals}
}

package systemtest

// A seeded random test of the read path against a plain in-memory model:
// thousands of PutItem/DeleteItem calls over ~40 partitions of three tables
// (hash-only; number sort key; string sort key), then a few hundred random
// Queries (every key-condition operator, both directions, random Limits,
// random filters, expression and legacy forms) paged to the end and compared
// in order with the model, and full and parallel Scans compared as sets.
//
// The seed is fixed and printed; BASALT_READMODEL_SEED replays another.

import (
	"fmt"
	"hash/fnv"
	"math/big"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const rmDefaultSeed = 20250607

// rmSK is a sort key value as the model orders it: numerically for N,
// bytewise for S. The zero value is "no sort key".
type rmSK struct {
	num *big.Rat
	str string
}

func rmCompare(a, b rmSK) int {
	if a.num != nil {
		return a.num.Cmp(b.num)
	}
	return strings.Compare(a.str, b.str)
}

// rmTable is one table and its model: items by model key.
type rmTable struct {
	name   string
	skType string // "", "N" or "S"
	items  map[string]Item
	sks    map[string]rmSK
	keys   []string       // the model keys of items, in a replayable order
	pos    map[string]int // index of each model key in keys
	parts  []string
}

func (tb *rmTable) add(mk string, it Item, sk rmSK) {
	if _, ok := tb.pos[mk]; !ok {
		tb.pos[mk] = len(tb.keys)
		tb.keys = append(tb.keys, mk)
	}
	tb.items[mk], tb.sks[mk] = it, sk
}

func (tb *rmTable) remove(mk string) {
	i, ok := tb.pos[mk]
	if !ok {
		return
	}
	last := tb.keys[len(tb.keys)-1]
	tb.keys[i], tb.pos[last] = last, i
	tb.keys = tb.keys[:len(tb.keys)-1]
	delete(tb.pos, mk)
	delete(tb.items, mk)
	delete(tb.sks, mk)
}

func (tb *rmTable) key(pk string, sk rmSK) string {
	if tb.skType == "" {
		return pk
	}
	if sk.num != nil {
		return pk + "\x00" + sk.num.RatString()
	}
	return pk + "\x00" + sk.str
}

func (tb *rmTable) keyItem(pk string, sk rmSK, wire string) Item {
	k := Item{"pk": S(pk)}
	switch tb.skType {
	case "N":
		k["sk"] = N(wire)
	case "S":
		k["sk"] = S(wire)
	}
	return k
}

// rmCanonical renders r as DynamoDB returns a number: no exponent, no
// trailing fractional zeros.
func rmCanonical(r *big.Rat, scale int) string {
	s := r.FloatString(scale)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// rmNumber draws a number sort key: its model value, its canonical form and
// the (possibly non-canonical, e.g. "15.50") form sent on the wire.
func rmNumber(rng *rand.Rand) (rmSK, string, string) {
	scale := rng.Intn(4)
	r := new(big.Rat).SetFrac64(int64(rng.Intn(10001)-5000), pow10(scale))
	canon := rmCanonical(r, scale)
	wire := canon
	if rng.Intn(4) == 0 {
		wire = r.FloatString(scale + 1) // a trailing zero
	}
	return rmSK{num: r}, canon, wire
}

func pow10(n int) int64 {
	p := int64(1)
	for i := 0; i < n; i++ {
		p *= 10
	}
	return p
}

// rmAlphabet mixes ASCII cases, digits and multi-byte UTF-8 so that byte
// order differs from any case-folding or rune-count order.
var rmAlphabet = []rune("aAbBzZ09 _-é€😀")

func rmString(rng *rand.Rand, max int) string {
	n := 1 + rng.Intn(max)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteRune(rmAlphabet[rng.Intn(len(rmAlphabet))])
	}
	return b.String()
}

// rmOp is one write: a put of item or a delete of key.
type rmOp struct {
	table string
	item  Item // put when not nil
	key   Item
}

func TestReadModel(t *testing.T) {
	t.Parallel()
	seed := int64(rmDefaultSeed)
	if s := os.Getenv("BASALT_READMODEL_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("BASALT_READMODEL_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (BASALT_READMODEL_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	c := client(t)
	tables := []*rmTable{
		{name: hashTable(t, c)},
		{name: rangeTable(t, c), skType: "N"},
		{name: qsStringRangeTable(t, c), skType: "S"},
	}
	const partitions, writes = 40, 3000
	for _, tb := range tables {
		tb.items, tb.sks, tb.pos = map[string]Item{}, map[string]rmSK{}, map[string]int{}
		for p := 0; p < partitions; p++ {
			tb.parts = append(tb.parts, fmt.Sprintf("p%02d", p))
		}
	}

	// Generate the writes, applying each to the model as it is drawn.
	var ops []rmOp
	// A sixth of the writes go to the hash-only table, the rest to the two
	// range tables (about 30 items a partition).
	pickTable := func() *rmTable {
		if rng.Intn(6) == 0 {
			return tables[0]
		}
		return tables[1+rng.Intn(2)]
	}
	for i := 0; i < writes; i++ {
		tb := pickTable()
		var pk string
		if tb.skType == "" {
			pk = fmt.Sprintf("h%04d", rng.Intn(400)) // hash-only: many keys, some rewritten
		} else {
			pk = tb.parts[rng.Intn(partitions)]
		}
		var sk rmSK
		var canon, wire string
		switch tb.skType {
		case "N":
			sk, canon, wire = rmNumber(rng)
		case "S":
			canon = rmString(rng, 6)
			sk, wire = rmSK{str: canon}, canon
		}
		// Rewrite or delete an existing item a good part of the time.
		if len(tb.keys) > 0 && rng.Intn(4) == 0 {
			k := tb.keys[rng.Intn(len(tb.keys))]
			it := tb.items[k]
			pk, sk = qsScalar(it["pk"]), tb.sks[k]
			if tb.skType != "" {
				canon = qsScalar(it["sk"])
				wire = canon
			}
		}
		mk := tb.key(pk, sk)
		if rng.Intn(6) == 0 {
			tb.remove(mk)
			ops = append(ops, rmOp{table: tb.name, key: tb.keyItem(pk, sk, wire)})
			continue
		}
		item := tb.keyItem(pk, sk, wire)
		model := tb.keyItem(pk, sk, canon)
		v := N(strconv.Itoa(rng.Intn(100)))
		item["v"], model["v"] = v, v
		if rng.Intn(10) < 7 {
			s := S(rmString(rng, 3))
			item["s"], model["s"] = s, s
		}
		if rng.Intn(5) == 0 {
			pad := S(strings.Repeat("x", rng.Intn(2000)))
			item["pad"], model["pad"] = pad, pad
		}
		tb.add(mk, model, sk)
		ops = append(ops, rmOp{table: tb.name, item: item})
	}
	rmApply(t, c, ops)
	for _, tb := range tables {
		t.Logf("table %s (sort key %q): %d items", tb.name, tb.skType, len(tb.items))
	}

	// Queries.
	const queries = 300
	matched, pages := 0, 0
	for q := 0; q < queries && !t.Failed(); q++ {
		m, p := rmCheckQuery(t, c, rng, pickTable(), q)
		matched, pages = matched+m, pages+p
	}
	t.Logf("%d queries: %d items matched in %d pages", queries, matched, pages)
	// Scans: one full paged scan, one filtered, one parallel per table.
	for _, tb := range tables {
		names := []string{"pk"}
		if tb.skType != "" {
			names = append(names, "sk")
		}
		var want []Item
		for _, it := range tb.items {
			want = append(want, it)
		}
		in := dynamodb.ScanInput{TableName: aws.String(tb.name), ConsistentRead: aws.Bool(true)}
		if rng.Intn(2) == 0 {
			in.Limit = aws.Int32(int32(1 + rng.Intn(100)))
		}
		t.Run(fmt.Sprintf("scan %s limit %d", tb.skType, aws.ToInt32(in.Limit)), func(t *testing.T) {
			qsWantSameSet(t, qsScanItems(t, c, in), want, names...)
		})

		for _, form := range []int{rmExpression, rmLegacy} {
			f := rmRandomFilter(rng, form)
			fin := dynamodb.ScanInput{TableName: aws.String(tb.name), Limit: aws.Int32(int32(1 + rng.Intn(40)))}
			if f.legacy != nil {
				fin.ScanFilter, fin.ConditionalOperator = f.legacy, f.op
			} else {
				fin.FilterExpression, fin.ExpressionAttributeValues = aws.String(f.expr), f.vals
			}
			var fwant []Item
			for _, it := range want {
				if f.match(it) {
					fwant = append(fwant, it)
				}
			}
			t.Run(fmt.Sprintf("filtered scan %s %s legacy=%v", tb.skType, f.desc, f.legacy != nil), func(t *testing.T) {
				qsWantSameSet(t, qsScanItems(t, c, fin), fwant, names...)
			})
		}

		total := 2 + rng.Intn(15)
		pin := dynamodb.ScanInput{TableName: aws.String(tb.name)}
		if rng.Intn(2) == 0 {
			pin.Limit = aws.Int32(int32(1 + rng.Intn(30)))
		}
		t.Run(fmt.Sprintf("parallel scan %s total %d limit %d", tb.skType, total, aws.ToInt32(pin.Limit)), func(t *testing.T) {
			var all []Item
			for _, seg := range qsParallelScan(t, c, pin, total) {
				all = append(all, seg...)
			}
			qsWantSameSet(t, all, want, names...)
		})
	}
}

// rmApply runs the writes with 8 workers; all writes to one partition go to
// one worker, in order, so the final state is the model's.
func rmApply(t *testing.T, c *dynamodb.Client, ops []rmOp) {
	t.Helper()
	const workers = 8
	queues := make([][]rmOp, workers)
	for _, op := range ops {
		k := op.key
		if op.item != nil {
			k = op.item
		}
		h := fnv.New32a()
		h.Write([]byte(op.table + "/" + qsScalar(k["pk"])))
		w := int(h.Sum32() % workers)
		queues[w] = append(queues[w], op)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for _, q := range queues {
		wg.Add(1)
		go func(q []rmOp) {
			defer wg.Done()
			for _, op := range q {
				var err error
				if op.item != nil {
					_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(op.table), Item: op.item})
				} else {
					_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(op.table), Key: op.key})
				}
				if err != nil {
					errs <- fmt.Errorf("write %s %s: %w", show(op.item), show(op.key), err)
					return
				}
			}
		}(q)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// rmFilter is a random filter in both forms, with the model's evaluation.
type rmFilter struct {
	desc   string
	expr   string
	vals   Item
	legacy map[string]types.Condition
	op     types.ConditionalOperator
	match  func(Item) bool
}

func rmV(it Item) int {
	v, _ := strconv.Atoi(qsScalar(it["v"]))
	return v
}

// The forms rmRandomFilter draws a filter in.
const (
	rmExpression = iota
	rmLegacy
	rmEither
)

// rmRandomFilter draws a filter on the non-key attributes v (N) and s (S),
// in the given form (rmEither: at random).
func rmRandomFilter(rng *rand.Rand, form int) rmFilter {
	useLegacy := form == rmLegacy || (form == rmEither && rng.Intn(3) == 0)
	a, b := rng.Intn(100), rng.Intn(100)
	if a > b {
		a, b = b, a
	}
	pre := rmString(rng, 1)
	var f rmFilter
	switch rng.Intn(6) {
	case 0:
		f = rmFilter{desc: "v < a", expr: "v < :a", vals: Item{":a": N(strconv.Itoa(a))},
			legacy: map[string]types.Condition{"v": cond(types.ComparisonOperatorLt, N(strconv.Itoa(a)))},
			match:  func(it Item) bool { return rmV(it) < a }}
	case 1:
		f = rmFilter{desc: "v between", expr: "v BETWEEN :a AND :b", vals: Item{":a": N(strconv.Itoa(a)), ":b": N(strconv.Itoa(b))},
			legacy: map[string]types.Condition{"v": cond(types.ComparisonOperatorBetween, N(strconv.Itoa(a)), N(strconv.Itoa(b)))},
			match:  func(it Item) bool { return rmV(it) >= a && rmV(it) <= b }}
	case 2:
		f = rmFilter{desc: "s exists", expr: "attribute_exists(s)",
			legacy: map[string]types.Condition{"s": cond(types.ComparisonOperatorNotNull)},
			match:  func(it Item) bool { return it["s"] != nil }}
	case 3:
		f = rmFilter{desc: "s missing", expr: "attribute_not_exists(s)",
			legacy: map[string]types.Condition{"s": cond(types.ComparisonOperatorNull)},
			match:  func(it Item) bool { return it["s"] == nil }}
	case 4:
		f = rmFilter{desc: "begins_with s", expr: "begins_with(s, :p)", vals: Item{":p": S(pre)},
			legacy: map[string]types.Condition{"s": cond(types.ComparisonOperatorBeginsWith, S(pre))},
			match:  func(it Item) bool { return it["s"] != nil && strings.HasPrefix(qsScalar(it["s"]), pre) }}
	default:
		f = rmFilter{desc: "v >= b OR begins_with s", expr: "v >= :b OR begins_with(s, :p)", vals: Item{":b": N(strconv.Itoa(b)), ":p": S(pre)},
			legacy: map[string]types.Condition{"v": cond(types.ComparisonOperatorGe, N(strconv.Itoa(b))), "s": cond(types.ComparisonOperatorBeginsWith, S(pre))},
			op:     types.ConditionalOperatorOr,
			match: func(it Item) bool {
				return rmV(it) >= b || (it["s"] != nil && strings.HasPrefix(qsScalar(it["s"]), pre))
			}}
	}
	if !useLegacy {
		f.legacy, f.op = nil, ""
	}
	return f
}

// rmKeyCond is a random sort key condition in both forms with the model's
// evaluation; the zero value (no expr) is "no sort key condition".
type rmKeyCond struct {
	desc   string
	expr   string
	vals   Item
	legacy *types.Condition
	match  func(rmSK) bool
}

func rmRandomKeyCond(rng *rand.Rand, tb *rmTable, part []rmSK, partWire []string) rmKeyCond {
	if tb.skType == "" || rng.Intn(8) == 0 {
		return rmKeyCond{desc: "none", match: func(rmSK) bool { return true }}
	}
	// An operand: an existing sort key of the partition half the time.
	draw := func() (rmSK, types.AttributeValue, string) {
		if len(part) > 0 && rng.Intn(2) == 0 {
			i := rng.Intn(len(part))
			if tb.skType == "N" {
				return part[i], N(partWire[i]), partWire[i]
			}
			return part[i], S(partWire[i]), partWire[i]
		}
		if tb.skType == "N" {
			sk, _, wire := rmNumber(rng)
			return sk, N(wire), wire
		}
		s := rmString(rng, 4)
		return rmSK{str: s}, S(s), s
	}
	ops := []string{"=", "<", "<=", ">", ">=", "BETWEEN"}
	if tb.skType == "S" {
		ops = append(ops, "begins_with")
	}
	op := ops[rng.Intn(len(ops))]
	x, xv, xs := draw()
	switch op {
	case "BETWEEN":
		y, yv, ys := draw()
		if rmCompare(x, y) > 0 {
			x, y, xv, yv, xs, ys = y, x, yv, xv, ys, xs
		}
		lo, hi := x, y
		return rmKeyCond{desc: "BETWEEN " + xs + " AND " + ys, expr: "sk BETWEEN :lo AND :hi", vals: Item{":lo": xv, ":hi": yv},
			legacy: &types.Condition{ComparisonOperator: types.ComparisonOperatorBetween, AttributeValueList: []types.AttributeValue{xv, yv}},
			match:  func(s rmSK) bool { return rmCompare(s, lo) >= 0 && rmCompare(s, hi) <= 0 }}
	case "begins_with":
		r := []rune(xs)
		pre := string(r[:1+rng.Intn(len(r))])
		return rmKeyCond{desc: "begins_with " + pre, expr: "begins_with(sk, :x)", vals: Item{":x": S(pre)},
			legacy: &types.Condition{ComparisonOperator: types.ComparisonOperatorBeginsWith, AttributeValueList: []types.AttributeValue{S(pre)}},
			match:  func(s rmSK) bool { return strings.HasPrefix(s.str, pre) }}
	}
	legacyOp := map[string]types.ComparisonOperator{"=": types.ComparisonOperatorEq, "<": types.ComparisonOperatorLt, "<=": types.ComparisonOperatorLe,
		">": types.ComparisonOperatorGt, ">=": types.ComparisonOperatorGe}[op]
	test := map[string]func(int) bool{"=": func(c int) bool { return c == 0 }, "<": func(c int) bool { return c < 0 }, "<=": func(c int) bool { return c <= 0 },
		">": func(c int) bool { return c > 0 }, ">=": func(c int) bool { return c >= 0 }}[op]
	return rmKeyCond{desc: op + " " + xs, expr: "sk " + op + " :x", vals: Item{":x": xv},
		legacy: &types.Condition{ComparisonOperator: legacyOp, AttributeValueList: []types.AttributeValue{xv}},
		match:  func(s rmSK) bool { return test(rmCompare(s, x)) }}
}

// rmCheckQuery draws one Query on tb, pages it to the end and compares it
// with the model's answer, in order. It returns the number of items the
// model expected and the number of pages read.
func rmCheckQuery(t *testing.T, c *dynamodb.Client, rng *rand.Rand, tb *rmTable, q int) (int, int) {
	t.Helper()
	// The partition: usually one with items.
	var pk string
	if tb.skType == "" {
		pk = fmt.Sprintf("h%04d", rng.Intn(400))
	} else {
		pk = tb.parts[rng.Intn(len(tb.parts))]
	}
	if rng.Intn(20) == 0 {
		pk = "nobody"
	}
	type entry struct {
		it Item
		sk rmSK
	}
	var part []entry
	for k, it := range tb.items {
		if qsScalar(it["pk"]) == pk {
			part = append(part, entry{it, tb.sks[k]})
		}
	}
	sort.Slice(part, func(i, j int) bool { return rmCompare(part[i].sk, part[j].sk) < 0 })
	var sks []rmSK
	var wires []string
	for _, e := range part {
		sks = append(sks, e.sk)
		if tb.skType != "" {
			wires = append(wires, qsScalar(e.it["sk"]))
		}
	}
	kc := rmRandomKeyCond(rng, tb, sks, wires)
	forward := rng.Intn(2) == 0
	var limit *int32
	if rng.Intn(3) > 0 {
		limit = aws.Int32(int32(1 + rng.Intn(12)))
	}
	legacy := rng.Intn(3) == 0
	var filter *rmFilter
	if rng.Intn(2) == 0 {
		form := rmExpression
		if legacy {
			form = rmLegacy
		}
		f := rmRandomFilter(rng, form)
		filter = &f
	}

	// The model's answer.
	var want []Item
	scanned := 0
	for _, e := range part {
		if !kc.match(e.sk) {
			continue
		}
		scanned++
		if filter == nil || filter.match(e.it) {
			want = append(want, e.it)
		}
	}
	if !forward {
		for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
			want[i], want[j] = want[j], want[i]
		}
	}

	in := dynamodb.QueryInput{TableName: aws.String(tb.name), ScanIndexForward: aws.Bool(forward), Limit: limit, ConsistentRead: aws.Bool(rng.Intn(2) == 0)}
	if legacy {
		in.KeyConditions = map[string]types.Condition{"pk": cond(types.ComparisonOperatorEq, S(pk))}
		if kc.legacy != nil {
			in.KeyConditions["sk"] = *kc.legacy
		}
		if filter != nil {
			in.QueryFilter, in.ConditionalOperator = filter.legacy, filter.op
		}
	} else {
		expr := "pk = :pk"
		vals := Item{":pk": S(pk)}
		if kc.expr != "" {
			expr += " AND " + kc.expr
			for k, v := range kc.vals {
				vals[k] = v
			}
		}
		in.KeyConditionExpression = aws.String(expr)
		if filter != nil {
			in.FilterExpression = aws.String(filter.expr)
			for k, v := range filter.vals {
				vals[k] = v
			}
		}
		in.ExpressionAttributeValues = vals
	}
	desc := fmt.Sprintf("query %d on %q table: pk=%s sk %s forward=%v limit=%d legacy=%v", q, tb.skType, pk, kc.desc, forward, aws.ToInt32(limit), legacy)
	if filter != nil {
		desc += " filter " + filter.desc
	}

	pages := qsQueryPages(t, c, in)
	var got []Item
	gotScanned := 0
	for i, p := range pages {
		got = append(got, p.Items...)
		gotScanned += int(p.ScannedCount)
		if int(p.Count) != len(p.Items) {
			t.Errorf("%s: page %d Count %d with %d items", desc, i, p.Count, len(p.Items))
		}
		if limit != nil && int(p.ScannedCount) > int(*limit) {
			t.Errorf("%s: page %d read %d items, more than Limit", desc, i, p.ScannedCount)
		}
	}
	if gotScanned != scanned {
		t.Errorf("%s: ScannedCount totals %d, model %d", desc, gotScanned, scanned)
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d items, model %d\n got: %v\nwant: %v", desc, len(got), len(want), qsVals(got, "sk"), qsVals(want, "sk"))
		return len(want), len(pages)
	}
	for i := range want {
		if show(got[i]) != show(want[i]) {
			t.Errorf("%s: item %d = %s, model %s", desc, i, show(got[i]), show(want[i]))
			break
		}
	}
	return len(want), len(pages)
}

package systemtest

// A seeded random test of index maintenance against a plain in-memory model:
// a table with one LSI and two GSIs (one KEYS_ONLY with a numeric sort key,
// one INCLUDE), ~2,000 random PutItem/UpdateItem (SET and REMOVE of index
// key attributes)/DeleteItem/BatchWriteItem calls, and then every index
// compared entry by entry with what the model says it holds: a paged Scan,
// a parallel Scan, and Queries in both directions.
//
// The seed is fixed and printed; BASALT_INDEXMODEL_SEED replays another.

import (
	"fmt"
	"hash/fnv"
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

const imDefaultSeed = 20250611

// imIndex is one index of the model table.
type imIndex struct {
	name      string
	hash, rng string // key attributes; hash is pk for the LSI
	numRange  bool
	proj      types.ProjectionType
	include   []string
}

var imIndexes = []imIndex{
	{name: "mLocal", hash: "pk", rng: "ls", proj: types.ProjectionTypeAll},
	{name: "mKeys", hash: "ga", rng: "gn", numRange: true, proj: types.ProjectionTypeKeysOnly},
	{name: "mInc", hash: "gb", rng: "ls", proj: types.ProjectionTypeInclude, include: []string{"x", "y"}},
}

// entry is item as ix holds it, or nil when the item is not in ix.
func (ix imIndex) entry(it Item) Item {
	if it[ix.hash] == nil || it[ix.rng] == nil {
		return nil
	}
	if ix.proj == types.ProjectionTypeAll {
		return it
	}
	out := Item{"pk": it["pk"], "sk": it["sk"], ix.hash: it[ix.hash], ix.rng: it[ix.rng]}
	for _, a := range ix.include {
		if v, ok := it[a]; ok {
			out[a] = v
		}
	}
	return out
}

// imOp is one write: exactly one of put, update, del or batch is set.
type imOp struct {
	pk     string
	put    Item
	update *dynamodb.UpdateItemInput
	del    Item
	batch  []types.WriteRequest
}

// imGen draws random items and writes and keeps the model.
type imGen struct {
	rng   *rand.Rand
	table string
	items map[string]Item // by pk|sk
}

func (g *imGen) key() Item {
	return Item{"pk": S(fmt.Sprintf("p%02d", g.rng.Intn(20))), "sk": N(strconv.Itoa(g.rng.Intn(30)))}
}

func imKey(k Item) string { return qsKeyOf(k, "pk", "sk") }

// value draws a value for attribute a.
func (g *imGen) value(a string) types.AttributeValue {
	switch a {
	case "ls":
		return S(fmt.Sprintf("l%d", g.rng.Intn(10)))
	case "ga":
		return S(fmt.Sprintf("a%d", g.rng.Intn(6)))
	case "gn":
		return N(strconv.FormatFloat(float64(g.rng.Intn(400)-200)/4, 'f', -1, 64))
	case "gb":
		return S(fmt.Sprintf("b%d", g.rng.Intn(4)))
	case "y":
		return N(strconv.Itoa(g.rng.Intn(1000)))
	default:
		return S(strings.Repeat(a, 1+g.rng.Intn(20)))
	}
}

var imAttrs = []string{"ls", "ga", "gn", "gb", "x", "y", "z"}

func (g *imGen) item(k Item) Item {
	it := Item{"pk": k["pk"], "sk": k["sk"]}
	for _, a := range imAttrs {
		if g.rng.Intn(10) < 7 {
			it[a] = g.value(a)
		}
	}
	return it
}

// next draws one write and applies it to the model.
func (g *imGen) next() imOp {
	k := g.key()
	tn := aws.String(g.table)
	switch r := g.rng.Intn(20); {
	case r < 7:
		it := g.item(k)
		g.items[imKey(k)] = it
		return imOp{pk: qsScalar(k["pk"]), put: it}
	case r < 13:
		var sets, removes []string
		vals := Item{}
		cur := g.items[imKey(k)]
		next := Item{"pk": k["pk"], "sk": k["sk"]}
		for n, v := range cur {
			next[n] = v
		}
		for i, a := range imAttrs {
			switch g.rng.Intn(3) {
			case 0:
				ph := fmt.Sprintf(":v%d", i)
				vals[ph] = g.value(a)
				sets = append(sets, a+" = "+ph)
				next[a] = vals[ph]
			case 1:
				removes = append(removes, a)
				delete(next, a)
			}
		}
		if len(sets) == 0 && len(removes) == 0 {
			removes = append(removes, "z")
			delete(next, "z")
		}
		var expr []string
		if len(sets) > 0 {
			expr = append(expr, "SET "+strings.Join(sets, ", "))
		}
		if len(removes) > 0 {
			expr = append(expr, "REMOVE "+strings.Join(removes, ", "))
		}
		in := &dynamodb.UpdateItemInput{TableName: tn, Key: k, UpdateExpression: aws.String(strings.Join(expr, " "))}
		if len(vals) > 0 {
			in.ExpressionAttributeValues = vals
		}
		g.items[imKey(k)] = next
		return imOp{pk: qsScalar(k["pk"]), update: in}
	case r < 16:
		delete(g.items, imKey(k))
		return imOp{pk: qsScalar(k["pk"]), del: k}
	default:
		// A batch of distinct keys in one partition.
		pk := k["pk"]
		var reqs []types.WriteRequest
		for _, i := range g.rng.Perm(30)[:2+g.rng.Intn(9)] {
			bk := Item{"pk": pk, "sk": N(strconv.Itoa(i))}
			if g.rng.Intn(4) == 0 {
				delete(g.items, imKey(bk))
				reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: bk}})
				continue
			}
			it := g.item(bk)
			g.items[imKey(bk)] = it
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		return imOp{pk: qsScalar(pk), batch: reqs}
	}
}

func TestIndexModel(t *testing.T) {
	t.Parallel()
	seed := int64(imDefaultSeed)
	if s := os.Getenv("BASALT_INDEXMODEL_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("BASALT_INDEXMODEL_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (BASALT_INDEXMODEL_SEED=%d replays it)", seed, seed)
	c := client(t)
	in := &dynamodb.CreateTableInput{
		AttributeDefinitions: []types.AttributeDefinition{ixAD("pk", "S"), ixAD("sk", "N"), ixAD("ls", "S"), ixAD("ga", "S"), ixAD("gn", "N"), ixAD("gb", "S")},
		KeySchema:            ixKS(ixH("pk"), ixR("sk")),
	}
	for _, ix := range imIndexes {
		p := &types.Projection{ProjectionType: ix.proj, NonKeyAttributes: ix.include}
		if ix.hash == "pk" {
			in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, ixLSI(ix.name, p, ixH(ix.hash), ixR(ix.rng)))
		} else {
			in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, ixGSI(ix.name, p, ixH(ix.hash), ixR(ix.rng)))
		}
	}
	table := ixCreate(t, c, in)
	g := &imGen{rng: rand.New(rand.NewSource(seed)), table: table, items: map[string]Item{}}
	const writes = 2000
	ops := make([]imOp, writes)
	for i := range ops {
		ops[i] = g.next()
	}
	imApply(t, c, table, ops)
	t.Logf("%d writes, %d items", writes, len(g.items))

	rng := g.rng
	for _, ix := range imIndexes {
		var want []Item
		byHash := map[string][]Item{}
		for _, it := range g.items {
			if e := ix.entry(it); e != nil {
				want = append(want, e)
				h := qsScalar(e[ix.hash])
				byHash[h] = append(byHash[h], e)
			}
		}
		t.Logf("index %s: %d entries in %d partitions", ix.name, len(want), len(byHash))
		t.Run("scan "+ix.name, func(t *testing.T) {
			in := dynamodb.ScanInput{TableName: aws.String(table), IndexName: aws.String(ix.name), Limit: aws.Int32(int32(1 + rng.Intn(80)))}
			qsWantSameSet(t, qsScanItems(t, c, in), want, "pk", "sk")
		})
		t.Run("parallel scan "+ix.name, func(t *testing.T) {
			var all []Item
			for _, seg := range qsParallelScan(t, c, dynamodb.ScanInput{TableName: aws.String(table), IndexName: aws.String(ix.name), Limit: aws.Int32(25)}, 3) {
				all = append(all, seg...)
			}
			qsWantSameSet(t, all, want, "pk", "sk")
		})
		hashes := make([]string, 0, len(byHash))
		for h := range byHash {
			hashes = append(hashes, h)
		}
		sort.Strings(hashes)
		for q := 0; q < 6 && len(hashes) > 0; q++ {
			h := hashes[rng.Intn(len(hashes))]
			forward := rng.Intn(2) == 0
			limit := int32(1 + rng.Intn(15))
			t.Run(fmt.Sprintf("query %s %s=%s forward=%v limit=%d", ix.name, ix.hash, h, forward, limit), func(t *testing.T) {
				in := dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String(ix.name), Limit: aws.Int32(limit), ScanIndexForward: aws.Bool(forward),
					KeyConditionExpression: aws.String("#h = :h"), ExpressionAttributeNames: map[string]string{"#h": ix.hash}, ExpressionAttributeValues: Item{":h": S(h)}}
				ixWantOrdered(t, qsQueryItems(t, c, in), byHash[h], ix.rng, ix.numRange, forward)
			})
		}
		if ix.numRange && len(hashes) > 0 {
			h := hashes[0]
			t.Run(fmt.Sprintf("query %s gn >= 0", ix.name), func(t *testing.T) {
				var w []Item
				for _, e := range byHash[h] {
					if !strings.HasPrefix(qsScalar(e["gn"]), "-") {
						w = append(w, e)
					}
				}
				in := dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String(ix.name), Limit: aws.Int32(5),
					KeyConditionExpression: aws.String("ga = :h AND gn >= :z"), ExpressionAttributeValues: Item{":h": S(h), ":z": N("0")}}
				ixWantOrdered(t, qsQueryItems(t, c, in), w, "gn", true, true)
			})
		}
	}
}

// imApply runs the writes with 8 workers; all writes to one partition go to
// one worker, in order, so the final state is the model's.
func imApply(t *testing.T, c *dynamodb.Client, table string, ops []imOp) {
	t.Helper()
	const workers = 8
	queues := make([][]imOp, workers)
	for _, op := range ops {
		h := fnv.New32a()
		h.Write([]byte(op.pk))
		w := int(h.Sum32() % workers)
		queues[w] = append(queues[w], op)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for _, q := range queues {
		wg.Add(1)
		go func(q []imOp) {
			defer wg.Done()
			for _, op := range q {
				var err error
				switch {
				case op.put != nil:
					_, err = c.PutItem(ctxT(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: op.put})
				case op.update != nil:
					_, err = c.UpdateItem(ctxT(t), op.update)
				case op.del != nil:
					_, err = c.DeleteItem(ctxT(t), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: op.del})
				default:
					pending := map[string][]types.WriteRequest{table: op.batch}
					for try := 0; len(pending) > 0 && err == nil; try++ {
						var out *dynamodb.BatchWriteItemOutput
						out, err = c.BatchWriteItem(ctxT(t), &dynamodb.BatchWriteItemInput{RequestItems: pending})
						if err == nil {
							pending = out.UnprocessedItems
						}
						if try > 100 {
							err = fmt.Errorf("UnprocessedItems after %d tries", try)
						}
					}
				}
				if err != nil {
					errs <- fmt.Errorf("write to %s: %w", op.pk, err)
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

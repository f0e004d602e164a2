package service

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/pebblekv"
)

// The scale benchmarks load a table keyed by pk (S) and sk (N) with
// benchPartitionSize items per partition and compare the cost of a read at
// several table sizes. Run them with, for example:
//
//	BASALT_BENCH_SCALE=1 go test -run '^$' -bench 'BenchmarkQueryPartitionScale' -benchtime=2000x ./internal/service/
//
// Without BASALT_BENCH_SCALE=1 they measure only the smallest table, so
// that a quick run of every benchmark (-benchtime=1x, as CI runs them)
// stays quick. BASALT_BENCH_SCALE_ITEMS sets the table sizes instead (a
// comma-separated list of item counts, each a multiple of
// benchPartitionSize).
const (
	benchTable         = "bench"
	benchPartitionSize = 10
	benchLoadBatch     = 10000 // items per storage batch while loading
	benchSizesEnv      = "BASALT_BENCH_SCALE_ITEMS"
	benchScaleEnv      = "BASALT_BENCH_SCALE" // "1": run the heavy benchmarks at full size
)

// heavyBenchmarks reports whether the benchmarks that load hundreds of MB
// should run at full size ($BASALT_BENCH_SCALE is 1).
func heavyBenchmarks() bool { return os.Getenv(benchScaleEnv) == "1" }

// benchSizes returns the table sizes to measure: $BASALT_BENCH_SCALE_ITEMS,
// or 1,000 and 1,000,000 items, or only 1,000 unless heavyBenchmarks.
func benchSizes(b *testing.B) []int {
	b.Helper()
	env := os.Getenv(benchSizesEnv)
	if env == "" && !heavyBenchmarks() {
		b.Logf("only 1000 items: set %s=1 for 1,000,000 too", benchScaleEnv)
		return []int{1000}
	}
	if env == "" {
		return []int{1000, 1000000}
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < benchPartitionSize || n%benchPartitionSize != 0 {
			b.Fatalf("%s: %q is not a positive multiple of %d", benchSizesEnv, f, benchPartitionSize)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// benchFixture is a Service over an in-memory store holding one loaded
// table of items items in items/benchPartitionSize partitions.
type benchFixture struct {
	s     *Service
	store storage.Store
	items int
}

func (f *benchFixture) partitions() int { return f.items / benchPartitionSize }

func (f *benchFixture) close() {
	f.s.Close()
	f.store.Close()
}

// benchPK is the partition key of partition p.
func benchPK(p int) string { return fmt.Sprintf("user-%08d", p) }

// benchItem returns item i of partition p: about 150 bytes as AWS counts
// them (pk, sk, and three ordinary attributes).
func benchItem(p, i int, rng *rand.Rand) attr.Item {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	payload := make([]byte, 96)
	for j := range payload {
		payload[j] = letters[rng.IntN(len(letters))]
	}
	return attr.Item{
		"pk":      attr.Str(benchPK(p)),
		"sk":      attr.Num(strconv.Itoa(i)),
		"payload": attr.Str(string(payload)),
		"count":   attr.Num(strconv.Itoa(rng.IntN(1000000))),
		"active":  attr.Bool(i%2 == 0),
	}
}

// newBenchFixture creates the table through CreateTable and loads it by
// writing the service's key and value encodings straight into the store in
// blind batches of benchLoadBatch items (PutItem, one synced batch per item,
// would take minutes for a million). It then adds the loaded items to the
// table's statistics, as the writes through the API would have.
func newBenchFixture(b *testing.B, items int) *benchFixture {
	b.Helper()
	ctx := context.Background()
	st, err := pebblekv.Open(pebblekv.Options{InMemory: true, Logger: slog.New(slog.DiscardHandler),
		Prefixes: keycodec.PartitionPrefixLen, CacheSize: benchCacheSize})
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(st, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		st.Close()
		b.Fatal(err)
	}
	f := &benchFixture{s: s, store: st, items: items}
	if _, err := s.CreateTable(ctx, &api.CreateTableInput{
		TableName: benchTable,
		KeySchema: []api.KeySchemaElement{
			{AttributeName: "pk", KeyType: "HASH"}, {AttributeName: "sk", KeyType: "RANGE"},
		},
		AttributeDefinitions: []api.AttributeDefinition{
			{AttributeName: "pk", AttributeType: "S"}, {AttributeName: "sk", AttributeType: "N"},
		},
		BillingMode: "PAY_PER_REQUEST",
	}); err != nil {
		f.close()
		b.Fatal(err)
	}
	t, err := s.catalog.Get(defaultNS, benchTable)
	if err != nil {
		f.close()
		b.Fatal(err)
	}

	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	var size int64
	var key, val []byte
	for first := 0; first < items; first += benchLoadBatch {
		last := min(first+benchLoadBatch, items)
		err := st.Update(ctx, nil, func(tx storage.Txn) error {
			for n := first; n < last; n++ {
				item := benchItem(n/benchPartitionSize, n%benchPartitionSize, rng)
				sk := item["sk"]
				var err error
				if key, err = keycodec.AppendItemKey(key[:0], t.ID, item["pk"], &sk); err != nil {
					return err
				}
				val = attr.AppendItem(val[:0], item)
				if err := tx.Set(key, val); err != nil {
					return err
				}
				size += int64(attr.ItemSize(item))
			}
			return nil
		})
		if err != nil {
			f.close()
			b.Fatalf("loading items %d-%d: %v", first, last, err)
		}
	}
	t.AddStats(int64(items), size)
	b.Logf("loaded %d items (%d partitions, %.1f MB as AWS counts, %.0f bytes/item) in %v",
		items, f.partitions(), float64(size)/1e6, float64(size)/float64(items), time.Since(start).Round(time.Millisecond))
	return f
}

// settle waits until the process is nearly idle (under 10% of one CPU for
// two consecutive 250 ms intervals, at most two minutes), so that the
// store's background flushes and compactions after a load do not compete
// with the measured reads. It returns how long it waited.
func settle(b *testing.B) time.Duration {
	b.Helper()
	const interval, idle = 250 * time.Millisecond, 25 * time.Millisecond
	start := time.Now()
	prev, quiet := cpuTime(b), 0
	for quiet < 2 && time.Since(start) < 2*time.Minute {
		time.Sleep(interval)
		cur := cpuTime(b)
		if cur-prev < idle {
			quiet++
		} else {
			quiet = 0
		}
		prev = cur
	}
	return time.Since(start)
}

// reportCPU reports the process's CPU time since cpu0 per operation as
// cpu-ns/op. On a shared machine it varies less than ns/op, which also
// counts the time the benchmark waited for a CPU; it includes the store's
// background work and the garbage collector.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.Helper()
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runScaled loads one fixture per table size, lets the store's background
// work settle, and then runs fn as the sub-benchmark items=N for each, back
// to back, so that all sizes are measured under the same machine load.
// benchCacheSize is the block cache of the fixtures: larger than the
// largest table's sstables, so that after warm (below) the benchmarks
// measure reads of a table held in memory, as the small tables are.
const benchCacheSize = 512 << 20

// warm reads the fixture's whole table once, so that its blocks are in
// the block cache when the measurement starts.
func warm(b *testing.B, f *benchFixture) {
	b.Helper()
	t, err := f.s.catalog.Get(defaultNS, benchTable)
	if err != nil {
		b.Fatal(err)
	}
	lower, upper := keycodec.TableSpan(t.ID)
	err = f.store.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { return true, nil })
	})
	if err != nil {
		b.Fatal(err)
	}
}

// runScaled loads a fixture of every size, then runs fn on each twice:
// "as-loaded", with the store as the load left it (a small table still in
// the memtable, a large one over several levels, the block cache cold),
// and "at-rest", after every store was compacted to its bottom level and
// its table read once, so that tables of every size are compared in the
// same state: on sstables, in the block cache.
func runScaled(b *testing.B, fn func(b *testing.B, f *benchFixture)) {
	var fixtures []*benchFixture
	defer func() {
		for _, f := range fixtures {
			f.close()
		}
	}()
	for _, items := range benchSizes(b) {
		fixtures = append(fixtures, newBenchFixture(b, items))
	}
	b.Logf("background work settled %v after the last load", settle(b).Round(time.Millisecond))
	for _, f := range fixtures {
		b.Run(fmt.Sprintf("items=%d/as-loaded", f.items), func(b *testing.B) { fn(b, f) })
	}
	for _, f := range fixtures {
		if err := f.store.(*pebblekv.Store).CompactAll(); err != nil {
			b.Fatal(err)
		}
		warm(b, f)
	}
	for _, f := range fixtures {
		b.Run(fmt.Sprintf("items=%d/at-rest", f.items), func(b *testing.B) { fn(b, f) })
	}
}

// BenchmarkQueryPartitionScale measures a Query of one whole 10-item
// partition, chosen at random, in tables of different sizes. The key
// layout makes a partition one contiguous key range, so ns/op should not
// depend on the table's size.
func BenchmarkQueryPartitionScale(b *testing.B) {
	runScaled(b, func(b *testing.B, f *benchFixture) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(3, 4))
		kce := "pk = :p"
		read := 0
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime(b)
		for range b.N {
			in := &api.QueryInput{
				TableName:              benchTable,
				KeyConditionExpression: &kce,
				ExpressionParams: api.ExpressionParams{ExpressionAttributeValues: map[string]attr.Value{
					":p": attr.Str(benchPK(rng.IntN(f.partitions()))),
				}},
			}
			out, err := f.s.Query(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			if len(out.Items) != benchPartitionSize {
				b.Fatalf("Query returned %d items, want %d", len(out.Items), benchPartitionSize)
			}
			read += len(out.Items)
		}
		reportCPU(b, cpu0)
		b.ReportMetric(float64(read)/float64(b.N), "items/op")
	})
}

// BenchmarkScanPage measures one Scan page of 100 items (Limit 100)
// starting after a random item, in tables of different sizes. Near the end
// of the table a page holds fewer items; items/op reports the mean.
func BenchmarkScanPage(b *testing.B) {
	const limit = 100
	runScaled(b, func(b *testing.B, f *benchFixture) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(5, 6))
		lim := int64(limit)
		read := 0
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime(b)
		for range b.N {
			n := rng.IntN(f.items)
			in := &api.ScanInput{
				TableName: benchTable,
				Limit:     &lim,
				ExclusiveStartKey: attr.Item{
					"pk": attr.Str(benchPK(n / benchPartitionSize)),
					"sk": attr.Num(strconv.Itoa(n % benchPartitionSize)),
				},
			}
			out, err := f.s.Scan(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			read += len(out.Items)
		}
		reportCPU(b, cpu0)
		b.ReportMetric(float64(read)/float64(b.N), "items/op")
	})
}

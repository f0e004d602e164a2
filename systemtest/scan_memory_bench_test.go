package systemtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// BenchmarkScanMemory loads tables of different sizes into the real server
// binary on disk, restarts it, and scans each table once to the end while
// sampling the server's resident memory. A Scan reads one page at a time
// from a streaming storage iterator, so peak-RSS-MB should not grow with
// the table's size. Run it with:
//
//	BASALT_BENCH_SCALE=1 go test -run '^$' -bench BenchmarkScanMemory -benchtime=1x ./systemtest/
//
// Without BASALT_BENCH_SCALE=1 (or BASALT_BENCH_SCAN_MB) it skips, so that
// a quick run of every benchmark stays quick. BASALT_BENCH_SCAN_MB sets
// the table sizes (comma-separated, in MB
// of about 1 KB items); BASALT_BIN names a prebuilt server binary.
func BenchmarkScanMemory(b *testing.B) {
	if testing.Short() {
		b.Skip("loads hundreds of MB into the server binary")
	}
	if os.Getenv("BASALT_BENCH_SCAN_MB") == "" && os.Getenv("BASALT_BENCH_SCALE") != "1" {
		b.Skip("loads hundreds of MB into the server binary: set BASALT_BENCH_SCALE=1 (or BASALT_BENCH_SCAN_MB) to run it")
	}
	bin := basaltBinary(b)
	for _, mb := range smSizes(b) {
		b.Run(fmt.Sprintf("MB=%d", mb), func(b *testing.B) { smRun(b, bin, mb) })
	}
}

// Sizes of the items smRun loads: about 1 KB each as AWS counts them.
const (
	smItemBytes   = 1000
	smPayload     = smItemBytes - 2 - 12 - 4 // minus "pk", its value, "data"
	smWriters     = 8
	smBatch       = 25 // items per BatchWriteItem, AWS's limit
	smSampleEvery = 20 * time.Millisecond
)

// smSizes returns the table sizes in MB: $BASALT_BENCH_SCAN_MB, or 100 and 800.
func smSizes(b *testing.B) []int {
	b.Helper()
	env := os.Getenv("BASALT_BENCH_SCAN_MB")
	if env == "" {
		return []int{100, 800}
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("BASALT_BENCH_SCAN_MB: %q is not a positive number of MB", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// smRun loads mb MB into a fresh server, restarts it, and measures full
// Scans of the table.
func smRun(b *testing.B, bin string, mb int) {
	dir := b.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(b))
	p := startBasalt(b, bin, dir, addr, "-log-level", "warn")
	c := newClient("http://" + addr)
	table := hashTable(b, c)
	items := mb * 1000000 / smItemBytes

	start := time.Now()
	how := smLoad(b, c, table, items)
	b.Logf("loaded %d items (%d MB) with %d concurrent %s writers in %v",
		items, mb, smWriters, how, time.Since(start).Round(time.Millisecond))
	smSettle(b, p)
	smStop(b, p)

	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		p = startBasalt(b, bin, dir, addr, "-log-level", "warn")
		smSettle(b, p)
		idle := smStatusKB(b, p, "VmRSS")
		sampler := smSample(p)
		b.StartTimer()

		t0 := time.Now()
		n, pages, err := smScanAll(c, table)
		elapsed := time.Since(t0)

		b.StopTimer()
		sampled := sampler.stop()
		if err != nil {
			select {
			case <-p.exited:
				b.Fatalf("%v (the server exited: %v; peak RSS seen %.1f MB)", err, p.err, float64(sampled)/1024)
			default:
				b.Fatalf("%v (the server is running; peak RSS seen %.1f MB)", err, float64(sampled)/1024)
			}
		}
		peak := max(sampled, smStatusKB(b, p, "VmHWM"))
		if n != items {
			b.Fatalf("Scan returned %d items, want %d", n, items)
		}
		b.Logf("scanned %d items in %d pages in %v; server RSS idle %.1f MB, peak %.1f MB; after the scan anonymous %.1f MB, file-backed %.1f MB",
			n, pages, elapsed.Round(time.Millisecond), float64(idle)/1024, float64(peak)/1024,
			float64(smStatusKB(b, p, "RssAnon"))/1024, float64(smStatusKB(b, p, "RssFile"))/1024)
		b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
		b.ReportMetric(float64(idle)/1024, "idle-RSS-MB")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "items/s")
		smStop(b, p)
		b.StartTimer()
	}
}

// smItem returns item i of the table: a string key and about 1 KB of
// random letters (barely compressible, so the table is as large on disk).
func smItem(i int, rng *rand.Rand) Item {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	payload := make([]byte, smPayload)
	for j := range payload {
		payload[j] = letters[rng.IntN(len(letters))]
	}
	return Item{"pk": S(fmt.Sprintf("item-%07d", i)), "data": S(string(payload))}
}

// smLoad writes items 0 … n-1 to table with smWriters concurrent writers,
// through BatchWriteItem (resending unprocessed items), or through PutItem
// if the server does not answer BatchWriteItem. It returns the operation
// used.
func smLoad(b *testing.B, c *dynamodb.Client, table string, n int) string {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	write := func(items []Item) error { return smBatchWrite(ctx, c, table, items) }
	how := "BatchWriteItem"
	probe := min(n, smBatch)
	rng := rand.New(rand.NewPCG(1, 1))
	first := make([]Item, probe)
	for i := range first {
		first[i] = smItem(i, rng)
	}
	if err := write(first); err != nil {
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			b.Fatalf("BatchWriteItem: %v", err)
		}
		b.Logf("BatchWriteItem failed (%s: %s); loading through PutItem instead", ae.ErrorCode(), ae.ErrorMessage())
		how = "PutItem"
		write = func(items []Item) error {
			for _, it := range items {
				if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
					return err
				}
			}
			return nil
		}
		if err := write(first); err != nil {
			b.Fatalf("PutItem: %v", err)
		}
	}

	var next atomic.Int64
	next.Store(int64(probe))
	var wg sync.WaitGroup
	errs := make(chan error, smWriters)
	for w := range smWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(2, uint64(w)))
			batch := make([]Item, 0, smBatch)
			for {
				lo := int(next.Add(smBatch)) - smBatch
				if lo >= n {
					return
				}
				batch = batch[:0]
				for i := lo; i < min(lo+smBatch, n); i++ {
					batch = append(batch, smItem(i, rng))
				}
				if err := write(batch); err != nil {
					errs <- fmt.Errorf("writing items %d-%d: %w", lo, lo+len(batch)-1, err)
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	return how
}

// smBatchWrite puts items with BatchWriteItem, resending unprocessed items
// after a short pause until none are left.
func smBatchWrite(ctx context.Context, c *dynamodb.Client, table string, items []Item) error {
	reqs := make([]types.WriteRequest, len(items))
	for i, it := range items {
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
	}
	for attempt := 0; len(reqs) > 0; attempt++ {
		if attempt > 0 {
			time.Sleep(time.Duration(min(attempt, 10)) * 10 * time.Millisecond)
		}
		out, err := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{table: reqs},
		})
		if err != nil {
			return err
		}
		reqs = out.UnprocessedItems[table]
	}
	return nil
}

// smScanAll scans table to the end, following LastEvaluatedKey, and returns
// the number of items and pages.
func smScanAll(c *dynamodb.Client, table string) (items, pages int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	in := &dynamodb.ScanInput{TableName: aws.String(table)}
	for {
		out, err := c.Scan(ctx, in)
		if err != nil {
			return items, pages, fmt.Errorf("Scan page %d after %d items: %w", pages+1, items, err)
		}
		pages++
		items += len(out.Items)
		if len(out.LastEvaluatedKey) == 0 {
			return items, pages, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// smSampler records the largest VmRSS of a process, read every
// smSampleEvery until stop.
type smSampler struct {
	done chan struct{}
	peak chan int
}

func smSample(p *process) *smSampler {
	s := &smSampler{done: make(chan struct{}), peak: make(chan int, 1)}
	go func() {
		peak := 0
		tick := time.NewTicker(smSampleEvery)
		defer tick.Stop()
		for {
			if kb, err := smReadStatus(p.cmd.Process.Pid, "VmRSS"); err == nil {
				peak = max(peak, kb)
			}
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

// stop ends the sampling and returns the peak VmRSS seen, in kB.
func (s *smSampler) stop() int {
	close(s.done)
	return <-s.peak
}

// smStatusKB returns field (VmRSS, VmHWM, RssAnon, RssFile) of the process's
// /proc/<pid>/status in kB, failing the benchmark if it cannot.
func smStatusKB(b *testing.B, p *process, field string) int {
	b.Helper()
	kb, err := smReadStatus(p.cmd.Process.Pid, field)
	if err != nil {
		b.Fatal(err)
	}
	return kb
}

func smReadStatus(pid int, field string) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status %s: %w", pid, field, err)
		}
		return kb, nil
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}

// smCPU returns the user and system CPU time of the process in clock ticks
// (fields 14 and 15 of /proc/<pid>/stat).
func smCPU(b *testing.B, p *process) int {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name, field 2, is parenthesised and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	f := strings.Fields(string(data[i+1:])) // f[0] is field 3
	if len(f) < 13 {
		b.Fatalf("/proc/%d/stat: %q", p.cmd.Process.Pid, data)
	}
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", p.cmd.Process.Pid, data)
	}
	return utime + stime
}

// smSettle waits until the server is nearly idle (at most one clock tick,
// usually 10 ms, of CPU in each of two consecutive 500 ms intervals; at most
// five minutes), so that flushes and compactions after a load or a restart
// are done before the next step.
func smSettle(b *testing.B, p *process) {
	b.Helper()
	start := time.Now()
	prev, quiet := smCPU(b, p), 0
	for quiet < 2 && time.Since(start) < 5*time.Minute {
		time.Sleep(500 * time.Millisecond)
		cur := smCPU(b, p)
		if cur-prev <= 1 {
			quiet++
		} else {
			quiet = 0
		}
		prev = cur
	}
}

// smStop stops the server with SIGTERM and waits until it has exited.
func smStop(b *testing.B, p *process) {
	b.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		b.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			b.Fatalf("server exited with %v after SIGTERM\n%s", p.err, p.log.String())
		}
	case <-time.After(time.Minute):
		b.Fatalf("server still running a minute after SIGTERM")
	}
}

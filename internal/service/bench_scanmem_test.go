package service

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/pebblekv"
)

// scanProbeEnv names the store directory a re-executed test binary scans
// for BenchmarkScanMemoryAtRest (see TestScanMemoryProbe).
const scanProbeEnv = "BASALT_SCAN_PROBE_DIR"

// BenchmarkScanMemoryAtRest measures the memory a full Scan of a table
// takes in a store at rest (compacted), against the table's size: for each
// size (BASALT_BENCH_SCAN_REST_MB, default "100,800" MB of ~1 KB items) it
// loads an on-disk store, compacts it, and then has a fresh process (this
// test binary, re-executed) open the store, read the whole table through
// the same storage scan Query and Scan use, and report its RSS before and
// after (only with BASALT_BENCH_SCALE=1 or BASALT_BENCH_SCAN_REST_MB set).
// A fresh process keeps the load's memory out of the figure. The
// block cache is the server's default, so the after figure is bounded by
// it whatever the table's size.
func BenchmarkScanMemoryAtRest(b *testing.B) {
	if testing.Short() {
		b.Skip("loads hundreds of MB")
	}
	sizes := os.Getenv("BASALT_BENCH_SCAN_REST_MB")
	if sizes == "" && !heavyBenchmarks() {
		b.Skip("loads hundreds of MB: set BASALT_BENCH_SCALE=1 (or BASALT_BENCH_SCAN_REST_MB) to run it")
	}
	if sizes == "" {
		sizes = "100,800"
	}
	for _, s := range strings.Split(sizes, ",") {
		mb, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || mb < 1 {
			b.Fatalf("BASALT_BENCH_SCAN_REST_MB: bad size %q", s)
		}
		b.Run(fmt.Sprintf("MB=%d", mb), func(b *testing.B) {
			dir := b.TempDir()
			loadAtRest(b, dir, mb*1000)
			for range b.N {
				idle, after := probeScan(b, dir)
				b.ReportMetric(float64(idle)/1024, "open-RSS-MB")
				b.ReportMetric(float64(after)/1024, "after-scan-RSS-MB")
			}
		})
	}
}

// loadAtRest writes n items of ~1 KB into a store in dir and compacts it.
func loadAtRest(b *testing.B, dir string, n int) {
	b.Helper()
	st, err := pebblekv.Open(pebblekv.Options{Dir: dir, Logger: slog.New(slog.DiscardHandler),
		Prefixes: keycodec.PartitionPrefixLen})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	val := attr.AppendItem(nil, attr.Item{"pk": attr.Str("p"), "v": attr.Str(strings.Repeat("x", 1000))})
	for i := 0; i < n; i += benchLoadBatch {
		err := st.Update(context.Background(), nil, func(tx storage.Txn) error {
			for j := i; j < min(i+benchLoadBatch, n); j++ {
				k, err := keycodec.ItemKey(1, attr.Str(strconv.Itoa(j)), nil)
				if err != nil {
					return err
				}
				if err := tx.Set(k, val); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := st.CompactAll(); err != nil {
		b.Fatal(err)
	}
}

// probeScan re-executes the test binary to scan the store in dir and
// returns the child's RSS in KB after opening the store and after the scan.
func probeScan(b *testing.B, dir string) (open, after int) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestScanMemoryProbe$", "-test.v")
	cmd.Env = append(os.Environ(), scanProbeEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("probe: %v\n%s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if _, err := fmt.Sscanf(strings.TrimSpace(sc.Text()), "probe rss-kb open %d after %d", &open, &after); err == nil {
			return open, after
		}
	}
	b.Fatalf("probe printed no figures:\n%s", out)
	return 0, 0
}

// TestScanMemoryProbe is the child of BenchmarkScanMemoryAtRest; it does
// nothing unless that benchmark runs it.
func TestScanMemoryProbe(t *testing.T) {
	dir := os.Getenv(scanProbeEnv)
	if dir == "" {
		t.Skip("run by BenchmarkScanMemoryAtRest")
	}
	st, err := pebblekv.Open(pebblekv.Options{Dir: dir, Logger: slog.New(slog.DiscardHandler),
		Prefixes: keycodec.PartitionPrefixLen})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	open := rssKB(t)
	lower, upper := keycodec.TableSpan(1)
	items := 0
	err = st.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { items++; return true, nil })
	})
	if err != nil || items == 0 {
		t.Fatalf("scan: %d items, %v", items, err)
	}
	fmt.Printf("probe rss-kb open %d after %d\n", open, rssKB(t))
}

// rssKB returns this process's resident set size in KB.
func rssKB(t *testing.T) int {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

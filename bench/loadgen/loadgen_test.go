package main

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/basalt-db/basalt/bench/ceiling"
	"github.com/basalt-db/basalt/bench/internal/workload"
)

// TestPhasesAgainstCeiling runs every phase for a fraction of a second,
// through both clients, against the ceiling handler in process: each must
// complete requests and meet no error.
func TestPhasesAgainstCeiling(t *testing.T) {
	const itemSize, scanLimit = 1000, 50
	srv := httptest.NewServer(ceiling.New(ceiling.Options{ItemSize: itemSize, ScanLimit: scanLimit}))
	defer srv.Close()
	ep := newEndpoint(srv.URL, 4, 10*time.Second)
	defer ep.close()
	ctx := context.Background()
	payload := workload.NewPayload(workload.PayloadLen(itemSize))
	if err := createTable(ctx, ep.sdk); err != nil {
		t.Fatalf("createTable: %v", err)
	}
	if n, err := preload(ctx, ep.sdk, 500, 4, payload); err != nil || n != 0 {
		t.Fatalf("preload: %d failed, %v", n, err)
	}
	self := cpuClock{pid: os.Getpid(), tick: clockTick()}
	l := load{Concurrency: 4, Warmup: 20 * time.Millisecond, Duration: 150 * time.Millisecond,
		Partitions: 50, ScanLimit: scanLimit, Payload: payload, Seed: 1}
	for _, kind := range clientKinds {
		for _, ph := range phases {
			t.Run(kind+"/"+ph.Name, func(t *testing.T) {
				r, err := runPhase(ctx, ph, l, func() (caller, error) { return ep.newCaller(kind) }, self, self)
				if err != nil {
					t.Fatal(err)
				}
				if r.Ops == 0 || r.OpsPerSec <= 0 {
					t.Errorf("ops = %d, ops/s = %.1f; want some", r.Ops, r.OpsPerSec)
				}
				if r.Errors != 0 || r.WarmupErrors != 0 {
					t.Errorf("errors = %d (+%d in warm-up): %v %v", r.Errors, r.WarmupErrors,
						describeErrors(r.ErrorKinds), describeErrors(r.WarmupErrorKinds))
				}
				if r.P50Ms <= 0 || r.P99Ms < r.P50Ms || r.P999Ms < r.P99Ms || r.MaxMs < r.P999Ms {
					t.Errorf("latencies out of order: p50 %v p99 %v p99.9 %v max %v", r.P50Ms, r.P99Ms, r.P999Ms, r.MaxMs)
				}
				if r.ServerCPUError != "" || !r.allCPURead {
					t.Errorf("server CPU error %q, all CPU read %v", r.ServerCPUError, r.allCPURead)
				}
				if want := ph.ItemsPerOp; want != 0 && r.ItemsPerOp != want {
					t.Errorf("items per op = %d, want %d", r.ItemsPerOp, want)
				}
			})
		}
	}
	t.Run("client CPU unreadable", func(t *testing.T) {
		gone := cpuClock{pid: 1 << 30, tick: self.tick} // a pid that cannot exist
		get, _ := phaseNamed("get")
		r, err := runPhase(ctx, get, l, func() (caller, error) { return ep.newCaller("sdk") }, self, gone)
		if err != nil {
			t.Fatal(err)
		}
		if r.allCPURead || r.OtherCores != 0 {
			t.Errorf("all CPU read %v, other cores %v; want false, 0", r.allCPURead, r.OtherCores)
		}
	})
}

func describeErrors(e errorCounts) string {
	var parts []string
	for k, c := range e {
		parts = append(parts, k+": "+c.Example)
	}
	return strings.Join(parts, "; ")
}

// TestCallersReportWrongAnswers checks that well-formed answers of the
// wrong content are errors of both clients: a GetItem without an item, a
// Query of the wrong count, unprocessed items, an error answer, no server.
func TestCallersReportWrongAnswers(t *testing.T) {
	answers := map[string]string{
		"GetItem":        `{}`,
		"Query":          `{"Count":1,"Items":[{"pk":{"S":"p"}}],"ScannedCount":1}`,
		"BatchWriteItem": `{"UnprocessedItems":{"bench":[{"PutRequest":{"Item":{"pk":{"S":"p"}}}}]}}`,
		"UpdateItem": `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",` +
			`"message":"The conditional request failed"}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), ceiling.TargetPrefix)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if op == "UpdateItem" {
			w.WriteHeader(http.StatusBadRequest)
		}
		io.WriteString(w, answers[op])
	}))
	defer srv.Close()
	ep := newEndpoint(srv.URL, 1, 5*time.Second)
	defer ep.close()
	ctx := context.Background()
	ws := []write{{Key: workload.Key{P: 1}, Data: []byte("x")}}
	for _, kind := range clientKinds {
		c, err := ep.newCaller(kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			err  error
			want string
		}{
			{"GetItem", c.GetItem(ctx, workload.Key{}), "NoItem"},
			{"Query", c.Query(ctx, 0), "WrongCount"},
			{"BatchWriteItem", c.BatchWriteItem(ctx, ws), "UnprocessedItems"},
			{"UpdateItem", c.UpdateItem(ctx, workload.Key{}), "ConditionalCheckFailedException"},
		} {
			if tc.err == nil || errorKind(tc.err) != tc.want {
				t.Errorf("%s %s: %v (kind %q), want kind %q", kind, tc.name, tc.err, errorKind(tc.err), tc.want)
			}
		}
	}
	gone := newEndpoint("http://127.0.0.1:1", 1, 5*time.Second) // nothing listens on port 1
	defer gone.close()
	for _, kind := range clientKinds {
		c, _ := gone.newCaller(kind)
		if err := c.GetItem(ctx, workload.Key{}); err == nil || errorKind(err) != "Transport" {
			t.Errorf("%s GetItem from a closed port: %v (kind %q), want a Transport error", kind, err, errorKind(err))
		}
	}
}

// TestCPUClockOwnProcess burns CPU in this process and checks that the
// /proc reader sees about that much, no less and not wildly more.
func TestCPUClockOwnProcess(t *testing.T) {
	tick := clockTick()
	if tick <= 0 || tick > 10000 {
		t.Fatalf("clockTick() = %d", tick)
	}
	c := cpuClock{pid: os.Getpid(), tick: tick}
	before, err := c.Read()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	x := 0
	for time.Since(start) < 300*time.Millisecond {
		x++
	}
	wall := time.Since(start)
	after, err := c.Read()
	if err != nil {
		t.Fatal(err)
	}
	used := after - before
	// One busy goroutine: at least half the wall time on a busy machine,
	// at most every CPU for the whole time plus a tick of rounding.
	if used < wall/2 || used > time.Duration(runtime.NumCPU())*wall+2*time.Second/time.Duration(tick) {
		t.Errorf("CPU used %v over %v of busy loop (%d iterations)", used, wall, x)
	}
	rss, err := rssBytes(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if rss < 1<<20 || rss > 8<<30 {
		t.Errorf("own RSS = %d bytes", rss)
	}
	if _, err := readStat(1 << 30); err == nil {
		t.Error("readStat of a pid that cannot exist: no error")
	}
}

func TestParseStat(t *testing.T) {
	// comm may hold spaces and parentheses; fields count from the last ')'.
	line := "4242 (a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 30 7 3 20 0 9 0 12345 1000 200\n"
	st, err := parseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if st.ppid != 17 || st.ticks != 250+30+7+3 {
		t.Errorf("parseStat = %+v, want ppid 17, ticks 290", st)
	}
	if _, err := parseStat([]byte("4242 (x) S 1 2")); err == nil {
		t.Error("short stat: no error")
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 1000; i++ {
		d = append(d, time.Duration(i))
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500}, {0.99, 990}, {0.999, 999}, {1, 1000}} {
		if got := percentile(d, tc.q); got != tc.want {
			t.Errorf("percentile(%v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("percentile(nil) = %v", got)
	}
}

// TestMergeSlices checks that a phase merged from its slices sums their
// counts, times and CPU, takes percentiles of all their latencies
// together, and derives its rates and per-op figures from the sums.
func TestMergeSlices(t *testing.T) {
	slice := func(from, to int, secs, serverCPU, clientCPU, machineCPU float64, errs int, discarded []float64) phaseSlice {
		var lat []time.Duration
		for i := from; i <= to; i++ {
			lat = append(lat, time.Duration(i)*time.Millisecond)
		}
		s := phaseSlice{PhaseResult: PhaseResult{
			Phase: "get", Operation: "GetItem", Concurrency: 4, ItemsPerOp: 1, Seconds: secs,
			Errors: errs, ErrorKinds: errorCounts{"NoItem": {Count: errs, Example: "no item"}},
			WarmupOps: 10, WarmupErrors: 1, WarmupErrorKinds: errorCounts{"Timeout": {Count: 1, Example: "t"}},
			ServerCPUSeconds: serverCPU, ClientCPUSeconds: clientCPU, MachineCPUSeconds: machineCPU,
			DiscardedOtherCores: discarded, DiscardedErrors: len(discarded),
		}, lat: lat}
		s.setLatencies(lat)
		s.derive()
		s.setOtherCores(machineCPU > 0) // 0: the machine's CPU could not be read
		return s
	}
	// Latencies 1…1000 ms, split unevenly and not in order.
	ss := []phaseSlice{
		slice(601, 1000, 1, 0.2, 0.3, 0.6, 2, nil),
		slice(1, 600, 3, 0.4, 0.5, 1.3, 1, []float64{0.5}),
	}
	r := mergeSlices(ss)
	approx := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"ops", float64(r.Ops), 1000},
		{"seconds", r.Seconds, 4},
		{"ops/s", r.OpsPerSec, 250},
		{"items/s", r.ItemsPerSec, 250},
		{"p50 ms", r.P50Ms, 500},
		{"p99 ms", r.P99Ms, 990},
		{"p99.9 ms", r.P999Ms, 999},
		{"max ms", r.MaxMs, 1000},
		{"mean ms", r.MeanMs, 500.5},
		{"errors", float64(r.Errors), 3},
		{"NoItem errors", float64(r.ErrorKinds["NoItem"].Count), 3},
		{"warm-up ops", float64(r.WarmupOps), 20},
		{"warm-up errors", float64(r.WarmupErrors), 2},
		{"warm-up Timeout errors", float64(r.WarmupErrorKinds["Timeout"].Count), 2},
		{"server CPU s", r.ServerCPUSeconds, 0.6},
		{"server CPU µs/op", r.ServerCPUPerOpUs, 600},
		{"client CPU µs/op", r.ClientCPUPerOpUs, 800},
		{"other cores", r.OtherCores, (1.9 - 0.6 - 0.8) / 4},
		{"discarded errors", float64(r.DiscardedErrors), 1},
	} {
		if !approx(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if len(r.DiscardedOtherCores) != 1 || r.Phase != "get" || r.ItemsPerOp != 1 || r.Concurrency != 4 {
		t.Errorf("merged %+v", r)
	}
	if ss[0].ErrorKinds["NoItem"].Count != 2 {
		t.Errorf("merging changed a slice's error counts")
	}
	// A slice whose machine CPU could not be read tells nothing of the
	// rest of the machine, and must not dilute what the others tell.
	noMachine := slice(1001, 1100, 2, 0.3, 0.4, 0, 0, nil)
	if noMachine.OtherCores != 0 {
		t.Errorf("a slice without machine CPU: %v other cores", noMachine.OtherCores)
	}
	if r := mergeSlices(append(slices.Clone(ss), noMachine)); !approx(r.OtherCores, (1.9-0.6-0.8)/4) || r.Seconds != 6 {
		t.Errorf("with a slice without machine CPU: other cores %v, seconds %v; want %v, 6", r.OtherCores, r.Seconds, (1.9-0.6-0.8)/4)
	}
	if r := mergeSlices([]phaseSlice{noMachine}); r.OtherCores != 0 {
		t.Errorf("no slice with machine CPU: other cores %v, want 0", r.OtherCores)
	}
	ss[1].ServerCPUError = "gone"
	if r := mergeSlices(ss); r.ServerCPUError == "" || r.ServerCPUPerOpUs != 0 {
		t.Errorf("a slice without server CPU: error %q, %v µs/op", r.ServerCPUError, r.ServerCPUPerOpUs)
	}
}

// TestRoundsAndSlices checks that every round's order holds each target
// once, from target r mod n on, that over 4 rounds every target follows at
// least two different others, and the slices' warm-up.
func TestRoundsAndSlices(t *testing.T) {
	for _, n := range []int{3, 5} {
		before := make([]map[int]bool, n) // the targets each one followed
		for k := range before {
			before[k] = map[int]bool{}
		}
		for r := range 4 {
			order := roundOrder(r, n)
			if !isPermutation(order) || order[0] != r%n {
				t.Errorf("roundOrder(%d, %d) = %v, want every target once, from %d on", r, n, order, r%n)
			}
			for i := 1; i < len(order); i++ {
				before[order[i]][order[i-1]] = true
			}
		}
		for k, b := range before {
			if len(b) < 2 {
				t.Errorf("%d targets, 4 rounds: target %d followed only %v", n, k, b)
			}
		}
	}
	for _, c := range []struct {
		warmup time.Duration
		rounds int
		want   time.Duration
	}{
		{time.Second, 5, 200 * time.Millisecond},
		{5 * time.Second, 5, time.Second},
		{time.Second, 10, 200 * time.Millisecond},
		{100 * time.Millisecond, 5, 100 * time.Millisecond},
		{0, 5, 0},
		{time.Second, 1, time.Second},
	} {
		if got := sliceWarmup(c.warmup, c.rounds); got != c.want {
			t.Errorf("sliceWarmup(%v, %d) = %v, want %v", c.warmup, c.rounds, got, c.want)
		}
	}
}

// isPermutation reports whether order holds each of 0…len(order)-1 once.
func isPermutation(order []int) bool {
	for i, k := range slices.Sorted(slices.Values(order)) {
		if k != i {
			return false
		}
	}
	return true
}

// TestStopKillsTheGroup starts a shell that forks, stops it, and checks
// that its child is gone too.
func TestStopKillsTheGroup(t *testing.T) {
	var ps procs
	p, err := ps.spawn([]string{"/bin/sh", "-c", "sleep 30 & echo $! ; wait"}, t.TempDir()+"/log")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var kids []int
	for len(kids) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		kids = descendants(p.pid)
	}
	if len(kids) == 0 {
		t.Fatal("the shell's child never appeared")
	}
	ps.stop(p, 2*time.Second)
	for _, k := range kids {
		for time.Now().Before(deadline) {
			if _, err := readStat(k); err != nil {
				break
			}
			if st, _ := os.ReadFile("/proc/" + itoa(k) + "/stat"); strings.Contains(string(st), ") Z ") {
				break // a zombie waiting for its reaper is dead enough
			}
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := readStat(k); err == nil {
			st, _ := os.ReadFile("/proc/" + itoa(k) + "/stat")
			if !strings.Contains(string(st), ") Z ") {
				t.Errorf("child %d still alive after stop: %s", k, st)
			}
		}
	}
	if len(ps.set) != 0 {
		t.Errorf("stopped process still in the set")
	}
}

// TestJudge checks that the targets section can fail as well as pass.
func TestJudge(t *testing.T) {
	ph := func(name string, cpu, ops, p99 float64, errs int) PhaseResult {
		return PhaseResult{Phase: name, Ops: 1000, OpsPerSec: ops, ServerCPUPerOpUs: cpu, P99Ms: p99, Errors: errs}
	}
	rs := []TargetResult{
		{Name: "ceiling", Phases: []PhaseResult{ph("get", 10, 10000, 4, 0), ph("put", 10, 10000, 4, 0)}},
		{Name: "basalt-mem", StartupMs: []float64{20}, StartupMedianMs: 20, RSSStartMB: 20,
			Phases: []PhaseResult{ph("get", 11, 9500, 3, 0), ph("put", 20, 8000, 3, 2)}},
		{Name: "dynalite", Phases: []PhaseResult{ph("get", 30, 5000, 9, 0)}},
	}
	got := map[string]string{}
	for _, c := range judge(rs) {
		got[c.What] = c.Result
	}
	for what, want := range map[string]string{
		"server CPU per GetItem vs the ceiling's":           met,
		"server CPU per in-memory PutItem vs the ceiling's": missed, // 2×, and errors
		"server CPU per Query of 10 items vs the ceiling's": notMeasured,
		"dynalite's server CPU per op ÷ Basalt's, get":      met,
		"throughput, get, share of the ceiling's":           met,
		"throughput, put, share of the ceiling's":           missed,
		"p99 latency, get": met,
		"startup, exec to first answered ListTables (median)": met,
		"idle RSS right after start":                          met,
	} {
		if got[what] != want {
			t.Errorf("%s: %q, want %q", what, got[what], want)
		}
	}
	md := markdown(&Results{Targets: rs, Checks: judge(rs), Config: Config{Phases: []string{"get", "put"}}})
	if !strings.Contains(md, "**MISSED**") || !strings.Contains(md, "1.10×") {
		t.Errorf("markdown lacks the missed mark or the ratio:\n%s", md)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Command loadgen is Basalt's performance harness (issue 7). It starts each
// target server itself on a free loopback port — Basalt on disk and in
// memory, the dynalite and dynoxide peers (installed with npm on demand) and
// a ceiling server of canned answers — creates a table, preloads it, and
// drives the same load at each through aws-sdk-go-v2 (or raw signed HTTP
// with -client raw): phases of PutItem, GetItem, Query, UpdateItem,
// BatchWriteItem, Scan and a mix. Per phase it reports throughput,
// latency percentiles, every error, and the server's CPU time per operation
// read from /proc/<pid>/stat; per target, startup time and idle RSS. It
// writes all figures as JSON and prints Markdown tables with ratios to the
// ceiling and the peers, and issue 7's targets marked met or missed.
//
// From the module root:
//
//	go run ./bench/loadgen                      # everything, ~8 minutes
//	go run ./bench/loadgen -targets ceiling,basalt-mem -phases get -duration 3s
//
// See bench/README.md.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// options are the command's settings, from its flags.
type options struct {
	Client         string
	Concurrency    int
	Warmup         time.Duration
	Duration       time.Duration
	ItemSize       int
	Preload        int
	ScanLimit      int
	StartupRuns    int
	RequestTimeout time.Duration
	NoiseLimit     float64
	NoiseRetries   int
	Rounds         int
	PhaseNames     string
	TargetNames    string
	JSONPath       string
	MarkdownPath   string
	Root           string
	PeersDir       string
	PerfDir        string
	Keep           bool

	phases  []phase
	targets []targetSpec
}

func main() {
	os.Exit(run(os.Args[1:]))
}

// run is the whole command; it returns the exit status: 0 after a run
// (whatever its figures), 1 when it could not run or was interrupted, 2
// for bad flags.
func run(args []string) int {
	cfg, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	tmp, err := os.MkdirTemp("", "basalt-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 1
	}
	e := &runEnv{cfg: cfg, tmp: tmp, log: os.Stderr, tick: clockTick()}
	defer func() {
		e.procs.killAll()
		if cfg.Keep {
			e.logf("kept %s (binaries, data, server logs)", tmp)
		} else {
			os.RemoveAll(tmp)
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go onSignals(e, cancel)

	res := Results{
		Date:      time.Now().UTC().Format(time.RFC3339),
		Command:   "go run ./bench/loadgen " + strings.Join(args, " "),
		Machine:   describeMachine(),
		Config:    cfg.describe(),
		ClockTick: e.tick,
	}
	var live []*liveTarget
	for _, spec := range cfg.targets {
		if ctx.Err() != nil {
			break
		}
		e.logf("target %s", spec.Name)
		live = append(live, e.setupTarget(ctx, spec))
	}
	e.runPhases(ctx, live)
	e.finishTargets(ctx, live)
	for _, t := range live {
		if t.res.Error != "" {
			e.logf("%s: %s", t.spec.Name, t.res.Error)
		}
		res.Targets = append(res.Targets, t.res)
	}
	res.Checks = judge(res.Targets)
	md := markdown(&res)
	fmt.Print(md)
	status := 0
	if ctx.Err() != nil {
		status = 1
	}
	if err := writeOutputs(cfg, &res, md); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		status = 1
	}
	return status
}

// onSignals cancels the run at the first SIGINT or SIGTERM (the servers
// are then stopped on the way out) and kills every server and exits at
// the second.
func onSignals(e *runEnv, cancel context.CancelFunc) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	s := <-sig
	e.logf("%v: stopping (again to kill at once)", s)
	cancel()
	<-sig
	e.procs.killAll()
	os.Exit(130)
}

// parseFlags parses and checks args.
func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.StringVar(&o.Client, "client", "sdk", "how requests are sent: sdk (aws-sdk-go-v2) or raw (net/http + the SDK's SigV4 signer)")
	fs.IntVar(&o.Concurrency, "concurrency", 32, "concurrent clients (goroutines, one keep-alive connection each)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "load before each phase's measured part, split over the rounds: max(-warmup/-rounds, 200ms) (or all of -warmup if it is shorter) before each slice (not measured, but its errors are reported)")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured time of each phase per target, split evenly over the rounds")
	fs.IntVar(&o.ItemSize, "item-size", 1000, "item size as DynamoDB counts it (attribute names + values), bytes")
	fs.IntVar(&o.Preload, "preload", 10000, "items written before the phases (a multiple of 10, at least 250)")
	fs.IntVar(&o.ScanLimit, "scan-limit", 100, "Limit of each Scan page")
	fs.IntVar(&o.StartupRuns, "startups", 5, "starts per target whose median is the startup time")
	fs.DurationVar(&o.RequestTimeout, "request-timeout", 30*time.Second, "timeout of each request (a timeout is an error)")
	fs.Float64Var(&o.NoiseLimit, "noise-limit", 0.25, "cores busy elsewhere during a slice above which it is run again")
	fs.IntVar(&o.NoiseRetries, "noise-retries", 2, "times a slice is run again while the machine is busier than -noise-limit")
	fs.IntVar(&o.Rounds, "rounds", 5, "rounds of each phase; in each, every target gets -duration/-rounds of it, starting at another target each round, upwards and downwards in turn")
	fs.StringVar(&o.PhaseNames, "phases", phaseList(), "phases to run, comma-separated, in order")
	fs.StringVar(&o.TargetNames, "targets", defaultTargets, "targets to run, comma-separated, in order; also dynalite-disk, dynoxide-disk")
	fs.StringVar(&o.JSONPath, "json", "", "where to write all figures as JSON (default <root>/bench/out/results.json; - for none)")
	fs.StringVar(&o.MarkdownPath, "markdown", "", "where to write the Markdown report (default <root>/bench/out/results.md; - for none)")
	fs.StringVar(&o.Root, "root", "", "module root, where Basalt is built (default: found from the working directory)")
	fs.StringVar(&o.PeersDir, "peers-dir", "", "where the npm peers are installed (default <root>/bench/peers)")
	fs.StringVar(&o.PerfDir, "perf-dir", "", "record a perf(1) profile of every target and phase into this directory (perturbs the figures)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the scratch directory (binaries, data, server logs)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return o, o.complete()
}

// complete validates o and fills in its defaults and derived fields.
func (o *options) complete() error {
	switch {
	case o.Client != "sdk" && o.Client != "raw":
		return fmt.Errorf("-client %q: want sdk or raw", o.Client)
	case o.Concurrency < 1:
		return errors.New("-concurrency must be at least 1")
	case o.Duration <= 0 || o.Warmup < 0:
		return errors.New("-duration must be positive and -warmup not negative")
	case o.ItemSize < 32 || o.ItemSize > 350_000:
		return errors.New("-item-size must be between 32 and 350000")
	case o.Preload < 10*batchSize || o.Preload%10 != 0:
		return fmt.Errorf("-preload must be a multiple of 10 and at least %d", 10*batchSize)
	case o.ScanLimit < 1 || o.StartupRuns < 1:
		return errors.New("-scan-limit and -startups must be at least 1")
	case o.NoiseRetries < 0:
		return errors.New("-noise-retries must not be negative")
	case o.Rounds < 1 || o.Duration/time.Duration(o.Rounds) < 10*time.Millisecond:
		return errors.New("-rounds must be at least 1, and -duration/-rounds at least 10ms")
	}
	for _, n := range splitList(o.PhaseNames) {
		p, ok := phaseNamed(n)
		if !ok {
			return fmt.Errorf("-phases: unknown phase %q (want some of %s)", n, phaseList())
		}
		o.phases = append(o.phases, p)
	}
	for _, n := range splitList(o.TargetNames) {
		t, ok := targetNamed(n)
		if !ok {
			return fmt.Errorf("-targets: unknown target %q", n)
		}
		o.targets = append(o.targets, t)
	}
	if len(o.phases) == 0 || len(o.targets) == 0 {
		return errors.New("-phases and -targets must name at least one each")
	}
	if o.Root == "" {
		root, err := findRoot()
		if err != nil {
			return err
		}
		o.Root = root
	}
	o.PeersDir = cmp.Or(o.PeersDir, filepath.Join(o.Root, "bench", "peers"))
	o.JSONPath = cmp.Or(o.JSONPath, filepath.Join(o.Root, "bench", "out", "results.json"))
	o.MarkdownPath = cmp.Or(o.MarkdownPath, filepath.Join(o.Root, "bench", "out", "results.md"))
	if o.PerfDir != "" {
		return os.MkdirAll(o.PerfDir, 0o755)
	}
	return nil
}

// describe is the load, for the JSON.
func (o *options) describe() Config {
	c := Config{
		Client: o.Client, Concurrency: o.Concurrency, WarmupSec: o.Warmup.Seconds(), DurationSec: o.Duration.Seconds(),
		ItemSize: o.ItemSize, Preload: o.Preload, ScanLimit: o.ScanLimit, StartupRuns: o.StartupRuns,
		RequestTimeout: o.RequestTimeout.Seconds(), NoiseLimit: o.NoiseLimit, NoiseRetries: o.NoiseRetries,
		Rounds: o.Rounds,
	}
	for _, p := range o.phases {
		c.Phases = append(c.Phases, p.Name)
	}
	for _, t := range o.targets {
		c.Targets = append(c.Targets, t.Name)
	}
	return c
}

func phaseList() string {
	var names []string
	for _, p := range phases {
		names = append(names, p.Name)
	}
	return strings.Join(names, ",")
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// findRoot returns the directory of the go.mod of module
// github.com/basalt-db/basalt at or above the working directory.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module github.com/basalt-db/basalt\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the Basalt module; run from its root or pass -root")
		}
		dir = parent
	}
}

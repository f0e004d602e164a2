package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/basalt-db/basalt/bench/internal/workload"
)

// Limits of the harness itself.
const (
	startupTimeout = 30 * time.Second       // exec to first answer
	probeEvery     = time.Millisecond       // startup polling interval
	stopGrace      = 10 * time.Second       // SIGTERM to SIGKILL
	activeTimeout  = 30 * time.Second       // CreateTable to ACTIVE
	settleAfterRun = 1 * time.Second        // idle before the last RSS
	preloadRetries = 5                      // per batch, for UnprocessedItems
	probeTimeout   = 500 * time.Millisecond // one startup probe
)

// runEnv is one run of the load generator: its settings, its scratch
// directory and the processes it has started.
type runEnv struct {
	cfg   options
	tmp   string // scratch directory: binaries, data, logs
	procs procs
	log   io.Writer
	buildState
	// tick is the kernel's clock ticks per second (clockTick), for the CPU
	// clocks of the targets, this process and the machine.
	tick int64
}

func (e *runEnv) logf(format string, args ...any) {
	fmt.Fprintf(e.log, "loadgen: "+format+"\n", args...)
}

// setupTarget readies spec and starts it cfg.StartupRuns times, each on
// an empty data directory (startup time: their median), measures idle RSS,
// then on the last start creates the table and preloads it. It returns the
// target still running, to be measured by runPhases and stopped by
// finishTarget. A target that cannot be prepared, started or loaded gets
// Error and the figures measured up to then, and is stopped already (its p
// is nil); the run goes on without it.
func (e *runEnv) setupTarget(ctx context.Context, spec targetSpec) *liveTarget {
	t := &liveTarget{spec: spec, res: TargetResult{Name: spec.Name, Storage: spec.Storage, Phases: []PhaseResult{}}}
	res := &t.res
	version, err := spec.prepare(ctx, e)
	if err != nil {
		res.Error = "not available: " + err.Error()
		return t
	}
	res.Version = version

	var p *proc
	var url string
	for i := range e.cfg.StartupRuns {
		var d time.Duration
		p, url, d, err = e.start(ctx, spec, i)
		if err != nil {
			res.Error = fmt.Sprintf("start %d of %d: %v", i+1, e.cfg.StartupRuns, err)
			return t
		}
		res.StartupMs = append(res.StartupMs, ms(d))
		if rss, err := rssBytes(p.pid); err == nil && i == e.cfg.StartupRuns-1 {
			res.RSSStartMB = mb(rss)
		}
		if i < e.cfg.StartupRuns-1 {
			e.procs.stop(p, stopGrace)
		}
	}
	res.StartupMedianMs = median(res.StartupMs)
	e.logf("%s: started in %.1f ms (median of %d), RSS %.1f MB, pid %d, %s",
		spec.Name, res.StartupMedianMs, len(res.StartupMs), res.RSSStartMB, p.pid, url)
	t.p, t.ep = p, newEndpoint(url, e.cfg.Concurrency, e.cfg.RequestTimeout)

	if err := createTable(ctx, t.ep.sdk); err != nil {
		res.Error = "creating the table: " + err.Error()
		e.stopTarget(t)
		return t
	}
	t0 := time.Now()
	n, err := preload(ctx, t.ep.sdk, e.cfg.Preload, e.cfg.Concurrency, e.payload())
	res.PreloadSec, res.PreloadErrors = time.Since(t0).Seconds(), n
	if err != nil {
		res.Error = "preloading: " + err.Error()
		e.stopTarget(t)
		return t
	}
	e.logf("%s: preloaded %d items in %.1f s", spec.Name, e.cfg.Preload, res.PreloadSec)
	return t
}

// finishTargets measures the RSS of every target that went through all the
// phases, settleAfterRun after the last, then stops every target still
// running.
func (e *runEnv) finishTargets(ctx context.Context, ts []*liveTarget) {
	if slices.ContainsFunc(ts, (*liveTarget).running) {
		sleep(ctx, settleAfterRun)
	}
	for _, t := range ts {
		if t.running() {
			if rss, err := rssBytes(t.p.pid); err == nil {
				t.res.RSSAfterMB = mb(rss)
			}
		}
		e.stopTarget(t)
	}
}

// stopTarget stops t's server, if it runs, and records how it ended.
func (e *runEnv) stopTarget(t *liveTarget) {
	if t.p == nil {
		return
	}
	t.res.ExitStatus = e.procs.stop(t.p, stopGrace)
	t.ep.close()
	t.p = nil
}

// load is the load of every phase, whole; sliceLoad cuts it into slices.
func (e *runEnv) load() load {
	return load{
		Concurrency: e.cfg.Concurrency, Warmup: e.cfg.Warmup, Duration: e.cfg.Duration,
		Partitions: e.cfg.Preload / workload.ItemsPerPartition, ScanLimit: e.cfg.ScanLimit,
		Payload: e.payload(), Seed: 1,
	}
}

func (e *runEnv) payload() *workload.Payload {
	return workload.NewPayload(workload.PayloadLen(e.cfg.ItemSize))
}

// start starts spec's server on a free port with a fresh data directory
// and returns it once it has answered a ListTables, with the time from
// exec to that answer. The probe is sent every probeEvery.
func (e *runEnv) start(ctx context.Context, spec targetSpec, n int) (*proc, string, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", 0, err
	}
	dir := filepath.Join(e.tmp, spec.Name+"-"+strconv.Itoa(n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", 0, err
	}
	url := "http://" + addr(port)
	probe := newRawClient(url, &http.Client{Timeout: probeTimeout, Transport: &http.Transport{DisableCompression: true}})
	defer probe.hc.CloseIdleConnections()

	t0 := time.Now()
	p, err := e.procs.spawn(spec.argv(e, port, dir), filepath.Join(e.tmp, spec.Name+"-"+strconv.Itoa(n)+".log"))
	if err != nil {
		return nil, "", 0, err
	}
	for {
		err := probe.ListTables(ctx)
		if err == nil {
			return p, url, time.Since(t0), nil
		}
		var api *apiError
		switch {
		case errors.As(err, &api):
			e.procs.stop(p, stopGrace)
			return nil, "", 0, fmt.Errorf("ListTables answered %v", err)
		case !p.alive():
			return nil, "", 0, p.exitError()
		case ctx.Err() != nil, time.Since(t0) > startupTimeout:
			e.procs.stop(p, stopGrace)
			return nil, "", 0, fmt.Errorf("no answer to ListTables after %v: %v", time.Since(t0).Round(time.Millisecond), err)
		}
		time.Sleep(probeEvery)
	}
}

// createTable creates the bench table (pk S hash, sk S range, on demand)
// and waits until it is ACTIVE.
func createTable(ctx context.Context, c *dynamodb.Client) error {
	_, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: tableName,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		return err
	}
	deadline := time.Now().Add(activeTimeout)
	for {
		out, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: tableName})
		if err != nil {
			return err
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("table still %s after %v", out.Table.TableStatus, activeTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// preload writes items items (partitions of workload.ItemsPerPartition,
// in key order) with BatchWriteItem from workers goroutines, retrying
// UnprocessedItems up to preloadRetries times. It returns the number of
// failed requests; any failure, or items left unprocessed, is an error.
func preload(ctx context.Context, c *dynamodb.Client, items, workers int, payload *workload.Payload) (int, error) {
	batches := (items + batchSize - 1) / batchSize
	var next, failed atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				b := int(next.Add(1) - 1)
				if b >= batches {
					return
				}
				if err := preloadBatch(ctx, c, b, items, payload); err != nil {
					failed.Add(1)
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := cmp.Or(firstErr, ctx.Err()); err != nil {
		return int(failed.Load()), fmt.Errorf("%d of %d batches failed, the first: %w", failed.Load(), batches, err)
	}
	return 0, nil
}

// preloadBatch writes batch b of the preload.
func preloadBatch(ctx context.Context, c *dynamodb.Client, b, items int, payload *workload.Payload) error {
	var reqs []types.WriteRequest
	for j := b * batchSize; j < min((b+1)*batchSize, items); j++ {
		k := workload.Key{P: j / workload.ItemsPerPartition, S: j % workload.ItemsPerPartition}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: sdkItem(write{Key: k, Data: payload.At(j * 7919)})}})
	}
	for try := 0; ; try++ {
		out, err := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{workload.Table: reqs},
		})
		if err != nil {
			return err
		}
		reqs = out.UnprocessedItems[workload.Table]
		if len(reqs) == 0 {
			return nil
		}
		if try == preloadRetries {
			return fmt.Errorf("%w: %d after %d tries", errUnprocessed, len(reqs), try+1)
		}
		time.Sleep(time.Duration(10<<try) * time.Millisecond)
	}
}

// median returns the median of xs (the mean of the middle two for an even
// count); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

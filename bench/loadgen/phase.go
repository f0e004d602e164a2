package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/basalt-db/basalt/bench/internal/workload"
)

// batchSize is the number of items in each BatchWriteItem, AWS's limit.
const batchSize = 25

// phase is one kind of load: what each worker sends, again and again.
type phase struct {
	Name string
	// Operation is the DynamoDB operation it sends (or a mix).
	Operation string
	// ItemsPerOp is how many items each request reads or writes, for
	// items/s; 0 means as many as the Scan limit.
	ItemsPerOp int
	// SingleItem marks the phases whose requests touch one item each.
	SingleItem bool
	do         func(ctx context.Context, w *worker) error
}

// phases are the load generator's phases, in their default order.
var phases = []phase{
	{Name: "put", Operation: "PutItem", ItemsPerOp: 1, SingleItem: true, do: func(ctx context.Context, w *worker) error {
		return w.c.PutItem(ctx, w.write(w.key()))
	}},
	{Name: "get", Operation: "GetItem", ItemsPerOp: 1, SingleItem: true, do: func(ctx context.Context, w *worker) error {
		return w.c.GetItem(ctx, w.key())
	}},
	{Name: "query", Operation: "Query", ItemsPerOp: workload.ItemsPerPartition, do: func(ctx context.Context, w *worker) error {
		return w.c.Query(ctx, w.rng.IntN(w.partitions))
	}},
	{Name: "update", Operation: "UpdateItem", ItemsPerOp: 1, SingleItem: true, do: func(ctx context.Context, w *worker) error {
		return w.c.UpdateItem(ctx, w.key())
	}},
	{Name: "batchwrite", Operation: "BatchWriteItem", ItemsPerOp: batchSize, do: func(ctx context.Context, w *worker) error {
		return w.c.BatchWriteItem(ctx, w.batch())
	}},
	{Name: "scan", Operation: "Scan", do: func(ctx context.Context, w *worker) error {
		return w.c.Scan(ctx, w.scanLimit)
	}},
	{Name: "mixed", Operation: "GetItem 80% / PutItem 20%", ItemsPerOp: 1, SingleItem: true, do: func(ctx context.Context, w *worker) error {
		if w.rng.IntN(100) < 80 {
			return w.c.GetItem(ctx, w.key())
		}
		return w.c.PutItem(ctx, w.write(w.key()))
	}},
}

// phaseNamed returns the phase called name.
func phaseNamed(name string) (phase, bool) {
	for _, p := range phases {
		if p.Name == name {
			return p, true
		}
	}
	return phase{}, false
}

// worker is the state of one load goroutine. Keys are drawn uniformly from
// the preloaded ones: partitions 0…partitions-1, sort keys 0…9.
type worker struct {
	c          caller
	rng        *rand.Rand
	partitions int
	scanLimit  int
	payload    *workload.Payload
	ws         []write // scratch for batch
}

func (w *worker) key() workload.Key {
	return workload.Key{P: w.rng.IntN(w.partitions), S: w.rng.IntN(workload.ItemsPerPartition)}
}

func (w *worker) write(k workload.Key) write {
	return write{Key: k, Data: w.payload.At(w.rng.Int())}
}

// batch returns batchSize writes with distinct keys: one sort key in
// batchSize consecutive partitions (wrapping), so a batch never names an
// item twice. It needs partitions >= batchSize.
func (w *worker) batch() []write {
	p0, s := w.rng.IntN(w.partitions), w.rng.IntN(workload.ItemsPerPartition)
	w.ws = w.ws[:0]
	for i := range batchSize {
		w.ws = append(w.ws, w.write(workload.Key{P: (p0 + i) % w.partitions, S: s}))
	}
	return w.ws
}

// load is what runPhase needs to know about the run.
type load struct {
	Concurrency int
	Warmup      time.Duration
	Duration    time.Duration
	Partitions  int
	ScanLimit   int
	Payload     *workload.Payload
	Seed        uint64
}

// stage of a phase, shared by its workers.
const (
	stageWarmup int32 = iota
	stageRecord
	stageStop
)

// tally is one worker's record of the ops it started while recording (and
// of the errors it met while warming up).
type tally struct {
	lat          []time.Duration
	errs         errorCounts
	warmupErrs   errorCounts
	warmupOps    int
	recordedErrs int
}

// runPhase runs ph with l.Concurrency workers, each with its own caller
// from newCaller: l.Warmup of load first, then l.Duration measured, during
// which server (the target's process tree), client (this process) and
// machine CPU are read at the start and at the end. ctx cancels the phase
// early; the result says so. Every error is counted, those of the warm-up too. The
// result keeps its sorted latencies, so that slices of one phase can be
// merged (mergeSlices).
func runPhase(ctx context.Context, ph phase, l load, newCaller func() (caller, error), server, client cpuClock) (phaseSlice, error) {
	machine := machineClock{tick: client.tick}
	res := PhaseResult{Phase: ph.Name, Operation: ph.Operation, Concurrency: l.Concurrency}
	workers := make([]*worker, l.Concurrency)
	for i := range workers {
		c, err := newCaller()
		if err != nil {
			return phaseSlice{PhaseResult: res}, err
		}
		workers[i] = &worker{
			c: c, rng: rand.New(rand.NewPCG(l.Seed, uint64(i))), partitions: l.Partitions,
			scanLimit: l.ScanLimit, payload: l.Payload,
		}
	}
	var stage atomic.Int32
	tallies := make([]tally, len(workers))
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tallies[i] = w.loop(ctx, ph, &stage)
		}()
	}

	sleep(ctx, l.Warmup)
	s0, errS0 := server.Read()
	c0, errC0 := client.Read()
	m0, errM0 := machine.Read()
	t0 := time.Now()
	stage.Store(stageRecord)
	sleep(ctx, l.Duration)
	s1, errS1 := server.Read()
	c1, errC1 := client.Read()
	m1, errM1 := machine.Read()
	elapsed := time.Since(t0)
	stage.Store(stageStop)
	wg.Wait()

	res.Seconds = elapsed.Seconds()
	res.Cancelled = ctx.Err() != nil
	lat := res.addTallies(tallies, ph.ItemsPerOp, l.ScanLimit)
	serverErr, clientErr, machineErr := errors.Join(errS0, errS1), errors.Join(errC0, errC1), errors.Join(errM0, errM1)
	if serverErr != nil {
		res.ServerCPUError = serverErr.Error()
	} else {
		res.ServerCPUSeconds = (s1 - s0).Seconds()
	}
	if clientErr == nil {
		res.ClientCPUSeconds = (c1 - c0).Seconds()
	}
	if machineErr == nil {
		res.MachineCPUSeconds = (m1 - m0).Seconds()
	}
	res.derive()
	s := phaseSlice{PhaseResult: res, lat: lat}
	s.setOtherCores(serverErr == nil && clientErr == nil && machineErr == nil)
	return s, nil
}

// loop sends requests until stage is stageStop or ctx is done, and tallies
// those started while recording.
func (w *worker) loop(ctx context.Context, ph phase, stage *atomic.Int32) tally {
	t := tally{errs: errorCounts{}, warmupErrs: errorCounts{}}
	for ctx.Err() == nil {
		st := stage.Load()
		if st == stageStop {
			break
		}
		start := time.Now()
		err := ph.do(ctx, w)
		d := time.Since(start)
		switch {
		case st == stageRecord:
			t.lat = append(t.lat, d)
			if err != nil {
				t.errs.add(err)
				t.recordedErrs++
			}
		case err != nil:
			t.warmupErrs.add(err)
			t.warmupOps++
		default:
			t.warmupOps++
		}
	}
	return t
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// errorCounts counts errors by kind (see errorKind), keeping the first
// message of each.
type errorCounts map[string]*ErrorCount

// ErrorCount is how often one kind of error happened, and one example.
type ErrorCount struct {
	Count   int    `json:"count"`
	Example string `json:"example"`
}

func (e errorCounts) add(err error) {
	k := errorKind(err)
	if c := e[k]; c != nil {
		c.Count++
		return
	}
	e[k] = &ErrorCount{Count: 1, Example: truncate(err.Error(), 300)}
}

func (e errorCounts) merge(o errorCounts) {
	for k, c := range o {
		if m := e[k]; m != nil {
			m.Count += c.Count
		} else {
			e[k] = &ErrorCount{Count: c.Count, Example: c.Example}
		}
	}
}

// errorKind names the kind of err: the exception name of a DynamoDB error
// answer, the load generator's own wrong-answer errors, or a transport
// failure.
func errorKind(err error) string {
	var api interface{ ErrorCode() string } // smithy.APIError, *apiError
	switch {
	case errors.As(err, &api):
		return api.ErrorCode()
	case errors.Is(err, errNoItem):
		return "NoItem"
	case errors.Is(err, errCount):
		return "WrongCount"
	case errors.Is(err, errUnprocessed):
		return "UnprocessedItems"
	case errors.Is(err, context.DeadlineExceeded):
		return "Timeout"
	}
	return "Transport"
}

// percentile returns the q-quantile (0 < q <= 1) of sorted, by the
// nearest-rank method; 0 when sorted is empty.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// addTallies merges the workers' tallies into r and returns all their
// latencies, sorted.
func (r *PhaseResult) addTallies(ts []tally, itemsPerOp, scanLimit int) []time.Duration {
	var all []time.Duration
	r.ErrorKinds, r.WarmupErrorKinds = errorCounts{}, errorCounts{}
	for _, t := range ts {
		all = append(all, t.lat...)
		r.Errors += t.recordedErrs
		r.ErrorKinds.merge(t.errs)
		r.WarmupOps += t.warmupOps
		for _, c := range t.warmupErrs {
			r.WarmupErrors += c.Count
		}
		r.WarmupErrorKinds.merge(t.warmupErrs)
	}
	slices.Sort(all)
	if itemsPerOp == 0 {
		itemsPerOp = scanLimit
	}
	r.ItemsPerOp = itemsPerOp
	r.setLatencies(all)
	return all
}

// setLatencies sets r's op count, nearest-rank percentiles, mean and
// maximum from sorted, the latencies of all its measured ops.
func (r *PhaseResult) setLatencies(sorted []time.Duration) {
	r.Ops = len(sorted)
	r.P50Ms = ms(percentile(sorted, 0.50))
	r.P99Ms = ms(percentile(sorted, 0.99))
	r.P999Ms = ms(percentile(sorted, 0.999))
	r.MeanMs, r.MaxMs = 0, 0
	if len(sorted) > 0 {
		r.MaxMs = ms(sorted[len(sorted)-1])
		var sum time.Duration
		for _, d := range sorted {
			sum += d
		}
		r.MeanMs = ms(sum / time.Duration(len(sorted)))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// derive fills the per-second and per-op figures from the counts.
func (r *PhaseResult) derive() {
	if r.Seconds > 0 {
		r.OpsPerSec = float64(r.Ops) / r.Seconds
		r.ItemsPerSec = r.OpsPerSec * float64(r.ItemsPerOp)
	}
	if r.Ops > 0 {
		if r.ServerCPUError == "" {
			r.ServerCPUPerOpUs = r.ServerCPUSeconds * 1e6 / float64(r.Ops)
		}
		r.ClientCPUPerOpUs = r.ClientCPUSeconds * 1e6 / float64(r.Ops)
	}
}

// setOtherCores records in s whether all its CPU readings succeeded and,
// if they did, sets its OtherCores: the machine's CPU seconds that were
// neither the server's nor the client's, per second measured. Otherwise
// OtherCores is left 0.
func (s *phaseSlice) setOtherCores(allCPURead bool) {
	s.allCPURead = allCPURead
	if allCPURead && s.Seconds > 0 {
		other := s.MachineCPUSeconds - s.ServerCPUSeconds - s.ClientCPUSeconds
		s.OtherCores = max(other, 0) / s.Seconds
	}
}

// String is a one-line summary for the progress log.
func (r PhaseResult) String() string {
	return fmt.Sprintf("%-10s %8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  errors %d (+%d warm-up)  server CPU %6.1f µs/op  client CPU %6.1f µs/op",
		r.Phase, r.OpsPerSec, r.P50Ms, r.P99Ms, r.P999Ms, r.Errors, r.WarmupErrors, r.ServerCPUPerOpUs, r.ClientCPUPerOpUs)
}

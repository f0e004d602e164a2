package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"time"
)

// The host's speed drifts over minutes, so figures compared with each
// other are measured close together: every target stays running, and each
// phase goes round the targets in cfg.Rounds rounds, each target getting a
// slice of the phase per round. A target's phase result is the merge of
// its slices.

// minSliceWarmup is the least warm-up of a slice (unless -warmup is less).
const minSliceWarmup = 200 * time.Millisecond

// phaseSlice is one measured stretch of a phase against one target: its
// figures and, sorted, the latencies they were computed from. allCPURead
// says whether the server's, the client's and the machine's CPU were all
// read; without them OtherCores is unknown, and left 0.
type phaseSlice struct {
	PhaseResult
	lat        []time.Duration
	allCPURead bool
}

// liveTarget is a target started and loaded, kept running while the phases
// go round the targets. res collects its figures; p is nil once the target
// is stopped (or was never started), and once res.Error is set the target
// gets no more slices.
type liveTarget struct {
	spec targetSpec
	res  TargetResult
	p    *proc
	ep   *endpoint
}

// running reports whether t is still to be measured.
func (t *liveTarget) running() bool { return t.p != nil && t.res.Error == "" }

// sliceWarmup is the warm-up before each slice of a phase run in rounds
// rounds: an even share of warmup, but at least minSliceWarmup (or all of
// warmup, if it is shorter).
func sliceWarmup(warmup time.Duration, rounds int) time.Duration {
	return max(warmup/time.Duration(max(rounds, 1)), min(warmup, minSliceWarmup))
}

// roundOrder is the order in which the n targets get their slices in round
// r: from target r mod n on, wrapping, upwards in even rounds and
// downwards in odd ones. In an even round a target follows the one below
// it, in an odd round the one above it (unless it comes first), so with at
// least 3 targets and at least 4 rounds every target follows at least two
// different others.
func roundOrder(r, n int) []int {
	order := make([]int, n)
	for i := range order {
		if r%2 == 0 {
			order[i] = (r + i) % n
		} else {
			order[i] = ((r-i)%n + n) % n
		}
	}
	return order
}

// sliceLoad is the load of one slice in round r of a phase run in rounds
// rounds, whole being the load of the whole phase: whole.Duration/rounds
// measured after sliceWarmup. The key sequence's seed changes with the
// round, and is the same for every target within one.
func sliceLoad(whole load, rounds, r int) load {
	l := whole
	l.Warmup = sliceWarmup(whole.Warmup, rounds)
	l.Duration = whole.Duration / time.Duration(rounds)
	l.Seed = uint64(1 + r)
	return l
}

// runPhases runs every phase against the targets still running, one phase
// after the other, each interleaved across them (runInterleaved). On
// interruption the targets still running get Error "interrupted".
func (e *runEnv) runPhases(ctx context.Context, ts []*liveTarget) {
	for _, ph := range e.cfg.phases {
		if ctx.Err() != nil {
			break
		}
		e.runInterleaved(ctx, ph, ts)
	}
	if ctx.Err() != nil {
		for _, t := range ts {
			if t.running() {
				t.res.Error = "interrupted"
			}
		}
	}
}

// runInterleaved runs ph in cfg.Rounds rounds; in each, every running
// target gets one slice (runQuietSlice) in roundOrder. Each target's
// slices are then merged into its result for ph. A slice that fails, or a
// server that dies, sets the target's Error and stops it at once; the
// slices it completed are still merged and reported (with the error,
// as the last phase measured). A -perf-dir profile covers one target's
// whole phase, from before its first slice to after its last.
func (e *runEnv) runInterleaved(ctx context.Context, ph phase, ts []*liveTarget) {
	got := make([][]phaseSlice, len(ts))
	whole := e.load()
	var stops []func()
	for _, t := range ts {
		if t.running() {
			stops = append(stops, e.startPerf(t.spec.Name, ph.Name, t.p.pid))
		}
	}
	for r := range e.cfg.Rounds {
		for _, k := range roundOrder(r, len(ts)) {
			t := ts[k]
			if !t.running() || ctx.Err() != nil {
				continue
			}
			s, err := e.runQuietSlice(ctx, t, ph, sliceLoad(whole, e.cfg.Rounds, r))
			if err != nil {
				t.res.Error = fmt.Sprintf("phase %s: %v", ph.Name, err)
				e.stopTarget(t)
				continue
			}
			got[k] = append(got[k], s)
			e.logf("%s: %s round %d/%d: %.0f ops/s, server CPU %.1f µs/op, %.2f cores elsewhere",
				t.spec.Name, ph.Name, r+1, e.cfg.Rounds, s.OpsPerSec, s.ServerCPUPerOpUs, s.OtherCores)
			if !t.p.alive() {
				t.res.Error = fmt.Sprintf("the server died during phase %s: %v", ph.Name, t.p.exitError())
				e.stopTarget(t)
			}
		}
	}
	for _, stop := range stops {
		stop()
	}
	for k, t := range ts {
		if len(got[k]) > 0 {
			r := mergeSlices(got[k])
			t.res.Phases = append(t.res.Phases, r)
			e.logf("%s: %s (%d slices)", t.spec.Name, r, len(got[k]))
		}
	}
}

// runQuietSlice runs one slice of ph against t with load l, and runs it
// again, up to cfg.NoiseRetries times, while the rest of the machine kept
// more than cfg.NoiseLimit cores busy during its measured window (another
// process took CPU from it). It keeps the quietest attempt; the others are
// recorded in it (their noise and their errors, which are never dropped).
func (e *runEnv) runQuietSlice(ctx context.Context, t *liveTarget, ph phase, l load) (phaseSlice, error) {
	server := cpuClock{pid: t.p.pid, tick: e.tick}
	client := cpuClock{pid: os.Getpid(), tick: e.tick}
	newCaller := func() (caller, error) { return t.ep.newCaller(e.cfg.Client) }
	var best phaseSlice
	var noise []float64
	discardedErrs := 0
	for attempt := 0; ; attempt++ {
		s, err := runPhase(ctx, ph, l, newCaller, server, client)
		if err != nil {
			return s, err
		}
		if attempt == 0 || s.OtherCores < best.OtherCores {
			if attempt > 0 {
				noise = append(noise, best.OtherCores)
				discardedErrs += best.Errors + best.WarmupErrors
			}
			best = s
		} else {
			noise = append(noise, s.OtherCores)
			discardedErrs += s.Errors + s.WarmupErrors
		}
		if best.OtherCores <= e.cfg.NoiseLimit || attempt >= e.cfg.NoiseRetries || ctx.Err() != nil {
			break
		}
		e.logf("%s: %s: %.2f cores were busy elsewhere during the slice; running it again", t.spec.Name, ph.Name, s.OtherCores)
	}
	best.DiscardedOtherCores, best.DiscardedErrors = noise, discardedErrs
	return best, nil
}

// mergeSlices is the result of one phase against one target from its
// slices ss (at least one): ops, errors (by kind), warm-up ops and errors,
// measured seconds and CPU seconds summed; latency percentiles, mean and
// maximum of all slices' latencies together; ops/s, items/s and CPU per op
// derived from the sums; the discarded attempts of every slice listed
// together. A server CPU error of any slice is kept (the per-op figure is
// then left out). The rest of the machine's cores is the mean of the
// slices' OtherCores weighted by their seconds, over the slices with all
// CPU read (0 if none has).
func mergeSlices(ss []phaseSlice) PhaseResult {
	first := ss[0]
	r := PhaseResult{
		Phase: first.Phase, Operation: first.Operation, Concurrency: first.Concurrency, ItemsPerOp: first.ItemsPerOp,
		ErrorKinds: errorCounts{}, WarmupErrorKinds: errorCounts{},
	}
	var all []time.Duration
	var otherCPUSeconds, allReadSeconds float64
	for _, s := range ss {
		all = append(all, s.lat...)
		if s.allCPURead {
			otherCPUSeconds += s.OtherCores * s.Seconds
			allReadSeconds += s.Seconds
		}
		r.Seconds += s.Seconds
		r.Cancelled = r.Cancelled || s.Cancelled
		r.Errors += s.Errors
		r.ErrorKinds.merge(s.ErrorKinds)
		r.WarmupOps += s.WarmupOps
		r.WarmupErrors += s.WarmupErrors
		r.WarmupErrorKinds.merge(s.WarmupErrorKinds)
		r.ServerCPUSeconds += s.ServerCPUSeconds
		r.ServerCPUError = cmp.Or(r.ServerCPUError, s.ServerCPUError)
		r.ClientCPUSeconds += s.ClientCPUSeconds
		r.MachineCPUSeconds += s.MachineCPUSeconds
		r.DiscardedOtherCores = append(r.DiscardedOtherCores, s.DiscardedOtherCores...)
		r.DiscardedErrors += s.DiscardedErrors
	}
	slices.Sort(all)
	r.setLatencies(all)
	r.derive()
	if allReadSeconds > 0 {
		r.OtherCores = otherCPUSeconds / allReadSeconds
	}
	return r
}

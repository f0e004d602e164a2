package main

import (
	"fmt"
	"strings"
)

// Issue 7's targets for Basalt, measured with 32 clients on the same
// 2-core machine and ~1 KB items.
const (
	limitGetVsCeiling        = 1.2  // server CPU per GetItem ÷ ceiling's
	limitMemPutVsCeiling     = 1.2  // per in-memory PutItem
	limitDurablePutVsCeiling = 2.0  // per durable PutItem
	limitQueryVsCeiling      = 1.5  // per Query of 10 items
	limitGetVsDynalite       = 2.0  // dynalite's CPU per GetItem ÷ Basalt's, at least
	limitOtherVsDynalite     = 4.0  // the same for every other phase
	limitVsDynoxide          = 1.5  // dynoxide's ÷ Basalt's, every phase
	limitThroughputShare     = 0.90 // ops/s ÷ ceiling's, single-item phases
	limitP99Ms               = 5.0
	limitStartupMs           = 50.0
	limitIdleRSSMB           = 30.0
)

// Results of a Check.
const (
	met         = "met"
	missed      = "missed"
	notMeasured = "not measured"
)

// judge checks every Basalt target in rs against issue 7's targets. A
// figure that was not measured (a target or phase missing or failed) is
// "not measured", never guessed.
func judge(rs []TargetResult) []Check {
	by := map[string]*TargetResult{}
	for i := range rs {
		by[rs[i].Name] = &rs[i]
	}
	ceiling := by["ceiling"]
	var checks []Check
	for i := range rs {
		b := &rs[i]
		if !strings.HasPrefix(b.Name, "basalt") {
			continue
		}
		// add records a check; errs > 0 fails it whatever the figure.
		add := func(what, value, limit string, ok, measured bool, errs int) {
			c := Check{Target: b.Name, What: what, Value: value, Limit: limit, Result: notMeasured}
			if errs > 0 {
				c.Value += fmt.Sprintf(" (%d errors)", errs)
				ok = false
			}
			if measured {
				c.Result = map[bool]string{true: met, false: missed}[ok]
			}
			checks = append(checks, c)
		}
		vsCeiling := func(phase, op string, limit float64) {
			x, y, ok, errs := cpuPair(b, ceiling, phase)
			add(fmt.Sprintf("server CPU per %s vs the ceiling's", op),
				fmt.Sprintf("%.1f µs vs %.1f µs = %.2f×", x, y, ratio(x, y)),
				fmt.Sprintf("≤ %.1f×", limit), x <= limit*y, ok, errs)
		}
		vsCeiling("get", "GetItem", limitGetVsCeiling)
		if strings.HasSuffix(b.Name, "-mem") {
			vsCeiling("put", "in-memory PutItem", limitMemPutVsCeiling)
		} else {
			vsCeiling("put", "durable PutItem", limitDurablePutVsCeiling)
		}
		vsCeiling("query", "Query of 10 items", limitQueryVsCeiling)

		for _, peer := range rs {
			base := strings.TrimSuffix(peer.Name, "-disk")
			if base != "dynalite" && base != "dynoxide" {
				continue
			}
			for _, ph := range phases {
				limit := limitVsDynoxide
				if base == "dynalite" {
					limit = limitOtherVsDynalite
					if ph.Name == "get" {
						limit = limitGetVsDynalite
					}
				}
				x, y, ok, errs := cpuPair(&peer, b, ph.Name)
				add(fmt.Sprintf("%s's server CPU per op ÷ Basalt's, %s", peer.Name, ph.Name),
					fmt.Sprintf("%.1f µs ÷ %.1f µs = %.2f×", x, y, ratio(x, y)),
					fmt.Sprintf("≥ %.1f×", limit), x >= limit*y, ok, errs)
			}
		}
		for _, ph := range phases {
			if !ph.SingleItem {
				continue
			}
			p, okB := b.phase(ph.Name)
			var c PhaseResult
			okC := ceiling != nil
			if okC {
				c, okC = ceiling.phase(ph.Name)
			}
			ok := okB && okC && c.OpsPerSec > 0
			add(fmt.Sprintf("throughput, %s, share of the ceiling's", ph.Name),
				fmt.Sprintf("%.0f vs %.0f ops/s = %.0f%%", p.OpsPerSec, c.OpsPerSec, 100*ratio(p.OpsPerSec, c.OpsPerSec)),
				fmt.Sprintf("≥ %.0f%%", 100*limitThroughputShare), p.OpsPerSec >= limitThroughputShare*c.OpsPerSec, ok,
				p.Errors+c.Errors)
		}
		for _, ph := range phases {
			p, ok := b.phase(ph.Name)
			ok = ok && p.Ops > 0
			value := fmt.Sprintf("%.2f ms", p.P99Ms)
			if c, okC := phaseOf(ceiling, ph.Name); okC && c.Ops > 0 {
				value += fmt.Sprintf(" (ceiling's: %.2f ms)", c.P99Ms)
			}
			add(fmt.Sprintf("p99 latency, %s", ph.Name), value,
				fmt.Sprintf("≤ %.0f ms", limitP99Ms), p.P99Ms <= limitP99Ms, ok, p.Errors)
		}
		add("startup, exec to first answered ListTables (median)", fmt.Sprintf("%.1f ms", b.StartupMedianMs),
			fmt.Sprintf("≤ %.0f ms", limitStartupMs), b.StartupMedianMs <= limitStartupMs, len(b.StartupMs) > 0, 0)
		add("idle RSS right after start", fmt.Sprintf("%.1f MB", b.RSSStartMB),
			fmt.Sprintf("≤ %.0f MB", limitIdleRSSMB), b.RSSStartMB <= limitIdleRSSMB, b.RSSStartMB > 0, 0)
	}
	return checks
}

// cpuPair returns the server CPU per op of phase in a and in b, whether
// both were measured, and how many errors the two phases had.
func cpuPair(a, b *TargetResult, phase string) (x, y float64, ok bool, errs int) {
	if a == nil || b == nil {
		return 0, 0, false, 0
	}
	pa, okA := a.phase(phase)
	pb, okB := b.phase(phase)
	ok = okA && okB && pa.Ops > 0 && pb.Ops > 0 &&
		pa.ServerCPUError == "" && pb.ServerCPUError == "" && pb.ServerCPUPerOpUs > 0
	return pa.ServerCPUPerOpUs, pb.ServerCPUPerOpUs, ok, pa.Errors + pb.Errors
}

// ratio is x/y, or 0 when y is 0.
func ratio(x, y float64) float64 {
	if y == 0 {
		return 0
	}
	return x / y
}

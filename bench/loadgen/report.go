package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// markdown renders rs as the report: the headline tables (server CPU per
// op with its ratio to the ceiling, peers ÷ Basalt, throughput, p99), the
// details of every phase, the targets' startup and memory, and issue 7's
// targets. Ratios are of figures measured in this same run.
func markdown(rs *Results) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c := rs.Config
	rounds := max(c.Rounds, 1)
	warmup := sliceWarmup(time.Duration(c.WarmupSec*float64(time.Second)), rounds)
	w("Load: %d concurrent clients (%s), ~%d-byte items, %d items preloaded, %g s measured per phase in %d rounds interleaved across the targets (each target's slice of a round after %g s of warm-up); Scan pages of %d.\n\n",
		c.Concurrency, c.Client, c.ItemSize, c.Preload, c.DurationSec, rounds, warmup.Seconds(), c.ScanLimit)

	ts := rs.Targets
	ceiling := find(ts, "ceiling")
	w("### Server CPU per operation, µs (× the ceiling's)\n\n")
	table(&b, ts, func(t *TargetResult, p PhaseResult) string {
		s := fmt.Sprintf("%.1f", p.ServerCPUPerOpUs)
		if cp, ok := phaseOf(ceiling, p.Phase); ok && t.Name != "ceiling" && cp.ServerCPUPerOpUs > 0 {
			s += fmt.Sprintf(" (%.2f×)", p.ServerCPUPerOpUs/cp.ServerCPUPerOpUs)
		}
		return s
	})

	var cols []string
	for _, peer := range ts {
		if spec, _ := targetNamed(peer.Name); !spec.Peer {
			continue
		}
		for _, bt := range ts {
			if strings.HasPrefix(bt.Name, "basalt") {
				cols = append(cols, peer.Name+" ÷ "+bt.Name)
			}
		}
	}
	if len(cols) > 0 {
		w("\n### Peers' server CPU per op ÷ Basalt's (how many times more CPU the peer spends)\n\n")
		w("| phase | %s |\n|---|%s\n", strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
		for _, ph := range rs.Config.Phases {
			w("| %s |", ph)
			for _, col := range cols {
				peer, bt, _ := strings.Cut(col, " ÷ ")
				x, y, ok, errs := cpuPair(find(ts, peer), find(ts, bt), ph)
				switch {
				case ok && errs > 0:
					w(" %.2f× (errors) |", x/y)
				case ok:
					w(" %.2f× |", x/y)
				default:
					w(" — |")
				}
			}
			w("\n")
		}
	}

	w("\n### Throughput, ops/s (share of the ceiling's)\n\n")
	table(&b, ts, func(t *TargetResult, p PhaseResult) string {
		s := fmt.Sprintf("%.0f", p.OpsPerSec)
		if cp, ok := phaseOf(ceiling, p.Phase); ok && t.Name != "ceiling" && cp.OpsPerSec > 0 {
			s += fmt.Sprintf(" (%.0f%%)", 100*p.OpsPerSec/cp.OpsPerSec)
		}
		return s
	})
	w("\n### p99 latency, ms\n\n")
	table(&b, ts, func(_ *TargetResult, p PhaseResult) string { return fmt.Sprintf("%.2f", p.P99Ms) })
	w("\n### Errors (measured part + warm-up + attempts run again)\n\n")
	table(&b, ts, func(_ *TargetResult, p PhaseResult) string {
		return fmt.Sprintf("%d + %d + %d", p.Errors, p.WarmupErrors, p.DiscardedErrors)
	})
	errorDetails(&b, ts)

	w("\n### Rest of the machine during each phase, cores busy (other processes, interrupts, loopback networking)\n\n")
	w("The machine has %d cores. A slice of a phase whose figure passed %.2f was run again (up to %d times) and its quietest attempt kept; a high figure left means another process took CPU from that phase and its figures are disturbed.\n\n",
		rs.Machine.CPUs, c.NoiseLimit, c.NoiseRetries)
	table(&b, ts, func(_ *TargetResult, p PhaseResult) string {
		s := fmt.Sprintf("%.2f", p.OtherCores)
		for _, n := range p.DiscardedOtherCores {
			s += fmt.Sprintf(" (run again after %.2f)", n)
		}
		return s
	})

	w("\n### Every figure, per phase\n")
	for _, ph := range rs.Config.Phases {
		w("\n**%s**\n\n", ph)
		w("| target | ops/s | items/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | server CPU µs/op | client CPU µs/op |\n")
		w("|---|---|---|---|---|---|---|---|---|---|\n")
		for i := range ts {
			p, ok := ts[i].phase(ph)
			if !ok {
				continue
			}
			w("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %.1f | %.1f |\n", ts[i].Name, p.OpsPerSec, p.ItemsPerSec,
				p.P50Ms, p.P99Ms, p.P999Ms, p.MaxMs, p.Errors, p.ServerCPUPerOpUs, p.ClientCPUPerOpUs)
		}
	}

	w("\n### Targets: startup and memory\n\n")
	w("| target | storage | version | startup median ms (of %d) | RSS after start MB | RSS after the run MB | preload s | notes |\n", c.StartupRuns)
	w("|---|---|---|---|---|---|---|---|\n")
	for _, t := range ts {
		w("| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %s |\n", t.Name, t.Storage, dash(t.Version),
			t.StartupMedianMs, t.RSSStartMB, t.RSSAfterMB, t.PreloadSec, dash(oneLine(t.Error)))
	}

	w("\n### Issue 7's targets\n\n")
	counts := map[string]int{}
	w("| server | target | measured | limit | result |\n|---|---|---|---|---|\n")
	for _, k := range rs.Checks {
		counts[k.Result]++
		mark := map[string]string{met: "**met**", missed: "**MISSED**"}[k.Result]
		w("| %s | %s | %s | %s | %s |\n", k.Target, k.What, k.Value, k.Limit, cmpOrDash(mark, k.Result))
	}
	w("\n%d met, %d missed, %d not measured.\n", counts[met], counts[missed], counts[notMeasured])
	return b.String()
}

// table writes a phases × targets table whose cells are cell(target,
// phase result), "—" where the phase was not measured.
func table(b *strings.Builder, ts []TargetResult, cell func(*TargetResult, PhaseResult) string) {
	var names []string
	for _, t := range ts {
		names = append(names, t.Name)
	}
	fmt.Fprintf(b, "| phase | %s |\n|---|%s\n", strings.Join(names, " | "), strings.Repeat("---|", len(ts)))
	for _, ph := range phaseOrder(ts) {
		fmt.Fprintf(b, "| %s |", ph)
		for i := range ts {
			if p, ok := ts[i].phase(ph); ok {
				fmt.Fprintf(b, " %s |", cell(&ts[i], p))
			} else {
				b.WriteString(" — |")
			}
		}
		b.WriteString("\n")
	}
}

// errorDetails lists every kind of error met, with an example.
func errorDetails(b *strings.Builder, ts []TargetResult) {
	for _, t := range ts {
		for _, p := range t.Phases {
			for _, set := range []struct {
				when  string
				kinds errorCounts
			}{{"measured", p.ErrorKinds}, {"warm-up", p.WarmupErrorKinds}} {
				for kind, c := range set.kinds {
					fmt.Fprintf(b, "\n- %s, %s (%s): %d × %s, e.g. `%s`", t.Name, p.Phase, set.when, c.Count, kind, oneLine(c.Example))
				}
			}
		}
	}
	b.WriteString("\n")
}

// phaseOrder is the phases measured, in the order first seen.
func phaseOrder(ts []TargetResult) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range ts {
		for _, p := range t.Phases {
			if !seen[p.Phase] {
				seen[p.Phase] = true
				out = append(out, p.Phase)
			}
		}
	}
	return out
}

func find(ts []TargetResult, name string) *TargetResult {
	for i := range ts {
		if ts[i].Name == name {
			return &ts[i]
		}
	}
	return nil
}

func phaseOf(t *TargetResult, phase string) (PhaseResult, bool) {
	if t == nil {
		return PhaseResult{}, false
	}
	return t.phase(phase)
}

func dash(s string) string { return cmpOrDash(s, "—") }

func cmpOrDash(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// oneLine makes s fit a table cell.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", "\\|")
}

// describeMachine reads the CPU count and model, memory and kernel.
func describeMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				m.MemTotal = strings.TrimSpace(v)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// writeOutputs writes the JSON and the Markdown where cfg says ("-" for
// not at all), creating their directories.
func writeOutputs(cfg options, rs *Results, md string) error {
	js, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return err
	}
	for _, out := range []struct {
		path string
		data []byte
	}{{cfg.JSONPath, append(js, '\n')}, {cfg.MarkdownPath, []byte(md)}} {
		if out.path == "-" {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(out.path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out.path, out.data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "loadgen: wrote %s\n", out.path)
	}
	return nil
}

package main

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// startPerf, when -perf-dir is set, records a CPU profile of process pid
// with perf(1) (call graphs, 499 Hz) into <perf-dir>/<target>-<phase>.perf.data
// until the returned function is called; otherwise it does nothing. perf's
// own sampling costs the profiled process a little CPU, so figures of a
// profiled run are not for the report. A perf that cannot start is logged
// and skipped.
func (e *runEnv) startPerf(target, phase string, pid int) (stop func()) {
	if e.cfg.PerfDir == "" {
		return func() {}
	}
	if _, err := exec.LookPath("perf"); err != nil {
		e.logf("-perf-dir: perf is not installed; not profiling")
		return func() {}
	}
	out := filepath.Join(e.cfg.PerfDir, target+"-"+phase+".perf.data")
	p, err := e.procs.spawn([]string{"perf", "record", "-q", "-F", "499", "-g", "-p", strconv.Itoa(pid), "-o", out},
		filepath.Join(e.tmp, "perf.log"))
	if err != nil {
		e.logf("perf record: %v", err)
		return func() {}
	}
	return func() {
		syscall.Kill(p.pid, syscall.SIGINT) // perf writes its file on SIGINT
		select {
		case <-p.exited:
		case <-time.After(stopGrace):
		}
		e.procs.stop(p, time.Second)
		e.logf("profile of %s/%s in %s (perf report -i %s)", target, phase, out, out)
	}
}

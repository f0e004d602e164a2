package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// errNoProcess reports that a process named by pid no longer exists.
var errNoProcess = errors.New("no such process")

// defaultClockTick is USER_HZ on every Linux architecture Go supports;
// clockTick falls back to it when the auxiliary vector does not say.
const defaultClockTick = 100

// clockTick returns the kernel's clock ticks per second (sysconf
// _SC_CLK_TCK), the unit of the CPU times in /proc/<pid>/stat. Go has no
// sysconf without cgo, so it reads AT_CLKTCK (17) from /proc/self/auxv,
// and falls back to 100.
func clockTick() int64 {
	const atClkTck = 17
	b, err := os.ReadFile("/proc/self/auxv")
	if err != nil {
		return defaultClockTick
	}
	for ; len(b) >= 16; b = b[16:] {
		tag, val := binary.NativeEndian.Uint64(b), binary.NativeEndian.Uint64(b[8:])
		if tag == atClkTck && val > 0 {
			return int64(val)
		}
	}
	return defaultClockTick
}

// procStat is what the load generator reads from /proc/<pid>/stat.
type procStat struct {
	ppid int
	// ticks is utime+stime+cutime+cstime: the CPU time of the process's
	// threads and of its waited-for children, in clock ticks.
	ticks int64
}

// readStat parses /proc/<pid>/stat. Errors: errNoProcess (wrapped) when the
// process has gone, or a parse failure.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
		return procStat{}, fmt.Errorf("pid %d: %w", pid, errNoProcess)
	}
	if err != nil {
		return procStat{}, err
	}
	return parseStat(b)
}

// parseStat parses the text of a /proc/<pid>/stat file. The command name
// (field 2) is in parentheses and may hold spaces or parentheses, so the
// fields are counted from the last ')'.
func parseStat(b []byte) (procStat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("malformed stat %q", b)
	}
	// After ')': field 3 (state) is f[0], so field k is f[k-3].
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("stat has %d fields after the name, want >= 15", len(f))
	}
	var st procStat
	var err error
	if st.ppid, err = strconv.Atoi(f[1]); err != nil {
		return procStat{}, fmt.Errorf("stat ppid: %w", err)
	}
	for _, k := range []int{14, 15, 16, 17} { // utime stime cutime cstime
		n, err := strconv.ParseInt(f[k-3], 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("stat field %d: %w", k, err)
		}
		st.ticks += n
	}
	return st, nil
}

// treeTicks returns the CPU time, in clock ticks, of process root and all
// its living descendants (each counting its waited-for children), so that
// a launcher that forks the real server is measured whole. Errors:
// errNoProcess (wrapped) when root has gone.
func treeTicks(root int) (int64, error) {
	st, err := readStat(root)
	if err != nil {
		return 0, err
	}
	total := st.ticks
	for _, pid := range descendants(root) {
		if d, err := readStat(pid); err == nil {
			total += d.ticks
		}
	}
	return total, nil
}

// descendants returns the pids of the living descendants of root, found by
// walking every /proc/<pid>/stat's parent pid.
func descendants(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == root {
			continue
		}
		if st, err := readStat(pid); err == nil {
			children[st.ppid] = append(children[st.ppid], pid)
		}
	}
	var out []int
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// cpuClock reads the CPU time of a process tree as a duration.
type cpuClock struct {
	pid  int
	tick int64 // clock ticks per second
}

// Read returns the CPU time root's tree has used so far (see treeTicks).
func (c cpuClock) Read() (time.Duration, error) {
	t, err := treeTicks(c.pid)
	if err != nil {
		return 0, err
	}
	return time.Duration(t) * time.Second / time.Duration(c.tick), nil
}

// rssBytes returns the resident set size (VmRSS of /proc/<pid>/status) of
// process root plus that of its living descendants. Errors: errNoProcess
// (wrapped) when root has gone, or a status file without VmRSS.
func rssBytes(root int) (int64, error) {
	total, err := vmRSS(root)
	if err != nil {
		return 0, err
	}
	for _, pid := range descendants(root) {
		if n, err := vmRSS(pid); err == nil {
			total += n
		}
	}
	return total, nil
}

// vmRSS reads VmRSS of one process, in bytes.
func vmRSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
		return 0, fmt.Errorf("pid %d: %w", pid, errNoProcess)
	}
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		rest, ok := strings.CutPrefix(line, "VmRSS:")
		if !ok {
			continue
		}
		f := strings.Fields(rest) // "1234 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("pid %d: malformed VmRSS line %q", pid, line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("pid %d: VmRSS: %w", pid, err)
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("pid %d: no VmRSS in status (a zombie?)", pid)
}

// machineClock reads the busy CPU time of the whole machine from the first
// line of /proc/stat: user, nice, system, irq, softirq and steal (guest
// time is inside user), in clock ticks; idle and iowait are left out.
type machineClock struct {
	tick int64
}

// Read returns the machine's busy CPU time so far, over all CPUs.
func (c machineClock) Read() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system irq softirq steal
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/stat field %d: %w", i, err)
		}
		busy += n
	}
	return time.Duration(busy) * time.Second / time.Duration(c.tick), nil
}

package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is a server (or helper) process the load generator started, in a
// process group of its own so that stopping it stops whatever it forked.
type proc struct {
	cmd     *exec.Cmd
	pid     int
	logPath string
	exited  chan struct{} // closed once the process has been waited for
	waitErr error         // set before exited is closed
}

// procs is the set of processes started and not yet stopped, so that all
// of them can be killed on any way out. Its methods are safe for concurrent
// use.
type procs struct {
	mu  sync.Mutex
	set map[*proc]bool
}

// spawn starts argv with its output appended to logPath, in a new process
// group, with SIGKILL as its parent-death signal (so that it dies with the
// load generator even if that is killed outright), and adds it to ps.
func (ps *procs) spawn(argv []string, logPath string) (*proc, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer log.Close() // the child has its own copy
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, pid: cmd.Process.Pid, logPath: logPath, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	ps.mu.Lock()
	if ps.set == nil {
		ps.set = map[*proc]bool{}
	}
	ps.set[p] = true
	ps.mu.Unlock()
	return p, nil
}

// alive reports whether p has not exited.
func (p *proc) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// exitError describes how p ended, with the end of its log.
func (p *proc) exitError() error {
	return fmt.Errorf("exited (%v); its log ends: %s", p.waitErr, p.logTail(600))
}

// logTail returns the last n bytes of p's log, on one line.
func (p *proc) logTail(n int) string {
	b, _ := os.ReadFile(p.logPath)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// stop sends SIGTERM to p's process group, then SIGKILL after grace if it
// has not exited, and removes it from ps. It returns how p ended, for the
// report ("exit status 0", "killed after 5s", …).
func (ps *procs) stop(p *proc, grace time.Duration) string {
	defer func() {
		ps.mu.Lock()
		delete(ps.set, p)
		ps.mu.Unlock()
	}()
	if !p.alive() {
		return fmt.Sprintf("had already exited: %v", p.waitErr)
	}
	syscall.Kill(-p.pid, syscall.SIGTERM)
	select {
	case <-p.exited:
		syscall.Kill(-p.pid, syscall.SIGKILL) // anything it forked and left
		if p.waitErr == nil {
			return "exit status 0"
		}
		return p.waitErr.Error()
	case <-time.After(grace):
		syscall.Kill(-p.pid, syscall.SIGKILL)
		<-p.exited
		return fmt.Sprintf("killed: still running %v after SIGTERM", grace)
	}
}

// killAll sends SIGKILL to the process group of every process in ps. It
// is for the way out on an error or a signal; it does not wait.
func (ps *procs) killAll() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for p := range ps.set {
		syscall.Kill(-p.pid, syscall.SIGKILL)
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("listener has no TCP address")
	}
	return addr.Port, nil
}

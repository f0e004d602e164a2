package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// targetSpec says how to ready and start one target.
type targetSpec struct {
	Name string
	// Storage says where the target keeps its data, for the report.
	Storage string
	// Peer marks the other DynamoDB implementations Basalt is compared to.
	Peer bool
	// prepare readies the executable (builds it, installs it) and returns
	// its version, if known. Errors mean the target cannot be run.
	prepare func(ctx context.Context, e *runEnv) (string, error)
	// argv is the command line of a server on 127.0.0.1:port keeping any
	// data under dir (empty and fresh).
	argv func(e *runEnv, port int, dir string) []string
}

// defaultTargets is the -targets default.
const defaultTargets = "ceiling,basalt-disk,basalt-mem,dynalite,dynoxide"

// targetSpecs are the targets -targets can name.
var targetSpecs = []targetSpec{
	{
		Name: "ceiling", Storage: "none (canned answers)",
		prepare: func(ctx context.Context, e *runEnv) (string, error) {
			return "", e.goBuild(ctx, "ceiling", "./bench/cmd/ceiling", &e.ceilingBin)
		},
		argv: func(e *runEnv, port int, _ string) []string {
			return []string{e.ceilingBin, "-addr", addr(port),
				"-item-size", strconv.Itoa(e.cfg.ItemSize), "-scan-limit", strconv.Itoa(e.cfg.ScanLimit)}
		},
	},
	{
		Name: "basalt-disk", Storage: "disk (Pebble WAL fsynced before each ack)",
		prepare: prepareBasalt,
		argv: func(e *runEnv, port int, dir string) []string {
			return []string{e.basaltBin, "-addr", addr(port), "-data-dir", filepath.Join(dir, "data"), "-log-level", "warn"}
		},
	},
	{
		Name: "basalt-mem", Storage: "in memory (-in-memory)",
		prepare: prepareBasalt,
		argv: func(e *runEnv, port int, _ string) []string {
			return []string{e.basaltBin, "-addr", addr(port), "-in-memory", "-log-level", "warn"}
		},
	},
	{
		Name: "dynalite", Storage: "in memory (memory-level, its default)", Peer: true,
		prepare: prepareDynalite,
		argv: func(e *runEnv, port int, _ string) []string {
			return e.dynaliteArgv(port)
		},
	},
	{
		Name: "dynalite-disk", Storage: "disk (LevelDB under --path; writes not synced, level's default)", Peer: true,
		prepare: prepareDynalite,
		argv: func(e *runEnv, port int, dir string) []string {
			return append(e.dynaliteArgv(port), "--path", filepath.Join(dir, "leveldb"))
		},
	},
	{
		Name: "dynoxide", Storage: "in memory (SQLite in memory, its default)", Peer: true,
		prepare: func(ctx context.Context, e *runEnv) (string, error) {
			return e.peerVersion(ctx, "@dynoxide/linux-x64")
		},
		argv: func(e *runEnv, port int, _ string) []string { return e.dynoxideArgv(port) },
	},
	{
		Name: "dynoxide-disk", Storage: "disk (SQLite file under --db-path; the binary sets PRAGMA synchronous = NORMAL)", Peer: true,
		prepare: func(ctx context.Context, e *runEnv) (string, error) {
			return e.peerVersion(ctx, "@dynoxide/linux-x64")
		},
		argv: func(e *runEnv, port int, dir string) []string {
			return append(e.dynoxideArgv(port), "--db-path", filepath.Join(dir, "dynoxide.db"))
		},
	},
}

// targetNamed returns the spec called name.
func targetNamed(name string) (targetSpec, bool) {
	for _, t := range targetSpecs {
		if t.Name == name {
			return t, true
		}
	}
	return targetSpec{}, false
}

func addr(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

// dynaliteArgv runs dynalite's CLI under node directly, so that the pid
// measured is node's; tables become ACTIVE at once.
func (e *runEnv) dynaliteArgv(port int) []string {
	return []string{"node", filepath.Join(e.cfg.PeersDir, "node_modules", "dynalite", "cli.js"),
		"--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"}
}

// dynoxideArgv runs the static dynoxide binary from its npm package.
func (e *runEnv) dynoxideArgv(port int) []string {
	return []string{filepath.Join(e.cfg.PeersDir, "node_modules", "@dynoxide", "linux-x64", "dynoxide"),
		"serve", "--host", "127.0.0.1", "--port", strconv.Itoa(port)}
}

// prepareBasalt builds the server once per run, or takes $BASALT_BIN.
func prepareBasalt(ctx context.Context, e *runEnv) (string, error) {
	if bin := os.Getenv("BASALT_BIN"); bin != "" {
		e.basaltBin = bin
		return "$BASALT_BIN=" + bin, nil
	}
	return "built from " + e.cfg.Root, e.goBuild(ctx, "basalt", "./cmd/basalt", &e.basaltBin)
}

// goBuild builds pkg (relative to the module root) into the run's
// directory as name, once per run, and stores the path in *bin.
func (e *runEnv) goBuild(ctx context.Context, name, pkg string, bin *string) error {
	e.buildMu.Lock()
	defer e.buildMu.Unlock()
	if *bin != "" {
		return nil
	}
	out := filepath.Join(e.tmp, name)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = e.cfg.Root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v: %s", pkg, err, strings.TrimSpace(string(msg)))
	}
	*bin = out
	return nil
}

// peerVersion makes sure the npm package pkg is installed in the peers
// directory at the version pinned in its package.json, installing the
// peers (once per run) if it is not, and returns that version.
func (e *runEnv) peerVersion(ctx context.Context, pkg string) (string, error) {
	want, err := pinnedVersion(e.cfg.PeersDir, pkg)
	if err != nil {
		return "", err
	}
	if got, err := installedVersion(e.cfg.PeersDir, pkg); err == nil && got == want {
		return want, nil
	}
	e.npmOnce.Do(func() { e.npmErr = e.npmInstall(ctx) })
	if e.npmErr != nil {
		return "", e.npmErr
	}
	got, err := installedVersion(e.cfg.PeersDir, pkg)
	if err != nil {
		return "", fmt.Errorf("after npm install: %w", err)
	}
	if got != want {
		return "", fmt.Errorf("after npm install, %s is %s, want %s", pkg, got, want)
	}
	return got, nil
}

// npmInstall installs the peers' pinned packages into the peers directory
// (node_modules there, ignored by git), writing no lock file.
func (e *runEnv) npmInstall(ctx context.Context) error {
	if _, err := exec.LookPath("npm"); err != nil {
		return errors.New("npm is not installed, so the peers cannot be")
	}
	e.logf("installing the peers with npm into %s", e.cfg.PeersDir)
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error")
	cmd.Dir = e.cfg.PeersDir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm install in %s: %v: %s", e.cfg.PeersDir, err, truncate(strings.TrimSpace(string(msg)), 600))
	}
	return nil
}

// pinnedVersion reads the version of pkg in dir/package.json.
func pinnedVersion(dir, pkg string) (string, error) {
	var m struct{ Dependencies map[string]string }
	if err := readJSON(filepath.Join(dir, "package.json"), &m); err != nil {
		return "", err
	}
	v, ok := m.Dependencies[pkg]
	if !ok {
		return "", fmt.Errorf("%s is not in %s/package.json", pkg, dir)
	}
	return v, nil
}

// installedVersion reads the version of the installed package pkg.
func installedVersion(dir, pkg string) (string, error) {
	var m struct{ Version string }
	if err := readJSON(filepath.Join(dir, "node_modules", pkg, "package.json"), &m); err != nil {
		return "", err
	}
	return m.Version, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// buildState is the part of runEnv that prepare fills in once per run.
type buildState struct {
	buildMu    sync.Mutex
	basaltBin  string
	ceilingBin string
	npmOnce    sync.Once
	npmErr     error
}

// prepareDynalite needs node as well as the package.
func prepareDynalite(ctx context.Context, e *runEnv) (string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", errors.New("node is not installed")
	}
	return e.peerVersion(ctx, "dynalite")
}

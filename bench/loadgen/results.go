package main

// The JSON output: every raw figure of one run. Durations are in the unit
// their field names say; CPU figures come from /proc/<pid>/stat (clock
// ticks of utime+stime, with children), RSS from VmRSS.

// Results is one run of the load generator.
type Results struct {
	Date      string         `json:"date"`
	Command   string         `json:"command"`
	Machine   Machine        `json:"machine"`
	Config    Config         `json:"config"`
	Targets   []TargetResult `json:"targets"`
	Checks    []Check        `json:"checks"`
	ClockTick int64          `json:"clock_ticks_per_second"`
}

// Machine describes where the run happened.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemTotal  string `json:"mem_total"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"go_version"`
}

// Config is the load every target got.
type Config struct {
	Client         string   `json:"client"`
	Concurrency    int      `json:"concurrency"`
	WarmupSec      float64  `json:"warmup_seconds"`
	DurationSec    float64  `json:"duration_seconds"`
	ItemSize       int      `json:"item_size_bytes"`
	PayloadBytes   int      `json:"payload_bytes"`
	Preload        int      `json:"preload_items"`
	ScanLimit      int      `json:"scan_limit"`
	Phases         []string `json:"phases"`
	Targets        []string `json:"targets"`
	StartupRuns    int      `json:"startup_runs"`
	RequestTimeout float64  `json:"request_timeout_seconds"`
	NoiseLimit     float64  `json:"noise_limit_cores"`
	NoiseRetries   int      `json:"noise_retries"`
	// Rounds is how many slices of each phase every target got,
	// interleaved with the other targets' (see runInterleaved).
	Rounds int `json:"rounds"`
}

// TargetResult is everything measured of one target.
type TargetResult struct {
	Name    string `json:"name"`
	Storage string `json:"storage"`
	Version string `json:"version,omitempty"`
	// Error says why the target could not be measured (whole or in part);
	// its figures are absent, never made up.
	Error string `json:"error,omitempty"`

	StartupMs       []float64 `json:"startup_ms,omitempty"`
	StartupMedianMs float64   `json:"startup_median_ms,omitempty"`
	RSSStartMB      float64   `json:"rss_start_mb,omitempty"`
	RSSAfterMB      float64   `json:"rss_after_mb,omitempty"`
	PreloadSec      float64   `json:"preload_seconds,omitempty"`
	PreloadErrors   int       `json:"preload_errors"`
	ExitStatus      string    `json:"exit_status,omitempty"`

	Phases []PhaseResult `json:"phases"`
}

// PhaseResult is one phase against one target.
type PhaseResult struct {
	Phase       string  `json:"phase"`
	Operation   string  `json:"operation"`
	Concurrency int     `json:"concurrency"`
	Seconds     float64 `json:"seconds"`
	Cancelled   bool    `json:"cancelled,omitempty"`

	Ops         int     `json:"ops"`
	ItemsPerOp  int     `json:"items_per_op"`
	OpsPerSec   float64 `json:"ops_per_sec"`
	ItemsPerSec float64 `json:"items_per_sec"`

	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	P999Ms float64 `json:"p999_ms"`
	MeanMs float64 `json:"mean_ms"`
	MaxMs  float64 `json:"max_ms"`

	Errors           int         `json:"errors"`
	ErrorKinds       errorCounts `json:"error_kinds,omitempty"`
	WarmupOps        int         `json:"warmup_ops"`
	WarmupErrors     int         `json:"warmup_errors"`
	WarmupErrorKinds errorCounts `json:"warmup_error_kinds,omitempty"`

	ServerCPUSeconds float64 `json:"server_cpu_seconds"`
	ServerCPUPerOpUs float64 `json:"server_cpu_per_op_us"`
	ServerCPUError   string  `json:"server_cpu_error,omitempty"`
	ClientCPUSeconds float64 `json:"client_cpu_seconds"`
	ClientCPUPerOpUs float64 `json:"client_cpu_per_op_us"`
	// MachineCPUSeconds is the busy time of all CPUs (/proc/stat) over the
	// measured window; OtherCores is what of it neither the server nor the
	// client used (other processes, interrupts, loopback networking),
	// divided by the window: the noise indicator; 0 when one of the three
	// could not be read (of a merged phase: the mean over the slices
	// where all were, weighted by their seconds).
	MachineCPUSeconds float64 `json:"machine_cpu_seconds"`
	OtherCores        float64 `json:"other_cores"`
	// DiscardedOtherCores is the OtherCores of each attempt at this phase
	// run again because the machine was busier than -noise-limit;
	// DiscardedErrors counts the errors those attempts met.
	DiscardedOtherCores []float64 `json:"discarded_attempts_other_cores,omitempty"`
	DiscardedErrors     int       `json:"discarded_attempts_errors"`
}

// Check is one of the targets, judged on this run's figures.
type Check struct {
	Target string `json:"target"` // the server checked
	What   string `json:"what"`
	Value  string `json:"value"`
	Limit  string `json:"limit"`
	// Result is "met", "missed", or "not measured".
	Result string `json:"result"`
}

// phase returns the result of the phase named name, if measured.
func (t *TargetResult) phase(name string) (PhaseResult, bool) {
	for _, p := range t.Phases {
		if p.Phase == name {
			return p, true
		}
	}
	return PhaseResult{}, false
}

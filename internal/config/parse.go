package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// setting is one option: its flag, its environment twin, and how to read it.
type setting struct {
	flag, env, usage string
	set              func(o *Options, s string) error // parses s into o
	get              func(o *Options) string          // the current value, for usage
	isBool           bool
}

func settings() []setting {
	return []setting{
		{flag: "addr", env: "BASALT_ADDR", usage: "TCP address to listen on (host:port; port 0 picks a free port)",
			set: func(o *Options, s string) error { o.Addr = s; return nil },
			get: func(o *Options) string { return o.Addr }},
		{flag: "data-dir", env: "BASALT_DATA_DIR", usage: "directory holding the database",
			set: func(o *Options, s string) error { o.DataDir = s; return nil },
			get: func(o *Options) string { return o.DataDir }},
		{flag: "in-memory", env: "BASALT_IN_MEMORY", usage: "keep all data in memory; nothing is written to disk", isBool: true,
			set: func(o *Options, s string) (err error) { o.InMemory, err = strconv.ParseBool(s); return err },
			get: func(o *Options) string { return strconv.FormatBool(o.InMemory) }},
		{flag: "log-level", env: "BASALT_LOG_LEVEL", usage: "lowest level logged: debug, info, warn or error",
			set: func(o *Options, s string) error { return o.LogLevel.UnmarshalText([]byte(s)) },
			get: func(o *Options) string { return strings.ToLower(o.LogLevel.String()) }},
		{flag: "region", env: "BASALT_REGION", usage: "region of the health check, and of tables stored before per-region namespaces (requests act in the region they are signed for)",
			set: func(o *Options, s string) error { o.Region = s; return nil },
			get: func(o *Options) string { return o.Region }},
		{flag: "account-id", env: "BASALT_ACCOUNT_ID", usage: "12-digit AWS account id of every table and ARN",
			set: func(o *Options, s string) error { o.AccountID = s; return nil },
			get: func(o *Options) string { return o.AccountID }},
		{flag: "cache-mb", env: "BASALT_CACHE_MB", usage: "size of the storage block cache, in MiB",
			set: func(o *Options, s string) (err error) { o.CacheMB, err = strconv.Atoi(s); return err },
			get: func(o *Options) string { return strconv.Itoa(o.CacheMB) }},
		{flag: "transition-delay", env: "BASALT_TRANSITION_DELAY", usage: "how long tables and indexes stay CREATING, UPDATING or DELETING (Go duration)",
			set: func(o *Options, s string) (err error) { o.TransitionDelay, err = time.ParseDuration(s); return err },
			get: func(o *Options) string { return o.TransitionDelay.String() }},
		{flag: "ttl-interval", env: "BASALT_TTL_INTERVAL", usage: "how often expired Time to Live items are deleted (Go duration)",
			set: func(o *Options, s string) (err error) { o.TTLInterval, err = time.ParseDuration(s); return err },
			get: func(o *Options) string { return o.TTLInterval.String() }},
	}
}

// Parse returns the options given by args (the command line without the
// program name) and the environment as getenv reads it, over Defaults. A
// flag wins over its environment variable; an empty variable counts as
// unset. The result is validated.
//
// Errors: flag.ErrHelp for -h or -help (print Usage); otherwise an error
// naming the bad flag, variable or value.
func Parse(args []string, getenv func(string) string) (Options, error) {
	o := Defaults()
	for _, s := range settings() {
		if v := getenv(s.env); v != "" {
			if err := s.set(&o, v); err != nil {
				return Options{}, fmt.Errorf("config: invalid %s=%q: %w", s.env, v, err)
			}
		}
	}
	fs := flag.NewFlagSet("basalt", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, s := range settings() {
		fs.Var(flagValue{s, &o}, s.flag, s.usage)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Options{}, err
		}
		return Options{}, fmt.Errorf("config: %w", err)
	}
	if fs.NArg() > 0 {
		return Options{}, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	if err := o.Validate(); err != nil {
		return Options{}, err
	}
	return o, nil
}

// Usage writes the flags, their environment twins and defaults to w.
func Usage(w io.Writer) {
	d := Defaults()
	fmt.Fprintf(w, "Usage: basalt [flags]\n\nFlags (each may also be set by its environment variable; flags win):\n")
	for _, s := range settings() {
		fmt.Fprintf(w, "  -%s (%s)\n    \t%s (default %q)\n", s.flag, s.env, s.usage, s.get(&d))
	}
}

// flagValue adapts a setting to flag.Value.
type flagValue struct {
	s setting
	o *Options
}

func (f flagValue) String() string {
	if f.o == nil {
		return ""
	}
	return f.s.get(f.o)
}

func (f flagValue) Set(v string) error { return f.s.set(f.o, v) }

// IsBoolFlag lets -in-memory stand without a value.
func (f flagValue) IsBoolFlag() bool { return f.s.isBool }

var _ flag.Value = flagValue{}

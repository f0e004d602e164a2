package config

import (
	"errors"
	"flag"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseDefaults(t *testing.T) {
	o, err := Parse(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Options{Addr: "127.0.0.1:8000", DataDir: "./basalt-data", LogLevel: slog.LevelInfo,
		Region: "us-east-1", AccountID: "000000000000", CacheMB: 64, TTLInterval: time.Minute}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("Parse() = %+v, want %+v", o, want)
	}
}

func TestParseEnvAndFlags(t *testing.T) {
	e := env(map[string]string{
		"BASALT_ADDR": "0.0.0.0:9000", "BASALT_DATA_DIR": "/var/lib/basalt", "BASALT_IN_MEMORY": "true",
		"BASALT_LOG_LEVEL": "DEBUG", "BASALT_REGION": "eu-west-1", "BASALT_ACCOUNT_ID": "123456789012",
		"BASALT_CACHE_MB": "16",
	})
	o, err := Parse(nil, e)
	if err != nil {
		t.Fatal(err)
	}
	want := Options{Addr: "0.0.0.0:9000", DataDir: "/var/lib/basalt", InMemory: true, LogLevel: slog.LevelDebug,
		Region: "eu-west-1", AccountID: "123456789012", CacheMB: 16, TTLInterval: time.Minute}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("env only: %+v, want %+v", o, want)
	}

	// Flags win over the environment.
	o, err = Parse([]string{"-addr", "127.0.0.1:0", "-data-dir=/tmp/b", "-in-memory=false",
		"-log-level", "error", "-region", "local", "-account-id", "999999999999", "-cache-mb", "256"}, e)
	if err != nil {
		t.Fatal(err)
	}
	want = Options{Addr: "127.0.0.1:0", DataDir: "/tmp/b", LogLevel: slog.LevelError,
		Region: "local", AccountID: "999999999999", CacheMB: 256, TTLInterval: time.Minute}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("flags over env: %+v, want %+v", o, want)
	}
}

func TestParseBoolFlagAlone(t *testing.T) {
	o, err := Parse([]string{"-in-memory", "-data-dir", ""}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !o.InMemory || o.DataDir != "" {
		t.Fatalf("got %+v", o)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // substring of the error
	}{
		{"bad addr", []string{"-addr", "localhost"}, nil, `invalid addr "localhost"`},
		{"bad port", []string{"-addr", "localhost:99999"}, nil, "port must be a number"},
		{"empty port", []string{"-addr", "localhost:"}, nil, "port must be a number"},
		{"no data dir", []string{"-data-dir", ""}, nil, "data dir must not be empty"},
		{"bad region", []string{"-region", "US East"}, nil, `invalid region "US East"`},
		{"empty region", []string{"-region", ""}, nil, `invalid region ""`},
		{"bad account", []string{"-account-id", "12"}, nil, `invalid account id "12"`},
		{"zero cache", []string{"-cache-mb", "0"}, nil, `invalid cache size 0 MiB`},
		{"cache not a number", []string{"-cache-mb", "lots"}, nil, `cache-mb`},
		{"zero ttl interval", []string{"-ttl-interval", "0s"}, nil, `invalid ttl interval 0s`},
		{"bad ttl interval env", nil, map[string]string{"BASALT_TTL_INTERVAL": "soon"}, `BASALT_TTL_INTERVAL="soon"`},
		{"bad level flag", []string{"-log-level", "loud"}, nil, "log-level"},
		{"bad level env", nil, map[string]string{"BASALT_LOG_LEVEL": "loud"}, `BASALT_LOG_LEVEL="loud"`},
		{"bad bool env", nil, map[string]string{"BASALT_IN_MEMORY": "yes please"}, `BASALT_IN_MEMORY="yes please"`},
		{"bad env addr", nil, map[string]string{"BASALT_ADDR": "nope"}, `invalid addr "nope"`},
		{"unknown flag", []string{"-colour"}, nil, "-colour"},
		{"extra arg", []string{"serve"}, nil, `unexpected argument "serve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.args, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse() error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	if _, err := Parse([]string{"-h"}, env(nil)); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("Parse(-h) error = %v, want flag.ErrHelp", err)
	}
	var b strings.Builder
	Usage(&b)
	for _, s := range []string{"-addr (BASALT_ADDR)", "-in-memory (BASALT_IN_MEMORY)", `"127.0.0.1:8000"`, `"info"`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Usage lacks %q:\n%s", s, b.String())
		}
	}
}

func TestParseTTLInterval(t *testing.T) {
	o, err := Parse([]string{"-ttl-interval", "50ms"}, env(map[string]string{"BASALT_TTL_INTERVAL": "5m"}))
	if err != nil || o.TTLInterval != 50*time.Millisecond {
		t.Fatalf("flag: TTLInterval = %v, %v; want 50ms", o.TTLInterval, err)
	}
	o, err = Parse(nil, env(map[string]string{"BASALT_TTL_INTERVAL": "5m"}))
	if err != nil || o.TTLInterval != 5*time.Minute {
		t.Fatalf("env: TTLInterval = %v, %v; want 5m", o.TTLInterval, err)
	}
}

func TestValidateDefaults(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatal(err)
	}
}

// Package config holds Basalt's run-time options: their defaults, how they
// are read from flags and environment variables, and their validation, all
// in one place.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"strconv"
	"time"
)

// Options configure a Basalt server. Build them with Defaults or Parse; a
// hand-built Options should be checked with Validate.
type Options struct {
	// Addr is the TCP address to listen on, host:port. Port 0 picks a free
	// port (see server.Server.Addr for the one chosen).
	Addr string
	// DataDir is the directory holding the database. Ignored when InMemory.
	DataDir string
	// InMemory keeps all data in memory; nothing is written to disk and
	// everything is lost when the server stops.
	InMemory bool
	// LogLevel is the lowest level logged.
	LogLevel slog.Level
	// Region names the endpoint in the health check. Requests act in the
	// region they are signed for (each region has its own tables); tables
	// stored before tables were namespaced belong to this region.
	Region string
	// AccountID is the 12-digit AWS account id every request acts in: the
	// account of its tables and ARNs.
	AccountID string
	// CacheMB is the size of the storage engine's block cache in MiB: the
	// memory that keeps recently read blocks decoded. It fills only as data
	// is read, so an idle or small server uses less. Unused in memory.
	CacheMB int
	// TransitionDelay is how long tables and indexes stay CREATING,
	// UPDATING or DELETING before the change completes (0: at once; the
	// responses still name the transition). Must not be negative.
	TransitionDelay time.Duration
	// TTLInterval is how often the Time to Live sweeper deletes expired
	// items of the tables with TTL enabled; an expired item is readable for
	// at most about one interval. Must be positive.
	TTLInterval time.Duration
	// Clock returns the current time; nil means time.Now. Not a flag: tests
	// set it to move time (the transaction idempotency window, table state
	// transitions) without waiting.
	Clock func() time.Time
}

// The defaults, as Defaults returns them.
const (
	DefaultAddr      = "127.0.0.1:8000"
	DefaultDataDir   = "./basalt-data"
	DefaultLogLevel  = slog.LevelInfo
	DefaultRegion    = "us-east-1"
	DefaultAccountID = "000000000000"
	DefaultCacheMB   = 64
	// DefaultTTLInterval is how often the TTL sweeper runs by default.
	DefaultTTLInterval = time.Minute
)

// Defaults returns the options Basalt runs with when nothing is configured.
func Defaults() Options {
	return Options{
		Addr:      DefaultAddr,
		DataDir:   DefaultDataDir,
		LogLevel:  DefaultLogLevel,
		Region:    DefaultRegion,
		AccountID: DefaultAccountID,
		CacheMB:   DefaultCacheMB,

		TTLInterval: DefaultTTLInterval,
	}
}

var (
	regionPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
)

// Validate reports the first option that is not usable, or nil.
func (o Options) Validate() error {
	if err := validateAddr(o.Addr); err != nil {
		return err
	}
	if !o.InMemory && o.DataDir == "" {
		return errors.New("config: data dir must not be empty unless in-memory is set")
	}
	if !regionPattern.MatchString(o.Region) {
		return fmt.Errorf("config: invalid region %q: want lower-case letters, digits and dashes", o.Region)
	}
	if !accountIDPattern.MatchString(o.AccountID) {
		return fmt.Errorf("config: invalid account id %q: want 12 digits", o.AccountID)
	}
	if o.CacheMB < 1 || o.CacheMB > 1<<20 {
		return fmt.Errorf("config: invalid cache size %d MiB: want 1 to 1048576", o.CacheMB)
	}
	if o.TransitionDelay < 0 {
		return fmt.Errorf("config: invalid transition delay %s: must not be negative", o.TransitionDelay)
	}
	if o.TTLInterval <= 0 {
		return fmt.Errorf("config: invalid ttl interval %s: must be positive", o.TTLInterval)
	}
	return nil
}

func validateAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("config: invalid addr %q: %w", addr, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("config: invalid addr %q: port must be a number from 0 to 65535", addr)
	}
	return nil
}

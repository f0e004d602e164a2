package systemtest

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/basalt-db/basalt/internal/config"
	"github.com/basalt-db/basalt/internal/server"
)

// clock is a settable time source for a server under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// clockServer starts a second in-memory server whose clock the test moves
// by hand, with any further options set by tune, and returns a client for it.
func clockServer(t *testing.T, tune ...func(*config.Options)) (*dynamodb.Client, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	opts := config.Defaults()
	opts.Addr = "127.0.0.1:0"
	opts.InMemory = true
	opts.Clock = clk.Now
	for _, f := range tune {
		f(&opts)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := server.Start(ctx, opts, logger)
	if err != nil {
		t.Fatalf("starting a server with a test clock: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the test-clock server: %v", err)
		}
	})
	return newClient("http://" + srv.Addr()), clk
}

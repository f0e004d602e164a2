// Command basalt runs the Basalt server: a DynamoDB-compatible database
// that speaks the DynamoDB wire protocol. Flags and BASALT_* environment
// variables configure it (basalt -h lists them); SIGINT or SIGTERM stops it
// cleanly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/basalt-db/basalt/internal/config"
	"github.com/basalt-db/basalt/internal/server"
)

func main() {
	os.Exit(run())
}

func run() int {
	opts, err := config.Parse(os.Args[1:], os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		config.Usage(os.Stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "basalt: %v\n\n", err)
		config.Usage(os.Stderr)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: opts.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := server.Start(ctx, opts, logger)
	if err != nil {
		logger.Error("starting", "error", err)
		return 1
	}
	logger.Info("listening", "addr", srv.Addr(), "data_dir", dataDir(opts), "region", opts.Region)
	<-ctx.Done()
	logger.Info("shutting down")
	if err := srv.Close(); err != nil {
		logger.Error("shutting down", "error", err)
		return 1
	}
	logger.Info("stopped")
	return 0
}

// dataDir describes where the data lives, for the log.
func dataDir(o config.Options) string {
	if o.InMemory {
		return "(in memory)"
	}
	return o.DataDir
}

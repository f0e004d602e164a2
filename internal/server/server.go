// Package server wires a running Basalt: the store, the service and the
// HTTP handler behind a listener. It is the one place where the concrete
// types meet; tests and cmd/basalt start servers through it.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/basalt-db/basalt/internal/config"
	"github.com/basalt-db/basalt/internal/httpapi"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/service"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/memkv"
	"github.com/basalt-db/basalt/internal/storage/pebblekv"
)

// ShutdownTimeout bounds how long Close waits for requests in flight before
// it closes their connections.
const ShutdownTimeout = 10 * time.Second

// Server is a running Basalt server. Its methods are safe for concurrent use.
type Server struct {
	ln    net.Listener
	http  *http.Server
	svc   *service.Service
	store storage.Store
	log   *slog.Logger
	done  chan struct{} // closed when Serve has returned

	closeOnce sync.Once
	closeErr  error
}

// Start opens the store (opts.DataDir on disk, or in memory when
// opts.InMemory), builds the service and the HTTP handler, listens on
// opts.Addr and serves in the background until Close. ctx bounds startup
// only; cancelling it later does not stop the server. opts is validated
// first. A nil logger means slog.Default().
//
// Errors: invalid options, a store that cannot be opened (for example a
// data directory held by another process), an address that cannot be
// listened on. Whatever Start opened is released before it returns an
// error.
func Start(ctx context.Context, opts config.Options, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	store, err := openStore(opts, logger)
	if err != nil {
		return nil, fmt.Errorf("server: opening the store: %w", err)
	}
	s := &Server{store: store, log: logger, done: make(chan struct{})}
	if err := s.start(ctx, opts); err != nil {
		return nil, errors.Join(err, s.release())
	}
	go s.serve()
	return s, nil
}

// openStore opens the store of a server with opts: a memkv B-tree in
// memory, or Pebble in opts.DataDir.
func openStore(opts config.Options, logger *slog.Logger) (storage.Store, error) {
	if opts.InMemory {
		return memkv.New(), nil
	}
	return pebblekv.Open(storeOptions(opts, logger))
}

// storeOptions are the options of the on-disk store of a server with opts.
func storeOptions(opts config.Options, logger *slog.Logger) pebblekv.Options {
	return pebblekv.Options{
		Dir: opts.DataDir, Logger: logger, Prefixes: keycodec.PartitionPrefixLen,
		CacheSize: int64(opts.CacheMB) << 20,
	}
}

// serviceOptions are the options of the service of a server with opts.
func serviceOptions(opts config.Options, logger *slog.Logger) service.Options {
	return service.Options{
		AccountID: opts.AccountID, Region: opts.Region, Logger: logger, Now: opts.Clock,
		TransitionDelay: opts.TransitionDelay, TTLInterval: opts.TTLInterval,
		EncodedItems: true, // the HTTP handler writes stored items without decoding them
	}
}

// handlerOptions are the options of the HTTP handler of a server with opts.
func handlerOptions(opts config.Options, logger *slog.Logger) httpapi.Options {
	return httpapi.Options{Logger: logger, Region: opts.Region}
}

// start builds the service and handler and listens; on error, the caller
// releases what was opened.
func (s *Server) start(ctx context.Context, opts config.Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	svc, err := service.New(s.store, serviceOptions(opts, s.log))
	if err != nil {
		return fmt.Errorf("server: starting the service: %w", err)
	}
	s.svc = svc
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           httpapi.New(svc, handlerOptions(opts, s.log)),
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       5 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return nil
}

// serve runs the HTTP server until Close.
func (s *Server) serve() {
	defer close(s.done)
	if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("serving HTTP", "error", err)
	}
}

// Addr returns the address the server listens on, host:port, with the
// actual port when the configured one was 0.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server: it stops accepting connections, waits up to
// ShutdownTimeout for requests in flight (then closes their connections),
// stops the service's background work and closes the store. Only the
// first call does anything; every call returns its result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
		defer cancel()
		err := s.http.Shutdown(ctx)
		if err != nil {
			err = errors.Join(fmt.Errorf("server: shutting down: %w", err), s.http.Close())
		}
		<-s.done
		s.closeErr = errors.Join(err, s.release())
	})
	return s.closeErr
}

// release closes the service (if started) and the store.
func (s *Server) release() error {
	var err error
	if s.svc != nil {
		if cerr := s.svc.Close(); cerr != nil {
			err = fmt.Errorf("server: closing the service: %w", cerr)
		}
	}
	if cerr := s.store.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("server: closing the store: %w", cerr))
	}
	return err
}

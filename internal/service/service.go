// Package service implements the DynamoDB operations: validation in AWS's
// order and with AWS's messages, conditions, and the reads and writes each
// operation makes through the catalog and the storage layer. One exported
// method per operation, named after it (PutItem, CreateTable, …), taking and
// returning the api package's shapes. Errors returned are *apierr.Error for
// everything a client caused; anything else is an internal fault.
package service

import (
	"log/slog"
	"time"

	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/storage"
)

// Options configure a Service. Zero fields take the defaults noted.
type Options struct {
	// AccountID is the AWS account every request acts in, unless its
	// Scope names another (default "000000000000").
	AccountID string
	// Region is the region of requests whose context has no Scope (the
	// HTTP layer always sets one, from the signature), and the region of
	// tables stored before tables were namespaced (default "us-east-1").
	Region string
	// Now returns the current time (default time.Now); tests control it.
	Now func() time.Time
	// Logger receives internal faults and lifecycle events (default slog.Default()).
	Logger *slog.Logger
	// TransitionDelay is how long tables stay CREATING, UPDATING and
	// DELETING (default 0: transitions complete at once; the responses of
	// CreateTable, UpdateTable and DeleteTable still name the transition).
	TransitionDelay time.Duration
	// TTLInterval is how often the Time to Live sweeper deletes expired
	// items (default 1 minute; see ttl_sweep.go).
	TTLInterval time.Duration
	// EncodedItems lets GetItem, Query and Scan return the items they need
	// not decode (no projection, no filter) as stored, in attr's binary
	// item encoding (api.GetItemOutput.EncodedItem, QueryOutput.EncodedItems),
	// for a caller that writes them out without decoding them: the HTTP
	// layer. Off, every item is returned decoded.
	EncodedItems bool
}

func (o *Options) fillDefaults() {
	if o.AccountID == "" {
		o.AccountID = "000000000000"
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.TTLInterval <= 0 {
		o.TTLInterval = time.Minute
	}
}

// Service implements the DynamoDB operations on one store. It is safe for
// concurrent use.
type Service struct {
	opts    Options
	store   storage.Store
	catalog *catalog.Catalog
}

// New returns a Service over store, loading the table catalog from it.
func New(store storage.Store, opts Options) (*Service, error) {
	opts.fillDefaults()
	cat, err := catalog.OpenWith(store, catalog.Options{
		TransitionDelay: opts.TransitionDelay, Now: opts.Now, Logger: opts.Logger,
		Legacy: catalog.Namespace{Account: opts.AccountID, Region: opts.Region},
	})
	if err != nil {
		return nil, err
	}
	s := &Service{opts: opts, store: store, catalog: cat}
	s.resumeBackfills()
	s.startTTLSweeper()
	return s, nil
}

// Close stops the service's background work (removing the items of
// deleted tables, which resumes at the next New) and waits for it. It does
// not close the store.
func (s *Service) Close() error { return s.catalog.Close() }

// Package catalog keeps the descriptions of tables: their key schemas,
// capacity settings, states and statistics, persisted in the store and
// served from memory.
//
// Reads (Get, Lookup, List) use an immutable in-memory snapshot and never
// touch the store. Changes (Create, Update, Delete) are serialised by one
// mutex, written to the store atomically with storage.Update, and then
// published as a new snapshot. Items of a deleted table are removed in the
// background. See DESIGN.md in this directory.
package catalog

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/storage"
)

// ErrClosed is returned by Create, Update and Delete after Close.
var ErrClosed = errors.New("catalog: closed")

// Options configure a Catalog. Zero fields take the defaults noted.
type Options struct {
	// TransitionDelay is how long a new table stays CREATING, an updated
	// one UPDATING and a deleted one DELETING (default 0: CreateTable and
	// UpdateTable answer CREATING/UPDATING but the table is ACTIVE at
	// once, and a deleted table is gone at once).
	TransitionDelay time.Duration
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Logger receives background failures (default slog.Default()).
	Logger *slog.Logger
	// PurgeBatch is how many item keys one background delete removes per
	// transaction (default 1000).
	PurgeBatch int
	// Legacy is the namespace Open moves tables into whose records name
	// none, written before tables were namespaced (default account
	// 000000000000, region us-east-1).
	Legacy Namespace
}

func (o *Options) fillDefaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.PurgeBatch <= 0 {
		o.PurgeBatch = 1000
	}
	if o.Legacy.Account == "" {
		o.Legacy.Account = "000000000000"
	}
	if o.Legacy.Region == "" {
		o.Legacy.Region = "us-east-1"
	}
}

// Catalog is the set of tables of one store. All methods are safe for
// concurrent use.
type Catalog struct {
	store storage.Store
	opts  Options
	snap  atomic.Pointer[snapshot]

	ctx        context.Context // cancelled by Close; stops background work
	cancel     context.CancelFunc
	purging    sync.WaitGroup
	background sync.WaitGroup // work started with Go
	daemons    sync.WaitGroup // work started with GoDaemon

	ddl         sync.Mutex // serialises Create, Update, Delete and finalize
	nextID      uint64     // guarded by ddl
	timers      map[uint64]*time.Timer
	indexTimers map[indexRef]*time.Timer
	closed      bool
}

// ref names one table.
type ref struct {
	ns   Namespace
	name string
}

func refOf(t *Table) ref { return ref{t.Namespace, t.Name} }

// snapshot is an immutable view of every table.
type snapshot struct {
	tables map[ref]*Table
	names  map[Namespace][]string // sorted bytewise, as ListTables returns them
}

// Open loads the catalog of store with default Options.
func Open(store storage.Store) (*Catalog, error) { return OpenWith(store, Options{}) }

// OpenWith loads every table of store, computes their item statistics by
// scanning their items, finishes the deletion of tables left DELETING, and
// starts removing items that belong to no table (left by a deletion that was
// interrupted). The scan reads every item once, so opening a large store
// takes a while.
func OpenWith(store storage.Store, opts Options) (*Catalog, error) {
	opts.fillDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	c := &Catalog{
		store: store, opts: opts, ctx: ctx, cancel: cancel,
		timers: map[uint64]*time.Timer{}, indexTimers: map[indexRef]*time.Timer{},
	}
	l, err := load(ctx, store, opts.Legacy)
	if err != nil {
		cancel()
		return nil, err
	}
	if err := c.finishDeletes(l); err != nil {
		cancel()
		return nil, err
	}
	if err := c.finishIndexDeletes(l); err != nil {
		cancel()
		return nil, err
	}
	if err := c.moveLegacy(l); err != nil {
		cancel()
		return nil, err
	}
	c.nextID = l.nextID
	c.snap.Store(newSnapshot(l.tables))
	for _, id := range l.purge {
		c.startPurge(id)
	}
	for _, ref := range l.indexPurge {
		c.startIndexPurge(ref)
	}
	return c, nil
}

// Go runs fn in a goroutine that Close cancels (through ctx) and waits
// for; the service runs index backfills so. It reports false, and does not
// run fn, after Close.
func (c *Catalog) Go(fn func(ctx context.Context)) bool {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	if c.closed {
		return false
	}
	c.background.Add(1)
	go func() {
		defer c.background.Done()
		fn(c.ctx)
	}()
	return true
}

// GoDaemon runs fn, a loop that lasts as long as the catalog (the service's
// TTL sweeper), in a goroutine that Close cancels (through ctx) and waits
// for. Unlike Go, WaitBackground does not wait for it. It reports false,
// and does not run fn, after Close.
func (c *Catalog) GoDaemon(fn func(ctx context.Context)) bool {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	if c.closed {
		return false
	}
	c.daemons.Add(1)
	go func() {
		defer c.daemons.Done()
		fn(c.ctx)
	}()
	return true
}

// WaitBackground waits until the work started with Go so far has ended.
func (c *Catalog) WaitBackground() { c.background.Wait() }

// Close stops background work (pending timers, item and index entry
// removal, and the work started with Go) and waits for it. Removal that did not finish resumes at the next Open. Close does
// not close the store.
func (c *Catalog) Close() error {
	c.ddl.Lock()
	c.closed = true
	for id, t := range c.timers {
		t.Stop()
		delete(c.timers, id)
	}
	for ref, t := range c.indexTimers {
		t.Stop()
		delete(c.indexTimers, ref)
	}
	c.ddl.Unlock()
	c.cancel()
	c.background.Wait()
	c.daemons.Wait()
	c.purging.Wait()
	return nil
}

// WaitPurges waits until the background removal of the items and index
// entries of every table and index deleted so far has finished (or
// stopped, after Close).
func (c *Catalog) WaitPurges() { c.purging.Wait() }

// Get returns the table named name in ns for an item operation, from
// memory: no storage read, no allocation. It returns
// ResourceNotFoundException with AWS's item-operation message "Requested
// resource not found" when there is no such table or it is being created
// or deleted.
func (c *Catalog) Get(ns Namespace, name string) (*Table, error) {
	t := c.snap.Load().tables[ref{ns, name}]
	if t != nil && (t.Status == StatusActive || t.usable(c.opts.Now())) {
		return t, nil
	}
	return nil, apierr.New(apierr.ResourceNotFound, apierr.MsgResourceNotFound)
}

// Lookup returns the table named name in ns in whatever state it is, for
// the table operations. It returns ResourceNotFoundException with the
// message "Requested resource not found: Table: <name> not found" that
// DescribeTable, UpdateTable and DeleteTable give.
func (c *Catalog) Lookup(ns Namespace, name string) (*Table, error) {
	if t := c.snap.Load().tables[ref{ns, name}]; t != nil {
		return t, nil
	}
	return nil, notFound(name)
}

func notFound(name string) error {
	return apierr.Newf(apierr.ResourceNotFound, "Requested resource not found: Table: %s not found", name)
}

// List returns up to limit names of tables of ns that sort after
// exclusiveStart (bytewise; "" starts at the beginning), in every state,
// and whether more names follow them.
func (c *Catalog) List(ns Namespace, exclusiveStart string, limit int) (names []string, more bool) {
	all := c.snap.Load().names[ns]
	i := sort.SearchStrings(all, exclusiveStart)
	if i < len(all) && all[i] == exclusiveStart {
		i++
	}
	end := min(i+limit, len(all))
	return append([]string(nil), all[i:end]...), end < len(all)
}

// All returns every table of every namespace, in no particular order, for
// background work (the TTL sweeper, resuming backfills).
func (c *Catalog) All() []*Table {
	tables := c.snap.Load().tables
	out := make([]*Table, 0, len(tables))
	for _, t := range tables {
		out = append(out, t)
	}
	return out
}

func newSnapshot(tables map[ref]*Table) *snapshot {
	s := &snapshot{tables: tables, names: map[Namespace][]string{}}
	for r := range tables {
		s.names[r.ns] = append(s.names[r.ns], r.name)
	}
	for _, names := range s.names {
		sort.Strings(names)
	}
	return s
}

// publish replaces (or, with t nil, removes) the table r in a new
// snapshot. Callers hold ddl.
func (c *Catalog) publish(r ref, t *Table) {
	old := c.snap.Load().tables
	tables := make(map[ref]*Table, len(old)+1)
	for k, v := range old {
		tables[k] = v
	}
	if t == nil {
		delete(tables, r)
	} else {
		tables[r] = t
	}
	c.snap.Store(newSnapshot(tables))
}

// inUse returns the ResourceInUseException CreateTable gives for a name
// that is taken.
func inUse(t *Table, now time.Time) error {
	if t.StatusAt(now) == StatusCreating {
		return apierr.Newf(apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being created: %s", t.Name)
	}
	return apierr.Newf(apierr.ResourceInUse, "Table already exists: %s", t.Name)
}

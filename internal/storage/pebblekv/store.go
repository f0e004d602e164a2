// Package pebblekv is Basalt's embedded storage backend: a storage.Store on
// Pebble v2, on disk or entirely in memory.
//
// Durability: Update commits its batch with pebble.Sync and returns only
// after the batch's WAL record has been fsynced. Pebble groups concurrent
// synced commits: its LogWriter has one flush goroutine which, on each pass,
// takes every sync request queued so far, writes their WAL records and
// issues a single fsync for all of them (record.LogWriter.flushLoop and
// flushPending in pebble v2.1.7; see also the commit pipeline notes in
// pebble's commit.go and docs/rocksdb.md). So N concurrent Updates cost
// about one fsync, not N. In-memory stores commit with pebble.NoSync.
//
// Atomicity: Update locks its lock keys in sorted order in a per-key lock
// table, runs fn, commits fn's writes as one batch, and only then unlocks.
// See DESIGN.md in this directory.
package pebblekv

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/keylock"
	"github.com/basalt-db/basalt/internal/storage/opgate"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Options configure Open.
type Options struct {
	// Dir is the directory holding the database; Open creates it if needed.
	// Ignored when InMemory is set.
	Dir string
	// InMemory keeps everything in memory (vfs.NewMem): nothing touches the
	// disk and everything is lost on Close.
	InMemory bool
	// Logger receives Pebble's log messages. Nil means slog.Default().
	Logger *slog.Logger
	// Prefixes, when set, names the prefix every key of one group of keys
	// shares (for Basalt, a partition: keycodec.PartitionPrefixLen). The
	// store keeps a bloom filter of prefixes in every sstable and reads a
	// range that lies inside one prefix with a prefix seek, so such a read
	// skips the sstables that hold none of the prefix, and its cost does
	// not grow with the number of keys stored. Prefixes must return the
	// length of the prefix key starts with and true, or false when key has
	// none; ordering keys bytewise must order them by prefix, then by the
	// rest. It is part of the on-disk format: a store created with
	// Prefixes must always be opened with the same function, and one
	// created without, without.
	Prefixes func(key []byte) (n int, ok bool)
	// CacheSize is the size of the block cache in bytes (default 64 MB).
	CacheSize int64
}

// DefaultCacheSize is the block cache size when Options.CacheSize is 0.
const DefaultCacheSize = 64 << 20

// memTableSize is the size a memtable grows to before it is flushed: four
// times Pebble's 4 MB, a trade between writes and reads that DESIGN.md
// ("Memtables") measures. Larger memtables mean fewer flushes and
// compactions per write, but a memtable keeps every version of a key until
// it is flushed, and a scan steps over all of them.
const memTableSize = 16 << 20

// Store is a storage.Store backed by Pebble. All methods are safe for
// concurrent use.
type Store struct {
	db        *pebble.DB
	writeOpts *pebble.WriteOptions
	locks     *keylock.Table
	prefixes  func([]byte) (int, bool) // Options.Prefixes; nil: none

	gate opgate.Gate
}

var _ storage.Store = (*Store)(nil)

// Open opens (creating if necessary) the database described by opts. New
// databases use the newest on-disk format this Pebble version knows
// (pebble.FormatNewest); opening an existing one with a newer Pebble
// ratchets its format forward, after which older binaries cannot open it.
func Open(opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	po := &pebble.Options{
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             slogLogger{logger.With("component", "pebble")},
		CacheSize:          cmp.Or(opts.CacheSize, DefaultCacheSize),
		MemTableSize:       memTableSize,
	}
	if opts.Prefixes != nil {
		po.Comparer = prefixComparer(opts.Prefixes)
		for i := range po.Levels {
			po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
		}
		// Keys sharing a prefix are distinct items here, not versions of one
		// key: keep every value in line, where reading a partition finds it,
		// rather than in the value blocks Pebble keeps for older versions.
		po.Experimental.SpanPolicyFunc = func([]byte) (pebble.SpanPolicy, []byte, error) {
			return pebble.SpanPolicy{DisableValueSeparationBySuffix: true}, nil, nil
		}
	}
	dir := opts.Dir
	writeOpts := pebble.Sync
	if opts.InMemory {
		po.FS = vfs.NewMem()
		dir = ""
		writeOpts = pebble.NoSync
	} else if dir == "" {
		return nil, errors.New("pebblekv: Options.Dir is required unless InMemory is set")
	}
	db, err := pebble.Open(dir, po)
	if err != nil {
		return nil, fmt.Errorf("pebblekv: open %q: %w", dir, err)
	}
	return &Store{db: db, writeOpts: writeOpts, locks: keylock.New(), prefixes: opts.Prefixes}, nil
}

// prefixComparer is Pebble's bytewise comparer with prefixes split off as
// Options.Prefixes finds them.
func prefixComparer(prefixes func([]byte) (int, bool)) *pebble.Comparer {
	c := *pebble.DefaultComparer
	c.Name = "basalt.bytewise.prefixed.v1"
	c.Split = func(key []byte) int {
		if n, ok := prefixes(key); ok {
			return n
		}
		return len(key)
	}
	return &c
}

// View runs fn against a Pebble snapshot, so every Get and Scan fn makes
// sees the same state. It returns ctx.Err() without calling fn if ctx is
// already done, storage.ErrClosed after Close, and otherwise fn's error.
//
// A View may observe a write whose Update has not yet returned: Pebble
// makes a batch visible before its WAL fsync completes. Updates never act
// on such data for their lock keys, because the writer holds the locks
// until the fsync is done.
func (s *Store) View(ctx context.Context, fn func(r storage.Reader) error) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	snap := s.db.NewSnapshot()
	defer snap.Close()
	return fn(reader{r: snap, prefixes: s.prefixes})
}

// Get implements storage.Store.Get: a read of the DB itself, without the
// snapshot a View takes (whose Close also makes Pebble reconsider its
// compactions). It returns ctx.Err() if ctx is already done and
// storage.ErrClosed after Close.
func (s *Store) Get(ctx context.Context, key []byte) ([]byte, error) {
	if err := s.gate.Enter(ctx); err != nil {
		return nil, err
	}
	defer s.gate.Leave()
	return reader{r: s.db, prefixes: s.prefixes}.Get(key)
}

// Scan implements storage.Store.Scan: one iterator over the DB itself,
// which reads one point-in-time state without a snapshot. Errors as Get,
// and as reader.Scan.
func (s *Store) Scan(ctx context.Context, lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	return reader{r: s.db, prefixes: s.prefixes}.Scan(lower, upper, reverse, fn)
}

// Update implements storage.Store.Update.
//
// It removes duplicate lock keys, locks them in ascending order (waiting
// at most until ctx is done, in which case it returns ctx.Err() and writes
// nothing), runs fn, commits fn's writes as one atomic batch and unlocks.
// On disk the commit is synced to the WAL before Update returns. The Txn
// reads the latest committed state of the DB, not its own writes, and must
// not be used after fn returns or from several goroutines at once.
// An Update that writes nothing commits nothing and does not fsync.
func (s *Store) Update(ctx context.Context, lockKeys [][]byte, fn func(tx storage.Txn) error) error {
	return s.update(ctx, lockKeys, false, fn)
}

// Transact implements storage.Store.Transact: Update with locks marked as
// a transaction's (see keylock.Table.Acquire).
func (s *Store) Transact(ctx context.Context, lockKeys [][]byte, fn func(tx storage.Txn) error) error {
	return s.update(ctx, lockKeys, true, fn)
}

func (s *Store) update(ctx context.Context, lockKeys [][]byte, transaction bool, fn func(tx storage.Txn) error) error {
	if err := s.gate.Enter(ctx); err != nil {
		return err
	}
	defer s.gate.Leave()
	keys, err := s.locks.Acquire(ctx, lockKeys, transaction)
	if err != nil {
		return err
	}
	defer s.locks.Release(keys)

	batch := s.db.NewBatch()
	defer batch.Close()
	tx := &txn{reader: reader{r: s.db, prefixes: s.prefixes}, batch: batch}
	err = fn(tx)
	tx.done = true
	if err != nil {
		return err
	}
	if batch.Empty() {
		return nil
	}
	if err := batch.Commit(s.writeOpts); err != nil {
		return fmt.Errorf("pebblekv: commit: %w", err)
	}
	return nil
}

// Close waits for every View and Update in progress to return, then closes
// the database. Operations started after Close begins, and Close itself
// when called again, return storage.ErrClosed.
func (s *Store) Close() error {
	if err := s.gate.Close(); err != nil {
		return err
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("pebblekv: close: %w", err)
	}
	return nil
}

// slogLogger adapts a *slog.Logger to pebble.Logger.
type slogLogger struct {
	l *slog.Logger
}

func (g slogLogger) Infof(format string, args ...any) {
	g.l.Info(fmt.Sprintf(format, args...))
}

func (g slogLogger) Errorf(format string, args ...any) {
	g.l.Error(fmt.Sprintf(format, args...))
}

// Fatalf logs and panics: Pebble calls it on unrecoverable errors and
// expects it not to return.
func (g slogLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	g.l.Error(msg, "fatal", true)
	panic("pebblekv: " + msg)
}

// CompactAll writes the memtables out and compacts every level down to
// the bottom one, waiting until it is done: the state a store settles into
// at rest. Benchmarks use it to compare tables of different sizes in the
// same state, rather than a small one sitting in the memtable.
func (s *Store) CompactAll() error {
	if err := s.gate.Enter(context.Background()); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := s.db.Flush(); err != nil {
		return err
	}
	return s.db.Compact(context.Background(), []byte{0x00}, []byte{0xFF, 0xFF}, true)
}

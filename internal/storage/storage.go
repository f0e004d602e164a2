// Package storage defines the ordered, transactional key-value store that
// Basalt keeps everything in, and the errors every backend returns.
//
// Keys and values are opaque byte strings; keys sort by unsigned bytewise
// comparison. DynamoDB semantics live above this package (see keycodec for
// how items map to keys); backends only store bytes.
package storage

import (
	"context"
	"errors"
)

// Sentinel errors. Backends wrap them with %w; callers test with errors.Is.
var (
	// ErrNotFound is returned by Get when the key holds no value.
	ErrNotFound = errors.New("storage: key not found")
	// ErrClosed is returned by every method after Close.
	ErrClosed = errors.New("storage: store is closed")
	// ErrConflict is returned by Update when the backend could not
	// serialise the transaction (PostgreSQL serialization failure after
	// retries). Callers may retry.
	ErrConflict = errors.New("storage: transaction conflict")
	// ErrLockedByTransaction is returned (wrapped in a *LockedError) by
	// Update and Transact when one of their lock keys is held by a
	// Transact in progress. Nothing was written; callers may retry.
	ErrLockedByTransaction = errors.New("storage: key locked by a transaction in progress")
)

// LockedError reports the lock key that a Transact in progress held.
// errors.Is(err, ErrLockedByTransaction) holds for it.
type LockedError struct {
	Key []byte // a lock key as the caller passed it; the caller must not modify it
}

func (e *LockedError) Error() string { return ErrLockedByTransaction.Error() }

// Unwrap makes errors.Is(err, ErrLockedByTransaction) hold.
func (e *LockedError) Unwrap() error { return ErrLockedByTransaction }

// Reader reads a consistent view of the store.
type Reader interface {
	// Get returns the value stored at key, or ErrNotFound. The returned
	// slice belongs to the caller.
	Get(key []byte) ([]byte, error)
	// Scan visits keys k with lower <= k < upper in ascending order
	// (descending when reverse is true), calling fn with each key and
	// value until fn returns false or an error. A nil upper means no upper
	// bound. k and v are only valid during the call and must not be
	// modified; copy to keep them.
	// An error from fn is returned as is.
	Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (more bool, err error)) error
}

// Txn is a read-write transaction passed to Store.Update. Its reads see the
// latest committed state of every locked key; they do not see the
// transaction's own pending writes, so read first, then write. A Txn is
// valid only while the fn it was passed to runs (afterwards its methods
// return an error and do nothing), and is not safe for concurrent use.
type Txn interface {
	Reader
	// Set stores value at key when the transaction commits. The store
	// takes ownership of neither slice: it copies them.
	Set(key, value []byte) error
	// Delete removes key when the transaction commits.
	Delete(key []byte) error
}

// Store is an ordered, transactional, durable key-value store. All methods
// are safe for concurrent use.
//
// View and Update honour ctx: if it is done before fn runs, including while
// Update waits for a lock key held by another Update, they return an error
// that wraps ctx.Err() (errors.Is(err, context.Canceled) or
// context.DeadlineExceeded), fn is not called and nothing is written.
type Store interface {
	// View runs fn against a consistent snapshot of the store.
	View(ctx context.Context, fn func(r Reader) error) error
	// Get is a View that makes one Reader.Get, for less: a single read
	// needs no snapshot to be consistent. It returns the value at key in
	// the latest committed state, or ErrNotFound; the slice belongs to the
	// caller.
	Get(ctx context.Context, key []byte) ([]byte, error)
	// Scan is a View that makes one Reader.Scan, for less: a single scan
	// reads one consistent state by itself. Its arguments and results are
	// Reader.Scan's.
	Scan(ctx context.Context, lower, upper []byte, reverse bool, fn func(k, v []byte) (more bool, err error)) error
	// Update runs fn in a read-write transaction and commits its writes
	// atomically. lockKeys names every key fn will read in order to decide
	// what to write (the items a conditional write checks); the store
	// serialises concurrent Updates that share a lock key, so a
	// read-check-write on those keys is atomic. Keys written but not
	// locked are written blindly. If fn returns an error nothing is
	// written and that error is returned. Update returns only after the
	// writes are durable (unless the store is in-memory).
	Update(ctx context.Context, lockKeys [][]byte, fn func(tx Txn) error) error
	// Transact is Update for a multi-item transaction, with one difference
	// in how it treats the locks of others: Update and Transact both wait
	// for a lock key held by an Update, and both give up at once, with a
	// *LockedError naming the key, on a lock key held by a Transact. So a
	// transaction never waits for another transaction, and a single write
	// never waits behind one; both answer a conflict instead, as DynamoDB
	// does. Locks are taken in one global order, so no caller ever waits in
	// a cycle.
	Transact(ctx context.Context, lockKeys [][]byte, fn func(tx Txn) error) error
	// Close releases the store. Pending Updates finish first.
	Close() error
}

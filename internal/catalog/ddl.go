package catalog

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// Create adds the table described by spec and returns it, CREATING until
// TransitionDelay has passed. The catalog assigns ID (the next id, never
// reused), TableID (a new UUID), Status and StatusUntil; Created defaults to
// now. It numbers spec's indexes in order from 0 (the caller lists local
// ones first) and gives each fresh statistics; global ones are CREATING with
// the table, local ones ACTIVE. spec is not retained. The caller has
// validated spec.
//
// spec.Namespace is the table's namespace. If the name is taken there (in
// any state) it returns ResourceInUseException:
// "Table already exists: <name>", or while that table is being created
// "Attempt to change a resource which is still in use: Table is being
// created: <name>". Of two concurrent Creates of one name exactly one wins.
func (c *Catalog) Create(ctx context.Context, spec *Table) (*Table, error) {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	now := c.opts.Now()
	if old := c.snap.Load().tables[refOf(spec)]; old != nil {
		return nil, inUse(old, now)
	}
	t := spec.clone()
	t.ID, t.TableID, t.stats = c.nextID, newUUID(), &stats{}
	if t.Created.IsZero() {
		t.Created = now
	}
	t.Status, t.StatusUntil = StatusCreating, t.Created.Add(c.opts.TransitionDelay)
	t.NextIndexOrdinal = 0
	for _, ix := range t.Indexes {
		ix.stats = nil // every index of a new table is new
		ix.Status, ix.StatusUntil, ix.Backfilling = StatusActive, time.Time{}, false
		if ix.Global {
			ix.Status, ix.StatusUntil = StatusCreating, t.StatusUntil
		}
	}
	adoptIndexes(t)
	val, err := encodeTable(t)
	if err != nil {
		return nil, err
	}
	key := catalogKey(refOf(t))
	err = c.store.Update(ctx, [][]byte{key, nextIDKey()}, func(tx storage.Txn) error {
		if _, err := tx.Get(key); !errors.Is(err, storage.ErrNotFound) {
			if err == nil { // written behind our back (another process)
				return apierr.Newf(apierr.ResourceInUse, "Table already exists: %s", t.Name)
			}
			return err
		}
		if err := tx.Set(nextIDKey(), encodeID(t.ID+1)); err != nil {
			return err
		}
		return tx.Set(key, val)
	})
	if err != nil {
		return nil, err
	}
	c.nextID++
	c.publish(refOf(t), t)
	return t, nil
}

// Update changes the table named name in ns. It calls fn with a private copy of
// the table; fn checks the request against it (it runs with every other
// table change excluded) and modifies it. If fn returns an error nothing
// changes and Update returns that error. If fn reports a transition the
// table becomes UPDATING until TransitionDelay has passed. Update returns
// the table before and after. A missing table is ResourceNotFoundException
// with Lookup's message.
//
// Indexes: fn may change the copy's indexes (they are private copies that
// share statistics with the published ones) and append new ones; an
// appended index (no statistics yet) gets Ordinal NextIndexOrdinal and
// fresh statistics, and fn sets its Status. An index fn marks
// StatusDeleting stays DELETING for TransitionDelay and is then removed,
// and its entries deleted in the background; with TransitionDelay 0 it is
// removed at once, but the after that Update returns still shows it
// DELETING (for the response, as AWS answers).
func (c *Catalog) Update(ctx context.Context, ns Namespace, name string, fn func(next *Table) (transition bool, err error)) (before, after *Table, err error) {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	if c.closed {
		return nil, nil, ErrClosed
	}
	r := ref{ns, name}
	before = c.snap.Load().tables[r]
	if before == nil {
		return nil, nil, notFound(name)
	}
	after = before.clone()
	transition, err := fn(after)
	if err != nil {
		return nil, nil, err
	}
	now := c.opts.Now()
	switch {
	case transition:
		after.Status, after.StatusUntil = StatusUpdating, now.Add(c.opts.TransitionDelay)
	case after.StatusAt(now) == StatusActive:
		after.Status, after.StatusUntil = StatusActive, time.Time{}
	}
	adoptIndexes(after)
	stored, deleted := after, newlyDeleting(before, after)
	if len(deleted) > 0 && c.opts.TransitionDelay <= 0 {
		stored = withoutDeleting(after)
	}
	if err := c.write(ctx, stored); err != nil {
		return nil, nil, err
	}
	c.publish(r, stored)
	for _, ord := range deleted {
		ix := indexRef{table: after.ID, ordinal: ord}
		if c.opts.TransitionDelay <= 0 {
			c.startIndexPurge(ix)
			continue
		}
		if old := c.indexTimers[ix]; old != nil {
			old.Stop()
		}
		c.indexTimers[ix] = time.AfterFunc(c.opts.TransitionDelay, func() { c.finalizeIndex(r, ix) })
	}
	return before, after, nil
}

// adoptIndexes numbers the indexes of t that have no statistics yet and
// gives them fresh statistics.
func adoptIndexes(t *Table) {
	for _, ix := range t.Indexes {
		if ix.stats == nil {
			ix.Ordinal, ix.stats = t.NextIndexOrdinal, &stats{}
			t.NextIndexOrdinal++
		}
	}
}

// newlyDeleting returns the ordinals of after's indexes that are DELETING
// and were not in before.
func newlyDeleting(before, after *Table) []uint16 {
	var out []uint16
	for _, ix := range after.Indexes {
		if ix.Status != StatusDeleting {
			continue
		}
		if old := before.IndexByOrdinal(ix.Ordinal); old == nil || old.Status != StatusDeleting {
			out = append(out, ix.Ordinal)
		}
	}
	return out
}

// withoutDeleting returns a copy of t without its DELETING indexes.
func withoutDeleting(t *Table) *Table {
	c := t.clone()
	kept := c.Indexes[:0]
	for _, ix := range c.Indexes {
		if ix.Status != StatusDeleting {
			kept = append(kept, ix)
		}
	}
	c.Indexes = kept
	return c
}

// finalizeIndex removes a DELETING index once its delay has passed, and
// starts deleting its entries.
func (c *Catalog) finalizeIndex(r ref, ix indexRef) {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	delete(c.indexTimers, ix)
	t := c.snap.Load().tables[r]
	if c.closed || t == nil || t.ID != ix.table {
		return
	}
	if idx := t.IndexByOrdinal(ix.ordinal); idx == nil || idx.Status != StatusDeleting {
		return
	}
	next := t.clone()
	kept := next.Indexes[:0]
	for _, idx := range next.Indexes {
		if idx.Ordinal != ix.ordinal {
			kept = append(kept, idx)
		}
	}
	next.Indexes = kept
	if err := c.write(c.ctx, next); err != nil {
		c.opts.Logger.Error("catalog: finishing index deletion", "table", r.name, "err", err)
		return // retried at the next Open
	}
	c.publish(r, next)
	c.startIndexPurge(ix)
}

// Delete deletes the table named name in ns and returns it, DELETING. check is
// called first with the table (every other table change excluded); if it
// returns an error nothing changes and Delete returns that error. The table
// stays listed and describable, DELETING, for TransitionDelay; item
// operations no longer find it at once. Its items are removed in the
// background, in batches. A missing table is ResourceNotFoundException with
// Lookup's message.
func (c *Catalog) Delete(ctx context.Context, ns Namespace, name string, check func(t *Table) error) (*Table, error) {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	r := ref{ns, name}
	cur := c.snap.Load().tables[r]
	if cur == nil {
		return nil, notFound(name)
	}
	if err := check(cur); err != nil {
		return nil, err
	}
	gone := cur.clone()
	gone.Status, gone.StatusUntil = StatusDeleting, c.opts.Now().Add(c.opts.TransitionDelay)
	if c.opts.TransitionDelay <= 0 {
		if err := c.remove(ctx, r); err != nil {
			return nil, err
		}
		c.publish(r, nil)
	} else {
		if err := c.write(ctx, gone); err != nil {
			return nil, err
		}
		c.publish(r, gone)
		c.timers[gone.ID] = time.AfterFunc(c.opts.TransitionDelay, func() { c.finalize(r, gone.ID) })
	}
	c.startPurge(cur.ID)
	return gone, nil
}

// finalize removes a DELETING table's record once its delay has passed.
func (c *Catalog) finalize(r ref, id uint64) {
	c.ddl.Lock()
	defer c.ddl.Unlock()
	delete(c.timers, id)
	t := c.snap.Load().tables[r]
	if c.closed || t == nil || t.ID != id || t.Status != StatusDeleting {
		return
	}
	if err := c.remove(c.ctx, r); err != nil {
		c.opts.Logger.Error("catalog: finishing table deletion", "table", r.name, "err", err)
		return // retried at the next Open
	}
	c.publish(r, nil)
}

// write stores t's record. Callers hold ddl.
func (c *Catalog) write(ctx context.Context, t *Table) error {
	val, err := encodeTable(t)
	if err != nil {
		return err
	}
	key := catalogKey(refOf(t))
	return c.store.Update(ctx, [][]byte{key}, func(tx storage.Txn) error { return tx.Set(key, val) })
}

// catalogKey returns the key of the record of the table r.
func catalogKey(r ref) []byte { return keycodec.CatalogKey(r.ns.Account, r.ns.Region, r.name) }

// remove deletes the record of the table r. Callers hold ddl.
func (c *Catalog) remove(ctx context.Context, r ref) error {
	key := catalogKey(r)
	return c.store.Update(ctx, [][]byte{key}, func(tx storage.Txn) error { return tx.Delete(key) })
}

// newUUID returns a random (version 4) UUID in its canonical text form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand documents it)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

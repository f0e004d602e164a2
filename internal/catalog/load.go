package catalog

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// loaded is what Open reads from the store.
type loaded struct {
	tables     map[ref]*Table
	deleting   []*Table   // tables left DELETING, to finish deleting
	purge      []uint64   // table ids whose items must go
	indexPurge []indexRef // indexes whose entries belong to no live index
	dropped    []*Table   // live tables whose DELETING indexes were dropped, to rewrite
	nextID     uint64
	// legacyKeys are the keys of records written before tables were
	// namespaced, and legacy the live tables among them, to store again
	// under their keys in the legacy namespace.
	legacyKeys [][]byte
	legacy     []ref
}

// load checks the store's format, reads every table record (placing those
// that name no namespace in legacy) and the id counter, and scans the item
// key space once for statistics and orphans.
func load(ctx context.Context, store storage.Store, legacy Namespace) (*loaded, error) {
	if err := checkFormat(ctx, store); err != nil {
		return nil, err
	}
	l := &loaded{tables: map[ref]*Table{}, nextID: 1}
	err := store.View(ctx, func(r storage.Reader) error {
		if err := l.readTables(r, legacy); err != nil {
			return err
		}
		if err := l.scanItems(r); err != nil {
			return err
		}
		return l.scanIndexes(r)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// checkFormat writes keycodec.FormatVersion to a new store and refuses a
// store written in a key layout this binary does not know.
func checkFormat(ctx context.Context, store storage.Store) error {
	key := keycodec.FormatKey()
	return store.Update(ctx, [][]byte{key}, func(tx storage.Txn) error {
		v, err := tx.Get(key)
		if errors.Is(err, storage.ErrNotFound) {
			return tx.Set(key, []byte{keycodec.FormatVersion})
		}
		if err != nil {
			return err
		}
		if !bytes.Equal(v, []byte{keycodec.FormatVersion}) {
			return fmt.Errorf("catalog: store key format %v is not supported (want %d)", v, keycodec.FormatVersion)
		}
		return nil
	})
}

func (l *loaded) readTables(r storage.Reader, legacy Namespace) error {
	lower, upper := keycodec.CatalogSpan()
	err := r.Scan(lower, upper, false, func(k, v []byte) (bool, error) {
		t, err := decodeTable(v)
		if err != nil {
			return false, err
		}
		isLegacy := t.Namespace == (Namespace{})
		if isLegacy {
			t.Namespace = legacy
			l.legacyKeys = append(l.legacyKeys, bytes.Clone(k))
		}
		if t.Status == StatusDeleting {
			l.deleting = append(l.deleting, t)
		} else {
			l.tables[refOf(t)] = t
			if d := withoutDeleting(t); len(d.Indexes) != len(t.Indexes) {
				l.tables[refOf(t)] = d
				l.dropped = append(l.dropped, d)
			}
			if isLegacy {
				l.legacy = append(l.legacy, refOf(t))
			}
		}
		l.nextID = max(l.nextID, t.ID+1)
		return true, nil
	})
	if err != nil {
		return err
	}
	v, err := r.Get(nextIDKey())
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	id, err := decodeID(v)
	l.nextID = max(l.nextID, id)
	return err
}

// scanItems visits the item key space table by table: it counts the items
// of each live table and lists the ids of item ranges that belong to no
// live table. It skips from one table's range to the next with a seek, so
// orphaned ranges cost one key each.
func (l *loaded) scanItems(r storage.Reader) error {
	live := make(map[uint64]*Table, len(l.tables))
	for _, t := range l.tables {
		live[t.ID] = t
	}
	cursor, end := []byte{keycodec.SpaceItems}, []byte{keycodec.SpaceItems + 1}
	for {
		id, ok, err := firstTableID(r, cursor, end)
		if err != nil || !ok {
			return err
		}
		l.nextID = max(l.nextID, id+1)
		if t := live[id]; t != nil {
			if err := countItems(r, t); err != nil {
				return err
			}
		} else {
			l.purge = append(l.purge, id)
		}
		if id == math.MaxUint64 {
			return nil
		}
		cursor = keycodec.TablePrefix(id + 1)
	}
}

// firstTableID returns the table id of the first item key in [lower, upper).
func firstTableID(r storage.Reader, lower, upper []byte) (id uint64, ok bool, err error) {
	err = r.Scan(lower, upper, false, func(k, _ []byte) (bool, error) {
		if len(k) < 9 {
			return false, fmt.Errorf("catalog: %w: item key too short", keycodec.ErrCorrupt)
		}
		id, ok = binary.BigEndian.Uint64(k[1:9]), true
		return false, nil
	})
	return id, ok, err
}

// countItems sets t's statistics from its stored items.
func countItems(r storage.Reader, t *Table) error {
	lower, upper := keycodec.TableSpan(t.ID)
	n, size, err := countRange(r, lower, upper)
	t.AddStats(n, size)
	return err
}

// countRange counts the values in [lower, upper) and their sizes as
// attr.ItemSize measures them (item writes and index maintenance use the
// same measure). A value that does not decode counts its encoded length.
func countRange(r storage.Reader, lower, upper []byte) (n, size int64, err error) {
	err = r.Scan(lower, upper, false, func(_, v []byte) (bool, error) {
		n++
		if item, err := attr.DecodeItem(v); err == nil {
			size += int64(attr.ItemSize(item))
		} else {
			size += int64(len(v))
		}
		return true, nil
	})
	return n, size, err
}

// scanIndexes visits the index key space index by index: it counts the
// entries of each live index and lists the indexes whose entries belong
// to no live index (of a deleted table, or a deleted index). Like
// scanItems it seeks from one index's range to the next.
func (l *loaded) scanIndexes(r storage.Reader) error {
	live := make(map[indexRef]*Index)
	for _, t := range l.tables {
		for _, ix := range t.Indexes {
			live[indexRef{t.ID, ix.Ordinal}] = ix
		}
	}
	cursor, end := []byte{keycodec.SpaceIndexes}, []byte{keycodec.SpaceIndexes + 1}
	for {
		ref, ok, err := firstIndexRef(r, cursor, end)
		if err != nil || !ok {
			return err
		}
		l.nextID = max(l.nextID, ref.table+1)
		lower, upper := keycodec.IndexSpan(ref.table, ref.ordinal)
		if ix := live[ref]; ix != nil {
			n, size, err := countRange(r, lower, upper)
			if err != nil {
				return err
			}
			ix.AddStats(n, size)
		} else {
			l.indexPurge = append(l.indexPurge, ref)
		}
		cursor = upper
		if len(cursor) == 0 || bytes.Compare(cursor, end) >= 0 {
			return nil
		}
	}
}

// firstIndexRef returns the index of the first index entry key in
// [lower, upper).
func firstIndexRef(r storage.Reader, lower, upper []byte) (ref indexRef, ok bool, err error) {
	err = r.Scan(lower, upper, false, func(k, _ []byte) (bool, error) {
		if len(k) < 11 {
			return false, fmt.Errorf("catalog: %w: index entry key too short", keycodec.ErrCorrupt)
		}
		ref, ok = indexRef{binary.BigEndian.Uint64(k[1:9]), binary.BigEndian.Uint16(k[9:11])}, true
		return false, nil
	})
	return ref, ok, err
}

// finishIndexDeletes rewrites the records of tables that had indexes
// DELETING when the store was last closed, without those indexes. Their
// entries are already queued for removal: scanIndexes found them in no
// live index.
func (c *Catalog) finishIndexDeletes(l *loaded) error {
	for _, t := range l.dropped {
		if err := c.write(c.ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// finishDeletes removes the records of tables that were DELETING when the
// store was last closed. Their remaining items are already queued for
// removal: scanItems found them in no live table.
func (c *Catalog) finishDeletes(l *loaded) error {
	if len(l.deleting) == 0 {
		return nil
	}
	keys := make([][]byte, len(l.deleting))
	for i, t := range l.deleting {
		keys[i] = catalogKey(refOf(t))
	}
	return c.store.Update(c.ctx, keys, func(tx storage.Txn) error {
		for _, k := range keys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// moveLegacy stores the records written before tables were namespaced
// under their keys in the legacy namespace, and deletes the old keys, in
// one atomic update.
func (c *Catalog) moveLegacy(l *loaded) error {
	if len(l.legacyKeys) == 0 {
		return nil
	}
	keys := append([][]byte(nil), l.legacyKeys...)
	vals := make([][]byte, len(l.legacy))
	for i, r := range l.legacy {
		v, err := encodeTable(l.tables[r])
		if err != nil {
			return err
		}
		keys, vals[i] = append(keys, catalogKey(r)), v
	}
	return c.store.Update(c.ctx, keys, func(tx storage.Txn) error {
		for _, k := range l.legacyKeys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		for i, k := range keys[len(l.legacyKeys):] {
			if err := tx.Set(k, vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

package service

import (
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/storage"
)

// Index maintenance. Every write of an item stages, in the same storage
// batch as the item, the change of its entry in each index of the table
// that is not being deleted (a CREATING index too, so that writes during a
// backfill are indexed): the old entry is deleted when the item leaves the
// index or its entry key changes, and the new entry is set. Entry keys
// end with the table key, so only the writer of the item, which holds the
// item's lock, ever writes them: they need no locks of their own.

// indexChange is the change of one item's entry in one index.
type indexChange struct {
	ix       *catalog.Index
	delKey   []byte // entry to delete, or nil
	setKey   []byte // entry to set, or nil
	setItem  attr.Item
	had, has bool // whether the item had an entry before and has one after
	oldBytes int  // size of the projected item before and after
	newBytes int
}

// indexChanges computes the entry changes of replacing old with cur in t
// (either may be nil). It refuses cur, before anything is written, when an
// index key attribute has the wrong type or an empty value.
func indexChanges(t *catalog.Table, old, cur attr.Item) ([]indexChange, error) {
	if len(t.Indexes) == 0 {
		return nil, nil
	}
	var out []indexChange
	for _, ix := range t.Indexes {
		if ix.Status == catalog.StatusDeleting {
			continue
		}
		var before, after indexEntryOf
		var had, has bool
		var err error
		if cur != nil {
			if after, has, err = newIndexEntry(t, ix, cur); err != nil {
				return nil, err
			}
		}
		if old != nil {
			// An old item was valid when written; an index created since
			// may not fit it, and then it has no entry.
			if before, had, err = newIndexEntry(t, ix, old); err != nil {
				had = false
			}
		}
		if !had && !has {
			continue
		}
		if had && has && string(before.key) == string(after.key) && attr.Equal(attr.Map(before.item), attr.Map(after.item)) {
			continue // neither the index keys nor a projected attribute changed: the entry stays
		}
		ch := indexChange{ix: ix, had: had, has: has}
		if had {
			ch.oldBytes = attr.ItemSize(before.item)
			if !has || string(before.key) != string(after.key) {
				ch.delKey = before.key
			}
		}
		if has {
			ch.setKey, ch.setItem, ch.newBytes = after.key, after.item, attr.ItemSize(after.item)
		}
		out = append(out, ch)
	}
	return out, nil
}

// stageIndexChanges stages the changes in tx.
func stageIndexChanges(tx storage.Txn, changes []indexChange) error {
	for _, ch := range changes {
		if ch.delKey != nil {
			if err := tx.Delete(ch.delKey); err != nil {
				return err
			}
		}
		if ch.setKey != nil {
			if err := tx.Set(ch.setKey, attr.AppendItem(nil, ch.setItem)); err != nil {
				return err
			}
		}
	}
	return nil
}

// addIndexStats updates the indexes' statistics for committed changes.
func addIndexStats(changes []indexChange) {
	for _, ch := range changes {
		var dItems int64
		switch {
		case !ch.had && ch.has:
			dItems = 1
		case ch.had && !ch.has:
			dItems = -1
		}
		ch.ix.AddStats(dItems, int64(ch.newBytes-ch.oldBytes))
	}
}

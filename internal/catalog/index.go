package catalog

import (
	"time"

	"github.com/basalt-db/basalt/internal/attr"
)

// Index projection types, as the API spells them.
const (
	ProjectKeysOnly = "KEYS_ONLY"
	ProjectInclude  = "INCLUDE"
	ProjectAll      = "ALL"
)

// KeyAttr is one attribute of a key schema: its name and type (S, N or B).
type KeyAttr struct {
	Name string
	Type attr.Kind
}

// Index describes one secondary index of a table. Like a Table, an *Index
// reached through a published Table is immutable, except for its
// statistics (AddStats), which every snapshot of the index shares.
type Index struct {
	// Name is the index name, unique within the table.
	Name string
	// Global is true for a global secondary index, false for a local one.
	Global bool
	// Ordinal numbers the index within its table for its keys
	// (keycodec.IndexPrefix); it is never reused within the table, so a
	// re-created index never sees entries of a deleted one.
	Ordinal uint16
	// HashKeys and RangeKeys are the index's key schema: one to four
	// partition key attributes and zero to four sort key attributes (a
	// local index has the table's partition key and exactly one sort key).
	HashKeys  []KeyAttr
	RangeKeys []KeyAttr
	// Projection is ProjectKeysOnly, ProjectInclude or ProjectAll;
	// NonKeyAttributes lists the attributes INCLUDE adds, in the order given.
	Projection       string
	NonKeyAttributes []string
	// Provisioned holds a global index's provisioned capacity on a
	// PROVISIONED table (0/0 otherwise).
	Provisioned Throughput
	// OnDemandRead and OnDemandWrite are a global index's
	// OnDemandThroughput maximums, 0 when not set. WarmRead and WarmWrite
	// are its warm throughput (never decreasing).
	OnDemandRead, OnDemandWrite int64
	WarmRead, WarmWrite         int64
	// Status is StatusCreating, StatusUpdating, StatusActive or
	// StatusDeleting; a CREATING index whose Backfilling is false and whose
	// StatusUntil has passed is ACTIVE (see StatusAt). Local indexes are
	// always ACTIVE with their table.
	Status      string
	StatusUntil time.Time
	// Backfilling is true while entries for the items that existed when the
	// index was added are still being written (only for a global index
	// added by UpdateTable). It is persisted: a backfill interrupted by a
	// restart is run again, which is safe because entries are idempotent.
	Backfilling bool

	stats *stats
}

// clone returns a copy of ix that shares its statistics but no slices.
func (ix *Index) clone() *Index {
	c := *ix
	c.HashKeys = append([]KeyAttr(nil), ix.HashKeys...)
	c.RangeKeys = append([]KeyAttr(nil), ix.RangeKeys...)
	c.NonKeyAttributes = append([]string(nil), ix.NonKeyAttributes...)
	return &c
}

// IndexByOrdinal returns the table's index with ordinal, or nil.
func (t *Table) IndexByOrdinal(ordinal uint16) *Index {
	for _, ix := range t.Indexes {
		if ix.Ordinal == ordinal {
			return ix
		}
	}
	return nil
}

// StatusAt returns the index's status at now.
func (ix *Index) StatusAt(now time.Time) string {
	switch ix.Status {
	case StatusCreating, StatusUpdating:
		if ix.Backfilling || now.Before(ix.StatusUntil) {
			return ix.Status
		}
		return StatusActive
	}
	return ix.Status
}

// AddStats adds to the index's entry count and size, as Table.AddStats
// does for items.
func (ix *Index) AddStats(deltaItems, deltaBytes int64) {
	ix.stats.items.Add(deltaItems)
	ix.stats.bytes.Add(deltaBytes)
}

// RawStats returns the index's entry count and size as the counters hold
// them, which may be negative for a while: item writes during a backfill
// adjust them for entries they cannot know exist. The backfill corrects
// them (AddStats of the counted figures minus these) when it has counted
// the entries.
func (ix *Index) RawStats() (items, bytes int64) {
	return ix.stats.items.Load(), ix.stats.bytes.Load()
}

// Stats returns the index's entry count and size in bytes (approximate).
func (ix *Index) Stats() (items, bytes int64) {
	return max(ix.stats.items.Load(), 0), max(ix.stats.bytes.Load(), 0)
}

// Projects reports whether the index holds attribute name of its items:
// every key attribute of the index and the table, and the projection's.
func (ix *Index) Projects(t *Table, name string) bool {
	if ix.Projection == ProjectAll || name == t.HashKey || (t.RangeKey != "" && name == t.RangeKey) {
		return true
	}
	for _, k := range ix.HashKeys {
		if k.Name == name {
			return true
		}
	}
	for _, k := range ix.RangeKeys {
		if k.Name == name {
			return true
		}
	}
	if ix.Projection == ProjectInclude {
		for _, n := range ix.NonKeyAttributes {
			if n == name {
				return true
			}
		}
	}
	return false
}

// Index returns the table's index called name, or nil.
func (t *Table) Index(name string) *Index {
	for _, ix := range t.Indexes {
		if ix.Name == name {
			return ix
		}
	}
	return nil
}

package catalog

import (
	"sync/atomic"
	"time"

	"github.com/basalt-db/basalt/internal/attr"
)

// Table statuses, as DescribeTable reports them.
const (
	StatusCreating = "CREATING"
	StatusUpdating = "UPDATING"
	StatusDeleting = "DELETING"
	StatusActive   = "ACTIVE"
)

// Billing modes and table classes, as the API spells them.
const (
	BillingProvisioned   = "PROVISIONED"
	BillingPayPerRequest = "PAY_PER_REQUEST"

	ClassStandard         = "STANDARD"
	ClassInfrequentAccess = "STANDARD_INFREQUENT_ACCESS"
)

// AttributeDefinition declares the type (S, N or B) of a key attribute.
type AttributeDefinition struct {
	Name string
	Type attr.Kind
}

// Throughput is a table's provisioned capacity and its change history.
// Times are zero when the event never happened.
type Throughput struct {
	Read, Write  int64
	LastIncrease time.Time
	LastDecrease time.Time
	// Decreases counts the decreases made on DecreaseDay (days since the
	// Unix epoch, UTC); NumberOfDecreasesToday reports it only on that day.
	Decreases   int64
	DecreaseDay int64
}

// DecreasesOn returns the number of decreases made on the UTC day of now.
func (p Throughput) DecreasesOn(now time.Time) int64 {
	if p.DecreaseDay != utcDay(now) {
		return 0
	}
	return p.Decreases
}

func utcDay(t time.Time) int64 { return t.Unix() / 86400 }

// Stream is a table's stream settings as given. Label is the stream label
// (a timestamp) of the latest stream, "" when the table never had one.
type Stream struct {
	Enabled  bool
	ViewType string
	Label    string
}

// TTL statuses, as DescribeTimeToLive reports them.
const (
	TTLEnabling  = "ENABLING"
	TTLEnabled   = "ENABLED"
	TTLDisabling = "DISABLING"
	TTLDisabled  = "DISABLED"
)

// TTL is a table's Time to Live setting as UpdateTimeToLive last left it.
// Attribute is the TTL attribute (kept after disabling, "" if TTL was never
// enabled); Enabled is the requested state; Changed is when it was last
// changed (zero if never); the change is ENABLING or DISABLING until Until.
type TTL struct {
	Attribute      string
	Enabled        bool
	Changed, Until time.Time
}

// StatusAt returns the TTL status at now: ENABLING or DISABLING until Until,
// then ENABLED or DISABLED.
func (t TTL) StatusAt(now time.Time) string {
	switch {
	case t.Enabled && now.Before(t.Until):
		return TTLEnabling
	case t.Enabled:
		return TTLEnabled
	case !t.Changed.IsZero() && now.Before(t.Until):
		return TTLDisabling
	}
	return TTLDisabled
}

// Namespace is where table names are unique: one AWS account in one
// region, as in AWS. Tables of different namespaces share nothing but the
// store and its table ids.
type Namespace struct{ Account, Region string }

// Tag is one resource tag.
type Tag struct{ Key, Value string }

// PITR is a table's point-in-time recovery setting: whether it is on, its
// recovery period in days, and since when it has been on (zero when off).
type PITR struct {
	Enabled    bool
	PeriodDays int64
	Since      time.Time
}

// Table describes one table: everything DescribeTable reports, and what the
// item operations need on every request.
//
// A *Table returned by the catalog is an immutable snapshot: callers must
// never modify it (Update hands its callback a private copy). Only the item
// statistics change in place, through AddStats, and they are shared by every
// snapshot of the same table. All methods are safe for concurrent use.
type Table struct {
	// Namespace is the account and region the table belongs to; its Name
	// is unique within it.
	Namespace Namespace
	// Name is the table name; ID is the numeric id the catalog assigned,
	// which prefixes every item key (keycodec.TablePrefix). IDs increase
	// and are never reused, so a re-created table never sees old items.
	Name string
	ID   uint64
	// TableID is the UUID DescribeTable reports as TableId.
	TableID string

	// The key schema: the partition (hash) key, and the sort (range) key,
	// RangeKey "" when the table has none. Types are S, N or B.
	HashKey   string
	HashType  attr.Kind
	RangeKey  string
	RangeType attr.Kind

	// Attributes are the AttributeDefinitions in the order given.
	Attributes []AttributeDefinition

	// BillingMode is BillingProvisioned or BillingPayPerRequest.
	// LastPayPerRequest is when the table last became PAY_PER_REQUEST
	// (zero if never; AWS then omits BillingModeSummary).
	BillingMode       string
	LastPayPerRequest time.Time
	// Provisioned holds the provisioned capacity; on PAY_PER_REQUEST
	// tables Read and Write are 0 and the history is kept.
	Provisioned Throughput
	// OnDemandRead and OnDemandWrite are the OnDemandThroughput maximums,
	// 0 when not set.
	OnDemandRead, OnDemandWrite int64
	// WarmRead and WarmWrite are the warm throughput (never decreasing).
	WarmRead, WarmWrite int64

	// TableClass is "" while never set explicitly (AWS then omits
	// TableClassSummary; the class is STANDARD). ClassUpdated is when an
	// UpdateTable last changed it.
	TableClass   string
	ClassUpdated time.Time

	DeletionProtection bool
	Stream             Stream
	Tags               []Tag
	// PITR is the point-in-time recovery setting (UpdateContinuousBackups).
	PITR PITR
	// TTL is the table's Time to Live setting (zero: never enabled).
	TTL TTL

	// Indexes are the table's secondary indexes, local ones first, each
	// group in the order created. NextIndexOrdinal is the ordinal the next
	// index gets. The catalog assigns Ordinal and statistics to every
	// index that Create is given and that an Update callback appends (an
	// appended index is recognised by having no statistics yet).
	Indexes          []*Index
	NextIndexOrdinal uint16

	// Created is the creation time. Status is the stored status; while
	// it is CREATING or UPDATING it lasts until StatusUntil, then the
	// table is ACTIVE (see StatusAt). DELETING lasts until the catalog
	// removes the table.
	Created     time.Time
	Status      string
	StatusUntil time.Time

	stats *stats
}

// stats are a table's approximate item count and size in bytes.
type stats struct {
	items atomic.Int64
	bytes atomic.Int64
}

// AddStats adds to the table's item count and total item size (bytes as
// attr.ItemSize counts them). Item writes call it after each committed
// change: +1 and the new size for a new item, -1 and minus the old size for
// a deleted one, 0 and the size difference for a replaced one. Safe for
// concurrent use; it never fails and never allocates.
func (t *Table) AddStats(deltaItems, deltaBytes int64) {
	t.stats.items.Add(deltaItems)
	t.stats.bytes.Add(deltaBytes)
}

// Stats returns the table's item count and total size in bytes. Like AWS's
// ItemCount and TableSizeBytes (which AWS refreshes about every six hours)
// they are approximate: concurrent writes may or may not be counted yet.
func (t *Table) Stats() (items, bytes int64) {
	return max(t.stats.items.Load(), 0), max(t.stats.bytes.Load(), 0)
}

// StatusAt returns the table's status at now: a CREATING or UPDATING status
// becomes ACTIVE once StatusUntil has passed.
func (t *Table) StatusAt(now time.Time) string {
	switch t.Status {
	case StatusCreating, StatusUpdating:
		if now.Before(t.StatusUntil) {
			return t.Status
		}
		return StatusActive
	}
	return t.Status
}

// usable reports whether item operations may use the table at now: not
// while it is being created or deleted.
func (t *Table) usable(now time.Time) bool {
	switch t.Status {
	case StatusActive, StatusUpdating:
		return true
	case StatusCreating:
		return !now.Before(t.StatusUntil)
	}
	return false
}

// clone returns a copy of t that shares its statistics (and those of its
// indexes) but no slices and no *Index: the copy's indexes may be changed.
func (t *Table) clone() *Table {
	c := *t
	c.Attributes = append([]AttributeDefinition(nil), t.Attributes...)
	c.Tags = append([]Tag(nil), t.Tags...)
	c.Indexes = nil
	for _, ix := range t.Indexes {
		c.Indexes = append(c.Indexes, ix.clone())
	}
	return &c
}

// Set changes the provisioned capacity to read and write at now, recording
// an increase and/or a decrease (a call that lowers either counts as one
// decrease of the UTC day).
func (p *Throughput) Set(read, write int64, now time.Time) {
	if read > p.Read || write > p.Write {
		p.LastIncrease = now
	}
	if read < p.Read || write < p.Write {
		p.LastDecrease = now
		if day := utcDay(now); p.DecreaseDay != day {
			p.Decreases, p.DecreaseDay = 0, day
		}
		p.Decreases++
	}
	p.Read, p.Write = read, write
}

package catalog

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// Storage layout (see DESIGN.md):
//
//	keycodec.CatalogKey(account, region, name) → JSON record of the table (recordVersion)
//	keycodec.SystemKey(nextIDSetting)  → next table id, 8 bytes big-endian
//
// The record is JSON so that it can be read with any tool and grow fields;
// it is read once at Open and written only by table operations.
const (
	recordVersion = 1
	nextIDSetting = "catalog.next-table-id"
)

func nextIDKey() []byte { return keycodec.SystemKey(nextIDSetting) }

func encodeID(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

func decodeID(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("catalog: next table id is %d bytes, want 8", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// record is the stored form of a Table. Times are Unix milliseconds, 0 for
// the zero time; types are their wire descriptors ("S", "N", "B").
type record struct {
	V int `json:"v"`
	// Account and Region are absent in records written before tables were
	// namespaced; Open moves such a table into Options.Legacy.
	Account            string      `json:"account,omitempty"`
	Region             string      `json:"region,omitempty"`
	Name               string      `json:"name"`
	ID                 uint64      `json:"id"`
	TableID            string      `json:"tableId"`
	HashKey            string      `json:"hashKey"`
	HashType           string      `json:"hashType"`
	RangeKey           string      `json:"rangeKey,omitempty"`
	RangeType          string      `json:"rangeType,omitempty"`
	Attributes         [][2]string `json:"attributes"`
	BillingMode        string      `json:"billingMode"`
	LastPayPerRequest  int64       `json:"lastPayPerRequest,omitempty"`
	Read               int64       `json:"read,omitempty"`
	Write              int64       `json:"write,omitempty"`
	LastIncrease       int64       `json:"lastIncrease,omitempty"`
	LastDecrease       int64       `json:"lastDecrease,omitempty"`
	Decreases          int64       `json:"decreases,omitempty"`
	DecreaseDay        int64       `json:"decreaseDay,omitempty"`
	OnDemandRead       int64       `json:"onDemandRead,omitempty"`
	OnDemandWrite      int64       `json:"onDemandWrite,omitempty"`
	WarmRead           int64       `json:"warmRead,omitempty"`
	WarmWrite          int64       `json:"warmWrite,omitempty"`
	TableClass         string      `json:"tableClass,omitempty"`
	ClassUpdated       int64       `json:"classUpdated,omitempty"`
	DeletionProtection bool        `json:"deletionProtection,omitempty"`
	StreamEnabled      bool        `json:"streamEnabled,omitempty"`
	StreamViewType     string      `json:"streamViewType,omitempty"`
	StreamLabel        string      `json:"streamLabel,omitempty"`
	Tags               [][2]string `json:"tags,omitempty"`
	Created            int64       `json:"created"`
	Status             string      `json:"status"`
	StatusUntil        int64       `json:"statusUntil,omitempty"`
	// Indexes and NextIndexOrdinal are absent in records written before
	// secondary indexes existed; such a table has none.
	Indexes          []indexRecord `json:"indexes,omitempty"`
	NextIndexOrdinal uint16        `json:"nextIndexOrdinal,omitempty"`
	// The TTL setting; absent in older records (TTL never enabled).
	TTLAttribute string `json:"ttlAttribute,omitempty"`
	TTLEnabled   bool   `json:"ttlEnabled,omitempty"`
	TTLChanged   int64  `json:"ttlChanged,omitempty"`
	TTLUntil     int64  `json:"ttlUntil,omitempty"`
}

// indexRecord is the stored form of an Index.
type indexRecord struct {
	Name          string      `json:"name"`
	Global        bool        `json:"global,omitempty"`
	Ordinal       uint16      `json:"ordinal"`
	HashKeys      [][2]string `json:"hashKeys"`
	RangeKeys     [][2]string `json:"rangeKeys,omitempty"`
	Projection    string      `json:"projection"`
	NonKey        []string    `json:"nonKeyAttributes,omitempty"`
	Read          int64       `json:"read,omitempty"`
	Write         int64       `json:"write,omitempty"`
	LastIncrease  int64       `json:"lastIncrease,omitempty"`
	LastDecrease  int64       `json:"lastDecrease,omitempty"`
	Decreases     int64       `json:"decreases,omitempty"`
	DecreaseDay   int64       `json:"decreaseDay,omitempty"`
	OnDemandRead  int64       `json:"onDemandRead,omitempty"`
	OnDemandWrite int64       `json:"onDemandWrite,omitempty"`
	WarmRead      int64       `json:"warmRead,omitempty"`
	WarmWrite     int64       `json:"warmWrite,omitempty"`
	Status        string      `json:"status"`
	StatusUntil   int64       `json:"statusUntil,omitempty"`
	Backfilling   bool        `json:"backfilling,omitempty"`
}

func encodeKeyAttrs(ks []KeyAttr) [][2]string {
	var out [][2]string
	for _, k := range ks {
		out = append(out, [2]string{k.Name, k.Type.String()})
	}
	return out
}

func decodeKeyAttrs(ks [][2]string) []KeyAttr {
	var out []KeyAttr
	for _, k := range ks {
		out = append(out, KeyAttr{Name: k[0], Type: attr.KindOf(k[1])})
	}
	return out
}

func encodeIndex(ix *Index) indexRecord {
	p := ix.Provisioned
	return indexRecord{
		Name: ix.Name, Global: ix.Global, Ordinal: ix.Ordinal,
		HashKeys: encodeKeyAttrs(ix.HashKeys), RangeKeys: encodeKeyAttrs(ix.RangeKeys),
		Projection: ix.Projection, NonKey: ix.NonKeyAttributes,
		Read: p.Read, Write: p.Write, LastIncrease: millis(p.LastIncrease), LastDecrease: millis(p.LastDecrease),
		Decreases: p.Decreases, DecreaseDay: p.DecreaseDay,
		OnDemandRead: ix.OnDemandRead, OnDemandWrite: ix.OnDemandWrite, WarmRead: ix.WarmRead, WarmWrite: ix.WarmWrite,
		Status: ix.Status, StatusUntil: millis(ix.StatusUntil), Backfilling: ix.Backfilling,
	}
}

// decodeIndex returns the Index of r, with zero statistics.
func decodeIndex(r indexRecord) *Index {
	return &Index{
		Name: r.Name, Global: r.Global, Ordinal: r.Ordinal,
		HashKeys: decodeKeyAttrs(r.HashKeys), RangeKeys: decodeKeyAttrs(r.RangeKeys),
		Projection: r.Projection, NonKeyAttributes: r.NonKey,
		Provisioned: Throughput{
			Read: r.Read, Write: r.Write,
			LastIncrease: fromMillis(r.LastIncrease), LastDecrease: fromMillis(r.LastDecrease),
			Decreases: r.Decreases, DecreaseDay: r.DecreaseDay,
		},
		OnDemandRead: r.OnDemandRead, OnDemandWrite: r.OnDemandWrite, WarmRead: r.WarmRead, WarmWrite: r.WarmWrite,
		Status: r.Status, StatusUntil: fromMillis(r.StatusUntil), Backfilling: r.Backfilling,
		stats: &stats{},
	}
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// encodeTable returns the stored form of t.
func encodeTable(t *Table) ([]byte, error) {
	r := record{
		V: recordVersion, Account: t.Namespace.Account, Region: t.Namespace.Region,
		Name: t.Name, ID: t.ID, TableID: t.TableID,
		HashKey: t.HashKey, HashType: t.HashType.String(),
		RangeKey: t.RangeKey, BillingMode: t.BillingMode,
		LastPayPerRequest: millis(t.LastPayPerRequest),
		Read:              t.Provisioned.Read, Write: t.Provisioned.Write,
		LastIncrease: millis(t.Provisioned.LastIncrease), LastDecrease: millis(t.Provisioned.LastDecrease),
		Decreases: t.Provisioned.Decreases, DecreaseDay: t.Provisioned.DecreaseDay,
		OnDemandRead: t.OnDemandRead, OnDemandWrite: t.OnDemandWrite,
		WarmRead: t.WarmRead, WarmWrite: t.WarmWrite,
		TableClass: t.TableClass, ClassUpdated: millis(t.ClassUpdated),
		DeletionProtection: t.DeletionProtection,
		StreamEnabled:      t.Stream.Enabled, StreamViewType: t.Stream.ViewType, StreamLabel: t.Stream.Label,
		Created: millis(t.Created), Status: t.Status, StatusUntil: millis(t.StatusUntil),
	}
	if t.RangeKey != "" {
		r.RangeType = t.RangeType.String()
	}
	for _, a := range t.Attributes {
		r.Attributes = append(r.Attributes, [2]string{a.Name, a.Type.String()})
	}
	for _, tag := range t.Tags {
		r.Tags = append(r.Tags, [2]string{tag.Key, tag.Value})
	}
	for _, ix := range t.Indexes {
		r.Indexes = append(r.Indexes, encodeIndex(ix))
	}
	r.NextIndexOrdinal = t.NextIndexOrdinal
	r.TTLAttribute, r.TTLEnabled = t.TTL.Attribute, t.TTL.Enabled
	r.TTLChanged, r.TTLUntil = millis(t.TTL.Changed), millis(t.TTL.Until)
	return json.Marshal(&r)
}

// decodeTable parses a stored record; the result (and its indexes) has
// zero statistics.
func decodeTable(b []byte) (*Table, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("catalog: corrupt table record: %w", err)
	}
	if r.V != recordVersion {
		return nil, fmt.Errorf("catalog: table record version %d not supported", r.V)
	}
	t := &Table{
		Namespace: Namespace{Account: r.Account, Region: r.Region},
		Name:      r.Name, ID: r.ID, TableID: r.TableID,
		HashKey: r.HashKey, HashType: attr.KindOf(r.HashType),
		RangeKey: r.RangeKey, RangeType: attr.KindOf(r.RangeType),
		BillingMode: r.BillingMode, LastPayPerRequest: fromMillis(r.LastPayPerRequest),
		Provisioned: Throughput{
			Read: r.Read, Write: r.Write,
			LastIncrease: fromMillis(r.LastIncrease), LastDecrease: fromMillis(r.LastDecrease),
			Decreases: r.Decreases, DecreaseDay: r.DecreaseDay,
		},
		OnDemandRead: r.OnDemandRead, OnDemandWrite: r.OnDemandWrite,
		WarmRead: r.WarmRead, WarmWrite: r.WarmWrite,
		TableClass: r.TableClass, ClassUpdated: fromMillis(r.ClassUpdated),
		DeletionProtection: r.DeletionProtection,
		Stream:             Stream{Enabled: r.StreamEnabled, ViewType: r.StreamViewType, Label: r.StreamLabel},
		Created:            fromMillis(r.Created), Status: r.Status, StatusUntil: fromMillis(r.StatusUntil),
		stats: &stats{},
	}
	for _, a := range r.Attributes {
		t.Attributes = append(t.Attributes, AttributeDefinition{Name: a[0], Type: attr.KindOf(a[1])})
	}
	for _, tag := range r.Tags {
		t.Tags = append(t.Tags, Tag{Key: tag[0], Value: tag[1]})
	}
	for _, ir := range r.Indexes {
		t.Indexes = append(t.Indexes, decodeIndex(ir))
	}
	t.NextIndexOrdinal = r.NextIndexOrdinal
	t.TTL = TTL{Attribute: r.TTLAttribute, Enabled: r.TTLEnabled, Changed: fromMillis(r.TTLChanged), Until: fromMillis(r.TTLUntil)}
	return t, nil
}

package service

import (
	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// readTarget is what a Query or Scan reads: a table, or one of its
// secondary indexes (ix not nil).
type readTarget struct {
	t  *catalog.Table
	ix *catalog.Index
	// hks and rks are the key schema of what is read: its partition and
	// sort key attributes, built once. The slices may be shared (with the
	// index): they must not be modified.
	hks, rks []catalog.KeyAttr
}

// tableTarget is the readTarget of table t itself.
func tableTarget(t *catalog.Table) readTarget {
	if t.RangeKey == "" {
		return readTarget{t: t, hks: []catalog.KeyAttr{{Name: t.HashKey, Type: t.HashType}}}
	}
	keys := []catalog.KeyAttr{{Name: t.HashKey, Type: t.HashType}, {Name: t.RangeKey, Type: t.RangeType}}
	return readTarget{t: t, hks: keys[:1:1], rks: keys[1:2:2]}
}

// newReadTarget finds the index a Query or Scan names (none when
// indexName is empty) and checks that it may be read as asked: it exists,
// is not being created or deleted, is not read consistently if global,
// and holds every attribute when Select is ALL_ATTRIBUTES on a global
// index.
func (s *Service) newReadTarget(t *catalog.Table, indexName, sel string, consistent bool) (readTarget, error) {
	if indexName == "" {
		return tableTarget(t), nil
	}
	ix := t.Index(indexName)
	if ix == nil {
		return readTarget{}, apierr.New(apierr.Validation, "The table does not have the specified index: "+indexName)
	}
	switch ix.StatusAt(s.opts.Now()) {
	case catalog.StatusActive, catalog.StatusUpdating:
	case catalog.StatusDeleting:
		return readTarget{}, apierr.New(apierr.Validation, "The table does not have the specified index: "+indexName)
	default:
		return readTarget{}, apierr.New(apierr.Validation, "Cannot read from backfilling global secondary index: "+indexName)
	}
	if ix.Global && consistent {
		return readTarget{}, apierr.New(apierr.Validation, "Consistent reads are not supported on global secondary indexes")
	}
	if ix.Global && sel == "ALL_ATTRIBUTES" && ix.Projection != catalog.ProjectAll {
		return readTarget{}, apierr.Newf(apierr.Validation,
			"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index %s because its projection type is not ALL", ix.Name)
	}
	return readTarget{t: t, ix: ix, hks: ix.HashKeys, rks: ix.RangeKeys}, nil
}

// isKey reports whether name is one of the target's key attributes.
func (rt readTarget) isKey(name string) bool {
	for _, k := range rt.hks {
		if k.Name == name {
			return true
		}
	}
	for _, k := range rt.rks {
		if k.Name == name {
			return true
		}
	}
	return false
}

// startKeyNames are the attributes an ExclusiveStartKey of the target
// has: the target's keys and, for an index, the table's.
func (rt readTarget) startKeyNames() []catalog.KeyAttr {
	names := append(append([]catalog.KeyAttr(nil), rt.hks...), rt.rks...)
	if rt.ix == nil {
		return names
	}
	for _, k := range []catalog.KeyAttr{{Name: rt.t.HashKey, Type: rt.t.HashType}, {Name: rt.t.RangeKey, Type: rt.t.RangeType}} {
		if k.Name != "" && !rt.isKey(k.Name) {
			names = append(names, k)
		}
	}
	return names
}

// lastKey is the LastEvaluatedKey of a page that stopped at item: the
// target's key attributes and, for an index, the table's.
func (rt readTarget) lastKey(item attr.Item) attr.Item {
	k := tableKey(rt.t, item)
	if rt.ix != nil {
		for _, keys := range [][]catalog.KeyAttr{rt.hks, rt.rks} {
			for _, a := range keys {
				k[a.Name] = item[a.Name]
			}
		}
	}
	return k
}

// position returns the store key of an item or index entry with the
// (checked) key attributes of start.
func (rt readTarget) position(start attr.Item) ([]byte, error) {
	var sk *attr.Value
	if rt.t.RangeKey != "" {
		v := start[rt.t.RangeKey]
		sk = &v
	}
	if rt.ix == nil {
		return keycodec.ItemKey(rt.t.ID, start[rt.t.HashKey], sk)
	}
	return keycodec.IndexEntryKey(rt.t.ID, rt.ix.Ordinal, values(start, rt.hks), values(start, rt.rks), start[rt.t.HashKey], sk)
}

func values(item attr.Item, keys []catalog.KeyAttr) []attr.Value {
	out := make([]attr.Value, len(keys))
	for i, k := range keys {
		out[i] = item[k.Name]
	}
	return out
}

// consumed is the ConsumedCapacity of reading units from the target for
// mode: on an index, INDEXES reports it under the index, the table at 0.
func (rt readTarget) consumed(mode string, units float64) *api.ConsumedCapacity {
	if !wantsCapacity(mode) {
		return nil // consumed's answer, without its allocation
	}
	c := consumed(mode, rt.t.Name, units)
	if c == nil || rt.ix == nil || mode != "INDEXES" {
		return c
	}
	// A copy of units, taken here: &units would move the parameter to the
	// heap on every call, even those that return above.
	zero, ixUnits := 0.0, units
	c.Table = &api.Capacity{CapacityUnits: &zero}
	m := map[string]api.Capacity{rt.ix.Name: {CapacityUnits: &ixUnits}}
	if rt.ix.Global {
		c.GlobalSecondaryIndexes = m
	} else {
		c.LocalSecondaryIndexes = m
	}
	return c
}

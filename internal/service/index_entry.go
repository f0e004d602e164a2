package service

import (
	"fmt"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// indexKeyValues returns item's values of ix's partition and sort key
// attributes. ok is false when the item lacks one of them: the index is
// sparse, and such an item has no entry. A key attribute of another type
// than the index declares, or an empty string or binary, is refused with
// AWS's ValidationException, so no write can leave an item the index
// cannot hold.
func indexKeyValues(ix *catalog.Index, item attr.Item) (hks, rks []attr.Value, ok bool, err error) {
	collect := func(keys []catalog.KeyAttr) ([]attr.Value, bool, error) {
		vals := make([]attr.Value, 0, len(keys))
		for _, k := range keys {
			v, present := item[k.Name]
			if !present {
				return nil, false, nil
			}
			if err := checkIndexKeyValue(ix, k, v); err != nil {
				return nil, false, err
			}
			vals = append(vals, v)
		}
		return vals, true, nil
	}
	// Every key attribute present is checked, even when another is
	// missing: a wrong type is an error whether or not the item is indexed.
	hks, hasH, err := collect(ix.HashKeys)
	if err != nil {
		return nil, nil, false, err
	}
	rks, hasR, err := collect(ix.RangeKeys)
	if err != nil {
		return nil, nil, false, err
	}
	return hks, rks, hasH && hasR, nil
}

// checkIndexKeys checks an item's index key attributes against every index
// of t, as a write of the item would (see indexKeyValues).
func checkIndexKeys(t *catalog.Table, item attr.Item) error {
	for _, ix := range t.Indexes {
		if _, _, _, err := indexKeyValues(ix, item); err != nil {
			return err
		}
	}
	return nil
}

// checkIndexKeyValue checks one index key attribute's value.
func checkIndexKeyValue(ix *catalog.Index, k catalog.KeyAttr, v attr.Value) error {
	if v.Kind != k.Type {
		return apierr.Newf(apierr.Validation,
			"One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s",
			k.Name, k.Type, v.Kind, ix.Name)
	}
	if (v.Kind == attr.KindS && v.S == "") || (v.Kind == attr.KindB && len(v.B) == 0) {
		return apierr.Newf(apierr.Validation,
			"One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty %s value. IndexName: %s, IndexKey: %s",
			map[attr.Kind]string{attr.KindS: "string", attr.KindB: "binary"}[v.Kind], ix.Name, k.Name)
	}
	return nil
}

// indexEntry returns the key and value of item's entry in ix, ok false
// when the item has none (it lacks an index key attribute). The value is
// the item as the index projects it. Errors: a refused key value (see
// indexKeyValues).
func (s *Service) indexEntry(t *catalog.Table, ix *catalog.Index, item attr.Item) (key, value []byte, ok bool, err error) {
	e, ok, err := newIndexEntry(t, ix, item)
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	return e.key, attr.AppendItem(nil, e.item), true, nil
}

// indexEntryOf is one item's entry in one index.
type indexEntryOf struct {
	key  []byte
	item attr.Item // the projected item
}

func newIndexEntry(t *catalog.Table, ix *catalog.Index, item attr.Item) (indexEntryOf, bool, error) {
	hks, rks, ok, err := indexKeyValues(ix, item)
	if err != nil || !ok {
		return indexEntryOf{}, false, err
	}
	var sk *attr.Value
	if t.RangeKey != "" {
		v := item[t.RangeKey]
		sk = &v
	}
	key, err := keycodec.IndexEntryKey(t.ID, ix.Ordinal, hks, rks, item[t.HashKey], sk)
	if err != nil {
		return indexEntryOf{}, false, fmt.Errorf("service: index %s entry key: %w", ix.Name, err)
	}
	return indexEntryOf{key: key, item: projectForIndex(t, ix, item)}, true, nil
}

// projectForIndex returns item as ix holds it: every attribute for ALL,
// else the table's and the index's key attributes and, for INCLUDE, the
// listed ones.
func projectForIndex(t *catalog.Table, ix *catalog.Index, item attr.Item) attr.Item {
	if ix.Projection == catalog.ProjectAll {
		return item
	}
	out := make(attr.Item, len(ix.HashKeys)+len(ix.RangeKeys)+len(ix.NonKeyAttributes)+2)
	for name, v := range item {
		if ix.Projects(t, name) {
			out[name] = v
		}
	}
	return out
}

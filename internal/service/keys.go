package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// Key size limits, in bytes of the key value.
const (
	maxPartitionKeyBytes = 2048
	maxSortKeyBytes      = 1024
)

// primaryKey is the key of one item: its partition key value and, for
// tables with a sort key, its sort key value.
type primaryKey struct {
	pk attr.Value
	sk *attr.Value
}

// storageKey returns the item's key in the store. Keys reaching it have
// been checked against the schema, so an error is an internal fault.
func (k primaryKey) storageKey(t *catalog.Table) ([]byte, error) {
	return keycodec.ItemKey(t.ID, k.pk, k.sk)
}

// item returns the key as an item holding only the key attributes.
func (k primaryKey) item(t *catalog.Table) attr.Item {
	it := attr.Item{t.HashKey: k.pk}
	if k.sk != nil {
		it[t.RangeKey] = *k.sk
	}
	return it
}

// keyOfItem extracts and checks the key of an item given to PutItem.
func keyOfItem(t *catalog.Table, item attr.Item) (primaryKey, error) {
	pk, err := itemKeyAttr(item, t.HashKey, t.HashType)
	if err != nil {
		return primaryKey{}, err
	}
	k := primaryKey{pk: pk}
	if t.RangeKey != "" {
		sk, err := itemKeyAttr(item, t.RangeKey, t.RangeType)
		if err != nil {
			return primaryKey{}, err
		}
		k.sk = &sk
	}
	return k, checkKeySizes(k)
}

func itemKeyAttr(item attr.Item, name string, kind attr.Kind) (attr.Value, error) {
	v, ok := item[name]
	if !ok {
		return v, apierr.Newf(apierr.Validation, "One or more parameter values were invalid: Missing the key %s in the item", name)
	}
	if v.Kind != kind {
		return v, apierr.Newf(apierr.Validation, "One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", name, kind, v.Kind)
	}
	return v, checkKeyNotEmpty(name, v)
}

// tableAndKey finds the table a GetItem, UpdateItem or DeleteItem names and
// checks the request's Key against its schema.
func (s *Service) tableAndKey(ctx context.Context, op, name string, key attr.Item) (*catalog.Table, primaryKey, error) {
	t, err := s.itemTable(ctx, op, name)
	if err != nil {
		return nil, primaryKey{}, err
	}
	k, err := keyOfKey(t, key)
	return t, k, err
}

// keyOfKey extracts and checks the Key parameter of GetItem, UpdateItem
// and DeleteItem: exactly the table's key attributes, of their types.
func keyOfKey(t *catalog.Table, key attr.Item) (primaryKey, error) {
	want := 1
	if t.RangeKey != "" {
		want = 2
	}
	if len(key) != want {
		return primaryKey{}, errKeyMismatch()
	}
	return keyOfKeyAttrs(t, key)
}

// keyOfKeyAttrs extracts and checks the key attributes item holds, with
// keyOfKey's errors: a missing key attribute, like one of the wrong type,
// does not match the schema. Other attributes are ignored (a put item of
// a batch is checked so).
func keyOfKeyAttrs(t *catalog.Table, item attr.Item) (primaryKey, error) {
	pk, ok := item[t.HashKey]
	if !ok || pk.Kind != t.HashType {
		return primaryKey{}, errKeyMismatch()
	}
	k := primaryKey{pk: pk}
	if t.RangeKey != "" {
		sk, ok := item[t.RangeKey]
		if !ok || sk.Kind != t.RangeType {
			return primaryKey{}, errKeyMismatch()
		}
		k.sk = &sk
	}
	if err := checkKeyNotEmpty(t.HashKey, pk); err != nil {
		return primaryKey{}, err
	}
	if k.sk != nil {
		if err := checkKeyNotEmpty(t.RangeKey, *k.sk); err != nil {
			return primaryKey{}, err
		}
	}
	return k, checkKeySizes(k)
}

// errKeyMismatch is AWS's answer to a Key that does not match the schema.
func errKeyMismatch() *apierr.Error {
	return apierr.New(apierr.Validation, "The provided key element does not match the schema")
}

func checkKeyNotEmpty(name string, v attr.Value) error {
	switch {
	case v.Kind == attr.KindS && v.S == "":
		return apierr.Newf(apierr.Validation, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: %s", name)
	case v.Kind == attr.KindB && len(v.B) == 0:
		return apierr.Newf(apierr.Validation, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: %s", name)
	}
	return nil
}

func checkKeySizes(k primaryKey) error {
	if keyBytes(k.pk) > maxPartitionKeyBytes {
		return apierr.New(apierr.Validation, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
	}
	if k.sk != nil && keyBytes(*k.sk) > maxSortKeyBytes {
		return apierr.New(apierr.Validation, "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	}
	return nil
}

// keyBytes is the size of a key value as the key limits count it.
func keyBytes(v attr.Value) int {
	if v.Kind == attr.KindB {
		return len(v.B)
	}
	if v.Kind == attr.KindN {
		return attr.Size(v)
	}
	return len(v.S)
}

// touchesKey reports the first key attribute that a path set modifies, for
// "Cannot update attribute …" errors.
func touchesKey(t *catalog.Table, names []string) (string, bool) {
	for _, n := range names {
		if n == t.HashKey || (t.RangeKey != "" && n == t.RangeKey) {
			return n, true
		}
	}
	return "", false
}

package service

import (
	"bytes"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
)

// Messages of the key-condition and starting-key checks of Query.
const (
	msgStartKeyInvalid   = "The provided starting key is invalid"
	msgKeyElementSchema  = "The provided key element does not match the schema"
	msgKeyNotSupported   = "Query key condition not supported"
	msgNotIndexable      = "Attempted conditional constraint is not an indexable operation"
	msgCondTypeMismatch  = "One or more parameter values were invalid: Condition parameter type does not match schema type"
	msgStartKeyOutside   = "The provided starting key is outside query boundaries based on provided conditions"
	msgStartKeyPredicate = "The provided starting key does not match the range key predicate"
	msgStartKeyOneRow    = "The query can return at most one row and cannot be restarted"
)

// sortKeyOps maps the sort-key operators a key condition may use to
// keycodec's.
var sortKeyOps = map[string]keycodec.Op{
	"EQ": keycodec.OpEQ, "LT": keycodec.OpLT, "LE": keycodec.OpLE, "GT": keycodec.OpGT,
	"GE": keycodec.OpGE, "BETWEEN": keycodec.OpBetween, "BEGINS_WITH": keycodec.OpBeginsWith,
}

// keySpan is the part of the table a Query reads: one partition, or the
// items of it whose sort key meets a condition.
type keySpan struct {
	pk           attr.Value
	sk           *keyCond // nil: the whole partition
	lower, upper []byte
}

// planQuery checks a Query's key conditions and ExclusiveStartKey against
// the table's key schema, in AWS's order, and returns the key range to
// read. The starting key, when given, has been validated as an item.
//
// For each key attribute in schema order (partition key first) it checks
// the starting key's attribute, then the condition on it: missing,
// not indexable, of the wrong type, or not an equality on the partition
// key. Then it checks that the starting key lies inside the conditions.
func planQuery(t *catalog.Table, kc keyConds, start attr.Item) (keySpan, error) {
	schema := []keyAttr{{t.HashKey, t.HashType, true}}
	if t.RangeKey != "" {
		schema = append(schema, keyAttr{t.RangeKey, t.RangeType, false})
	}
	if len(schema) == 1 && len(kc) > 1 {
		return keySpan{}, apierr.New(apierr.Validation, msgKeyNotSupported)
	}
	if start != nil && len(start) != len(schema) {
		return keySpan{}, apierr.New(apierr.Validation, msgStartKeyInvalid)
	}
	for _, ka := range schema {
		if err := ka.check(kc, start); err != nil {
			return keySpan{}, err
		}
	}
	span := keySpan{pk: kc[t.HashKey].args[0]}
	if c, ok := kc[t.RangeKey]; ok && t.RangeKey != "" {
		span.sk = &c
	}
	if err := span.bounds(t); err != nil {
		return keySpan{}, err
	}
	if start != nil {
		return span, span.checkStart(t, start)
	}
	return span, nil
}

// keyAttr is one attribute of a key schema.
type keyAttr struct {
	name   string
	kind   attr.Kind
	isHash bool
}

func (ka keyAttr) check(kc keyConds, start attr.Item) error {
	if start != nil {
		v, ok := start[ka.name]
		if !ok {
			return apierr.New(apierr.Validation, msgStartKeyInvalid)
		}
		if v.Kind != ka.kind {
			return apierr.New(apierr.Validation, msgKeyElementSchema)
		}
	}
	c, ok := kc[ka.name]
	if !ok {
		if ka.isHash || len(kc) > 1 {
			return apierr.New(apierr.Validation, "Query condition missed key schema element: "+ka.name)
		}
		return nil
	}
	if _, indexable := sortKeyOps[c.op]; !indexable {
		return apierr.New(apierr.Validation, msgNotIndexable)
	}
	for _, v := range c.args {
		if v.Kind != ka.kind {
			return apierr.New(apierr.Validation, msgCondTypeMismatch)
		}
	}
	if ka.isHash && c.op != "EQ" {
		return apierr.New(apierr.Validation, msgKeyNotSupported)
	}
	return nil
}

// bounds computes the key range of the span.
func (sp *keySpan) bounds(t *catalog.Table) error {
	var err error
	if sp.sk == nil {
		sp.lower, sp.upper, err = keycodec.PartitionSpan(t.ID, sp.pk)
		return err
	}
	b := sp.sk.args[0]
	if len(sp.sk.args) > 1 {
		b = sp.sk.args[1]
	}
	sp.lower, sp.upper, err = keycodec.SortKeyRange(t.ID, sp.pk, sortKeyOps[sp.sk.op], sp.sk.args[0], b)
	return err
}

// checkStart checks that the starting key lies inside the span, with
// AWS's message for each way it can lie outside.
func (sp *keySpan) checkStart(t *catalog.Table, start attr.Item) error {
	if err := checkKeyValues(t, start); err != nil {
		return err
	}
	if sp.sk != nil {
		key, err := keycodec.ItemKey(t.ID, sp.pk, ptr(start[t.RangeKey]))
		if err != nil {
			return err
		}
		if bytes.Compare(key, sp.lower) < 0 || bytes.Compare(key, sp.upper) >= 0 {
			return apierr.New(apierr.Validation, msgStartKeyPredicate)
		}
	}
	if !attr.Equal(start[t.HashKey], sp.pk) {
		if sp.sk != nil {
			return apierr.New(apierr.Validation, msgStartKeyOneRow)
		}
		return apierr.New(apierr.Validation, msgStartKeyOutside)
	}
	return nil
}

// checkKeyValues checks the values of a starting key whose attributes have
// the table's key types: not empty, within the key size limits.
func checkKeyValues(t *catalog.Table, start attr.Item) error {
	_, err := keyOfKey(t, start)
	if e, internal := apierr.From(err); err != nil && !internal && e.Message == msgKeyElementSchema {
		return err // already reported by planQuery's schema checks, unprefixed
	}
	return startKeyError(err)
}

func ptr[T any](v T) *T { return &v }

package service

import (
	"bytes"
	"maps"

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

// keySpan is the part of a table or index a Query reads: one partition,
// or the keys of it whose sort key meets a condition.
type keySpan struct {
	rt           readTarget
	hks          []attr.Value // the partition key values
	sk           *keyCond     // the last sort key condition; nil: the whole partition
	lower, upper []byte
}

// planQuery checks a Query's key conditions and ExclusiveStartKey against
// the target's key schema, in AWS's order, and returns the key range to
// read. The starting key, when given, has been validated as an item.
//
// For each key attribute in schema order (partition keys first) it checks
// the starting key's attribute, then the condition on it: missing, not
// indexable, of the wrong type, or not an equality on a partition key.
// Then it checks that the starting key lies inside the conditions.
func planQuery(rt readTarget, kc keyConds, start attr.Item) (keySpan, error) {
	hashes, ranges := rt.hks, rt.rks
	if len(ranges) == 0 && len(kc) > len(hashes) {
		return keySpan{}, apierr.New(apierr.Validation, msgKeyNotSupported)
	}
	if rt.ix == nil && len(kc) > 2 {
		return keySpan{}, apierr.New(apierr.Validation, "Conditions can be of length 1 or 2 only")
	}
	if start != nil && len(start) != len(rt.startKeyNames()) {
		return keySpan{}, apierr.New(apierr.Validation, msgStartKeyInvalid)
	}
	missing := ""
	for _, ka := range hashes {
		if err := checkKeyAttr(ka, true, kc, start, &missing); err != nil {
			return keySpan{}, err
		}
	}
	for _, ka := range ranges {
		if err := checkKeyAttr(ka, false, kc, start, &missing); err != nil {
			return keySpan{}, err
		}
	}
	if start != nil {
		for _, ka := range rt.startKeyNames()[len(hashes)+len(ranges):] {
			if err := checkStartAttr(ka, start); err != nil {
				return keySpan{}, err
			}
		}
	}
	if named := countKeyConds(rt, kc); named < len(kc) && missing != "" {
		return keySpan{}, apierr.New(apierr.Validation, "Query condition missed key schema element: "+missing)
	} else if named < len(kc) {
		return keySpan{}, apierr.New(apierr.Validation, msgKeyNotSupported)
	}
	span := keySpan{rt: rt, hks: make([]attr.Value, len(hashes))}
	for i, h := range hashes {
		span.hks[i] = kc[h.Name].args[0]
	}
	if err := span.bounds(kc); err != nil {
		return keySpan{}, err
	}
	if start != nil {
		return span, span.checkStart(start)
	}
	return span, nil
}

// countKeyConds counts the conditions that name a key attribute of rt.
func countKeyConds(rt readTarget, kc keyConds) int {
	n := 0
	for name := range kc {
		if rt.isKey(name) {
			n++
		}
	}
	return n
}

// checkKeyAttr checks the starting key's value of one key attribute, then
// the condition on it. missing records the first sort key attribute
// without a condition: a condition on a later one is refused.
func checkKeyAttr(ka catalog.KeyAttr, isHash bool, kc keyConds, start attr.Item, missing *string) error {
	if start != nil {
		if err := checkStartAttr(ka, start); err != nil {
			return err
		}
	}
	c, ok := kc[ka.Name]
	if !ok {
		if isHash {
			return apierr.New(apierr.Validation, "Query condition missed key schema element: "+ka.Name)
		}
		if *missing == "" {
			*missing = ka.Name
		}
		return nil
	}
	if *missing != "" {
		return apierr.New(apierr.Validation, "Query condition missed key schema element: "+*missing)
	}
	if _, indexable := sortKeyOps[c.op]; !indexable {
		return apierr.New(apierr.Validation, msgNotIndexable)
	}
	for _, v := range c.args {
		if v.Kind != ka.Type {
			return apierr.New(apierr.Validation, msgCondTypeMismatch)
		}
	}
	if isHash && c.op != "EQ" {
		return apierr.New(apierr.Validation, msgKeyNotSupported)
	}
	return nil
}

// checkStartAttr checks that the starting key has attribute ka, of its type.
func checkStartAttr(ka catalog.KeyAttr, start attr.Item) error {
	v, ok := start[ka.Name]
	if !ok {
		return apierr.New(apierr.Validation, msgStartKeyInvalid)
	}
	if v.Kind != ka.Type {
		return apierr.New(apierr.Validation, msgKeyElementSchema)
	}
	return nil
}

// bounds computes the key range of the span: the partition, narrowed by
// the sort key conditions. On a table that is SortKeyRange; on an index,
// equalities on leading sort key attributes extend the prefix, and the
// last condition, of any operator, becomes a PartitionRange.
func (sp *keySpan) bounds(kc keyConds) error {
	rt := sp.rt
	var conds []keyCond
	for _, r := range rt.rks {
		if c, ok := kc[r.Name]; ok {
			conds = append(conds, c)
		}
	}
	for _, c := range conds[:max(len(conds)-1, 0)] {
		if c.op != "EQ" {
			return apierr.New(apierr.Validation, msgKeyNotSupported)
		}
	}
	if len(conds) > 0 {
		sp.sk = &conds[len(conds)-1]
	}
	var err error
	if rt.ix == nil {
		if sp.sk == nil {
			sp.lower, sp.upper, err = keycodec.PartitionSpan(rt.t.ID, sp.hks[0])
			return err
		}
		a, b := sp.sk.operands()
		sp.lower, sp.upper, err = keycodec.SortKeyRange(rt.t.ID, sp.hks[0], sortKeyOps[sp.sk.op], a, b)
		return err
	}
	p, err := keycodec.IndexPartitionPrefix(rt.t.ID, rt.ix.Ordinal, sp.hks)
	if err != nil {
		return err
	}
	for _, c := range conds[:max(len(conds)-1, 0)] {
		if p, err = keycodec.AppendValue(p, c.args[0]); err != nil {
			return err
		}
	}
	if sp.sk == nil {
		sp.lower, sp.upper = p, keycodec.PrefixEnd(p)
		return nil
	}
	a, b := sp.sk.operands()
	sp.lower, sp.upper, err = keycodec.PartitionRange(p, sortKeyOps[sp.sk.op], a, b)
	return err
}

// operands returns a condition's one or two values (b is a when there is
// one).
func (c keyCond) operands() (a, b attr.Value) {
	a, b = c.args[0], c.args[0]
	if len(c.args) > 1 {
		b = c.args[1]
	}
	return a, b
}

// checkStart checks that the starting key lies inside the span, with
// AWS's message for each way it can lie outside.
func (sp *keySpan) checkStart(start attr.Item) error {
	rt := sp.rt
	if err := checkKeyValues(rt.t, tableKey(rt.t, start)); err != nil {
		return err
	}
	samePartition := true
	for i, h := range rt.hks {
		samePartition = samePartition && attr.Equal(start[h.Name], sp.hks[i])
	}
	if sp.sk != nil {
		// The starting key's sort key values under the query's partition.
		probe := maps.Clone(start)
		for i, h := range rt.hks {
			probe[h.Name] = sp.hks[i]
		}
		key, err := rt.position(probe)
		if err != nil {
			return err
		}
		if bytes.Compare(key, sp.lower) < 0 || bytes.Compare(key, sp.upper) >= 0 {
			return apierr.New(apierr.Validation, msgStartKeyPredicate)
		}
	}
	if !samePartition {
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

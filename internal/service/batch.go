package service

import (
	"context"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/catalog"
)

// Batch limits, from the API Reference pages of BatchGetItem and
// BatchWriteItem.
const (
	maxBatchGetKeys       = 100      // keys in one BatchGetItem, over all tables
	maxBatchWriteRequests = 25       // requests in one BatchWriteItem, over all tables
	maxBatchGetBytes      = 16000000 // item bytes one BatchGetItem returns: 16 MB, as AWS's example (52 items of 300 KB) counts it
)

// Messages the batch operations share.
const (
	msgBatchDuplicateKeys = "Provided list of item keys contains duplicates"
	// ruleMapKeys is what AWS says when a RequestItems key is not a valid
	// table name: every rule of a table name, whichever one failed.
	ruleMapKeys = "Map keys must satisfy constraint: [Member must have length less than or equal to 255, " +
		"Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
)

// requestItems records the constraints on a batch's RequestItems map as a
// whole: present, not empty, every key a valid table name (reported once,
// with the map echoed). names are the map's keys, sorted; echo renders the
// map as AWS echoes it and is called only when a message needs it.
func (c *constraints) requestItems(isNil bool, names []string, echo func() string) {
	switch {
	case isNil:
		c.add(nil, "requestItems", "Member must not be null")
	case len(names) == 0:
		empty := "{}"
		c.add(&empty, "requestItems", "Member must have length greater than or equal to 1")
	default:
		for _, n := range names {
			if !validBatchTableName(n) {
				v := echo()
				c.add(&v, "requestItems", ruleMapKeys)
				return
			}
		}
	}
}

// validBatchTableName reports whether a RequestItems key is a valid table
// name or a table ARN short enough (resolved later, see resolveTableName).
func validBatchTableName(n string) bool {
	if isArn(n) {
		return len(n) <= maxTableArnLen
	}
	return len(n) >= 3 && len(n) <= 255 && validTableName(n)
}

// batchTables returns the tables a batch of op names (by name or ARN),
// keyed as named, looked up in name order:
// ResourceNotFoundException ("Requested resource not found", which names
// no table) as soon as one does not exist or is not usable.
func (s *Service) batchTables(ctx context.Context, op string, names []string) (map[string]*catalog.Table, error) {
	tables := make(map[string]*catalog.Table, len(names))
	for _, n := range names {
		t, err := s.itemTable(ctx, op, n)
		if err != nil {
			return nil, err
		}
		tables[n] = t
	}
	return tables, nil
}

// keySet detects a key given twice in one batch. Keys are compared as
// bytes: storage keys, or canonical item encodings.
type keySet map[string]struct{}

// add records k and reports whether it was new.
func (s keySet) add(k []byte) bool {
	if _, dup := s[string(k)]; dup {
		return false
	}
	s[string(k)] = struct{}{}
	return true
}

// consumedList builds a batch's ConsumedCapacity for mode
// (ReturnConsumedCapacity): one entry per table of names, in that order,
// with the units summed for it; nil when no capacity was asked for.
func consumedList(mode string, names []string, units map[string]float64) []api.ConsumedCapacity {
	if mode != "TOTAL" && mode != "INDEXES" {
		return nil
	}
	out := make([]api.ConsumedCapacity, 0, len(names))
	for _, n := range names {
		out = append(out, *consumed(mode, n, units[n]))
	}
	return out
}

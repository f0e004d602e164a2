package service

import (
	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
)

// Capacity unit sizes: a write unit covers 1 KB of item, a read unit 4 KB
// read consistently (an eventually consistent read costs half).
const (
	writeUnitBytes = 1024
	readUnitBytes  = 4096
)

// writeUnits is the capacity a single-item write of an item of size bytes
// consumes; a write is charged for the larger of the old and new item.
func writeUnits(size int) float64 {
	return float64(unitsFor(size, writeUnitBytes))
}

// readUnits is the capacity a single-item read of size bytes consumes.
func readUnits(size int, consistent bool) float64 {
	u := float64(unitsFor(size, readUnitBytes))
	if !consistent {
		u /= 2
	}
	return u
}

func unitsFor(size, unit int) int {
	n := (size + unit - 1) / unit
	if n < 1 {
		n = 1
	}
	return n
}

// itemSize is the size of an item for capacity; 0 for no item.
func itemSize(it attr.Item) int {
	if it == nil {
		return 0
	}
	return attr.ItemSize(it)
}

// wantsCapacity reports whether ReturnConsumedCapacity mode asks for a
// ConsumedCapacity in the response.
func wantsCapacity(mode string) bool { return mode == "TOTAL" || mode == "INDEXES" }

// consumed builds the ConsumedCapacity a response carries for mode
// (ReturnConsumedCapacity), or nil when none was asked for.
func consumed(mode, table string, units float64) *api.ConsumedCapacity {
	switch mode {
	case "TOTAL":
		return &api.ConsumedCapacity{TableName: table, CapacityUnits: units}
	case "INDEXES":
		return &api.ConsumedCapacity{TableName: table, CapacityUnits: units, Table: &api.Capacity{CapacityUnits: &units}}
	}
	return nil
}

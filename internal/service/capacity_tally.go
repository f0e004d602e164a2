package service

import "github.com/basalt-db/basalt/internal/api"

// capacityTally sums the capacity an operation consumes, per table in the
// order the tables are met, and within a table per index.
type capacityTally struct {
	names  []string
	tables map[string]*tableUnits
}

// tableUnits is one table's part of a tally.
type tableUnits struct {
	table    float64
	gsi, lsi map[string]float64
}

// at returns the units of table name, adding it if new.
func (c *capacityTally) at(name string) *tableUnits {
	if c.tables == nil {
		c.tables = map[string]*tableUnits{}
	}
	u, ok := c.tables[name]
	if !ok {
		u = &tableUnits{}
		c.tables[name] = u
		c.names = append(c.names, name)
	}
	return u
}

// addWrite adds a write, times factor (2 in a transaction): the table's
// write units for the larger of the old and new item, and each index's for
// the entries written (a moved entry is a delete and a put).
func (c *capacityTally) addWrite(w written, factor float64) {
	u := c.at(w.t.Name)
	u.table += factor * writeUnits(max(w.oldBytes(), w.curBytes()))
	for _, ch := range w.changes {
		var n float64
		if ch.delKey != nil {
			n += writeUnits(ch.oldBytes)
		}
		if ch.setKey != nil {
			n += writeUnits(ch.newBytes)
		}
		m := &u.lsi
		if ch.ix.Global {
			m = &u.gsi
		}
		if *m == nil {
			*m = map[string]float64{}
		}
		(*m)[ch.ix.Name] += factor * n
	}
}

// list returns the tally as ConsumedCapacity entries for mode: nil unless
// TOTAL or INDEXES; INDEXES reports the table's and each index's part.
func (c *capacityTally) list(mode string) []api.ConsumedCapacity {
	if mode != "TOTAL" && mode != "INDEXES" {
		return nil
	}
	out := make([]api.ConsumedCapacity, 0, len(c.names))
	for _, name := range c.names {
		u := c.tables[name]
		total := u.table + sum(u.gsi) + sum(u.lsi)
		cc := consumed(mode, name, total)
		if mode == "INDEXES" {
			table := u.table
			cc.Table = &api.Capacity{CapacityUnits: &table}
			cc.GlobalSecondaryIndexes, cc.LocalSecondaryIndexes = capacities(u.gsi), capacities(u.lsi)
		}
		out = append(out, *cc)
	}
	return out
}

func sum(m map[string]float64) float64 {
	var s float64
	for _, v := range m {
		s += v
	}
	return s
}

// capacities turns index units into the wire map; nil for none.
func capacities(m map[string]float64) map[string]api.Capacity {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]api.Capacity, len(m))
	for name, v := range m {
		out[name] = api.Capacity{CapacityUnits: &v}
	}
	return out
}

package catalog

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

func indexedSpec(name string) *Table {
	t := spec(name)
	t.Attributes = append(t.Attributes, AttributeDefinition{"a", attr.KindS}, AttributeDefinition{"g", attr.KindN})
	t.Indexes = []*Index{
		{Name: "lsi", HashKeys: []KeyAttr{{"pk", attr.KindS}}, RangeKeys: []KeyAttr{{"a", attr.KindS}}, Projection: ProjectKeysOnly},
		{Name: "gsi", Global: true, HashKeys: []KeyAttr{{"g", attr.KindN}, {"a", attr.KindS}}, Projection: ProjectInclude,
			NonKeyAttributes: []string{"x", "y"}, Provisioned: Throughput{Read: 2, Write: 3}, WarmRead: 2, WarmWrite: 3},
	}
	return t
}

// putEntries writes n entries of index ordinal of table id.
func putEntries(t *testing.T, s storage.Store, id uint64, ordinal uint16, n int) {
	t.Helper()
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		for i := range n {
			pk := attr.Value{Kind: attr.KindS, S: fmt.Sprint("k", i)}
			key, err := keycodec.IndexEntryKey(id, ordinal, []attr.Value{attr.Str("h")}, nil, pk, nil)
			if err != nil {
				return err
			}
			if err := tx.Set(key, attr.AppendItem(nil, attr.Item{"pk": pk})); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func storedEntries(t *testing.T, s storage.Store, id uint64, ordinal uint16) int {
	t.Helper()
	n := 0
	lower, upper := keycodec.IndexSpan(id, ordinal)
	err := s.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIndexesPersistAndCountAtOpen(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := open(t, s, Options{})
	a, err := c.Create(ctx, indexedSpec("alpha"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Indexes[0].Ordinal != 0 || a.Indexes[1].Ordinal != 1 || a.NextIndexOrdinal != 2 ||
		a.Indexes[0].Status != StatusActive || a.Indexes[1].Status != StatusCreating {
		t.Fatalf("created indexes %+v %+v", a.Indexes[0], a.Indexes[1])
	}
	putEntries(t, s, a.ID, 1, 4)
	c.Close()

	c2 := open(t, s, Options{})
	got, _ := c2.Lookup(testNS, "alpha")
	g := got.Index("gsi")
	if g == nil || !g.Global || g.Ordinal != 1 || len(g.HashKeys) != 2 || g.HashKeys[0].Type != attr.KindN ||
		g.Projection != ProjectInclude || len(g.NonKeyAttributes) != 2 || g.Provisioned.Write != 3 || g.WarmWrite != 3 ||
		got.NextIndexOrdinal != 2 || got.Index("lsi").RangeKeys[0].Name != "a" {
		t.Fatalf("reloaded %+v", g)
	}
	if items, size := g.Stats(); items != 4 || size <= 0 {
		t.Fatalf("gsi stats after reopen: %d, %d", items, size)
	}
	// Statistics are shared by every snapshot of the index.
	_, after, err := c2.Update(ctx, testNS, "alpha", func(next *Table) (bool, error) { next.DeletionProtection = true; return false, nil })
	if err != nil {
		t.Fatal(err)
	}
	after.Index("gsi").AddStats(1, 10)
	if items, _ := g.Stats(); items != 5 {
		t.Fatalf("stats not shared: %d", items)
	}
}

func TestRecordWithoutIndexesDecodes(t *testing.T) {
	old := `{"v":1,"name":"t","id":3,"tableId":"x","hashKey":"pk","hashType":"S","attributes":[["pk","S"]],"billingMode":"PROVISIONED","created":1,"status":"ACTIVE"}`
	tab, err := decodeTable([]byte(old))
	if err != nil || len(tab.Indexes) != 0 || tab.NextIndexOrdinal != 0 {
		t.Fatalf("decode = %+v, %v", tab, err)
	}
}

func TestUpdateAddsAndDeletesIndexes(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := newStore(t)
	c := open(t, s, Options{Now: clk.Now, TransitionDelay: time.Second, PurgeBatch: 3})
	a, _ := c.Create(ctx, indexedSpec("alpha"))
	clk.Advance(2 * time.Second)
	_, after, err := c.Update(ctx, testNS, "alpha", func(next *Table) (bool, error) {
		next.Indexes = append(next.Indexes, &Index{Name: "new", Global: true, HashKeys: []KeyAttr{{"a", attr.KindS}},
			Projection: ProjectAll, Status: StatusCreating, Backfilling: true})
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ix := after.Index("new"); ix.Ordinal != 2 || after.NextIndexOrdinal != 3 || ix.StatusAt(clk.Now().Add(time.Hour)) != StatusCreating {
		t.Fatalf("added %+v", ix)
	}
	putEntries(t, s, a.ID, 1, 10)
	_, after, err = c.Update(ctx, testNS, "alpha", func(next *Table) (bool, error) {
		next.Index("gsi").Status = StatusDeleting
		return true, nil
	})
	if err != nil || after.Index("gsi").Status != StatusDeleting {
		t.Fatalf("delete: %v", err)
	}
	cur, _ := c.Lookup(testNS, "alpha")
	if cur.Index("gsi") == nil {
		t.Fatal("DELETING index gone before the delay")
	}
	clk.Advance(2 * time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		cur, _ = c.Lookup(testNS, "alpha")
		if cur.Index("gsi") == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if cur.Index("gsi") != nil {
		t.Fatal("DELETING index not removed after the delay")
	}
	c.WaitPurges()
	if n := storedEntries(t, s, a.ID, 1); n != 0 {
		t.Fatalf("%d entries left", n)
	}
}

func TestOrphanIndexEntriesPurgedAtOpen(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := open(t, s, Options{})
	a, _ := c.Create(ctx, indexedSpec("alpha"))
	b, _ := c.Create(ctx, indexedSpec("beta"))
	// An index left DELETING (as by a crash before its removal), a dropped
	// ordinal, and a deleted table's entries.
	if _, _, err := c.Update(ctx, testNS, "alpha", func(next *Table) (bool, error) {
		next.Index("gsi").Status = StatusDeleting
		return false, nil
	}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	putEntries(t, s, a.ID, 1, 5)
	putEntries(t, s, a.ID, 7, 5)
	putEntries(t, s, b.ID, 1, 3)
	putEntries(t, s, b.ID+9, 0, 3)
	c2 := open(t, s, Options{})
	c2.WaitPurges()
	for _, ref := range []indexRef{{a.ID, 1}, {a.ID, 7}, {b.ID + 9, 0}} {
		if n := storedEntries(t, s, ref.table, ref.ordinal); n != 0 {
			t.Fatalf("%d orphaned entries of %v left", n, ref)
		}
	}
	if n := storedEntries(t, s, b.ID, 1); n != 3 {
		t.Fatalf("live index has %d entries", n)
	}
	if got, _ := c2.Lookup(testNS, "alpha"); got.Index("gsi") != nil {
		t.Fatal("DELETING index survived reopen")
	}
	c2.Close()
	c3 := open(t, s, Options{})
	if got, _ := c3.Lookup(testNS, "alpha"); got.Index("gsi") != nil || got.Index("lsi") == nil {
		t.Fatal("DELETING index removal not persisted")
	}
}

func TestDeleteTablePurgesIndexEntries(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := open(t, s, Options{})
	a, _ := c.Create(ctx, indexedSpec("alpha"))
	putEntries(t, s, a.ID, 0, 4)
	putEntries(t, s, a.ID, 1, 4)
	if _, err := c.Delete(ctx, testNS, "alpha", func(*Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	c.WaitPurges()
	if n := storedEntries(t, s, a.ID, 0) + storedEntries(t, s, a.ID, 1); n != 0 {
		t.Fatalf("%d entries left", n)
	}
}

package service

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// putItems writes items pk=p<i>, sk=i, g=g<i%3>, a=a<i> to table.
func putItems(t *testing.T, s *Service, table string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		item := attr.Item{"pk": attr.Str(fmt.Sprintf("p%d", i)), "sk": attr.Num(fmt.Sprint(i)),
			"g": attr.Str(fmt.Sprintf("g%d", i%3)), "a": attr.Str(fmt.Sprintf("a%d", i))}
		if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: table, Item: item}); err != nil {
			t.Fatal(err)
		}
	}
}

// countRange counts the entries of index ordinal of table id.
func countRange(t *testing.T, st storage.Store, id uint64, ordinal uint16) int {
	t.Helper()
	n := 0
	lower, upper := keycodec.IndexSpan(id, ordinal)
	err := st.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func plainTable(name string) *api.CreateTableInput {
	in := onDemand(name)
	in.AttributeDefinitions = defs("pk", "S", "sk", "N")
	return in
}

func addGSI(t *testing.T, s *Service, table string) *api.TableDescription {
	t.Helper()
	d, err := tryUpdate(s, &api.UpdateTableInput{TableName: table, AttributeDefinitions: defs("g", "S"),
		GlobalSecondaryIndexUpdates: []api.GlobalSecondaryIndexUpdate{createGSI("byg", "g", "HASH")}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBackfillIndexesExistingItems(t *testing.T) {
	s, st := newTableService(t, Options{})
	mustCreate(t, s, plainTable("tb1"))
	putItems(t, s, "tb1", 3*backfillBatch+7)
	// An item without the index key: sparse, no entry.
	if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: "tb1", Item: key("x", "1")}); err != nil {
		t.Fatal(err)
	}
	d := addGSI(t, s, "tb1")
	g := d.GlobalSecondaryIndexes[0]
	if g.IndexStatus != "CREATING" || g.Backfilling == nil || *g.Backfilling || d.TableStatus != "UPDATING" {
		t.Fatalf("response %s %+v", d.TableStatus, g)
	}
	s.catalog.WaitBackground()
	tab, _ := s.catalog.Lookup(defaultNS, "tb1")
	want := 3*backfillBatch + 7
	if n := countRange(t, st, tab.ID, 0); n != want {
		t.Fatalf("entries = %d, want %d", n, want)
	}
	g = mustDescribe(t, s, "tb1").GlobalSecondaryIndexes[0]
	if g.IndexStatus != "ACTIVE" || g.Backfilling != nil || g.ItemCount != int64(want) || g.IndexSizeBytes == 0 {
		t.Fatalf("described %+v", g)
	}
}

func TestBackfillWithConcurrentWrites(t *testing.T) {
	s, st := newTableService(t, Options{})
	mustCreate(t, s, plainTable("tb1"))
	const n = 2000
	putItems(t, s, "tb1", n)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // rewrite every item with a new index key while the backfill runs
		defer wg.Done()
		for i := 0; i < n; i++ {
			item := attr.Item{"pk": attr.Str(fmt.Sprintf("p%d", i)), "sk": attr.Num(fmt.Sprint(i)), "g": attr.Str("new")}
			if i%2 == 0 {
				delete(item, "g") // leaves the index
			}
			if _, err := s.PutItem(context.Background(), &api.PutItemInput{TableName: "tb1", Item: item}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	addGSI(t, s, "tb1")
	wg.Wait()
	s.catalog.WaitBackground()
	tab, _ := s.catalog.Lookup(defaultNS, "tb1")
	lower, upper := keycodec.IndexSpan(tab.ID, 0)
	count := 0
	err := st.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, v []byte) (bool, error) {
			item, err := attr.DecodeItem(v)
			if err != nil {
				return false, err
			}
			if item["g"].S != "new" {
				t.Errorf("stale entry %v", item)
			}
			count++
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n/2 {
		t.Fatalf("entries = %d, want %d", count, n/2)
	}
	if items, _ := tab.Index("byg").Stats(); items != n/2 {
		t.Fatalf("ItemCount = %d, want %d", items, n/2)
	}
}

func TestBackfillResumesAfterRestart(t *testing.T) {
	st := newMemStore(t)
	s := openService(t, st, Options{})
	mustCreate(t, s, plainTable("tb1"))
	putItems(t, s, "tb1", 50)
	// Mark an index CREATING and backfilling without running the backfill,
	// as if the process had stopped before it began.
	_, _, err := s.catalog.Update(context.Background(), defaultNS, "tb1", func(next *catalog.Table) (bool, error) {
		var u tableUpdate
		in := &api.UpdateTableInput{AttributeDefinitions: defs("g", "S")}
		return false, u.createIndex(next, in, gsiSpec(&api.GlobalSecondaryIndex{IndexName: "byg", KeySchema: keys("g", "HASH"), Projection: proj("KEYS_ONLY")}), "PAY_PER_REQUEST")
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openService(t, st, Options{})
	s2.catalog.WaitBackground()
	tab, _ := s2.catalog.Lookup(defaultNS, "tb1")
	if n := countRange(t, st, tab.ID, 0); n != 50 {
		t.Fatalf("entries after resumed backfill = %d", n)
	}
	if ix := tab.Index("byg"); ix.Backfilling {
		t.Fatal("still backfilling")
	}
	if g := mustDescribe(t, s2, "tb1").GlobalSecondaryIndexes[0]; g.IndexStatus != "ACTIVE" || g.ItemCount != 50 {
		t.Fatalf("described %+v", g)
	}
	// Reopening counts the entries by scanning.
	s2.Close()
	s3 := openService(t, st, Options{})
	if g := mustDescribe(t, s3, "tb1").GlobalSecondaryIndexes[0]; g.ItemCount != 50 || g.Projection.ProjectionType != "KEYS_ONLY" {
		t.Fatalf("after reopen %+v", g)
	}
}

package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
	"github.com/basalt-db/basalt/internal/storage/pebblekv"
)

// clock is a settable time source for tests.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 10, 8, 23, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func newStore(t *testing.T) storage.Store {
	t.Helper()
	s, err := pebblekv.Open(pebblekv.Options{InMemory: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func open(t *testing.T, s storage.Store, opts Options) *Catalog {
	t.Helper()
	c, err := OpenWith(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testNS is the namespace of the tables of these tests.
var testNS = Namespace{Account: "000000000000", Region: "us-east-1"}

func spec(name string) *Table {
	return &Table{
		Namespace: testNS, Name: name, HashKey: "pk", HashType: attr.KindS, RangeKey: "sk", RangeType: attr.KindN,
		Attributes:  []AttributeDefinition{{"pk", attr.KindS}, {"sk", attr.KindN}},
		BillingMode: BillingProvisioned, Provisioned: Throughput{Read: 5, Write: 5},
		WarmRead: 5, WarmWrite: 5, Tags: []Tag{{"k", "v"}},
	}
}

func wantCode(t *testing.T, err error, code apierr.Code, msg string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != code || e.Message != msg {
		t.Fatalf("got %v, want %s: %s", err, apierr.SpecOf(code).Type, msg)
	}
}

// putItems writes n items straight into table id's key range.
func putItems(t *testing.T, s storage.Store, id uint64, n int) {
	t.Helper()
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		for i := range n {
			pk := attr.Value{Kind: attr.KindS, S: fmt.Sprint("k", i)}
			key, err := keycodec.ItemKey(id, pk, nil)
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

func storedItems(t *testing.T, s storage.Store, id uint64) int {
	t.Helper()
	n := 0
	lower, upper := keycodec.TableSpan(id)
	err := s.View(context.Background(), func(r storage.Reader) error {
		return r.Scan(lower, upper, false, func(_, _ []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateGetLookup(t *testing.T) {
	ctx := context.Background()
	c := open(t, newStore(t), Options{})
	a, err := c.Create(ctx, spec("alpha"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Create(ctx, spec("beta"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID <= a.ID {
		t.Fatalf("ids %d, %d: want increasing, non-zero", a.ID, b.ID)
	}
	if len(a.TableID) != 36 || a.TableID == b.TableID {
		t.Fatalf("TableIds %q, %q", a.TableID, b.TableID)
	}
	if got, err := c.Get(testNS, "alpha"); err != nil || got != a {
		t.Fatalf("Get = %v, %v", got, err)
	}
	_, err = c.Get(testNS, "gamma")
	wantCode(t, err, apierr.ResourceNotFound, "Requested resource not found")
	_, err = c.Lookup(testNS, "gamma")
	wantCode(t, err, apierr.ResourceNotFound, "Requested resource not found: Table: gamma not found")
	_, err = c.Create(ctx, spec("alpha"))
	wantCode(t, err, apierr.ResourceInUse, "Table already exists: alpha")
}

func TestGetDoesNotAllocate(t *testing.T) {
	c := open(t, newStore(t), Options{})
	if _, err := c.Create(context.Background(), spec("alpha")); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := c.Get(testNS, "alpha"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Get allocates %v times", allocs)
	}
}

func TestConcurrentCreateOneWinner(t *testing.T) {
	c := open(t, newStore(t), Options{})
	const n = 16
	var wg sync.WaitGroup
	var wins, inUse atomic.Int32
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Create(context.Background(), spec("race"))
			var e *apierr.Error
			switch {
			case err == nil:
				wins.Add(1)
			case errors.As(err, &e) && e.Code == apierr.ResourceInUse:
				inUse.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 || inUse.Load() != n-1 {
		t.Fatalf("wins %d, in use %d", wins.Load(), inUse.Load())
	}
}

func TestReopenKeepsTablesStatsAndIDs(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := open(t, s, Options{})
	a, _ := c.Create(ctx, spec("alpha"))
	b, _ := c.Create(ctx, spec("beta"))
	putItems(t, s, a.ID, 3)
	if _, err := c.Delete(ctx, testNS, "beta", func(*Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	c.Close()

	c2 := open(t, s, Options{})
	got, err := c2.Get(testNS, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != a.ID || got.TableID != a.TableID || got.RangeType != attr.KindN ||
		got.Provisioned.Read != 5 || len(got.Tags) != 1 || !got.Created.Equal(a.Created.Truncate(time.Millisecond)) {
		t.Fatalf("reloaded %+v, want %+v", got, a)
	}
	if items, size := got.Stats(); items != 3 || size <= 0 {
		t.Fatalf("stats after reopen: %d items, %d bytes", items, size)
	}
	if _, err := c2.Lookup(testNS, "beta"); err == nil {
		t.Fatal("deleted table came back")
	}
	d, _ := c2.Create(ctx, spec("beta"))
	if d.ID <= b.ID {
		t.Fatalf("id %d reused or decreased (was %d)", d.ID, b.ID)
	}
}

func TestDeletePurgesItemsAndRecreateIsEmpty(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := open(t, s, Options{PurgeBatch: 7})
	a, _ := c.Create(ctx, spec("alpha"))
	putItems(t, s, a.ID, 50)
	gone, err := c.Delete(ctx, testNS, "alpha", func(*Table) error { return nil })
	if err != nil || gone.Status != StatusDeleting {
		t.Fatalf("Delete = %v, %v", gone, err)
	}
	c.WaitPurges()
	if n := storedItems(t, s, a.ID); n != 0 {
		t.Fatalf("%d items left after purge", n)
	}
	again, _ := c.Create(ctx, spec("alpha"))
	if again.ID == a.ID {
		t.Fatal("re-created table reuses the id")
	}
	if items, _ := again.Stats(); items != 0 {
		t.Fatalf("re-created table has %d items", items)
	}
}

func TestDeleteCheckRefuses(t *testing.T) {
	ctx := context.Background()
	c := open(t, newStore(t), Options{})
	c.Create(ctx, spec("alpha"))
	refuse := apierr.New(apierr.Validation, "no")
	if _, err := c.Delete(ctx, testNS, "alpha", func(*Table) error { return refuse }); err != refuse {
		t.Fatalf("Delete = %v", err)
	}
	if _, err := c.Get(testNS, "alpha"); err != nil {
		t.Fatal(err)
	}
	_, err := c.Delete(ctx, testNS, "nope", func(*Table) error { return nil })
	wantCode(t, err, apierr.ResourceNotFound, "Requested resource not found: Table: nope not found")
}

func TestOrphanItemsPurgedAtOpen(t *testing.T) {
	s := newStore(t)
	c := open(t, s, Options{})
	a, _ := c.Create(context.Background(), spec("alpha"))
	c.Close()
	putItems(t, s, a.ID+5, 10) // items of no table
	putItems(t, s, a.ID, 2)
	c2 := open(t, s, Options{})
	c2.WaitPurges()
	if n := storedItems(t, s, a.ID+5); n != 0 {
		t.Fatalf("%d orphaned items left", n)
	}
	if n := storedItems(t, s, a.ID); n != 2 {
		t.Fatalf("live table has %d items, want 2", n)
	}
	b, _ := c2.Create(context.Background(), spec("beta"))
	if b.ID <= a.ID+5 {
		t.Fatalf("new id %d does not pass the orphaned id %d", b.ID, a.ID+5)
	}
}

func TestTransitions(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := newStore(t)
	c := open(t, s, Options{TransitionDelay: time.Hour, Now: clk.Now})
	a, _ := c.Create(ctx, spec("alpha"))
	if st := a.StatusAt(clk.Now()); st != StatusCreating {
		t.Fatalf("status %s", st)
	}
	_, err := c.Get(testNS, "alpha")
	wantCode(t, err, apierr.ResourceNotFound, "Requested resource not found")
	_, err = c.Create(ctx, spec("alpha"))
	wantCode(t, err, apierr.ResourceInUse, "Attempt to change a resource which is still in use: Table is being created: alpha")
	clk.Advance(time.Hour)
	if _, err := c.Get(testNS, "alpha"); err != nil {
		t.Fatal(err)
	}

	_, up, err := c.Update(ctx, testNS, "alpha", func(n *Table) (bool, error) { n.Provisioned.Read = 9; return true, nil })
	if err != nil || up.StatusAt(clk.Now()) != StatusUpdating || up.Provisioned.Read != 9 {
		t.Fatalf("Update = %+v, %v", up, err)
	}
	if _, err := c.Get(testNS, "alpha"); err != nil {
		t.Fatalf("item ops must work while UPDATING: %v", err)
	}

	if _, err := c.Delete(ctx, testNS, "alpha", func(*Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Lookup(testNS, "alpha"); err != nil || got.StatusAt(clk.Now()) != StatusDeleting {
		t.Fatalf("Lookup while deleting = %v, %v", got, err)
	}
	_, err = c.Get(testNS, "alpha")
	wantCode(t, err, apierr.ResourceNotFound, "Requested resource not found")
	_, err = c.Create(ctx, spec("alpha"))
	wantCode(t, err, apierr.ResourceInUse, "Table already exists: alpha")
	if names, _ := c.List(testNS, "", 10); len(names) != 1 {
		t.Fatalf("a DELETING table is listed; got %v", names)
	}
	c.Close() // the deletion timer is stopped; the next Open finishes it
	c2 := open(t, s, Options{TransitionDelay: time.Hour, Now: clk.Now})
	if _, err := c2.Lookup(testNS, "alpha"); err == nil {
		t.Fatal("DELETING table survived reopen")
	}
}

func TestDeletingTableRemovedAfterDelay(t *testing.T) {
	c := open(t, newStore(t), Options{TransitionDelay: 20 * time.Millisecond})
	ctx := context.Background()
	c.Create(ctx, spec("alpha"))
	time.Sleep(25 * time.Millisecond)
	if _, err := c.Delete(ctx, testNS, "alpha", func(*Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := c.Lookup(testNS, "alpha"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("DELETING table never removed")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestUpdateErrorChangesNothing(t *testing.T) {
	ctx := context.Background()
	c := open(t, newStore(t), Options{})
	a, _ := c.Create(ctx, spec("alpha"))
	boom := errors.New("boom")
	_, _, err := c.Update(ctx, testNS, "alpha", func(n *Table) (bool, error) { n.Provisioned.Read = 100; return true, boom })
	if err != boom {
		t.Fatal(err)
	}
	if got, _ := c.Get(testNS, "alpha"); got != a || got.Provisioned.Read != 5 {
		t.Fatalf("table changed: %+v", got)
	}
}

func TestStatsSharedAcrossSnapshots(t *testing.T) {
	ctx := context.Background()
	c := open(t, newStore(t), Options{})
	a, _ := c.Create(ctx, spec("alpha"))
	a.AddStats(2, 100)
	_, b, _ := c.Update(ctx, testNS, "alpha", func(n *Table) (bool, error) { n.DeletionProtection = true; return false, nil })
	a.AddStats(1, 10) // a writer still holding the old snapshot
	if items, size := b.Stats(); items != 3 || size != 110 {
		t.Fatalf("stats %d, %d", items, size)
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	c := open(t, newStore(t), Options{})
	for _, n := range []string{"b-t", "a-t", "C-t", "c-t"} {
		c.Create(ctx, spec(n))
	}
	cases := []struct {
		start string
		limit int
		want  string
		more  bool
	}{
		{"", 100, "[C-t a-t b-t c-t]", false},
		{"", 2, "[C-t a-t]", true},
		{"a-t", 2, "[b-t c-t]", false},
		{"a-s", 1, "[a-t]", true},
		{"zzz", 5, "[]", false},
	}
	for _, tc := range cases {
		names, more := c.List(testNS, tc.start, tc.limit)
		if fmt.Sprint(names) != tc.want || more != tc.more {
			t.Errorf("List(%q, %d) = %v, %v; want %s, %v", tc.start, tc.limit, names, more, tc.want, tc.more)
		}
	}
}

func TestOpenRefusesUnknownFormat(t *testing.T) {
	s := newStore(t)
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		return tx.Set(keycodec.FormatKey(), []byte{99})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(s); err == nil {
		t.Fatal("opened a store of unknown format")
	}
}

func TestThroughputDecreasesPerUTCDay(t *testing.T) {
	day := time.Date(2026, 10, 8, 23, 0, 0, 0, time.UTC)
	p := Throughput{Read: 5, Write: 5}
	p.Set(10, 10, day)
	p.Set(4, 20, day.Add(time.Minute)) // one call lowering read: one decrease
	p.Set(3, 3, day.Add(2*time.Minute))
	if p.DecreasesOn(day) != 2 || !p.LastIncrease.Equal(day.Add(time.Minute)) || !p.LastDecrease.Equal(day.Add(2*time.Minute)) {
		t.Fatalf("%+v", p)
	}
	next := day.Add(2 * time.Hour) // past midnight UTC
	if p.DecreasesOn(next) != 0 {
		t.Fatal("the count does not reset at midnight UTC")
	}
	p.Set(2, 2, next)
	if p.DecreasesOn(next) != 1 {
		t.Fatalf("%+v", p)
	}
}

package catalog

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

func TestNamespacesAreSeparate(t *testing.T) {
	c := open(t, newStore(t), Options{})
	ctx := context.Background()
	west := Namespace{Account: testNS.Account, Region: "eu-west-1"}
	other := Namespace{Account: "123456789012", Region: testNS.Region}
	a, err := c.Create(ctx, spec("alpha"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range []Namespace{west, other} {
		s := spec("alpha")
		s.Namespace = ns
		b, err := c.Create(ctx, s)
		if err != nil {
			t.Fatalf("Create in %v: %v", ns, err)
		}
		if b.ID == a.ID {
			t.Fatalf("tables of two namespaces share id %d", a.ID)
		}
		if got, err := c.Get(ns, "alpha"); err != nil || got != b {
			t.Fatalf("Get(%v) = %v, %v; want the table of that namespace", ns, got, err)
		}
	}
	s := spec("beta")
	s.Namespace = west
	if _, err := c.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	if names, _ := c.List(testNS, "", 10); len(names) != 1 || names[0] != "alpha" {
		t.Errorf("List(%v) = %v, want [alpha]", testNS, names)
	}
	if names, _ := c.List(west, "", 10); len(names) != 2 {
		t.Errorf("List(%v) = %v, want [alpha beta]", west, names)
	}
	if _, err := c.Lookup(testNS, "beta"); err == nil {
		t.Error("beta of eu-west-1 found in us-east-1")
	}
	if _, err := c.Delete(ctx, west, "alpha", func(*Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Get(testNS, "alpha"); err != nil || got != a {
		t.Errorf("deleting alpha of eu-west-1 touched us-east-1's: %v, %v", got, err)
	}
	if n := len(c.All()); n != 3 {
		t.Errorf("All() has %d tables, want 3", n)
	}
}

// TestOpenMovesLegacyRecords: a record written before tables were
// namespaced (no account or region, key 0x11 | esc(name)) is moved into
// Options.Legacy at Open, in place of its old key, with its items.
func TestOpenMovesLegacyRecords(t *testing.T) {
	s := newStore(t)
	c := open(t, s, Options{})
	ctx := context.Background()
	live, _ := c.Create(ctx, spec("alpha"))
	putItems(t, s, live.ID, 3)
	c.Close()

	oldKey := append([]byte{keycodec.SpaceCatalog}, "legacy"...)
	oldKey = append(oldKey, 0, 1)
	old := spec("legacy")
	old.Namespace, old.ID, old.Status = Namespace{}, live.ID+1, StatusActive
	val, err := encodeTable(old)
	if err != nil || bytes.Contains(val, []byte(`"region"`)) {
		t.Fatalf("encoding a record without namespace: %s, %v", val, err)
	}
	putItems(t, s, old.ID, 2)
	err = s.Update(ctx, [][]byte{oldKey}, func(tx storage.Txn) error { return tx.Set(oldKey, val) })
	if err != nil {
		t.Fatal(err)
	}

	legacy := Namespace{Account: "111111111111", Region: "ap-south-1"}
	c2 := open(t, s, Options{Legacy: legacy})
	got, err := c2.Get(legacy, "legacy")
	if err != nil || got.ID != old.ID || got.Namespace != legacy {
		t.Fatalf("legacy table after Open: %+v, %v", got, err)
	}
	if n, _ := got.Stats(); n != 2 {
		t.Errorf("legacy table has %d items, want 2", n)
	}
	if _, err := c2.Get(testNS, "alpha"); err != nil {
		t.Errorf("namespaced table lost: %v", err)
	}
	err = s.View(ctx, func(r storage.Reader) error {
		if _, err := r.Get(oldKey); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("old key still stored: %v", err)
		}
		_, err := r.Get(keycodec.CatalogKey(legacy.Account, legacy.Region, "legacy"))
		return err
	})
	if err != nil {
		t.Fatalf("record under its new key: %v", err)
	}
	c2.Close()
	c3 := open(t, s, Options{}) // the default legacy namespace no longer matters
	if _, err := c3.Get(legacy, "legacy"); err != nil {
		t.Errorf("moved table after a second Open: %v", err)
	}
	_, err = c3.Get(testNS, "legacy")
	wantCode(t, err, apierr.ResourceNotFound, apierr.MsgResourceNotFound)
}

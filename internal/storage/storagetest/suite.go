// Package storagetest is the conformance suite every storage.Store backend
// must pass. A backend's own test calls RunSuite with a function that opens
// a fresh, empty store.
package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// RunSuite runs every conformance test against the stores open returns.
// open is called once per subtest and must return a new, empty store; it
// may call t.Fatal. The suite closes each store itself, so open should not
// register a Close of its own (a second Close returns storage.ErrClosed).
func RunSuite(t *testing.T, open func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"GetSetDelete", testGetSetDelete},
		{"NotFound", testNotFound},
		{"StoreGetScan", testStoreGetScan},
		{"Ownership", testOwnership},
		{"ScanBounds", testScanBounds},
		{"ScanStopAndError", testScanStopAndError},
		{"Atomicity", testAtomicity},
		{"LockKeysArgument", testLockKeysArgument},
		{"ContextCanceled", testContextCanceled},
		{"LockWaitRespectsContext", testLockWaitRespectsContext},
		{"ConcurrentCounter", testConcurrentCounter},
		{"OverlappingLocks", testOverlappingLocks},
		{"ViewConsistency", testViewConsistency},
		{"CloseWaitsForUpdate", testCloseWaitsForUpdate},
		{"ErrClosed", testErrClosed},
		{"RandomModel", testRandomModel},
		{"TransactConflict", testTransactConflict},
		{"TransactWaitsForUpdate", testTransactWaitsForUpdate},
		{"TxnAfterUpdate", testTxnAfterUpdate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil && !errors.Is(err, storage.ErrClosed) {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// kv is one key-value pair, for building and comparing expectations.
type kv struct{ k, v string }

func put(t *testing.T, s storage.Store, pairs ...kv) {
	t.Helper()
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		for _, p := range pairs {
			if err := tx.Set([]byte(p.k), []byte(p.v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update(put): %v", err)
	}
}

// get returns the value at key and whether it exists, failing the test on
// any error other than storage.ErrNotFound.
func get(t *testing.T, s storage.Store, key string) (string, bool) {
	t.Helper()
	var v []byte
	var found bool
	err := s.View(context.Background(), func(r storage.Reader) error {
		var err error
		v, err = r.Get([]byte(key))
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		t.Fatalf("View(Get %q): %v", key, err)
	}
	return string(v), found
}

// scan collects the pairs Scan visits, at most limit of them (limit <= 0
// means all).
func scan(r storage.Reader, lower, upper []byte, reverse bool, limit int) ([]kv, error) {
	var out []kv
	err := r.Scan(lower, upper, reverse, func(k, v []byte) (bool, error) {
		out = append(out, kv{string(k), string(v)})
		return limit <= 0 || len(out) < limit, nil
	})
	return out, err
}

func scanView(t *testing.T, s storage.Store, lower, upper []byte, reverse bool, limit int) []kv {
	t.Helper()
	var out []kv
	err := s.View(context.Background(), func(r storage.Reader) error {
		var err error
		out, err = scan(r, lower, upper, reverse, limit)
		return err
	})
	if err != nil {
		t.Fatalf("View(Scan): %v", err)
	}
	return out
}

func equalKVs(a, b []kv) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testGetSetDelete(t *testing.T, s storage.Store) {
	put(t, s, kv{"a", "1"}, kv{"b", "2"}, kv{"empty", ""})
	if v, ok := get(t, s, "a"); !ok || v != "1" {
		t.Fatalf("Get(a) = %q, %v; want 1, true", v, ok)
	}
	if v, ok := get(t, s, "empty"); !ok || v != "" {
		t.Fatalf("Get(empty) = %q, %v; want empty value, true", v, ok)
	}
	put(t, s, kv{"a", "overwritten"})
	if v, _ := get(t, s, "a"); v != "overwritten" {
		t.Fatalf("Get(a) after overwrite = %q", v)
	}
	err := s.Update(context.Background(), [][]byte{[]byte("a")}, func(tx storage.Txn) error {
		if err := tx.Delete([]byte("a")); err != nil {
			return err
		}
		return tx.Delete([]byte("never-existed"))
	})
	if err != nil {
		t.Fatalf("Update(delete): %v", err)
	}
	if _, ok := get(t, s, "a"); ok {
		t.Fatal("a still present after Delete")
	}
	if v, ok := get(t, s, "b"); !ok || v != "2" {
		t.Fatalf("Get(b) = %q, %v; want 2, true", v, ok)
	}
	// Binary keys and values, including 0x00 and 0xff bytes.
	bin := string([]byte{0x00, 0xff, 0x01})
	put(t, s, kv{bin, bin})
	if v, ok := get(t, s, bin); !ok || v != bin {
		t.Fatalf("Get(binary) = %x, %v", v, ok)
	}
}

func testNotFound(t *testing.T, s storage.Store) {
	put(t, s, kv{"present", "x"})
	check := func(where string, r storage.Reader) {
		for _, k := range []string{"absent", "presen", "present\x00", ""} {
			v, err := r.Get([]byte(k))
			if !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("%s: Get(%q) = %q, %v; want ErrNotFound", where, k, v, err)
			}
		}
	}
	if err := s.View(context.Background(), func(r storage.Reader) error {
		check("View", r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(context.Background(), [][]byte{[]byte("absent")}, func(tx storage.Txn) error {
		check("Txn", tx)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// testOwnership checks that Set copies its arguments and Get returns a
// slice the caller may modify.
func testOwnership(t *testing.T, s storage.Store) {
	key, val := []byte("key"), []byte("value")
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		if err := tx.Set(key, val); err != nil {
			return err
		}
		copy(key, "XXX")
		copy(val, "XXXXX")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := get(t, s, "key"); !ok || v != "value" {
		t.Fatalf("Get(key) = %q, %v; Set did not copy its arguments", v, ok)
	}
	err = s.View(context.Background(), func(r storage.Reader) error {
		v, err := r.Get([]byte("key"))
		if err != nil {
			return err
		}
		copy(v, "ZZZZZ")
		v2, err := r.Get([]byte("key"))
		if err != nil {
			return err
		}
		if string(v2) != "value" {
			return fmt.Errorf("modifying Get's result changed the store: %q", v2)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testScanBounds(t *testing.T, s storage.Store) {
	keys := []string{"\x00", "a", "b", "ba", "b\xff", "c", "d", "\xff", "\xff\xff"}
	var all []kv
	for _, k := range keys {
		all = append(all, kv{k, "v" + k})
	}
	// Sorted bytewise: "\x00" a b ba b\xff c d \xff \xff\xff.
	put(t, s, all...)
	b := func(s string) []byte { return []byte(s) }
	rev := func(in []kv) []kv {
		out := make([]kv, len(in))
		for i := range in {
			out[len(in)-1-i] = in[i]
		}
		return out
	}
	cases := []struct {
		name         string
		lower, upper []byte
		want         []kv
	}{
		{"all", nil, nil, all},
		{"empty-lower", b(""), nil, all},
		{"b-to-d", b("b"), b("d"), all[2:6]},
		{"between-keys", b("aa"), b("bb"), all[2:4]}, // b\xff > bb
		{"upper-exclusive", b("a"), b("b"), all[1:2]},
		{"to-c", nil, b("c"), all[:5]},
		{"from-c", b("c"), nil, all[5:]},
		{"from-ff", b("\xff"), nil, all[7:]},
		{"point", b("ba"), b("ba\x00"), all[3:4]},
		{"equal-bounds", b("b"), b("b"), nil},
		{"inverted", b("d"), b("b"), nil},
		{"past-end", b("\xff\xff\x00"), nil, nil},
	}
	for _, c := range cases {
		if got := scanView(t, s, c.lower, c.upper, false, 0); !equalKVs(got, c.want) {
			t.Errorf("%s forward: got %q, want %q", c.name, got, c.want)
		}
		if got := scanView(t, s, c.lower, c.upper, true, 0); !equalKVs(got, rev(c.want)) {
			t.Errorf("%s reverse: got %q, want %q", c.name, got, rev(c.want))
		}
	}
	// A Txn scans the same way.
	err := s.Update(context.Background(), nil, func(tx storage.Txn) error {
		got, err := scan(tx, b("b"), b("d"), true, 0)
		if err != nil {
			return err
		}
		if !equalKVs(got, rev(all[2:6])) {
			t.Errorf("Txn reverse scan: got %q, want %q", got, rev(all[2:6]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testScanStopAndError(t *testing.T, s storage.Store) {
	put(t, s, kv{"k1", "1"}, kv{"k2", "2"}, kv{"k3", "3"}, kv{"k4", "4"})
	if got, want := scanView(t, s, []byte("k"), nil, false, 2), []kv{{"k1", "1"}, {"k2", "2"}}; !equalKVs(got, want) {
		t.Errorf("forward, stop after 2: got %q, want %q", got, want)
	}
	if got, want := scanView(t, s, []byte("k"), nil, true, 1), []kv{{"k4", "4"}}; !equalKVs(got, want) {
		t.Errorf("reverse, stop after 1: got %q, want %q", got, want)
	}
	errStop := errors.New("stop here")
	for _, reverse := range []bool{false, true} {
		calls := 0
		var scanErr error
		err := s.View(context.Background(), func(r storage.Reader) error {
			scanErr = r.Scan(nil, nil, reverse, func(k, v []byte) (bool, error) {
				calls++
				if calls == 2 {
					return true, errStop
				}
				return true, nil
			})
			return scanErr
		})
		if scanErr != errStop {
			t.Errorf("reverse=%v: Scan returned %v, want fn's error as is", reverse, scanErr)
		}
		if !errors.Is(err, errStop) {
			t.Errorf("reverse=%v: View returned %v, want fn's error", reverse, err)
		}
		if calls != 2 {
			t.Errorf("reverse=%v: fn called %d times after returning an error at call 2", reverse, calls)
		}
	}
}

func testAtomicity(t *testing.T, s storage.Store) {
	put(t, s, kv{"a", "old"}, kv{"gone", "x"})
	errBoom := errors.New("boom")
	err := s.Update(context.Background(), [][]byte{[]byte("a")}, func(tx storage.Txn) error {
		if err := tx.Set([]byte("a"), []byte("new")); err != nil {
			return err
		}
		if err := tx.Set([]byte("b"), []byte("new")); err != nil {
			return err
		}
		if err := tx.Delete([]byte("gone")); err != nil {
			return err
		}
		return fmt.Errorf("wrapped: %w", errBoom)
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	want := []kv{{"a", "old"}, {"gone", "x"}}
	if got := scanView(t, s, nil, nil, false, 0); !equalKVs(got, want) {
		t.Fatalf("after failed Update: store holds %q, want %q", got, want)
	}
	// A successful multi-key Update applies every write.
	err = s.Update(context.Background(), [][]byte{[]byte("a"), []byte("b")}, func(tx storage.Txn) error {
		if err := tx.Set([]byte("a"), []byte("new")); err != nil {
			return err
		}
		if err := tx.Set([]byte("b"), []byte("new")); err != nil {
			return err
		}
		return tx.Delete([]byte("gone"))
	})
	if err != nil {
		t.Fatal(err)
	}
	want = []kv{{"a", "new"}, {"b", "new"}}
	if got := scanView(t, s, nil, nil, false, 0); !equalKVs(got, want) {
		t.Fatalf("after Update: store holds %q, want %q", got, want)
	}
}

// testLockKeysArgument checks that duplicate, unsorted and empty lock keys
// are accepted and that Update leaves the caller's slice alone.
func testLockKeysArgument(t *testing.T, s storage.Store) {
	lockKeys := [][]byte{[]byte("z"), []byte("a"), []byte("z"), []byte("m"), []byte("a")}
	orig := fmt.Sprintf("%q", lockKeys)
	err := s.Update(context.Background(), lockKeys, func(tx storage.Txn) error {
		return tx.Set([]byte("m"), []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if now := fmt.Sprintf("%q", lockKeys); now != orig {
		t.Errorf("Update modified lockKeys: %s, was %s", now, orig)
	}
	if err := s.Update(context.Background(), [][]byte{}, func(tx storage.Txn) error { return nil }); err != nil {
		t.Fatalf("Update with no lock keys and no writes: %v", err)
	}
	if v, ok := get(t, s, "m"); !ok || v != "1" {
		t.Fatalf("Get(m) = %q, %v", v, ok)
	}
	if !bytes.Equal(lockKeys[0], []byte("z")) {
		t.Error("Update modified a lock key")
	}
}

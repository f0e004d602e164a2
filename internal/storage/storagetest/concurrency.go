package storagetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/basalt-db/basalt/internal/storage"
)

// deadlockTimeout bounds tests that would hang on a deadlock, so they fail
// with a message instead of hitting the test binary's timeout.
const deadlockTimeout = 60 * time.Second

// increment adds one to the decimal counter stored at each of keys (a
// missing key counts as zero), reading and writing under lockKeys.
func increment(ctx context.Context, s storage.Store, lockKeys [][]byte, keys []string) error {
	return s.Update(ctx, lockKeys, func(tx storage.Txn) error {
		for _, k := range keys {
			n := 0
			v, err := tx.Get([]byte(k))
			switch {
			case errors.Is(err, storage.ErrNotFound):
			case err != nil:
				return err
			default:
				if n, err = strconv.Atoi(string(v)); err != nil {
					return fmt.Errorf("counter %q holds %q: %w", k, v, err)
				}
			}
			runtime.Gosched() // widen the read-write window for other workers
			if err := tx.Set([]byte(k), []byte(strconv.Itoa(n+1))); err != nil {
				return err
			}
		}
		return nil
	})
}

func counter(t *testing.T, s storage.Store, key string) int {
	t.Helper()
	v, ok := get(t, s, key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("counter %q holds %q", key, v)
	}
	return n
}

// runWorkers runs fn(i) for i in [0, n) concurrently and fails the test with
// the first error.
func runWorkers(t *testing.T, n int, fn func(i int) error) {
	t.Helper()
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- fn(i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func testConcurrentCounter(t *testing.T, s storage.Store) {
	workers, perWorker := 16, 25
	if testing.Short() {
		workers, perWorker = 8, 10
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadlockTimeout)
	defer cancel()
	lock := [][]byte{[]byte("counter")}
	runWorkers(t, workers, func(int) error {
		for range perWorker {
			if err := increment(ctx, s, lock, []string{"counter"}); err != nil {
				return err
			}
		}
		return nil
	})
	if got, want := counter(t, s, "counter"), workers*perWorker; got != want {
		t.Fatalf("counter = %d after %d locked increments", got, want)
	}
}

// testOverlappingLocks runs Updates whose lock sets overlap and are given in
// different orders, with duplicates. A backend that locks in the order given
// deadlocks here; one that serialises badly loses increments.
func testOverlappingLocks(t *testing.T, s storage.Store) {
	keys := []string{"k0", "k1", "k2", "k3", "k4"}
	workers, perWorker := 12, 20
	if testing.Short() {
		workers, perWorker = 6, 10
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadlockTimeout)
	defer cancel()
	var mu sync.Mutex
	want := map[string]int{}
	runWorkers(t, workers, func(w int) error {
		rng := rand.New(rand.NewPCG(uint64(w), 42))
		for range perWorker {
			perm := rng.Perm(len(keys))[:1+rng.IntN(len(keys))]
			var lockKeys [][]byte
			var touched []string
			for _, i := range perm {
				lockKeys = append(lockKeys, []byte(keys[i]))
				touched = append(touched, keys[i])
			}
			if rng.IntN(3) == 0 { // a duplicate lock key
				lockKeys = append(lockKeys, lockKeys[0])
			}
			if err := increment(ctx, s, lockKeys, touched); err != nil {
				return fmt.Errorf("worker %d (locks %q): %w", w, lockKeys, err)
			}
			mu.Lock()
			for _, k := range touched {
				want[k]++
			}
			mu.Unlock()
		}
		return nil
	})
	for _, k := range keys {
		if got := counter(t, s, k); got != want[k] {
			t.Errorf("counter %q = %d, want %d", k, got, want[k])
		}
	}
}

// testViewConsistency moves units between accounts under locks while
// readers check, within one View, that Gets and a Scan all see the same
// total.
func testViewConsistency(t *testing.T, s storage.Store) {
	const accounts, total = 4, 1000
	key := func(i int) string { return "acct/" + strconv.Itoa(i) }
	var init []kv
	for i := range accounts {
		init = append(init, kv{key(i), strconv.Itoa(total / accounts)})
	}
	put(t, s, init...)

	ctx, cancel := context.WithTimeout(context.Background(), deadlockTimeout)
	defer cancel()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				from, to := key(rng.IntN(accounts)), key(rng.IntN(accounts))
				if err := transfer(ctx, s, from, to); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	checks := 200
	if testing.Short() {
		checks = 50
	}
	for range checks {
		err := s.View(ctx, func(r storage.Reader) error {
			sumGets := 0
			for i := range accounts {
				v, err := r.Get([]byte(key(i)))
				if err != nil {
					return err
				}
				n, _ := strconv.Atoi(string(v))
				sumGets += n
			}
			sumScan, err := scanSum(r)
			if err != nil {
				return err
			}
			if sumGets != total || sumScan != total {
				return fmt.Errorf("inconsistent View: Gets sum to %d, Scan to %d, want %d", sumGets, sumScan, total)
			}
			return nil
		})
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// scanSum adds up the accounts of testViewConsistency with one Scan.
func scanSum(r storage.Reader) (int, error) {
	sum := 0
	err := r.Scan([]byte("acct/"), []byte("acct0"), false, func(k, v []byte) (bool, error) {
		x, err := strconv.Atoi(string(v))
		sum += x
		return err == nil, err
	})
	return sum, err
}

// transfer moves one unit from one account to another, if from is not
// empty, reading and writing both under their locks.
func transfer(ctx context.Context, s storage.Store, from, to string) error {
	if from == to {
		return nil
	}
	return s.Update(ctx, [][]byte{[]byte(from), []byte(to)}, func(tx storage.Txn) error {
		fv, err := tx.Get([]byte(from))
		if err != nil {
			return err
		}
		tv, err := tx.Get([]byte(to))
		if err != nil {
			return err
		}
		f, _ := strconv.Atoi(string(fv))
		g, _ := strconv.Atoi(string(tv))
		if f == 0 {
			return nil
		}
		if err := tx.Set([]byte(from), []byte(strconv.Itoa(f-1))); err != nil {
			return err
		}
		return tx.Set([]byte(to), []byte(strconv.Itoa(g+1)))
	})
}

// testContextCanceled checks that View and Update refuse to start on a
// context that is already done, without calling fn.
func testContextCanceled(t *testing.T, s storage.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	err := s.Update(ctx, [][]byte{[]byte("k")}, func(tx storage.Txn) error {
		called = true
		return tx.Set([]byte("k"), []byte("v"))
	})
	if !errors.Is(err, context.Canceled) || called {
		t.Errorf("Update on canceled context: err %v, fn called %v; want context.Canceled, not called", err, called)
	}
	err = s.View(ctx, func(storage.Reader) error { called = true; return nil })
	if !errors.Is(err, context.Canceled) || called {
		t.Errorf("View on canceled context: err %v, fn called %v; want context.Canceled, not called", err, called)
	}
	if _, ok := get(t, s, "k"); ok {
		t.Error("Update on canceled context wrote")
	}
}

// testLockWaitRespectsContext checks that an Update waiting for a lock gives
// up when its context expires.
func testLockWaitRespectsContext(t *testing.T, s storage.Store) {
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Update(context.Background(), [][]byte{[]byte("k")}, func(tx storage.Txn) error {
			// Some backends only lock a key when it is read.
			if _, err := tx.Get([]byte("k")); err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
			close(held)
			<-release
			return tx.Set([]byte("k"), []byte("first"))
		})
	}()
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := s.Update(ctx, [][]byte{[]byte("k")}, func(tx storage.Txn) error {
		if _, err := tx.Get([]byte("k")); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		return tx.Set([]byte("k"), []byte("second"))
	})
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Update waiting for a held lock past its deadline returned %v, want context.DeadlineExceeded", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v, _ := get(t, s, "k"); v != "first" {
		t.Errorf("k = %q, want first", v)
	}
}

// testCloseWaitsForUpdate checks that Close lets a running Update finish
// and commit, and that Updates after Close fail.
func testCloseWaitsForUpdate(t *testing.T, s storage.Store) {
	started, release := make(chan struct{}), make(chan struct{})
	updateDone := make(chan error, 1)
	go func() {
		updateDone <- s.Update(context.Background(), [][]byte{[]byte("k")}, func(tx storage.Txn) error {
			close(started)
			<-release
			return tx.Set([]byte("k"), []byte("v"))
		})
	}()
	<-started
	closeDone := make(chan error, 1)
	go func() { closeDone <- s.Close() }()
	select {
	case err := <-closeDone:
		t.Fatalf("Close returned (%v) while an Update was running", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-updateDone; err != nil {
		t.Fatalf("Update running during Close: %v", err)
	}
	if err := <-closeDone; err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func testErrClosed(t *testing.T, s storage.Store) {
	put(t, s, kv{"k", "v"})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ctx := context.Background()
	if err := s.View(ctx, func(storage.Reader) error { return nil }); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("View after Close: %v, want ErrClosed", err)
	}
	if err := s.Update(ctx, nil, func(storage.Txn) error { return nil }); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Update after Close: %v, want ErrClosed", err)
	}
	if err := s.Close(); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
}

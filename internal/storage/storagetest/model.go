package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/basalt-db/basalt/internal/storage"
)

// SeedEnv names the environment variable that overrides the seed of the
// random model test, to replay or vary a run: STORAGETEST_SEED=1234.
const SeedEnv = "STORAGETEST_SEED"

// model is the reference implementation: a map, sorted on demand.
type model map[string]string

// scan returns what Store.Scan should visit, with the same bounds,
// direction and limit semantics as the scan helper.
func (m model) scan(lower, upper []byte, reverse bool, limit int) []kv {
	var out []kv
	for k, v := range m {
		if bytes.Compare([]byte(k), lower) >= 0 && (upper == nil || bytes.Compare([]byte(k), upper) < 0) {
			out = append(out, kv{k, v})
		}
	}
	slices.SortFunc(out, func(a, b kv) int { return bytes.Compare([]byte(a.k), []byte(b.k)) })
	if reverse {
		slices.Reverse(out)
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// randKey returns a key of 1 to 3 bytes over a small alphabet that includes
// 0x00 and 0xff, so keys collide often and bytewise order matters.
func randKey(rng *rand.Rand) []byte {
	return randBytes(rng, 1+rng.IntN(3))
}

// randBound returns a scan bound: nil, empty, or 1 to 3 bytes.
func randBound(rng *rand.Rand) []byte {
	switch rng.IntN(6) {
	case 0:
		return nil
	case 1:
		return []byte{}
	}
	return randBytes(rng, 1+rng.IntN(3))
}

func randBytes(rng *rand.Rand, n int) []byte {
	const alphabet = "\x00ab\xff"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return b
}

// testRandomModel applies a seeded random sequence of writes (some in
// Updates that fail and so must write nothing), Gets and Scans to the store
// and to a model, and compares every read.
func testRandomModel(t *testing.T, s storage.Store) {
	seed := uint64(1)
	if env := os.Getenv(SeedEnv); env != "" {
		var err error
		if seed, err = strconv.ParseUint(env, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", SeedEnv, env, err)
		}
	}
	ops := 1500
	if testing.Short() {
		ops = 300
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	m := model{}
	ctx := context.Background()
	for i := range ops {
		var desc string
		var err error
		switch op := rng.IntN(10); {
		case op < 4:
			desc, err = randomUpdate(ctx, s, m, rng)
		case op < 6:
			key := randKey(rng)
			desc = fmt.Sprintf("Get(%q)", key)
			err = s.View(ctx, func(r storage.Reader) error { return checkGet(r, m, key) })
		default:
			lower, upper := randBound(rng), randBound(rng)
			reverse, limit := rng.IntN(2) == 0, rng.IntN(5)
			desc = fmt.Sprintf("Scan(%q, %q, reverse=%v, limit=%d)", lower, upper, reverse, limit)
			err = s.View(ctx, func(r storage.Reader) error {
				got, err := scan(r, lower, upper, reverse, limit)
				if err != nil {
					return err
				}
				if want := m.scan(lower, upper, reverse, limit); !equalKVs(got, want) {
					return fmt.Errorf("got %q, want %q", got, want)
				}
				return nil
			})
		}
		if err != nil {
			t.Fatalf("seed %d, op %d %s: %v (replay with %s=%d)", seed, i, desc, err, SeedEnv, seed)
		}
	}
	if got, want := scanView(t, s, nil, nil, false, 0), m.scan(nil, nil, false, 0); !equalKVs(got, want) {
		t.Fatalf("seed %d, final contents: got %q, want %q", seed, got, want)
	}
}

// errAbort is returned by the fn of a random Update that must write nothing.
var errAbort = errors.New("storagetest: deliberate abort")

// randomUpdate runs an Update of 1 to 4 random sets and deletes, which
// first checks a Get against the model, and aborts one time in five. It
// applies the writes to m only if the Update commits.
func randomUpdate(ctx context.Context, s storage.Store, m model, rng *rand.Rand) (string, error) {
	type write struct {
		key, value []byte // value nil means delete
	}
	writes := make([]write, 1+rng.IntN(4))
	var lockKeys [][]byte
	for i := range writes {
		writes[i].key = randKey(rng)
		if rng.IntN(3) != 0 {
			writes[i].value = []byte(strconv.Itoa(rng.IntN(1000)))
		}
		lockKeys = append(lockKeys, writes[i].key)
	}
	abort := rng.IntN(5) == 0
	desc := fmt.Sprintf("Update(%d writes, abort=%v)", len(writes), abort)
	err := s.Update(ctx, lockKeys, func(tx storage.Txn) error {
		if err := checkGet(tx, m, writes[0].key); err != nil {
			return err
		}
		for _, w := range writes {
			var err error
			if w.value == nil {
				err = tx.Delete(w.key)
			} else {
				err = tx.Set(w.key, w.value)
			}
			if err != nil {
				return err
			}
		}
		if abort {
			return errAbort
		}
		return nil
	})
	if abort {
		if !errors.Is(err, errAbort) {
			return desc, fmt.Errorf("aborted Update returned %v, want fn's error", err)
		}
		return desc, nil
	}
	if err != nil {
		return desc, err
	}
	// Later writes to the same key win, as in one batch.
	for _, w := range writes {
		if w.value == nil {
			delete(m, string(w.key))
		} else {
			m[string(w.key)] = string(w.value)
		}
	}
	return desc, nil
}

// checkGet compares r.Get(key) with the model.
func checkGet(r storage.Reader, m model, key []byte) error {
	got, err := r.Get(key)
	want, ok := m[string(key)]
	switch {
	case !ok && !errors.Is(err, storage.ErrNotFound):
		return fmt.Errorf("Get(%q) = %q, %v; want ErrNotFound", key, got, err)
	case ok && (err != nil || string(got) != want):
		return fmt.Errorf("Get(%q) = %q, %v; want %q", key, got, err, want)
	}
	return nil
}

package service

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"time"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// tokenWindow is how long a ClientRequestToken makes TransactWriteItems
// idempotent, counted from when the first request that used it completed.
const tokenWindow = 10 * time.Minute

// Token records live at keycodec.SystemKey("txtoken/<account>/<region>/" +
// token): tokens are the caller's, so one namespace's never matches
// another's (before namespaces they lived at "txtoken/" + token; such a
// record is at most ten minutes' worth and is simply no longer seen). The value
// is the completion time (Unix nanoseconds, 8 bytes big-endian) followed by
// the SHA-256 of the request's parameters. A record is written in the same
// batch as the transaction it stands for, so it exists exactly when the
// transaction was applied. An expired record is overwritten by the next
// request with its token.
const tokenRecordLen = 8 + sha256.Size

// tokenCheck is a request's token: its record key, the digest of the
// request's other parameters, and the time the request is served.
type tokenCheck struct {
	key    []byte
	digest [sha256.Size]byte
	now    time.Time
}

// newTokenCheck returns the token check of a request in ns, nil when it
// has no ClientRequestToken.
func newTokenCheck(ns catalog.Namespace, in *api.TransactWriteItemsInput, now time.Time) *tokenCheck {
	if in.ClientRequestToken == nil {
		return nil
	}
	rest := *in
	rest.ClientRequestToken = nil
	return &tokenCheck{
		key:    keycodec.SystemKey("txtoken/" + ns.Account + "/" + ns.Region + "/" + *in.ClientRequestToken),
		digest: sha256.Sum256(appendJSON(nil, &rest)),
		now:    now,
	}
}

// seen reports whether the token's transaction was already applied within
// the window: true for the same parameters, IdempotentParameterMismatch for
// others. The caller holds the token key's lock.
func (tc *tokenCheck) seen(r storage.Reader) (bool, error) {
	raw, err := r.Get(tc.key)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(raw) != tokenRecordLen {
		return false, errors.New("service: malformed client request token record")
	}
	done := time.Unix(0, int64(binary.BigEndian.Uint64(raw)))
	if tc.now.Sub(done) >= tokenWindow {
		return false, nil
	}
	if string(raw[8:]) != string(tc.digest[:]) {
		return false, apierr.New(apierr.IdempotentParameterMismatch,
			"The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.")
	}
	return true, nil
}

// record stages the token's record.
func (tc *tokenCheck) record(tx storage.Txn) error {
	v := binary.BigEndian.AppendUint64(make([]byte, 0, tokenRecordLen), uint64(tc.now.UnixNano()))
	return tx.Set(tc.key, append(v, tc.digest[:]...))
}

// repeatCapacity is what a repeated TransactWriteItems consumes: as AWS
// documents, the read capacity of reading its items (transactionally, so
// twice a consistent read), summed per table.
func (s *Service) repeatCapacity(ctx context.Context, mode string, actions []*txAction) ([]api.ConsumedCapacity, error) {
	if mode != "TOTAL" && mode != "INDEXES" {
		return nil, nil
	}
	var names []string
	units := map[string]float64{}
	err := s.store.View(ctx, func(r storage.Reader) error {
		names, units = nil, map[string]float64{}
		for _, a := range actions {
			item, err := readItem(r, a.key)
			if err != nil {
				return err
			}
			if _, ok := units[a.t.Name]; !ok {
				names = append(names, a.t.Name)
			}
			units[a.t.Name] += transactWriteCost * readUnits(itemSize(item), true)
		}
		return nil
	})
	return consumedList(mode, names, units), err
}

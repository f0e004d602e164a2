package service

import (
	"context"
	"errors"

	"github.com/basalt-db/basalt/internal/api"
	"github.com/basalt-db/basalt/internal/apierr"
	"github.com/basalt-db/basalt/internal/attr"
	"github.com/basalt-db/basalt/internal/catalog"
	"github.com/basalt-db/basalt/internal/eval"
	"github.com/basalt-db/basalt/internal/expr"
	"github.com/basalt-db/basalt/internal/keycodec"
	"github.com/basalt-db/basalt/internal/storage"
)

// maxPageBytes is the most item data one Query or Scan page reads, counted
// on items as stored, before any filter or projection.
const maxPageBytes = 1 << 20

// pageRequest is what one Query or Scan page reads and returns.
type pageRequest struct {
	rt           readTarget
	lower, upper []byte // the key range, [lower, upper); nil upper: unbounded
	reverse      bool
	filter       expr.Condition  // nil: every item matches
	proj         expr.Projection // nil: whole items
	countOnly    bool            // Select=COUNT: no items returned
	limit        int             // items to read at most; 0: no limit
	fetch        bool            // read each entry's whole item from the table (ALL_ATTRIBUTES on a local index)
}

// encodedItems reports whether a page of req returns its items as stored,
// undecoded (page.encoded): when the service may (Options.EncodedItems) and
// the page neither filters, projects, fetches nor only counts.
func (s *Service) encodedItems(req pageRequest) bool {
	return s.opts.EncodedItems && req.filter == nil && req.proj == nil && !req.fetch && !req.countOnly
}

// newPageRequest starts the request of a Query or Scan page of rt.
func newPageRequest(rt readTarget, sel string, exprs compiled, limit int64) pageRequest {
	return pageRequest{
		rt: rt, filter: exprs.filter, proj: exprs.proj, countOnly: sel == "COUNT", limit: int(limit),
		fetch: fetchesFromTable(rt, sel, exprs),
	}
}

// fetchesFromTable reports whether a read of a local index must read each
// entry's item from the table: for ALL_ATTRIBUTES, or a projection, filter
// naming an attribute the index does not hold, as DynamoDB fetches them.
// A global index never does (its reads refuse ALL_ATTRIBUTES, and return
// only what it holds).
func fetchesFromTable(rt readTarget, sel string, exprs compiled) bool {
	if rt.ix == nil || rt.ix.Global || rt.ix.Projection == catalog.ProjectAll {
		return false
	}
	if sel == "ALL_ATTRIBUTES" {
		return true
	}
	outside := false
	visit := func(p expr.Path) { outside = outside || !rt.ix.Projects(rt.t, p[0].Name) }
	for _, p := range exprs.proj {
		visit(p)
	}
	expr.ConditionPaths(exprs.filter, visit)
	return outside
}

// page is the result of one Query or Scan page.
type page struct {
	items   []attr.Item // matched items, projected; nil when countOnly or encoded
	encoded [][]byte    // the items as stored, when the request takes them so (encodedItems)
	count   int         // items that matched the filter
	scanned int         // items read
	bytes   int         // size of the items read, as capacity counts it
	last    attr.Item   // the key of the last item read, when the page stopped early

	arena []byte // an encoded page's items, back to back; ends[i] is where item i ends
	ends  []int
}

// readPage reads items of the range in key order (reversed when asked)
// from one consistent snapshot, until the range ends, limit items were
// read, or the items read reach maxPageBytes. A page that stopped for
// either of the last two reasons carries the key of its last item, even
// when no item follows it, as AWS's LastEvaluatedKey does.
func (s *Service) readPage(ctx context.Context, req pageRequest) (*page, error) {
	p := &page{}
	encoded := s.encodedItems(req)
	if !req.countOnly && !encoded {
		p.items = []attr.Item{}
	}
	scan := func(r storage.Reader) error {
		return r.Scan(req.lower, req.upper, req.reverse, func(_, v []byte) (bool, error) {
			if encoded {
				return p.addEncoded(ctx, req, v)
			}
			item, err := attr.DecodeItem(v)
			if err != nil {
				return false, err
			}
			if req.fetch {
				if item, err = fetchItem(r, req.rt.t, item); err != nil {
					return false, err
				}
			}
			p.add(req, item)
			if (req.limit > 0 && p.scanned >= req.limit) || p.bytes >= maxPageBytes {
				p.last = req.rt.lastKey(item)
				return false, nil
			}
			return true, ctx.Err()
		})
	}
	var err error
	if req.fetch {
		err = s.store.View(ctx, scan) // the scan and the fetches, from one snapshot
	} else {
		err = scan(storeScanner{ctx, s.store}) // a single scan is consistent by itself
	}
	if err != nil {
		return nil, err
	}
	if encoded {
		p.encoded = make([][]byte, len(p.ends))
		start := 0
		for i, end := range p.ends {
			p.encoded[i] = p.arena[start:end:end]
			start = end
		}
	}
	return p, nil
}

// storeScanner is a storage.Reader for a read that makes only one Scan:
// storage.Store.Scan, with no snapshot.
type storeScanner struct {
	ctx   context.Context
	store storage.Store
}

func (r storeScanner) Get([]byte) ([]byte, error) {
	return nil, errors.New("service: storeScanner only scans")
}

func (r storeScanner) Scan(lower, upper []byte, reverse bool, fn func(k, v []byte) (bool, error)) error {
	return r.store.Scan(r.ctx, lower, upper, reverse, fn)
}

// addEncoded counts and keeps one item read, v, as stored (v is only valid
// during the call: it is copied to the page's arena), and reports whether
// the page goes on, as readPage's scan function does.
func (p *page) addEncoded(ctx context.Context, req pageRequest, v []byte) (bool, error) {
	size, err := attr.EncodedItemSize(v) // also checks v as DecodeItem would
	if err != nil {
		return false, err
	}
	p.scanned++
	p.count++
	p.bytes += size
	if p.arena == nil { // room for a 10-item partition of items like this one, at once
		p.arena = make([]byte, 0, max(16*len(v), 4096))
	}
	p.arena = append(p.arena, v...)
	if p.ends == nil {
		p.ends = make([]int, 0, 16)
	}
	p.ends = append(p.ends, len(p.arena))
	if (req.limit > 0 && p.scanned >= req.limit) || p.bytes >= maxPageBytes {
		item, err := attr.DecodeItem(v)
		if err != nil {
			return false, err
		}
		p.last = req.rt.lastKey(item)
		return false, nil
	}
	return true, ctx.Err()
}

// add counts one item read and keeps it if it matches.
func (p *page) add(req pageRequest, item attr.Item) {
	p.scanned++
	p.bytes += attr.ItemSize(item)
	if !eval.Condition(req.filter, item) {
		return
	}
	p.count++
	if req.countOnly {
		return
	}
	if req.proj != nil {
		item = eval.Project(req.proj, item)
	}
	p.items = append(p.items, item)
}

// fetchItem reads the table's item of an index entry; the entry is
// returned when the item is gone (it cannot be within one snapshot).
func fetchItem(r storage.Reader, t *catalog.Table, entry attr.Item) (attr.Item, error) {
	var sk *attr.Value
	if t.RangeKey != "" {
		v := entry[t.RangeKey]
		sk = &v
	}
	key, err := keycodec.ItemKey(t.ID, entry[t.HashKey], sk)
	if err != nil {
		return nil, err
	}
	item, err := readItem(r, key)
	if item == nil || err != nil {
		return entry, err
	}
	return item, nil
}

// tableKey returns the table's key attributes of item.
func tableKey(t *catalog.Table, item attr.Item) attr.Item {
	k := attr.Item{t.HashKey: item[t.HashKey]}
	if t.RangeKey != "" {
		k[t.RangeKey] = item[t.RangeKey]
	}
	return k
}

// output fills the parts of a Query or Scan response a page determines.
func (p *page) output(rt readTarget, capacityMode string, consistent bool) *api.QueryOutput {
	return &api.QueryOutput{
		ConsumedCapacity: rt.consumed(capacityMode, readUnits(p.bytes, consistent)),
		Count:            int64(p.count),
		Items:            p.items,
		EncodedItems:     p.encoded,
		LastEvaluatedKey: p.last,
		ScannedCount:     int64(p.scanned),
	}
}

// startAfter narrows [lower, upper) to the keys after start in the
// direction of reading: above it forwards, below it in reverse.
func startAfter(lower, upper, start []byte, reverse bool) ([]byte, []byte) {
	if reverse {
		return lower, start
	}
	return keycodec.KeyAfter(start), upper
}

// selectRules checks Select against the projection parameters, as AWS
// checks them before looking at the table. projParam names the projection
// parameter given ("ProjectionExpression" or "AttributesToGet"), "" for
// none.
func selectRules(sel, projParam, indexName string) error {
	switch {
	case sel == "ALL_PROJECTED_ATTRIBUTES" && indexName == "":
		return apierr.New(apierr.Validation, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	case sel == "COUNT" && projParam != "":
		return apierr.Newf(apierr.Validation, "Cannot specify the %s when choosing to get only the Count", projParam)
	case sel != "" && sel != "SPECIFIC_ATTRIBUTES" && projParam != "":
		return apierr.Newf(apierr.Validation, "Cannot specify the %s when choosing to get %s", projParam, sel)
	case sel == "SPECIFIC_ATTRIBUTES" && projParam == "":
		return apierr.New(apierr.Validation, "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
	}
	return nil
}

// projParam names the projection parameter a read request gives.
func projParam(projection *string, attributesToGet []string) string {
	switch {
	case projection != nil:
		return "ProjectionExpression"
	case attributesToGet != nil:
		return "AttributesToGet"
	}
	return ""
}

// validateStartKey validates the values of an ExclusiveStartKey, with
// AWS's prefix on the message.
func validateStartKey(start attr.Item) error {
	if start == nil {
		return nil
	}
	return startKeyError(attr.ValidateItem(start))
}

// startKeyError words a client error found in an ExclusiveStartKey as AWS
// does, "The provided starting key is invalid: " and the error's message;
// nil and internal faults pass unchanged.
func startKeyError(err error) error {
	if err == nil {
		return nil
	}
	if e, internal := apierr.From(err); !internal {
		return apierr.New(apierr.Validation, msgStartKeyInvalid+": "+e.Message)
	}
	return err
}

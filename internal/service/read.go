package service

import (
	"context"

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

	// chunk is the newest block of memory the encoded items are copied
	// into, back to back (keepEncoded); a full chunk is followed by a new
	// one, so that an item, once kept, is never copied again.
	chunk []byte
}

// readPage reads items of the range in key order (reversed when asked)
// from one consistent snapshot, until the range ends, limit items were
// read, or the items read reach maxPageBytes. A page that stopped for
// either of the last two reasons carries the key of its last item, even
// when no item follows it, as AWS's LastEvaluatedKey does.
func (s *Service) readPage(ctx context.Context, req pageRequest) (*page, error) {
	pr := &pageReader{req: req, ctx: ctx, encoded: s.encodedItems(req)}
	p := &pr.page
	if !req.countOnly && !pr.encoded {
		p.items = []attr.Item{}
	}
	var err error
	if req.fetch {
		err = s.store.View(ctx, func(r storage.Reader) error { // the scan and the fetches, from one snapshot
			pr.r = r
			defer func() { pr.r = nil }()
			return r.Scan(pr.req.lower, pr.req.upper, pr.req.reverse, pr.visit)
		})
	} else {
		// A single scan is consistent by itself, and needs no snapshot.
		err = s.store.Scan(ctx, req.lower, req.upper, req.reverse, pr.visit)
	}
	if err != nil {
		return nil, err
	}
	if pr.encoded && p.encoded == nil {
		p.encoded = [][]byte{}
	}
	return p, nil
}

// pageReader is the state of one readPage: the page it fills, in one
// allocation with what the scan function needs.
type pageReader struct {
	page
	req     pageRequest
	ctx     context.Context
	r       storage.Reader // the snapshot of a page that fetches items, during its scan
	encoded bool           // the page keeps items as stored (encodedItems)
}

// visit is readPage's scan function: it counts and keeps the item v read
// (only valid during the call), and reports whether the page goes on.
func (pr *pageReader) visit(_, v []byte) (bool, error) {
	req, p := &pr.req, &pr.page
	if pr.encoded {
		return p.addEncoded(pr.ctx, req, v)
	}
	item, err := attr.DecodeItem(v)
	if err != nil {
		return false, err
	}
	if req.fetch {
		if item, err = fetchItem(pr.r, req.rt.t, item); err != nil {
			return false, err
		}
	}
	p.add(req, item)
	if (req.limit > 0 && p.scanned >= req.limit) || p.bytes >= maxPageBytes {
		p.last = req.rt.lastKey(item)
		return false, nil
	}
	return true, pr.ctx.Err()
}

// addEncoded counts and keeps one item read, v, as stored (v is only valid
// during the call: it is copied to the page's chunks, keepEncoded), and
// reports whether the page goes on, as readPage's scan function does.
func (p *page) addEncoded(ctx context.Context, req *pageRequest, v []byte) (bool, error) {
	// Copied first, then measured in the copy: the copy streams v in at
	// once, where measuring skips about it, waiting for each line read.
	kept := p.keepEncoded(req.limit, v)
	size, err := attr.EncodedItemSize(kept) // also checks v as DecodeItem would
	if err != nil {
		return false, err
	}
	p.scanned++
	p.count++
	p.bytes += size
	if (req.limit > 0 && p.scanned >= req.limit) || p.bytes >= maxPageBytes {
		item, err := attr.DecodeItem(kept)
		if err != nil {
			return false, err
		}
		p.last = req.rt.lastKey(item)
		return false, nil
	}
	return true, ctx.Err()
}

// keepEncoded appends a copy of v, an item as stored, to p.encoded, in
// the page's current chunk or, when v does not fit there, in a new one
// (chunkSize) of a page that reads at most limit items (0: no limit), and
// returns the copy.
func (p *page) keepEncoded(limit int, v []byte) []byte {
	if cap(p.chunk)-len(p.chunk) < len(v) {
		p.chunk = make([]byte, 0, p.chunkSize(limit, len(v)))
	}
	start := len(p.chunk)
	p.chunk = append(p.chunk, v...)
	if p.encoded == nil {
		p.encoded = make([][]byte, 0, encodedCap(limit))
	}
	kept := p.chunk[start:len(p.chunk):len(p.chunk)]
	p.encoded = append(p.encoded, kept)
	return kept
}

// chunkSize is the size of a new chunk for an item of n bytes and those
// after it: room for 16 such items (and at least 4 KB) at first, and as
// much as the page holds already after that, doubling, so that a page that
// ends early has reserved little more than it read; with a limit, no more
// than the items left to read need at n bytes each and an eighth more;
// never more than a page holds (maxPageBytes), nor less than n.
func (p *page) chunkSize(limit, n int) int {
	size := p.bytes // roughly what the chunks so far hold
	if p.encoded == nil {
		size = max(16*n, 4096)
	}
	if limit > 0 {
		left := limit - p.scanned
		size = min(size, left*n+left*n/8)
	}
	return max(min(size, maxPageBytes), n)
}

// encodedCap is the capacity p.encoded starts with on a page that reads at
// most limit items (0: no limit): up to 128 (3 KB), append grows it after.
func encodedCap(limit int) int {
	if limit > 0 {
		return min(limit, 128)
	}
	return 16
}

// add counts one item read and keeps it if it matches.
func (p *page) add(req *pageRequest, item attr.Item) {
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

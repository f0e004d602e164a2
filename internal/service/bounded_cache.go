package service

import "sync"

// boundedCache maps keys to values remembered for reuse, holding at most
// max entries: when full, the oldest entry (the first put) makes room for
// a new one. It is safe for concurrent use. get takes no lock (a sync.Map,
// read-mostly as a cache of repeated requests is), so that requests on
// many cores do not meet on one mutex; put takes mu, which keeps the order
// of the entries. The zero value is unusable: use newBoundedCache.
type boundedCache[V any] struct {
	m sync.Map // string → V

	mu   sync.Mutex
	max  int
	keys []string // the keys in m, as a ring: keys[next] is the oldest once len(keys) == max
	next int
}

// newBoundedCache returns an empty cache of at most max entries (max > 0).
func newBoundedCache[V any](max int) *boundedCache[V] { return &boundedCache[V]{max: max} }

// get returns the value put under key, if the cache still holds it.
func (c *boundedCache[V]) get(key []byte) (V, bool) {
	v, ok := c.m.Load(string(key))
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

// put remembers v under key, dropping the oldest entry when the cache is
// full. A key already held keeps its value and its place.
func (c *boundedCache[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, loaded := c.m.LoadOrStore(key, v); loaded {
		return
	}
	if len(c.keys) < c.max {
		c.keys = append(c.keys, key)
		return
	}
	c.m.Delete(c.keys[c.next])
	c.keys[c.next] = key
	c.next = (c.next + 1) % c.max
}

// len returns the number of entries. For tests.
func (c *boundedCache[V]) len() int {
	n := 0
	c.m.Range(func(_, _ any) bool { n++; return true })
	return n
}

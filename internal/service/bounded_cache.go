package service

import (
	"sync"
	"sync/atomic"
)

// boundedCache maps keys to values remembered for reuse, holding about max
// entries at most: when full, an arbitrary entry makes room for a new one.
// It is safe for concurrent use, and its reads take no lock (a sync.Map,
// read-mostly as a cache of repeated requests is), so that requests on
// many cores do not meet on one mutex. The zero value is unusable; set max.
type boundedCache[V any] struct {
	max int64
	m   sync.Map     // string → V
	n   atomic.Int64 // entries, about: concurrent puts may pass max briefly
}

func newBoundedCache[V any](max int64) *boundedCache[V] { return &boundedCache[V]{max: max} }

func (c *boundedCache[V]) get(key []byte) (V, bool) {
	v, ok := c.m.Load(string(key))
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (c *boundedCache[V]) put(key string, v V) {
	if c.n.Load() >= c.max {
		c.m.Range(func(k, _ any) bool {
			if _, loaded := c.m.LoadAndDelete(k); loaded {
				c.n.Add(-1)
			}
			return false
		})
	}
	if _, loaded := c.m.LoadOrStore(key, v); !loaded {
		c.n.Add(1)
	}
}

// len returns the number of entries. For tests.
func (c *boundedCache[V]) len() int {
	n := 0
	c.m.Range(func(_, _ any) bool { n++; return true })
	return n
}

// Package opgate admits a store's operations until the store closes and
// lets Close wait for the admitted ones: the lifecycle both embedded
// backends share.
package opgate

import (
	"context"
	"sync"

	"github.com/basalt-db/basalt/internal/storage"
)

// Gate admits operations until Close. The zero value is open. Every
// operation registers in ops while holding mu for reading, so Close,
// which sets closed under the write lock, knows that no operation starts
// after it and waits for those registered.
type Gate struct {
	mu     sync.RWMutex
	closed bool
	ops    sync.WaitGroup
}

// Enter admits an operation. It returns storage.ErrClosed once Close has
// begun, ctx.Err() if ctx is done, and otherwise nil, after which the
// caller must call Leave when the operation ends.
func (g *Gate) Enter(ctx context.Context) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return storage.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	g.ops.Add(1)
	return nil
}

// Leave ends an operation Enter admitted.
func (g *Gate) Leave() { g.ops.Done() }

// Close admits no more operations and waits until every admitted one has
// left. It returns storage.ErrClosed if Close was called before.
func (g *Gate) Close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return storage.ErrClosed
	}
	g.closed = true
	g.mu.Unlock()
	g.ops.Wait()
	return nil
}

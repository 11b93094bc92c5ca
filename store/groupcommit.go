package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// groupCommit shares one write transaction, and so one fsync, among the
// writers that arrive while the previous commit is in progress. Unlike
// bbolt's Batch it never waits on a timer: a lone writer commits at once,
// and under load each commit takes everything that queued up meanwhile, so
// durable throughput grows with concurrency.
type groupCommit struct {
	db       *bolt.DB
	maxBatch int
	delay    time.Duration // optional wait for company before committing

	mu      sync.Mutex
	pending []*commitReq
	running bool

	// lastErr is the error of the most recent commit that failed as a
	// whole (a full or read-only disk), cleared by the next commit that
	// succeeds. It drives readiness.
	lastErr atomic.Pointer[error]
}

type commitReq struct {
	fn   func(*bolt.Tx) error
	done chan error
}

// do runs fn in a shared write transaction and returns its result once the
// transaction is durable. A rejection from fn commits nothing for fn and is
// returned as is; any other error from fn rolls the shared transaction back,
// is returned to fn's caller, and the others are committed without fn.
func (g *groupCommit) do(fn func(*bolt.Tx) error) error {
	req := &commitReq{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, req)
	if !g.running {
		g.running = true
		go g.loop()
	}
	g.mu.Unlock()
	return <-req.done
}

// loop commits queued requests until none are left.
func (g *groupCommit) loop() {
	for {
		if g.delay > 0 {
			time.Sleep(g.delay)
		}
		g.mu.Lock()
		n := min(len(g.pending), g.maxBatch)
		if n == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		batch := append([]*commitReq(nil), g.pending[:n]...)
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.run(batch)
	}
}

// run commits batch, removing (and answering) any request that fails with
// a real error and retrying the rest.
func (g *groupCommit) run(batch []*commitReq) {
	for len(batch) > 0 {
		results := make([]error, len(batch))
		failed := -1
		err := g.db.Update(func(tx *bolt.Tx) error {
			for i, r := range batch {
				err := safeCall(r.fn, tx)
				var rej *rejection
				switch {
				case err == nil:
				case errors.As(err, &rej):
					results[i] = err
				default:
					failed, results[i] = i, err
					return err
				}
			}
			return nil
		})
		if err != nil && failed < 0 {
			g.lastErr.Store(&err)
		} else if err == nil {
			g.lastErr.Store(nil)
		}
		if failed >= 0 {
			batch[failed].done <- results[failed]
			batch = append(batch[:failed], batch[failed+1:]...)
			continue
		}
		for i, r := range batch {
			if err != nil {
				r.done <- err
			} else {
				r.done <- results[i]
			}
		}
		return
	}
}

// safeCall runs fn, turning a panic into an error so that one bad caller
// cannot take down the shared transaction's other writers.
func safeCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: panic in transaction: %v", p)
		}
	}()
	return fn(tx)
}

package jobs

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"gridbot/store"
)

// Store is what the runner needs from the database.
type Store interface {
	Jobs() ([]store.Job, error)
	CompleteJob(ctx context.Context, id uint64) error
	RetryJob(ctx context.Context, id uint64, attempts int, next time.Time, lastErr string) (store.Job, error)
	BuryJob(ctx context.Context, id uint64, attempts int, lastErr string) error
}

// Handler runs one attempt of a job. Returning an error retries the job;
// returning an error wrapping ErrPermanent buries it at once.
type Handler func(ctx context.Context, job store.Job) error

// ErrPermanent marks a failure that retrying cannot fix (for example a
// payload that does not decode).
var ErrPermanent = errors.New("permanent failure")

// Config tunes the runner.
type Config struct {
	MaxAttempts int
	Timeout     time.Duration
	BackoffBase time.Duration
	BackoffMax  time.Duration
	Now         func() time.Time
	Logger      *slog.Logger
	// Observe, if set, is called after every attempt (for metrics).
	Observe func(kind string, outcome Outcome, d time.Duration)
}

// Outcome is the result of one attempt.
type Outcome string

// Attempt outcomes.
const (
	OutcomeDone   Outcome = "done"
	OutcomeRetry  Outcome = "retry"
	OutcomeBuried Outcome = "buried"
)

// Runner runs jobs by kind with bounded concurrency.
type Runner struct {
	cfg   Config
	store Store
	mu    sync.Mutex
	kinds map[string]*queue
	wg    sync.WaitGroup
	stop  context.CancelFunc
}

// New returns a Runner; register kinds with Handle, then call Start.
func New(st Store, cfg Config) *Runner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 1
	}
	return &Runner{cfg: cfg, store: st, kinds: map[string]*queue{}}
}

// Handle registers h for kind with at most concurrency attempts at once.
func (r *Runner) Handle(kind string, concurrency int, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kinds[kind] = &queue{kind: kind, handler: h, workers: max(1, concurrency), wake: make(chan struct{}, 1), known: map[uint64]bool{}}
}

// Start loads the stored jobs and starts the workers. Jobs of a kind with
// no handler stay in the store and are logged.
func (r *Runner) Start(ctx context.Context) error {
	jobs, err := r.store.Jobs()
	if err != nil {
		return fmt.Errorf("jobs: load: %w", err)
	}
	ctx, r.stop = context.WithCancel(ctx)
	r.Add(jobs)
	for _, q := range r.kinds {
		for range q.workers {
			r.wg.Add(1)
			go func() {
				defer r.wg.Done()
				r.work(ctx, q)
			}()
		}
	}
	return nil
}

// Add queues jobs that are already stored (the store's job hook calls it).
func (r *Runner) Add(jobs []store.Job) {
	for _, j := range jobs {
		q := r.kinds[j.Kind]
		if q == nil {
			r.cfg.Logger.Error("job of unknown kind left in store", slog.Uint64("job", j.ID), slog.String("kind", j.Kind))
			continue
		}
		q.push(j)
	}
}

// Stop stops claiming jobs and waits for running attempts to finish or for
// ctx to end. Unfinished jobs stay stored and run after the next start.
func (r *Runner) Stop(ctx context.Context) error {
	if r.stop == nil {
		return nil
	}
	r.stop()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: stop: %w", ctx.Err())
	}
}

// Pending returns how many jobs are queued in memory, by kind.
func (r *Runner) Pending() map[string]int {
	out := map[string]int{}
	for k, q := range r.kinds {
		q.mu.Lock()
		out[k] = q.h.Len()
		q.mu.Unlock()
	}
	return out
}

func (r *Runner) work(ctx context.Context, q *queue) {
	for {
		j, ok := q.next(ctx, r.cfg.Now)
		if !ok {
			return
		}
		r.attempt(ctx, q, j)
	}
}

// attempt runs one attempt and records its outcome. The attempt's context
// derives from the runner's, never from a request.
func (r *Runner) attempt(ctx context.Context, q *queue, j store.Job) {
	start := time.Now()
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.Timeout)
	err := safeRun(actx, q.handler, j)
	cancel()
	// Record the outcome even if the runner is stopping: the attempt ran.
	rec := context.WithoutCancel(ctx)
	log := r.cfg.Logger.With(slog.Uint64("job", j.ID), slog.String("kind", j.Kind), slog.Int("attempt", j.Attempts+1))
	outcome := OutcomeDone
	switch {
	case err == nil:
		if cerr := r.store.CompleteJob(rec, j.ID); cerr != nil {
			log.Error("job done but not recorded; it will run again", slog.Any("err", cerr))
		}
	case errors.Is(err, ErrPermanent) || j.Attempts+1 >= r.cfg.MaxAttempts:
		outcome = OutcomeBuried
		log.Error("job failed for good; moved to dead letters", slog.Any("err", err))
		if berr := r.store.BuryJob(rec, j.ID, j.Attempts+1, err.Error()); berr != nil {
			log.Error("bury failed; job stays queued", slog.Any("err", berr))
		}
	default:
		outcome = OutcomeRetry
		next := r.cfg.Now().Add(Backoff(j.Attempts+1, r.cfg.BackoffBase, r.cfg.BackoffMax))
		log.Warn("job failed; will retry", slog.Any("err", err), slog.Time("next", next))
		nj, rerr := r.store.RetryJob(rec, j.ID, j.Attempts+1, next, err.Error())
		if rerr != nil {
			log.Error("retry not recorded", slog.Any("err", rerr))
			nj = j
			nj.Attempts++
			nj.NotBefore = next
		}
		q.requeue(nj)
	}
	if outcome != OutcomeRetry {
		q.forget(j.ID)
	}
	if r.cfg.Observe != nil {
		r.cfg.Observe(j.Kind, outcome, time.Since(start))
	}
}

// safeRun turns a panic into an error.
func safeRun(ctx context.Context, h Handler, j store.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		done <- h(ctx, j)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("attempt timed out: %w", ctx.Err())
	}
}

// Backoff returns the delay before attempt n+1: full jitter over an
// exponential ceiling base·2^(n-1), capped at max.
func Backoff(n int, base, maxDelay time.Duration) time.Duration {
	ceiling := base
	for i := 1; i < n && ceiling < maxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, maxDelay)
	half := ceiling / 2
	return half + rand.N(half+1)
}

// queue is one kind's pending jobs, ordered by NotBefore then id.
type queue struct {
	kind    string
	handler Handler
	workers int
	mu      sync.Mutex
	h       jobHeap
	wake    chan struct{}
	// known holds the ids queued or running, so that a job announced twice
	// (loaded at start and announced by the hook) runs once at a time.
	known map[uint64]bool
}

// push queues a job unless it is already queued or running.
func (q *queue) push(j store.Job) {
	q.mu.Lock()
	if q.known[j.ID] {
		q.mu.Unlock()
		return
	}
	q.known[j.ID] = true
	heap.Push(&q.h, j)
	q.mu.Unlock()
	q.signal()
}

// requeue puts back a job this queue is running, for a later attempt.
func (q *queue) requeue(j store.Job) {
	q.mu.Lock()
	heap.Push(&q.h, j)
	q.mu.Unlock()
	q.signal()
}

// forget drops a finished job's id.
func (q *queue) forget(id uint64) {
	q.mu.Lock()
	delete(q.known, id)
	q.mu.Unlock()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// next blocks until a job is due or ctx ends.
func (q *queue) next(ctx context.Context, now func() time.Time) (store.Job, bool) {
	for {
		if ctx.Err() != nil {
			return store.Job{}, false
		}
		q.mu.Lock()
		var wait time.Duration = -1
		if q.h.Len() > 0 {
			if d := q.h[0].NotBefore.Sub(now()); d <= 0 {
				j := heap.Pop(&q.h).(store.Job)
				more := q.h.Len() > 0
				q.mu.Unlock()
				if more { // let another worker look too
					q.signal()
				}
				return j, true
			} else {
				wait = d
			}
		}
		q.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if wait >= 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		select {
		case <-ctx.Done():
		case <-q.wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

type jobHeap []store.Job

func (h jobHeap) Len() int { return len(h) }
func (h jobHeap) Less(i, j int) bool {
	if !h[i].NotBefore.Equal(h[j].NotBefore) {
		return h[i].NotBefore.Before(h[j].NotBefore)
	}
	return h[i].ID < h[j].ID
}
func (h jobHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *jobHeap) Push(x any)   { *h = append(*h, x.(store.Job)) }
func (h *jobHeap) Pop() any {
	old := *h
	j := old[len(old)-1]
	*h = old[:len(old)-1]
	return j
}

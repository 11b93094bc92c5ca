package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridbot/store"
)

func mustOpenStore(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), store.FileName), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func enqueue(tb testing.TB, db *store.DB, kind string, payload any) store.Job {
	tb.Helper()
	var j store.Job
	err := db.Do(context.Background(), func(tx *store.Tx) error {
		var err error
		j, err = tx.Enqueue(kind, payload, time.Time{})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return j
}

func fastConfig() Config {
	return Config{MaxAttempts: 3, Timeout: 10 * time.Second, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}
}

// startRunner starts r on db with the job hook installed and stops it on
// cleanup.
func startRunner(tb testing.TB, db *store.DB, r *Runner) {
	tb.Helper()
	db.SetJobHook(r.Add)
	if err := r.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			tb.Error(err)
		}
	})
}

func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestJobRunsAndCompletes(t *testing.T) {
	db := mustOpenStore(t)
	var got atomic.Value
	r := New(db, fastConfig())
	r.Handle("echo", 1, func(ctx context.Context, j store.Job) error {
		got.Store(string(j.Payload))
		return nil
	})
	startRunner(t, db, r)
	enqueue(t, db, "echo", "hello")
	waitFor(t, "job to run", func() bool { return got.Load() != nil })
	waitFor(t, "job to be removed", func() bool { js, _ := db.Jobs(); return len(js) == 0 })
	if got.Load() != `"hello"` {
		t.Errorf("got payload %v, want \"hello\"", got.Load())
	}
}

func TestFailuresAreRetriedThenDeadLettered(t *testing.T) {
	tests := []struct {
		name    string
		handler Handler
		wantErr string
	}{
		// The timeout case relies on the attempt timeout set below.
		{"error", func(context.Context, store.Job) error { return errors.New("boom") }, "boom"},
		{"panic", func(context.Context, store.Job) error { panic("kaboom") }, "panic: kaboom"},
		{"timeout", func(ctx context.Context, _ store.Job) error {
			<-ctx.Done()
			time.Sleep(10 * time.Millisecond)
			return nil
		}, "attempt timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenStore(t)
			var attempts atomic.Int32
			cfg := fastConfig()
			if tt.name == "timeout" {
				cfg.Timeout = 100 * time.Millisecond
			}
			r := New(db, cfg)
			r.Handle("flaky", 1, func(ctx context.Context, j store.Job) error {
				attempts.Add(1)
				return tt.handler(ctx, j)
			})
			startRunner(t, db, r)
			j := enqueue(t, db, "flaky", 1)
			waitFor(t, "dead letter", func() bool { d, _ := db.DeadJobs(); return len(d) == 1 })
			if n := attempts.Load(); n != 3 {
				t.Errorf("got %d attempts, want 3", n)
			}
			dead, _ := db.DeadJobs()
			if dead[0].ID != j.ID || dead[0].Attempts != 3 || !contains(dead[0].LastError, tt.wantErr) {
				t.Errorf("got dead job %+v, want id %d, 3 attempts, error containing %q", dead[0], j.ID, tt.wantErr)
			}
			if live, _ := db.Jobs(); len(live) != 0 {
				t.Errorf("got %d live jobs, want 0", len(live))
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	db := mustOpenStore(t)
	var attempts atomic.Int32
	r := New(db, fastConfig())
	r.Handle("flaky", 1, func(context.Context, store.Job) error {
		if attempts.Add(1) < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	startRunner(t, db, r)
	enqueue(t, db, "flaky", 1)
	waitFor(t, "success", func() bool { js, _ := db.Jobs(); return attempts.Load() == 3 && len(js) == 0 })
	if d, _ := db.DeadJobs(); len(d) != 0 {
		t.Errorf("got %d dead jobs, want 0", len(d))
	}
}

func TestPermanentFailureIsBuriedAtOnce(t *testing.T) {
	db := mustOpenStore(t)
	var attempts atomic.Int32
	r := New(db, fastConfig())
	r.Handle("bad", 1, func(context.Context, store.Job) error {
		attempts.Add(1)
		return ErrPermanent
	})
	startRunner(t, db, r)
	enqueue(t, db, "bad", 1)
	waitFor(t, "dead letter", func() bool { d, _ := db.DeadJobs(); return len(d) == 1 })
	if n := attempts.Load(); n != 1 {
		t.Errorf("got %d attempts, want 1", n)
	}
}

func TestReviveDeadJob(t *testing.T) {
	db := mustOpenStore(t)
	var fail atomic.Bool
	fail.Store(true)
	var done atomic.Int32
	r := New(db, fastConfig())
	r.Handle("k", 1, func(context.Context, store.Job) error {
		if fail.Load() {
			return errors.New("down")
		}
		done.Add(1)
		return nil
	})
	startRunner(t, db, r)
	j := enqueue(t, db, "k", 1)
	waitFor(t, "dead letter", func() bool { d, _ := db.DeadJobs(); return len(d) == 1 })
	fail.Store(false)
	if _, err := db.ReviveJob(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "revived job to run", func() bool { return done.Load() == 1 })
	if d, _ := db.DeadJobs(); len(d) != 0 {
		t.Errorf("got %d dead jobs after revive, want 0", len(d))
	}
}

// TestJobsSurviveRestart stops a runner while a job is running; the job is
// still stored and runs again on the next start.
func TestJobsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	r := New(db, Config{MaxAttempts: 3, Timeout: time.Minute, BackoffBase: time.Millisecond, BackoffMax: time.Millisecond})
	r.Handle("slow", 1, func(ctx context.Context, _ store.Job) error {
		close(started)
		<-ctx.Done() // never finishes on its own
		return ctx.Err()
	})
	db.SetJobHook(r.Add)
	r.Start(context.Background())
	enqueue(t, db, "slow", 1)
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	r.Stop(ctx) // gives up waiting: the attempt is abandoned
	cancel()
	db.Close()

	db2, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var ran atomic.Int32
	r2 := New(db2, fastConfig())
	r2.Handle("slow", 1, func(context.Context, store.Job) error { ran.Add(1); return nil })
	startRunner(t, db2, r2)
	waitFor(t, "job to run after restart", func() bool { return ran.Load() == 1 })
}

func TestConcurrencyBound(t *testing.T) {
	db := mustOpenStore(t)
	var running, peak atomic.Int32
	var mu sync.Mutex
	r := New(db, fastConfig())
	r.Handle("cpu", 2, func(context.Context, store.Job) error {
		n := running.Add(1)
		mu.Lock()
		if n > peak.Load() {
			peak.Store(n)
		}
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		running.Add(-1)
		return nil
	})
	startRunner(t, db, r)
	for i := 0; i < 20; i++ {
		enqueue(t, db, "cpu", i)
	}
	waitFor(t, "all jobs", func() bool { js, _ := db.Jobs(); return len(js) == 0 })
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("got peak concurrency %d, want 1..2", p)
	}
}

func TestBackoff(t *testing.T) {
	for n := 1; n <= 12; n++ {
		d := Backoff(n, time.Second, time.Minute)
		ceiling := min(time.Second<<(n-1), time.Minute)
		if d < ceiling/2 || d > ceiling {
			t.Errorf("attempt %d: got %s, want within [%s, %s]", n, d, ceiling/2, ceiling)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

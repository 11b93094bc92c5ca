package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Job is one unit of durable background work. It stays in the jobs bucket
// until it completes or is buried in the dead-letter bucket, so a job that
// was running when the process died runs again after a restart.
type Job struct {
	ID        uint64          `json:"id"`
	Kind      string          `json:"kind"`
	Payload   json.RawMessage `json:"payload"`
	Attempts  int             `json:"attempts"`
	NotBefore time.Time       `json:"not_before"`
	CreatedAt time.Time       `json:"created_at"`
	LastError string          `json:"last_error,omitempty"`
	DeadAt    time.Time       `json:"dead_at,omitzero"`
}

// Enqueue adds a job of kind with payload (JSON-encoded) to run at or after
// notBefore (zero means now).
func (t *Tx) Enqueue(kind string, payload any, notBefore time.Time) (Job, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return Job{}, fmt.Errorf("store: enqueue %s: %w", kind, err)
	}
	b := t.tx.Bucket(bucketJobs)
	id, err := b.NextSequence()
	if err != nil {
		return Job{}, err
	}
	if notBefore.IsZero() {
		notBefore = t.now
	}
	j := Job{ID: id, Kind: kind, Payload: data, NotBefore: notBefore, CreatedAt: t.now}
	if err := putJSON(b, u64(id), j); err != nil {
		return Job{}, err
	}
	t.jobs = append(t.jobs, j)
	return j, nil
}

// SetJobHook installs fn, called after every commit with the jobs that
// commit enqueued. The job runner uses it to learn of new work without
// polling. Set it before serving traffic.
func (db *DB) SetJobHook(fn func([]Job)) { db.jobHook.Store(&fn) }

func (db *DB) announce(jobs []Job) {
	if len(jobs) == 0 {
		return
	}
	if fn := db.jobHook.Load(); fn != nil && *fn != nil {
		(*fn)(jobs)
	}
}

// Jobs returns every live (not dead) job in id order.
func (db *DB) Jobs() ([]Job, error) { return db.listJobs(bucketJobs) }

// DeadJobs returns the dead-letter list in id order.
func (db *DB) DeadJobs() ([]Job, error) { return db.listJobs(bucketDeadJobs) }

func (db *DB) listJobs(bucket []byte) ([]Job, error) {
	var out []Job
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		return b.ForEach(func(k, _ []byte) error {
			var j Job
			if err := getJSON(b, k, &j); err != nil {
				return err
			}
			out = append(out, j)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// CompleteJob removes a finished job.
func (db *DB) CompleteJob(ctx context.Context, id uint64) error {
	return db.commit(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bucketJobs).Delete(u64(id)) })
}

// RetryJob records a failed attempt and reschedules the job.
func (db *DB) RetryJob(ctx context.Context, id uint64, attempts int, next time.Time, lastErr string) (Job, error) {
	var j Job
	err := db.commit(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJobs)
		if err := getJSON(b, u64(id), &j); err != nil {
			return reject(err)
		}
		j.Attempts, j.NotBefore, j.LastError = attempts, next, lastErr
		return putJSON(b, u64(id), j)
	})
	if err != nil {
		return j, fmt.Errorf("store: retry job %d: %w", id, err)
	}
	return j, nil
}

// BuryJob moves a job that exhausted its attempts to the dead-letter list.
func (db *DB) BuryJob(ctx context.Context, id uint64, attempts int, lastErr string) error {
	err := db.commit(ctx, func(tx *bolt.Tx) error {
		var j Job
		if err := getJSON(tx.Bucket(bucketJobs), u64(id), &j); err != nil {
			return reject(err)
		}
		j.Attempts, j.LastError, j.DeadAt = attempts, lastErr, db.now()
		if err := putJSON(tx.Bucket(bucketDeadJobs), u64(id), j); err != nil {
			return err
		}
		return tx.Bucket(bucketJobs).Delete(u64(id))
	})
	if err != nil {
		return fmt.Errorf("store: bury job %d: %w", id, err)
	}
	return nil
}

// ReviveJob moves a dead job back to the live queue with its attempts reset
// (staff's "retry"). Errors: ErrNotFound.
func (db *DB) ReviveJob(ctx context.Context, id uint64) (Job, error) {
	var j Job
	err := db.Do(ctx, func(t *Tx) error {
		if err := getJSON(t.tx.Bucket(bucketDeadJobs), u64(id), &j); err != nil {
			return reject(err)
		}
		j.Attempts, j.LastError, j.DeadAt, j.NotBefore = 0, "", time.Time{}, t.now
		if err := putJSON(t.tx.Bucket(bucketJobs), u64(id), j); err != nil {
			return err
		}
		t.jobs = append(t.jobs, j)
		return t.tx.Bucket(bucketDeadJobs).Delete(u64(id))
	})
	if err != nil {
		return j, fmt.Errorf("store: revive job %d: %w", id, err)
	}
	return j, nil
}

package store

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Tx is a write transaction with gridbot's domain operations. Callers get
// one inside DB.Intake and DB.Do; everything done through one Tx commits
// together or not at all. A Tx must not be used after its function returns,
// and the function must do no network or image work.
type Tx struct {
	db   *DB
	tx   *bolt.Tx
	now  time.Time
	jobs []Job // enqueued in this transaction, announced after commit
}

// Now returns the transaction's clock reading (fixed for its duration).
func (t *Tx) Now() time.Time { return t.now }

// Do runs fn in a group-committed write transaction and, once it commits,
// announces the jobs fn enqueued. fn may run more than once (see the
// package doc); return Reject(err) from a check that fails before any write.
func (db *DB) Do(ctx context.Context, fn func(*Tx) error) error {
	var t *Tx
	err := db.commit(ctx, func(btx *bolt.Tx) error {
		t = &Tx{db: db, tx: btx, now: db.now()}
		return fn(t)
	})
	if err == nil && t != nil {
		db.announce(t.jobs)
	}
	return err
}

// Reject marks err as a check failure found before any write in a Do or
// Intake function: nothing is committed for this caller, and Do returns err.
func Reject(err error) error { return reject(err) }

// View runs fn in a read transaction wrapped as a Tx (writes fail).
func (db *DB) View(fn func(*Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		return fn(&Tx{db: db, tx: btx, now: db.now()})
	})
}

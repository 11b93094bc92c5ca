package storekit

import (
	"context"
	"testing"

	"gridbot/config"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Open opens the store at path with opts and fails the test if it cannot.
// On cleanup it runs Check, reporting an error or any problem it finds
// (ledger audit included) with tb.Errorf, then closes the store.
func Open(tb testing.TB, path string, opts store.Options) *store.DB {
	tb.Helper()
	db, err := store.Open(path, opts)
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() {
		rep, err := db.Check()
		if err != nil {
			tb.Errorf("Check: %v", err)
		} else if !rep.OK() {
			tb.Errorf("Check found problems, want none: %q", rep.Problems)
		}
		db.Close()
	})
	return db
}

// Do runs fn in a write transaction and fails the test if it returns an
// error. As with store.DB.Do, fn may run more than once.
func Do(tb testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	tb.Helper()
	if err := db.Do(context.Background(), fn); err != nil {
		tb.Fatalf("Do: %v", err)
	}
}

// PutRider stores r and returns it as stored (with its registration number
// set). A zero r.RegisteredAt becomes the store's current time.
func PutRider(tb testing.TB, db *store.DB, r grid.Rider) grid.Rider {
	tb.Helper()
	in := r
	Do(tb, db, func(tx *store.Tx) (err error) {
		r = in // fn may run more than once
		if r.RegisteredAt.IsZero() {
			r.RegisteredAt = tx.Now()
		}
		r, err = tx.PutRider(r)
		return err
	})
	return r
}

// CreateReport stores r as a new report and returns it with its id set.
func CreateReport(tb testing.TB, db *store.DB, r grid.Report) grid.Report {
	tb.Helper()
	in := r
	Do(tb, db, func(tx *store.Tx) (err error) {
		r, err = tx.CreateReport(in) // fn may run more than once
		return err
	})
	return r
}

// CreateRedemption creates a pending redemption by rider of cfg's first
// reward, held for cfg.Points.HoldTTL, and returns it. The rider must have
// the points available.
func CreateRedemption(tb testing.TB, db *store.DB, cfg *config.Config, rider string) points.Redemption {
	tb.Helper()
	rw := cfg.Rewards[0]
	var r points.Redemption
	Do(tb, db, func(tx *store.Tx) (err error) {
		r, err = tx.CreateRedemption(rider, rw.Code, rw.Name, rw.Cost, cfg.Points.HoldTTL)
		return err
	})
	return r
}

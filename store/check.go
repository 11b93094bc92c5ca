package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// CheckReport is the result of Check.
type CheckReport struct {
	Entries  int
	Holds    int
	Accounts int
	// Problems lists every violated invariant; empty means all hold.
	Problems []string
}

// OK reports whether every check passed.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// Check verifies bbolt's own consistency (Tx.Check) and every ledger
// invariant (see package points) in one read transaction.
func (db *DB) Check() (CheckReport, error) {
	var rep CheckReport
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			rep.Problems = append(rep.Problems, "bbolt: "+err.Error())
		}
		audit := points.NewAudit()
		entries := tx.Bucket(bucketEntries)
		if err := entries.ForEach(func(k, _ []byte) error {
			var e points.Entry
			if err := getJSON(entries, k, &e); err != nil {
				return err
			}
			if e.ID != getU64(k) {
				rep.Problems = append(rep.Problems, fmt.Sprintf("entry stored under key %d has id %d", getU64(k), e.ID))
			}
			audit.Entry(e)
			return nil
		}); err != nil {
			return err
		}
		holds := tx.Bucket(bucketHolds)
		if err := holds.ForEach(func(k, _ []byte) error {
			var h points.Hold
			if err := getJSON(holds, k, &h); err != nil {
				return err
			}
			rep.Holds++
			audit.Hold(h)
			return nil
		}); err != nil {
			return err
		}
		stored := points.Balances{}
		if err := tx.Bucket(bucketBalances).ForEach(func(k, v []byte) error {
			stored[points.Account(k)] = getI64(v)
			return nil
		}); err != nil {
			return err
		}
		rep.Accounts = len(stored)
		rep.Problems = append(rep.Problems, audit.Finish(stored)...)
		rep.Entries = audit.Entries()
		rep.Problems = append(rep.Problems, checkIndexes(tx, audit)...)
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("store: check: %w", err)
	}
	return rep, nil
}

// checkIndexes verifies that the idempotency-key index points at awards
// with that key.
func checkIndexes(tx *bolt.Tx, _ *points.Audit) []string {
	var problems []string
	entries := tx.Bucket(bucketEntries)
	_ = tx.Bucket(bucketEntryKeys).ForEach(func(k, v []byte) error {
		var e points.Entry
		if err := getJSON(entries, v, &e); err != nil {
			problems = append(problems, fmt.Sprintf("idempotency key %q points at missing entry %d", k, getU64(v)))
			return nil
		}
		if e.Key != string(k) {
			problems = append(problems, fmt.Sprintf("idempotency key %q points at entry %d with key %q", k, e.ID, e.Key))
		}
		return nil
	})
	return problems
}

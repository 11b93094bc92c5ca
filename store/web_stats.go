package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// EntriesSince calls fn for every ledger entry made at or after from,
// newest first (the dashboard's points issued and redeemed). Entry ids grow
// with time, so the walk stops a minute past the first older entry instead
// of reading the whole ledger.
func (db *DB) EntriesSince(from time.Time, fn func(points.Entry) error) error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEntries)
		c := b.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			var e points.Entry
			if err := getJSON(b, k, &e); err != nil {
				return err
			}
			if e.At.Before(from) {
				if e.At.Before(from.Add(-time.Minute)) {
					return nil
				}
				continue
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

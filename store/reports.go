package store

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/grid"
)

// CreateReport stores a new report with the next id and indexes it by rider.
func (t *Tx) CreateReport(r grid.Report) (grid.Report, error) {
	b := t.tx.Bucket(bucketReports)
	id, err := b.NextSequence()
	if err != nil {
		return r, err
	}
	r.ID = id
	if r.At.IsZero() {
		r.At = t.now
	}
	if err := t.tx.Bucket(bucketRiderReports).Put(compositeKey([]byte(r.Rider), u64(id)), nil); err != nil {
		return r, err
	}
	return r, putJSON(b, u64(id), r)
}

// Report returns report id. Errors: ErrNotFound.
func (t *Tx) Report(id uint64) (grid.Report, error) {
	var r grid.Report
	err := getJSON(t.tx.Bucket(bucketReports), u64(id), &r)
	return r, err
}

// PutReport stores an updated report. It also keeps the fingerprint record
// (for rebuilding the near-duplicate index) in step with the report.
func (t *Tx) PutReport(r grid.Report) error {
	if r.ID == 0 {
		return fmt.Errorf("store: put report: no id")
	}
	if r.SHA256 != "" {
		if err := putJSON(t.tx.Bucket(bucketFingerprints), u64(r.ID), Fingerprint{
			Report: r.ID, Rider: r.Rider, At: r.At, SHA256: r.SHA256, PHash: r.PHash, Algo: r.HashAlgo,
		}); err != nil {
			return err
		}
	}
	return putJSON(t.tx.Bucket(bucketReports), u64(r.ID), r)
}

// RiderReports returns up to limit of rider's reports, newest first, that
// satisfy keep (nil keeps all). It stops at reports older than since.
func (t *Tx) RiderReports(rider string, since time.Time, limit int, keep func(grid.Report) bool) ([]grid.Report, error) {
	var out []grid.Report
	prefix := append([]byte(rider), 0)
	c := t.tx.Bucket(bucketRiderReports).Cursor()
	k, _ := c.Seek(append(append([]byte(nil), prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
		r, err := t.Report(getU64(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if r.At.Before(since) {
			break
		}
		if keep == nil || keep(r) {
			out = append(out, r)
		}
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}

// Report returns report id. Errors: ErrNotFound.
func (db *DB) Report(id uint64) (r grid.Report, err error) {
	err = db.View(func(t *Tx) error {
		r, err = t.Report(id)
		return err
	})
	return r, err
}

// ReportFilter selects reports; zero fields match everything.
type ReportFilter struct {
	Status   grid.ReportStatus
	Rider    string
	Category string
	From, To time.Time // At in [From, To)
	Limit    int
}

// Reports returns the reports matching f, newest first.
func (db *DB) Reports(f ReportFilter) ([]grid.Report, error) {
	var out []grid.Report
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReports)
		c := b.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			var r grid.Report
			if err := getJSON(b, k, &r); err != nil {
				return err
			}
			if !f.match(r) {
				continue
			}
			out = append(out, r)
			if f.Limit > 0 && len(out) >= f.Limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	return out, nil
}

func (f ReportFilter) match(r grid.Report) bool {
	switch {
	case f.Status != "" && r.Status != f.Status,
		f.Rider != "" && r.Rider != f.Rider,
		f.Category != "" && r.Category != f.Category,
		!f.From.IsZero() && r.At.Before(f.From),
		!f.To.IsZero() && !r.At.Before(f.To):
		return false
	}
	return true
}

// Fingerprint is the compact record the near-duplicate index is rebuilt
// from at start.
type Fingerprint struct {
	Report uint64    `json:"report"`
	Rider  string    `json:"rider"`
	At     time.Time `json:"at"`
	SHA256 string    `json:"sha256"`
	PHash  string    `json:"phash"` // hex
	Algo   string    `json:"algo"`  // algorithm name and version, e.g. "dhash-v1"
}

// ForEachFingerprint calls fn for every stored fingerprint in report order.
func (db *DB) ForEachFingerprint(fn func(Fingerprint) error) error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFingerprints)
		return b.ForEach(func(k, _ []byte) error {
			var f Fingerprint
			if err := getJSON(b, k, &f); err != nil {
				return err
			}
			return fn(f)
		})
	})
}

// DayCount returns a per-rider counter for a calendar day (e.g. points
// awarded today, for the daily cap).
func (t *Tx) DayCount(name, day, rider string) int64 {
	return getI64(t.tx.Bucket(bucketCounters).Get(compositeKey([]byte(name), []byte(day), []byte(rider))))
}

// AddDayCount adds delta to a per-rider day counter and returns the new value.
func (t *Tx) AddDayCount(name, day, rider string, delta int64) (int64, error) {
	k := compositeKey([]byte(name), []byte(day), []byte(rider))
	b := t.tx.Bucket(bucketCounters)
	v := getI64(b.Get(k)) + delta
	return v, b.Put(k, i64(v))
}

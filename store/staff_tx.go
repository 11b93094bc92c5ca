package store

import (
	"fmt"

	"gridbot/grid"
	"gridbot/points"
)

// Transaction-level operations for staff actions (package staff), which run
// inside the intake transaction of a staff chat command or inside a Do of
// the dashboard, and must commit together with the report, rider or
// redemption they change and the messages they enqueue.

// Reverse revokes the award recorded under idempotency key by a
// compensating entry, in the transaction. Errors (as rejections: nothing is
// written): ErrNotFound for an unknown key, points.ErrNotReversible if it
// was reversed already, points.ErrReasonRequired, and a *points.ShortError
// when the rider has already spent the point.
func (t *Tx) Reverse(key, actor, reason string) (points.Entry, error) {
	orig, err := entryByKey(t.tx, key)
	if err != nil {
		return orig, fmt.Errorf("store: reverse %s: %w", key, reject(err))
	}
	e, err := t.db.reverseTx(t.tx, orig.ID, actor, reason, t.now)
	if err != nil {
		return e, fmt.Errorf("store: reverse %s: %w", key, err)
	}
	return e, nil
}

// Adjust applies a staff adjustment of delta points to rider, in the
// transaction. Errors (as rejections): points.ErrReasonRequired,
// points.ErrInvalidAmount, points.ErrInvalidRider, and a *points.ShortError
// when a negative delta exceeds the rider's available points.
func (t *Tx) Adjust(rider string, delta int64, actor, reason string) (points.Entry, error) {
	e, err := points.Adjust(rider, delta, riderBalance(t.tx, rider).Available, actor, reason, t.now)
	if err != nil {
		return e, fmt.Errorf("store: adjust %s by %d: %w", rider, delta, reject(err))
	}
	e, err = t.db.appendEntry(t.tx, e)
	if err != nil {
		return e, fmt.Errorf("store: adjust %s by %d: %w", rider, delta, err)
	}
	return e, nil
}

// ScanReports calls fn for reports newest first (by id) until fn returns
// false or an error, which ScanReports returns. It works in read
// transactions. Report ids grow with their time of arrival, so a caller
// looking for recent reports can stop at the first one that is too old.
func (t *Tx) ScanReports(fn func(grid.Report) (more bool, err error)) error {
	b := t.tx.Bucket(bucketReports)
	c := b.Cursor()
	for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
		var r grid.Report
		if err := getJSON(b, k, &r); err != nil {
			return err
		}
		more, err := fn(r)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// ForEachRider calls fn for every rider, in openid order, inside the
// transaction. An error from fn stops the walk and is returned.
func (t *Tx) ForEachRider(fn func(grid.Rider) error) error {
	b := t.tx.Bucket(bucketRiders)
	return b.ForEach(func(k, _ []byte) error {
		var r grid.Rider
		if err := getJSON(b, k, &r); err != nil {
			return err
		}
		return fn(r)
	})
}

// Voucher returns the redemption that voucher code (normalised with
// points.NormalizeVoucher) was issued for. Errors: ErrNotFound.
func (t *Tx) Voucher(code string) (points.Redemption, error) {
	id := t.tx.Bucket(bucketVouchers).Get([]byte(points.NormalizeVoucher(code)))
	if id == nil {
		return points.Redemption{}, ErrNotFound
	}
	return t.Redemption(getU64(id))
}

// ForEachEntry calls fn for every ledger entry in id order (which is time
// order), inside the transaction, until fn returns false or an error,
// which ForEachEntry returns.
func (t *Tx) ForEachEntry(fn func(points.Entry) (more bool, err error)) error {
	b := t.tx.Bucket(bucketEntries)
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		var e points.Entry
		if err := getJSON(b, k, &e); err != nil {
			return err
		}
		more, err := fn(e)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

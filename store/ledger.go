package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// appendEntry assigns e an id and writes it with every index it touches:
// balances, the rider index, the monthly earnings, the idempotency key and
// the reversal link. It must run inside a write transaction.
func (db *DB) appendEntry(tx *bolt.Tx, e points.Entry) (points.Entry, error) {
	entries := tx.Bucket(bucketEntries)
	id, err := entries.NextSequence()
	if err != nil {
		return e, err
	}
	e.ID = id
	if err := putJSON(entries, u64(id), e); err != nil {
		return e, err
	}
	bal := tx.Bucket(bucketBalances)
	for _, side := range []struct {
		acct  points.Account
		delta int64
	}{{e.Credit, e.Amount}, {e.Debit, -e.Amount}} {
		k := []byte(side.acct)
		if err := bal.Put(k, i64(getI64(bal.Get(k))+side.delta)); err != nil {
			return e, err
		}
	}
	if err := tx.Bucket(bucketRiderEntries).Put(compositeKey([]byte(e.Rider), u64(id)), nil); err != nil {
		return e, err
	}
	if earned := e.Earned(); earned != 0 {
		me := tx.Bucket(bucketMonthEarned)
		k := compositeKey([]byte(points.MonthOf(e.At, db.loc)), []byte(e.Rider))
		if err := me.Put(k, i64(getI64(me.Get(k))+earned)); err != nil {
			return e, err
		}
	}
	if e.Key != "" {
		if err := tx.Bucket(bucketEntryKeys).Put([]byte(e.Key), u64(id)); err != nil {
			return e, err
		}
	}
	if e.Kind == points.KindReversal {
		if err := tx.Bucket(bucketReversals).Put(u64(e.Ref), u64(id)); err != nil {
			return e, err
		}
	}
	return e, nil
}

func accountBalance(tx *bolt.Tx, a points.Account) int64 {
	return getI64(tx.Bucket(bucketBalances).Get([]byte(a)))
}

func riderBalance(tx *bolt.Tx, rider string) points.RiderBalance {
	return points.RiderBalanceFrom(accountBalance(tx, points.RiderAccount(rider)), accountBalance(tx, points.HoldAccount(rider)))
}

// entryByKey returns the award recorded under key, or ErrNotFound.
func entryByKey(tx *bolt.Tx, key string) (points.Entry, error) {
	var e points.Entry
	id := tx.Bucket(bucketEntryKeys).Get([]byte(key))
	if id == nil {
		return e, ErrNotFound
	}
	err := getJSON(tx.Bucket(bucketEntries), id, &e)
	return e, err
}

// awardTx credits amount to rider under key unless key was used before, in
// which case it returns the first entry and created=false.
func (db *DB) awardTx(tx *bolt.Tx, key, rider, actor string, amount int64, at time.Time) (e points.Entry, created bool, err error) {
	if prev, err := entryByKey(tx, key); err == nil {
		return prev, false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return e, false, err
	}
	e, err = points.Award(key, rider, amount, at)
	if err != nil {
		return e, false, reject(err)
	}
	e.Actor = actor
	e, err = db.appendEntry(tx, e)
	return e, err == nil, err
}

// Award credits amount points to rider, idempotently by key: repeating a key
// returns the first entry and created=false, and never credits twice. It
// group-commits with concurrent callers. Errors: points.ErrInvalidAmount,
// points.ErrInvalidRider.
func (db *DB) Award(ctx context.Context, key, rider string, amount int64) (e points.Entry, created bool, err error) {
	err = db.commit(ctx, func(tx *bolt.Tx) error {
		var err error
		e, created, err = db.awardTx(tx, key, rider, "", amount, db.now())
		return err
	})
	if err != nil {
		return e, false, fmt.Errorf("store: award %s: %w", key, err)
	}
	return e, created, nil
}

// holdTx reserves amount of rider's available points until now+ttl.
func (db *DB) holdTx(tx *bolt.Tx, rider string, amount int64, ref string, ttl time.Duration, at time.Time) (points.Hold, error) {
	holds := tx.Bucket(bucketHolds)
	avail := riderBalance(tx, rider).Available
	h, e, err := points.NewHold(holds.Sequence()+1, rider, amount, avail, ref, at, ttl)
	if err != nil {
		return h, reject(err)
	}
	if _, err := holds.NextSequence(); err != nil {
		return h, err
	}
	if err := putJSON(holds, u64(h.ID), h); err != nil {
		return h, err
	}
	_, err = db.appendEntry(tx, e)
	return h, err
}

// Hold reserves amount of rider's available points for ttl (phase one of a
// redemption). Errors: a *points.ShortError wrapping
// points.ErrInsufficientPoints when the rider lacks points.
func (db *DB) Hold(ctx context.Context, rider string, amount int64, ref string, ttl time.Duration) (h points.Hold, err error) {
	err = db.commit(ctx, func(tx *bolt.Tx) error {
		var err error
		h, err = db.holdTx(tx, rider, amount, ref, ttl, db.now())
		return err
	})
	if err != nil {
		return h, fmt.Errorf("store: hold %d for %s: %w", amount, rider, err)
	}
	return h, nil
}

func getHold(tx *bolt.Tx, id uint64) (points.Hold, error) {
	var h points.Hold
	err := getJSON(tx.Bucket(bucketHolds), u64(id), &h)
	if errors.Is(err, ErrNotFound) {
		err = points.ErrHoldNotFound
	}
	return h, err
}

// resolveHoldTx applies a phase-two rule to hold id and stores the result.
func (db *DB) resolveHoldTx(tx *bolt.Tx, id uint64, rule func(points.Hold) (points.Hold, points.Entry, error)) (points.Hold, error) {
	h, err := getHold(tx, id)
	if err != nil {
		return h, reject(err)
	}
	h, e, err := rule(h)
	if err != nil {
		return h, reject(err)
	}
	if err := putJSON(tx.Bucket(bucketHolds), u64(id), h); err != nil {
		return h, err
	}
	_, err = db.appendEntry(tx, e)
	return h, err
}

// PostHold spends hold id. Errors: points.ErrHoldNotFound,
// points.ErrHoldResolved, points.ErrHoldExpired.
func (db *DB) PostHold(ctx context.Context, id uint64, actor string) (h points.Hold, err error) {
	return db.resolveHold(ctx, "post", id, func(h points.Hold) (points.Hold, points.Entry, error) {
		return points.Post(h, actor, db.now())
	})
}

// VoidHold releases hold id back to the rider. Errors: as PostHold, without
// ErrHoldExpired.
func (db *DB) VoidHold(ctx context.Context, id uint64, actor, reason string) (points.Hold, error) {
	return db.resolveHold(ctx, "void", id, func(h points.Hold) (points.Hold, points.Entry, error) {
		return points.Void(h, actor, reason, db.now())
	})
}

// ExpireHold releases hold id if its expiry has passed. Errors:
// points.ErrHoldNotExpired, points.ErrHoldResolved, points.ErrHoldNotFound.
func (db *DB) ExpireHold(ctx context.Context, id uint64) (points.Hold, error) {
	return db.resolveHold(ctx, "expire", id, func(h points.Hold) (points.Hold, points.Entry, error) {
		return points.Expire(h, db.now())
	})
}

func (db *DB) resolveHold(ctx context.Context, op string, id uint64, rule func(points.Hold) (points.Hold, points.Entry, error)) (h points.Hold, err error) {
	err = db.commit(ctx, func(tx *bolt.Tx) error {
		var err error
		h, err = db.resolveHoldTx(tx, id, rule)
		return err
	})
	if err != nil {
		return h, fmt.Errorf("store: %s hold %d: %w", op, id, err)
	}
	return h, nil
}

// GetHold returns hold id. Errors: points.ErrHoldNotFound.
func (db *DB) GetHold(id uint64) (h points.Hold, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		h, err = getHold(tx, id)
		return err
	})
	return h, err
}

// DueHolds returns the pending holds whose expiry is at or before now.
func (db *DB) DueHolds(now time.Time) ([]points.Hold, error) {
	var out []points.Hold
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHolds).ForEach(func(k, v []byte) error {
			var h points.Hold
			if err := getJSON(tx.Bucket(bucketHolds), k, &h); err != nil {
				return err
			}
			if h.State == points.HoldPending && !now.Before(h.ExpiresAt) {
				out = append(out, h)
			}
			return nil
		})
	})
	return out, err
}

// reverseTx revokes award entry id.
func (db *DB) reverseTx(tx *bolt.Tx, id uint64, actor, reason string, at time.Time) (points.Entry, error) {
	var orig points.Entry
	if err := getJSON(tx.Bucket(bucketEntries), u64(id), &orig); err != nil {
		if errors.Is(err, ErrNotFound) {
			err = points.ErrEntryNotFound
		}
		return orig, reject(err)
	}
	done := tx.Bucket(bucketReversals).Get(u64(id)) != nil
	e, err := points.Reverse(orig, done, riderBalance(tx, orig.Rider).Available, actor, reason, at)
	if err != nil {
		return e, reject(err)
	}
	return db.appendEntry(tx, e)
}

// Reverse revokes the award with idempotency key, by a compensating entry.
// Errors: ErrNotFound for an unknown key, points.ErrNotReversible if it was
// reversed already, points.ErrReasonRequired, points.ErrInsufficientPoints
// when the rider has already spent the point.
func (db *DB) Reverse(ctx context.Context, key, actor, reason string) (e points.Entry, err error) {
	err = db.commit(ctx, func(tx *bolt.Tx) error {
		orig, err := entryByKey(tx, key)
		if err != nil {
			return reject(err)
		}
		e, err = db.reverseTx(tx, orig.ID, actor, reason, db.now())
		return err
	})
	if err != nil {
		return e, fmt.Errorf("store: reverse %s: %w", key, err)
	}
	return e, nil
}

// Adjust applies a staff adjustment of delta points to rider. Errors:
// points.ErrReasonRequired, points.ErrInvalidAmount, points.ErrInsufficientPoints.
func (db *DB) Adjust(ctx context.Context, rider string, delta int64, actor, reason string) (e points.Entry, err error) {
	err = db.commit(ctx, func(tx *bolt.Tx) error {
		var err error
		e, err = points.Adjust(rider, delta, riderBalance(tx, rider).Available, actor, reason, db.now())
		if err != nil {
			return reject(err)
		}
		e, err = db.appendEntry(tx, e)
		return err
	})
	if err != nil {
		return e, fmt.Errorf("store: adjust %s by %d: %w", rider, delta, err)
	}
	return e, nil
}

// Balance returns rider's balance, available and held points.
func (db *DB) Balance(rider string) (b points.RiderBalance, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		b = riderBalance(tx, rider)
		return nil
	})
	return b, err
}

// RiderEntries returns rider's entries, newest first, at most limit
// (0 means all).
func (db *DB) RiderEntries(rider string, limit int) ([]points.Entry, error) {
	var out []points.Entry
	err := db.view(func(tx *bolt.Tx) error {
		prefix := append([]byte(rider), 0)
		c := tx.Bucket(bucketRiderEntries).Cursor()
		entries := tx.Bucket(bucketEntries)
		k, _ := c.Seek(append(append([]byte(nil), prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
			var e points.Entry
			if err := getJSON(entries, k[len(prefix):], &e); err != nil {
				return err
			}
			out = append(out, e)
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// MonthEarned returns the points rider earned in month.
func (db *DB) MonthEarned(month points.Month, rider string) (n int64, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		n = getI64(tx.Bucket(bucketMonthEarned).Get(compositeKey([]byte(month), []byte(rider))))
		return nil
	})
	return n, err
}

// MonthEarnings returns every rider's earnings in month (riders with none
// are absent).
func (db *DB) MonthEarnings(month points.Month) (map[string]int64, error) {
	out := map[string]int64{}
	err := db.view(func(tx *bolt.Tx) error {
		prefix := append([]byte(month), 0)
		c := tx.Bucket(bucketMonthEarned).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out[string(k[len(prefix):])] = getI64(v)
		}
		return nil
	})
	return out, err
}

// Statement returns rider's statement for month: the opening balance, the
// month's entries in order, and the closing balance.
func (db *DB) Statement(rider string, month points.Month) (points.Statement, error) {
	st := points.Statement{Rider: rider, Month: month}
	from, to, err := month.Range(db.loc)
	if err != nil {
		return st, fmt.Errorf("store: statement: bad month %q: %w", month, err)
	}
	all, err := db.RiderEntries(rider, 0)
	if err != nil {
		return st, err
	}
	for i := len(all) - 1; i >= 0; i-- {
		e := all[i]
		_, delta := e.Delta()
		switch {
		case e.At.Before(from):
			st.Opening += delta
		case e.At.Before(to):
			st.Entries = append(st.Entries, e)
			st.Earned += e.Earned()
		}
	}
	st.Closing = st.Opening
	for _, e := range st.Entries {
		_, delta := e.Delta()
		st.Closing += delta
	}
	return st, nil
}

// ForEachEntry calls fn for every ledger entry in id order.
func (db *DB) ForEachEntry(fn func(points.Entry) error) error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEntries)
		return b.ForEach(func(k, _ []byte) error {
			var e points.Entry
			if err := getJSON(b, k, &e); err != nil {
				return err
			}
			return fn(e)
		})
	})
}

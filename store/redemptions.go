package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// CreateRedemption reserves cost points of rider's for reward and records
// the pending redemption, in the transaction. Errors: a *points.ShortError
// (as a rejection, so nothing is written) when points are short.
func (t *Tx) CreateRedemption(rider, reward, rewardName string, cost int64, ttl time.Duration) (points.Redemption, error) {
	b := t.tx.Bucket(bucketRedemptions)
	id := b.Sequence() + 1
	h, err := t.db.holdTx(t.tx, rider, cost, fmt.Sprintf("R%d", id), ttl, t.now)
	if err != nil {
		return points.Redemption{}, err
	}
	if _, err := b.NextSequence(); err != nil {
		return points.Redemption{}, err
	}
	r := points.Redemption{ID: id, Rider: rider, Reward: reward, RewardName: rewardName, Cost: cost,
		HoldID: h.ID, Status: points.RedemptionPending, CreatedAt: t.now, ExpiresAt: h.ExpiresAt}
	return r, putJSON(b, u64(id), r)
}

// Redemption returns redemption id. Errors: ErrNotFound.
func (t *Tx) Redemption(id uint64) (points.Redemption, error) {
	var r points.Redemption
	err := getJSON(t.tx.Bucket(bucketRedemptions), u64(id), &r)
	return r, err
}

// ApproveRedemption posts the hold and issues a unique voucher. Errors:
// points.ErrRedemptionState (not pending), points.ErrHoldExpired.
func (t *Tx) ApproveRedemption(id uint64, actor string) (points.Redemption, error) {
	r, err := t.Redemption(id)
	if err != nil {
		return r, reject(err)
	}
	if r.Status != points.RedemptionPending {
		return r, reject(points.ErrRedemptionState)
	}
	if _, err := t.db.resolveHoldTx(t.tx, r.HoldID, func(h points.Hold) (points.Hold, points.Entry, error) {
		return points.Post(h, actor, t.now)
	}); err != nil {
		return r, err
	}
	vouchers := t.tx.Bucket(bucketVouchers)
	for {
		r.Voucher = points.NewVoucher()
		if vouchers.Get([]byte(r.Voucher)) == nil {
			break
		}
	}
	if err := vouchers.Put([]byte(r.Voucher), u64(r.ID)); err != nil {
		return r, err
	}
	r.Status, r.DecidedBy, r.DecidedAt = points.RedemptionApproved, actor, t.now
	return r, putJSON(t.tx.Bucket(bucketRedemptions), u64(id), r)
}

// EndRedemption voids the hold of a pending redemption and moves it to
// status (rejected, cancelled or expired) with reason. Errors:
// points.ErrRedemptionState.
func (t *Tx) EndRedemption(id uint64, status points.RedemptionStatus, actor, reason string) (points.Redemption, error) {
	r, err := t.Redemption(id)
	if err != nil {
		return r, reject(err)
	}
	if r.Status != points.RedemptionPending {
		return r, reject(points.ErrRedemptionState)
	}
	rule := func(h points.Hold) (points.Hold, points.Entry, error) { return points.Void(h, actor, reason, t.now) }
	if status == points.RedemptionExpired {
		rule = func(h points.Hold) (points.Hold, points.Entry, error) { return points.Expire(h, t.now) }
	}
	if _, err := t.db.resolveHoldTx(t.tx, r.HoldID, rule); err != nil {
		return r, err
	}
	r.Status, r.DecidedBy, r.DecidedAt, r.Reason = status, actor, t.now, reason
	return r, putJSON(t.tx.Bucket(bucketRedemptions), u64(id), r)
}

// FulfilVoucher marks the approved redemption with voucher code as used.
// Errors: ErrNotFound (unknown code), points.ErrRedemptionState (already
// used or not approved).
func (t *Tx) FulfilVoucher(code, actor string) (points.Redemption, error) {
	id := t.tx.Bucket(bucketVouchers).Get([]byte(points.NormalizeVoucher(code)))
	if id == nil {
		return points.Redemption{}, reject(ErrNotFound)
	}
	r, err := t.Redemption(getU64(id))
	if err != nil {
		return r, reject(err)
	}
	if r.Status != points.RedemptionApproved {
		return r, reject(points.ErrRedemptionState)
	}
	r.Status, r.FulfilledBy, r.FulfilledAt = points.RedemptionFulfilled, actor, t.now
	return r, putJSON(t.tx.Bucket(bucketRedemptions), u64(r.ID), r)
}

// PutRedemption stores r as is (for bookkeeping fields such as RemindedAt).
func (t *Tx) PutRedemption(r points.Redemption) error {
	return putJSON(t.tx.Bucket(bucketRedemptions), u64(r.ID), r)
}

// Redemptions returns redemptions with status (empty = all), newest first.
func (db *DB) Redemptions(status points.RedemptionStatus) ([]points.Redemption, error) {
	var out []points.Redemption
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRedemptions)
		c := b.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			var r points.Redemption
			if err := getJSON(b, k, &r); err != nil {
				return err
			}
			if status == "" || r.Status == status {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: redemptions: %w", err)
	}
	return out, nil
}

// Redemption returns redemption id. Errors: ErrNotFound.
func (db *DB) Redemption(id uint64) (r points.Redemption, err error) {
	err = db.View(func(t *Tx) error {
		r, err = t.Redemption(id)
		return err
	})
	return r, err
}

// IsNotFound reports whether err means a missing record of any kind.
func IsNotFound(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, points.ErrHoldNotFound) || errors.Is(err, points.ErrEntryNotFound)
}

package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/store"
)

// RemindEvery is how often staff are reminded of a pending redemption: a
// first time RemindEvery after it was requested (staff were notified on
// arrival), then every RemindEvery until it is decided or expires.
const RemindEvery = 24 * time.Hour

// SweepActor is the actor recorded on redemptions the sweep expires.
const SweepActor = "system"

// Sweep does the desk's time-driven work; the app runs it every few
// minutes. For each pending redemption, in its own transaction:
//   - if its hold has expired, it expires the redemption (the points
//     return to the rider) and tells the rider;
//   - otherwise, if staff were not reminded of it in the last RemindEvery
//     (or since it arrived), it reminds staff once and records RemindedAt.
//
// Running it again changes nothing until the clock moves on. It returns
// the first store failure, after trying every redemption.
func (d *Desk) Sweep(ctx context.Context) error {
	var ids []uint64
	now := d.now()
	err := d.st.View(func(tx *store.Tx) error {
		return tx.ForEachRedemption(func(r points.Redemption) error {
			if r.Status == points.RedemptionPending && (expired(r, now) || remindDue(r, now)) {
				ids = append(ids, r.ID)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("staff: sweep: %w", err)
	}
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.st.Do(ctx, func(tx *store.Tx) error { return d.sweepOne(tx, id) }); err != nil {
			d.log.Error("staff: sweep redemption failed", slog.String("redemption", Ref{KindRedemption, id}.String()), slog.Any("err", err))
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sweepOne expires or reminds redemption id, in tx.
func (d *Desk) sweepOne(tx *store.Tx, id uint64) error {
	r, err := tx.Redemption(id)
	if err != nil {
		return err
	}
	now := tx.Now()
	switch {
	case r.Status != points.RedemptionPending:
		return nil
	case expired(r, now):
		if r, err = tx.EndRedemption(id, points.RedemptionExpired, SweepActor, catalog.Text(catalog.RedemptionStatusExpired)); err != nil {
			if errors.Is(err, points.ErrRedemptionState) || errors.Is(err, points.ErrHoldNotExpired) {
				return nil // decided meanwhile, or the clocks disagree: next sweep
			}
			return fmt.Errorf("staff: expire %s: %w", r.Label(), err)
		}
		d.log.Info("staff: redemption expired", slog.String("redemption", r.Label()), slog.String("openid", r.Rider))
		return d.tell(tx, r.Rider, catalog.RedemptionExpired, catalog.Args{"Label": r.Label(), "Cost": r.Cost})
	case !remindDue(r, now):
		return nil
	}
	r.RemindedAt = now
	if err := tx.PutRedemption(r); err != nil {
		return fmt.Errorf("staff: remind %s: %w", r.Label(), err)
	}
	return d.staff.NotifyAbout(tx, r.Label(), catalog.Render(catalog.StaffReminder, catalog.Args{
		"Label": r.Label(), "Rider": riderLabelOf(tx, r.Rider), "Name": r.RewardName,
		"Hours": int(now.Sub(r.CreatedAt) / time.Hour), "Expires": clock(r.ExpiresAt.In(d.loc)),
	}))
}

// expired reports whether r's hold has expired at now.
func expired(r points.Redemption, now time.Time) bool { return !now.Before(r.ExpiresAt) }

// remindDue reports whether staff should be reminded of r at now.
func remindDue(r points.Redemption, now time.Time) bool {
	last := r.CreatedAt
	if r.RemindedAt.After(last) {
		last = r.RemindedAt
	}
	return now.Sub(last) >= RemindEvery
}

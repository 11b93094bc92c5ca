package staff

import (
	"context"
	"fmt"
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Reject rejects a pending item in its own transaction; see RejectTx.
func (d *Desk) Reject(ctx context.Context, ref Ref, actor, reason string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.RejectTx(tx, ref, actor, reason) })
}

// RejectTx rejects a pending item in tx and tells the rider why:
//   - U: the registration is rejected (grid.Rider.Decide);
//   - R: the redemption is rejected and its hold voided, so the points
//     return to the rider (store.Tx.EndRedemption);
//   - P: a report in review becomes invalid, with the reason on its step.
//
// A reason is required for reports (the rider must learn what was wrong
// with the photo); for registrations and redemptions an empty reason is
// told as catalog.StaffDefaultReason. Errors (refusals, before any write):
// ErrNotFound, ErrWrongState (not pending), ErrReasonRequired, ErrInvalid.
func (d *Desk) RejectTx(tx *store.Tx, ref Ref, actor, reason string) (Outcome, error) {
	if err := needActor(opReject, ref, actor); err != nil {
		return Outcome{}, err
	}
	reason = strings.TrimSpace(reason)
	told := reason
	if told == "" {
		told = catalog.Text(catalog.StaffDefaultReason)
	}
	switch ref.Kind {
	case KindRegistration:
		r, err := tx.RiderBySeq(ref.ID)
		if err != nil {
			return Outcome{}, translate(opReject, ref, err)
		}
		if r, err = r.Decide(false, actor, reason, tx.Now()); err != nil {
			return Outcome{}, wrongState(opReject, ref, string(r.Status), err)
		}
		if r, err = tx.PutRider(r); err != nil {
			return Outcome{}, fmt.Errorf("staff: reject %s: %w", ref, err)
		}
		return Outcome{Ref: ref, Status: string(r.Status), Rider: r.OpenID, Result: statusName(ref.Kind, string(r.Status))},
			d.tell(tx, r.OpenID, catalog.RegistrationRejected, catalog.Args{"Reason": told})
	case KindRedemption:
		r, err := tx.EndRedemption(ref.ID, points.RedemptionRejected, actor, reason)
		if err != nil {
			return Outcome{}, redemptionState(opReject, ref, r, err)
		}
		return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Result: statusName(ref.Kind, string(r.Status))},
			d.tell(tx, r.Rider, catalog.RedemptionRejected, catalog.Args{"Label": r.Label(), "Reason": told, "Cost": r.Cost})
	case KindReport:
		r, err := tx.Report(ref.ID)
		if err != nil {
			return Outcome{}, translate(opReject, ref, err)
		}
		if r.Status != grid.ReportPendingReview {
			return Outcome{}, wrongState(opReject, ref, string(r.Status), grid.ErrBadTransition)
		}
		if reason == "" {
			return Outcome{}, refusal(ErrReasonRequired, opReject, ref, nil)
		}
		if err := r.Move(grid.ReportInvalid, actor, reason, tx.Now()); err != nil {
			return Outcome{}, wrongState(opReject, ref, string(r.Status), err)
		}
		if err := tx.PutReport(r); err != nil {
			return Outcome{}, fmt.Errorf("staff: reject %s: %w", ref, err)
		}
		return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Result: statusName(ref.Kind, string(r.Status))},
			d.tell(tx, r.Rider, catalog.ReviewRejected, catalog.Args{"Label": r.Label(), "Reason": reason})
	}
	return Outcome{}, refusal(ErrBadRef, opReject, ref, nil)
}

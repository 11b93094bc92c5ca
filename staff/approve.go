package staff

import (
	"context"
	"fmt"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Approve approves a pending item in its own transaction; see ApproveTx.
func (d *Desk) Approve(ctx context.Context, ref Ref, actor string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.ApproveTx(tx, ref, actor) })
}

// ApproveTx approves a pending item in tx and tells the rider:
//   - U: the registration becomes active (grid.Rider.Decide); the rider's
//     held photos are settled through Orphans, and the rider is told how
//     many were attached;
//   - R: the redemption's hold is posted and a voucher issued
//     (store.Tx.ApproveRedemption); the rider gets the code;
//   - P: a report in review becomes valid and earns its point within the
//     daily cap, idempotently by grid.AwardKeyFor; its nearby flag is
//     recomputed.
//
// Errors (refusals, before any write): ErrNotFound, ErrWrongState (already
// decided, or the redemption's hold has expired), ErrInvalid (no actor).
func (d *Desk) ApproveTx(tx *store.Tx, ref Ref, actor string) (Outcome, error) {
	if err := needActor(opApprove, ref, actor); err != nil {
		return Outcome{}, err
	}
	switch ref.Kind {
	case KindRegistration:
		return d.approveRider(tx, ref, actor)
	case KindRedemption:
		return d.approveRedemption(tx, ref, actor)
	case KindReport:
		return d.approveReport(tx, ref, actor)
	}
	return Outcome{}, refusal(ErrBadRef, opApprove, ref, nil)
}

func (d *Desk) approveRider(tx *store.Tx, ref Ref, actor string) (Outcome, error) {
	r, err := tx.RiderBySeq(ref.ID)
	if err != nil {
		return Outcome{}, translate(opApprove, ref, err)
	}
	r, err = r.Decide(true, actor, "", tx.Now())
	if err != nil {
		return Outcome{}, wrongState(opApprove, ref, string(r.Status), err)
	}
	if r, err = tx.PutRider(r); err != nil {
		return Outcome{}, translate(opApprove, ref, err)
	}
	if err := d.tell(tx, r.OpenID, catalog.RegistrationApproved, catalog.Args{"Seq": r.Seq}); err != nil {
		return Outcome{}, err
	}
	if d.orphans != nil {
		n, err := d.orphans.ReleaseHeld(tx, r.OpenID)
		if err != nil {
			return Outcome{}, fmt.Errorf("staff: approve %s: release held photos: %w", ref, err)
		}
		if n > 0 {
			if err := d.tell(tx, r.OpenID, catalog.OrphanPhotosAttached, catalog.Args{"Count": n}); err != nil {
				return Outcome{}, err
			}
		}
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.OpenID,
		Result: statusName(KindRegistration, string(r.Status))}, nil
}

func (d *Desk) approveRedemption(tx *store.Tx, ref Ref, actor string) (Outcome, error) {
	r, err := tx.ApproveRedemption(ref.ID, actor)
	if err != nil {
		return Outcome{}, redemptionState(opApprove, ref, r, err)
	}
	partner := catalog.Text(catalog.StaffPartnerDefault)
	if rw, ok := d.reward(r.Reward); ok && rw.Partner != "" {
		partner = rw.Partner
	}
	if err := d.tell(tx, r.Rider, catalog.RedemptionApproved, catalog.Args{
		"Label": r.Label(), "Name": r.RewardName, "Voucher": r.Voucher, "Partner": partner,
	}); err != nil {
		return Outcome{}, err
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Voucher: r.Voucher,
		Result: catalog.Render(catalog.StaffResultVoucher, catalog.Args{"Voucher": r.Voucher})}, nil
}

func (d *Desk) approveReport(tx *store.Tx, ref Ref, actor string) (Outcome, error) {
	r, err := tx.Report(ref.ID)
	if err != nil {
		return Outcome{}, translate(opApprove, ref, err)
	}
	if r.Status != grid.ReportPendingReview {
		return Outcome{}, wrongState(opApprove, ref, string(r.Status), grid.ErrBadTransition)
	}
	if r, err = FlagNearby(tx, r); err != nil {
		return Outcome{}, fmt.Errorf("staff: approve %s: %w", ref, err)
	}
	if err := r.Move(grid.ReportValid, actor, "", tx.Now()); err != nil {
		return Outcome{}, wrongState(opApprove, ref, string(r.Status), err)
	}
	n, err := d.award(tx, &r, actor)
	if err != nil {
		return Outcome{}, fmt.Errorf("staff: approve %s: %w", ref, err)
	}
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: approve %s: %w", ref, err)
	}
	out := Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Points: n}
	if r.OverCap {
		out.Result = catalog.Text(catalog.StaffResultOverCap)
		return out, d.tell(tx, r.Rider, catalog.OutcomeOverCap, catalog.Args{"Label": r.Label(), "Cap": d.cfg.Points.DailyCap})
	}
	out.Result = catalog.Render(catalog.StaffResultAward, catalog.Args{"Points": n})
	return out, d.tell(tx, r.Rider, catalog.ReviewApproved, catalog.Args{
		"Label": r.Label(), "Points": n, "Balance": tx.Balance(r.Rider).Balance,
	})
}

// redemptionState fills in the status of a wrong-state refusal about
// redemption r.
func redemptionState(op string, ref Ref, r points.Redemption, err error) error {
	err = translate(op, ref, err)
	if e, ok := err.(*Error); ok && e.Status == "" {
		e.Status = string(r.Status)
	}
	return err
}

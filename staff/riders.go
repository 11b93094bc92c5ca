package staff

import (
	"context"
	"fmt"
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// AdjustPoints adjusts a rider's points in its own transaction; see
// AdjustPointsTx.
func (d *Desk) AdjustPoints(ctx context.Context, openid string, delta int64, actor, reason string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.AdjustPointsTx(tx, openid, delta, actor, reason) })
}

// AdjustPointsTx credits (delta > 0) or debits (delta < 0) a registered
// rider's points with a ledger adjustment carrying actor and reason, in tx,
// and tells the rider. The outcome's Ref is the rider's registration.
// Errors (refusals, before any write): ErrNotFound (no such rider),
// ErrReasonRequired, ErrInsufficientPoints (a debit beyond the rider's
// available points), ErrInvalid (zero delta, no actor).
func (d *Desk) AdjustPointsTx(tx *store.Tx, openid string, delta int64, actor, reason string) (Outcome, error) {
	rider, ref, err := d.riderRef(tx, opAdjust, openid, actor)
	if err != nil {
		return Outcome{}, err
	}
	if delta == 0 {
		return Outcome{}, refusal(ErrInvalid, opAdjust, ref, fmt.Errorf("zero adjustment"))
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return Outcome{}, refusal(ErrReasonRequired, opAdjust, ref, nil)
	}
	if _, err := tx.Adjust(rider.OpenID, delta, actor, reason); err != nil {
		return Outcome{}, translate(opAdjust, ref, err)
	}
	signed := fmt.Sprintf("%+d", delta)
	return Outcome{Ref: ref, Status: string(rider.Status), Rider: rider.OpenID, Points: delta,
			Result: catalog.Render(catalog.StaffResultAdjusted, catalog.Args{"Delta": signed})},
		d.tell(tx, rider.OpenID, catalog.PointsAdjusted, catalog.Args{
			"Delta": signed, "Reason": reason, "Balance": tx.Balance(rider.OpenID).Balance,
		})
}

// Deactivate stops a rider in its own transaction; see DeactivateTx.
func (d *Desk) Deactivate(ctx context.Context, openid, actor, reason string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.DeactivateTx(tx, openid, actor, reason) })
}

// DeactivateTx moves an active rider to inactive, in tx, and tells them
// why. An inactive rider's photos no longer earn points (chat). Their
// points and pending redemptions are left as they are. Errors (refusals,
// before any write): ErrNotFound, ErrWrongState (not active),
// ErrReasonRequired, ErrInvalid.
func (d *Desk) DeactivateTx(tx *store.Tx, openid, actor, reason string) (Outcome, error) {
	rider, ref, err := d.riderRef(tx, opDeactivate, openid, actor)
	if err != nil {
		return Outcome{}, err
	}
	if rider.Status != grid.RiderActive {
		return Outcome{}, wrongState(opDeactivate, ref, string(rider.Status), nil)
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return Outcome{}, refusal(ErrReasonRequired, opDeactivate, ref, nil)
	}
	rider.Status, rider.DecidedBy, rider.DecidedAt, rider.Reason = grid.RiderInactive, actor, tx.Now(), reason
	if _, err := tx.PutRider(rider); err != nil {
		return Outcome{}, fmt.Errorf("staff: deactivate %s: %w", ref, err)
	}
	return Outcome{Ref: ref, Status: string(rider.Status), Rider: rider.OpenID, Result: statusName(KindRegistration, string(rider.Status))},
		d.tell(tx, rider.OpenID, catalog.RiderDeactivated, catalog.Args{"Reason": reason})
}

// riderRef loads openid's rider and checks the actor.
func (d *Desk) riderRef(tx *store.Tx, op, openid, actor string) (grid.Rider, Ref, error) {
	rider, err := tx.Rider(openid)
	if err != nil {
		return rider, Ref{}, translate(op, Ref{}, err)
	}
	ref := Ref{Kind: KindRegistration, ID: rider.Seq}
	return rider, ref, needActor(op, ref, actor)
}

package staff

import (
	"context"
	"fmt"
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// Revoke revokes a valid report in its own transaction; see RevokeTx.
func (d *Desk) Revoke(ctx context.Context, reportID uint64, actor, reason string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.RevokeTx(tx, reportID, actor, reason) })
}

// RevokeTx moves a valid report to invalid and, if it earned a point,
// reverses the award (a compensating ledger entry keyed by
// grid.AwardKeyFor), in tx, and tells the rider why. Errors (refusals,
// before any write): ErrNotFound, ErrWrongState (not valid: already
// revoked, rejected, dispatched or resolved), ErrReasonRequired,
// ErrInsufficientPoints (the rider has spent the point), ErrInvalid.
func (d *Desk) RevokeTx(tx *store.Tx, reportID uint64, actor, reason string) (Outcome, error) {
	r, ref, err := reportRef(tx, opRevoke, reportID, actor)
	if err != nil {
		return Outcome{}, err
	}
	if r.Status != grid.ReportValid {
		return Outcome{}, wrongState(opRevoke, ref, string(r.Status), grid.ErrBadTransition)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Outcome{}, refusal(ErrReasonRequired, opRevoke, ref, nil)
	}
	if err := r.Move(grid.ReportInvalid, actor, reason, tx.Now()); err != nil {
		return Outcome{}, wrongState(opRevoke, ref, string(r.Status), err)
	}
	var taken int64
	if r.Points > 0 {
		e, err := tx.Reverse(grid.AwardKeyFor(r.ID), actor, reason)
		if err != nil {
			return Outcome{}, translate(opRevoke, ref, err)
		}
		taken = e.Amount
		r.Points = 0
	}
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: revoke %s: %w", ref, err)
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Points: -taken,
			Result: catalog.Render(catalog.StaffResultRevoked, catalog.Args{"Points": taken})},
		d.tell(tx, r.Rider, catalog.ReportRevoked, catalog.Args{"Label": r.Label(), "Reason": reason})
}

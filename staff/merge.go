package staff

import (
	"context"
	"fmt"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// Merge marks a report as the same problem as another in its own
// transaction; see MergeTx.
func (d *Desk) Merge(ctx context.Context, reportID, intoID uint64, actor string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.MergeTx(tx, reportID, intoID, actor) })
}

// MergeTx records, in tx, that report reportID shows the same problem as
// report intoID: it moves to duplicate with MergedInto and DuplicateOf set,
// and its rider is told. A report in review merged this way earns nothing;
// a valid one keeps the point it earned. When intoID is resolved, the
// riders of the reports merged into it are told too (ResolveTx).
//
// reportID must be in review or valid; intoID must be another report that
// is in review, valid, dispatched or resolved, and not merged itself.
// Errors (refusals, before any write): ErrNotFound, ErrWrongState,
// ErrInvalid (merging a report into itself, no actor).
func (d *Desk) MergeTx(tx *store.Tx, reportID, intoID uint64, actor string) (Outcome, error) {
	ref := Ref{Kind: KindReport, ID: reportID}
	into := Ref{Kind: KindReport, ID: intoID}
	if err := needActor(opMerge, ref, actor); err != nil {
		return Outcome{}, err
	}
	if reportID == intoID {
		return Outcome{}, refusal(ErrInvalid, opMerge, ref, fmt.Errorf("merge into itself"))
	}
	r, err := tx.Report(reportID)
	if err != nil {
		return Outcome{}, translate(opMerge, ref, err)
	}
	target, err := tx.Report(intoID)
	if err != nil {
		return Outcome{}, translate(opMerge, into, err)
	}
	switch target.Status {
	case grid.ReportPendingReview, grid.ReportValid, grid.ReportDispatched, grid.ReportResolved:
		if target.MergedInto != 0 {
			return Outcome{}, wrongState(opMerge, into, string(grid.ReportDuplicate), nil)
		}
	default:
		return Outcome{}, wrongState(opMerge, into, string(target.Status), nil)
	}
	from := r.Status
	if from != grid.ReportPendingReview && from != grid.ReportValid {
		return Outcome{}, wrongState(opMerge, ref, string(from), grid.ErrBadTransition)
	}
	if err := r.Move(grid.ReportDuplicate, actor, target.Label(), tx.Now()); err != nil {
		return Outcome{}, wrongState(opMerge, ref, string(from), err)
	}
	r.MergedInto, r.DuplicateOf = intoID, intoID
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: merge %s: %w", ref, err)
	}
	id := catalog.ReportMerged
	if from == grid.ReportPendingReview {
		id = catalog.ReportMergedReview
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider,
			Result: catalog.Render(catalog.StaffResultMerged, catalog.Args{"Into": target.Label()})},
		d.tell(tx, r.Rider, id, catalog.Args{"Label": r.Label(), "Into": target.Label()})
}

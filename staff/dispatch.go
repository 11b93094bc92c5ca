package staff

import (
	"context"
	"fmt"
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// Dispatch forwards a valid report in its own transaction; see DispatchTx.
func (d *Desk) Dispatch(ctx context.Context, reportID uint64, actor, to, note string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.DispatchTx(tx, reportID, actor, to, note) })
}

// DispatchTx moves a valid report to dispatched, forwarded to to (a
// department or the grid group) with note on its step, in tx, and tells
// the rider where it went. Errors (refusals, before any write):
// ErrNotFound, ErrWrongState (not valid), ErrInvalid (no actor, empty to).
func (d *Desk) DispatchTx(tx *store.Tx, reportID uint64, actor, to, note string) (Outcome, error) {
	ref := Ref{Kind: KindReport, ID: reportID}
	if err := needActor(opDispatch, ref, actor); err != nil {
		return Outcome{}, err
	}
	if to = strings.TrimSpace(to); to == "" {
		return Outcome{}, refusal(ErrInvalid, opDispatch, ref, fmt.Errorf("no recipient"))
	}
	r, err := tx.Report(reportID)
	if err != nil {
		return Outcome{}, translate(opDispatch, ref, err)
	}
	if err := r.Move(grid.ReportDispatched, actor, strings.TrimSpace(note), tx.Now()); err != nil {
		return Outcome{}, wrongState(opDispatch, ref, string(r.Status), err)
	}
	r.DispatchedTo = to
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: dispatch %s: %w", ref, err)
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Result: statusName(KindReport, string(r.Status))},
		d.tell(tx, r.Rider, catalog.ReportDispatched, catalog.Args{"Label": r.Label(), "To": to})
}

// Resolve marks a report handled in its own transaction; see ResolveTx.
func (d *Desk) Resolve(ctx context.Context, reportID uint64, actor, note string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.ResolveTx(tx, reportID, actor, note) })
}

// ResolveTx moves a valid or dispatched report to resolved, with note on
// its step, in tx, and tells its rider, and the riders of every report
// merged into it, that the problem they reported has been handled.
// Errors (refusals, before any write): ErrNotFound, ErrWrongState,
// ErrInvalid.
func (d *Desk) ResolveTx(tx *store.Tx, reportID uint64, actor, note string) (Outcome, error) {
	r, ref, err := reportRef(tx, opResolve, reportID, actor)
	if err != nil {
		return Outcome{}, err
	}
	if err := r.Move(grid.ReportResolved, actor, strings.TrimSpace(note), tx.Now()); err != nil {
		return Outcome{}, wrongState(opResolve, ref, string(r.Status), err)
	}
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: resolve %s: %w", ref, err)
	}
	category := d.categoryName(r.Category)
	tell := []grid.Report{r}
	err = tx.ScanReports(func(m grid.Report) (bool, error) {
		if m.MergedInto == r.ID {
			tell = append(tell, m)
		}
		return true, nil
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("staff: resolve %s: merged reports: %w", ref, err)
	}
	for _, t := range tell {
		if err := d.tell(tx, t.Rider, catalog.ReportResolved, catalog.Args{"Label": t.Label(), "Category": category}); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Result: statusName(KindReport, string(r.Status))}, nil
}

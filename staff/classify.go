package staff

import (
	"context"
	"fmt"
	"strings"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/store"
)

// Classify sets a report's category in its own transaction; see
// ClassifyTx.
func (d *Desk) Classify(ctx context.Context, reportID uint64, category, actor string) (Outcome, error) {
	return inTx(ctx, d, func(tx *store.Tx) (Outcome, error) { return d.ClassifyTx(tx, reportID, category, actor) })
}

// ClassifyTx sets the category of report reportID (a configured category,
// by code or name) in tx, records who did it as a step that keeps the
// status, and recomputes the report's nearby flag. It is the one action
// that does not message the rider: the category is staff bookkeeping.
// Errors (refusals, before any write): ErrNotFound, ErrInvalid (unknown
// category, no actor).
func (d *Desk) ClassifyTx(tx *store.Tx, reportID uint64, category, actor string) (Outcome, error) {
	ref := Ref{Kind: KindReport, ID: reportID}
	if err := needActor(opClassify, ref, actor); err != nil {
		return Outcome{}, err
	}
	cat, ok := d.category(category)
	if !ok {
		return Outcome{}, refusal(ErrInvalid, opClassify, ref, fmt.Errorf("unknown category %q", category))
	}
	r, err := tx.Report(reportID)
	if err != nil {
		return Outcome{}, translate(opClassify, ref, err)
	}
	r.Category = cat.Code
	r.Steps = append(r.Steps, grid.Step{At: tx.Now(), Actor: actor, From: r.Status, To: r.Status,
		Note: catalog.Render(catalog.StaffStepCategory, catalog.Args{"Category": cat.Name})})
	if r, err = FlagNearby(tx, r); err != nil {
		return Outcome{}, err
	}
	if err := tx.PutReport(r); err != nil {
		return Outcome{}, fmt.Errorf("staff: classify %s: %w", ref, err)
	}
	return Outcome{Ref: ref, Status: string(r.Status), Rider: r.Rider, Result: cat.Name}, nil
}

// category finds a configured category by code or name.
func (d *Desk) category(s string) (config.Category, bool) {
	s = strings.TrimSpace(s)
	for _, c := range d.cfg.Categories {
		if s != "" && (s == c.Code || s == c.Name) {
			return c, true
		}
	}
	return config.Category{}, false
}

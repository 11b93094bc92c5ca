package staff

import (
	"gridbot/grid"
	"gridbot/store"
)

// award credits report r's point within the daily cap, idempotently by
// grid.AwardKeyFor(r.ID), and records it on r (not stored). Automatic
// vetting (package chat) pays through the same store.Tx.AwardReport, so
// both share one daily cap. It returns the points credited (0 or 1).
func (d *Desk) award(tx *store.Tx, r *grid.Report, actor string) (int64, error) {
	key := grid.AwardKeyFor(r.ID)
	a, err := tx.AwardReport(key, r.Rider, actor, d.cfg.Points.DailyCap, d.loc)
	if err != nil {
		return 0, err
	}
	if a.OverCap {
		r.OverCap = true
		return 0, nil
	}
	r.Points, r.AwardKey = a.Entry.Amount, key
	return a.Entry.Amount, nil
}

package staff

import (
	"time"

	"gridbot/grid"
	"gridbot/store"
)

// counterAwarded is the day counter (store.Tx.DayCount) of points awarded
// for photos against points.daily_cap. It must stay equal to the counter
// package chat keeps ("awarded"), so that points approved by staff and
// points awarded automatically share one cap.
const counterAwarded = "awarded"

// award credits report r's point within the daily cap, idempotently by
// grid.AwardKeyFor(r.ID), and records it on r (not stored). It counts
// against the cap of the day it is awarded, in the configured time zone,
// as chat does. It returns the points credited (0 or 1).
func (d *Desk) award(tx *store.Tx, r *grid.Report) (int64, error) {
	day := tx.Now().In(d.loc).Format(time.DateOnly)
	capN := int64(d.cfg.Points.DailyCap)
	if capN > 0 && tx.DayCount(counterAwarded, day, r.Rider) >= capN {
		r.OverCap = true
		return 0, nil
	}
	key := grid.AwardKeyFor(r.ID)
	e, created, err := tx.Award(key, r.Rider, 1)
	if err != nil {
		return 0, err
	}
	if created {
		if _, err := tx.AddDayCount(counterAwarded, day, r.Rider, e.Amount); err != nil {
			return 0, err
		}
	}
	r.Points, r.AwardKey = e.Amount, key
	return e.Amount, nil
}

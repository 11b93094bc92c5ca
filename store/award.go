package store

import (
	"fmt"
	"time"

	"gridbot/points"
)

// Award credits amount points to rider inside the transaction, idempotently
// by key: if key was used before it returns the first entry and
// created=false and credits nothing. It is DB.Award for callers that must
// record the award together with other changes (a report's outcome, its
// notification job) in one commit. Errors: points.ErrInvalidAmount and
// points.ErrInvalidRider, as rejections (nothing written).
func (t *Tx) Award(key, rider string, amount int64) (points.Entry, bool, error) {
	return t.award(key, rider, "", amount)
}

func (t *Tx) award(key, rider, actor string, amount int64) (points.Entry, bool, error) {
	e, created, err := t.db.awardTx(t.tx, key, rider, actor, amount, t.now)
	if err != nil {
		return e, false, fmt.Errorf("store: award %s: %w", key, err)
	}
	return e, created, nil
}

// counterAwarded is the day counter of points awarded for reports, shared
// by every path that pays for a report (automatic vetting, staff review),
// so that they respect one daily cap.
const counterAwarded = "awarded"

// ReportAward is the outcome of AwardReport.
type ReportAward struct {
	Entry   points.Entry // the award (zero when over the cap)
	OverCap bool         // the daily cap was reached: nothing credited
	Today   int64        // points the rider has been awarded today, after this one
}

// AwardReport pays one point for report id to rider, recorded as decided
// by actor, within dayCap points per calendar day in loc (0 means no cap),
// idempotently by grid.AwardKeyFor: a repeat returns the first award and
// counts nothing twice.
func (t *Tx) AwardReport(key, rider, actor string, dayCap int, loc *time.Location) (ReportAward, error) {
	day := t.now.In(loc).Format(time.DateOnly)
	today := t.DayCount(counterAwarded, day, rider)
	if prev, err := entryByKey(t.tx, key); err == nil {
		return ReportAward{Entry: prev, Today: today}, nil
	}
	if dayCap > 0 && today >= int64(dayCap) {
		return ReportAward{OverCap: true, Today: today}, nil
	}
	e, created, err := t.award(key, rider, actor, 1)
	if err != nil {
		return ReportAward{}, err
	}
	if created {
		if today, err = t.AddDayCount(counterAwarded, day, rider, e.Amount); err != nil {
			return ReportAward{}, err
		}
	}
	return ReportAward{Entry: e, Today: today}, nil
}

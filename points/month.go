package points

import "time"

// Month identifies a calendar month in the ledger's time zone, as "2006-01".
type Month string

// MonthOf returns the month t falls in, in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	return Month(t.In(loc).Format("2006-01"))
}

// Range returns the first instant of the month and of the next, in loc.
func (m Month) Range(loc *time.Location) (from, to time.Time, err error) {
	from, err = time.ParseInLocation("2006-01", string(m), loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return from, from.AddDate(0, 1, 0), nil
}

// Statement is a rider's account for one month: Opening plus the sum of the
// entries' deltas equals Closing.
type Statement struct {
	Rider   string  `json:"rider"`
	Month   Month   `json:"month"`
	Opening int64   `json:"opening"`
	Entries []Entry `json:"entries"`
	Closing int64   `json:"closing"`
	Earned  int64   `json:"earned"`
}

package web

import (
	"fmt"
	"net/http"
	"time"

	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// chartDays is how many days the overview's chart shows.
const chartDays = 30

// reportStatuses lists every report status in lifecycle order.
var reportStatuses = []grid.ReportStatus{
	grid.ReportReceived, grid.ReportPendingReview, grid.ReportValid, grid.ReportDispatched,
	grid.ReportResolved, grid.ReportInvalid, grid.ReportDuplicate,
}

// periodStats are the overview's figures for one period.
type periodStats struct {
	Rows     []statRow
	Totals   []int // per status
	Total    int
	Issued   int64 // points earned for reports (awards less reversals), as in the exports
	Redeemed int64 // points spent on approved redemptions
	Riders   int   // riders who reported
}

// statRow counts one category's reports by status.
type statRow struct {
	Name   string
	Counts []int
	Total  int
}

func (h *Handler) newStats() *periodStats {
	s := &periodStats{Totals: make([]int, len(reportStatuses))}
	for _, c := range h.cfg.Categories {
		s.Rows = append(s.Rows, statRow{Name: c.Name, Counts: make([]int, len(reportStatuses))})
	}
	s.Rows = append(s.Rows, statRow{Name: h.categoryName(""), Counts: make([]int, len(reportStatuses))})
	return s
}

func (h *Handler) categoryIndex(code string) int {
	for i, c := range h.cfg.Categories {
		if c.Code == code {
			return i
		}
	}
	return len(h.cfg.Categories)
}

func (s *periodStats) add(row int, st grid.ReportStatus) {
	for i, x := range reportStatuses {
		if x == st {
			s.Rows[row].Counts[i]++
			s.Totals[i]++
		}
	}
	s.Rows[row].Total++
	s.Total++
}

// overview shows today's and this month's figures, the chart of reports
// per day by category, and what waits for staff.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request, s *session) error {
	now := h.now().In(h.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, h.loc)
	chartFrom := today.AddDate(0, 0, -(chartDays - 1))
	from := month
	if chartFrom.Before(month) {
		from = chartFrom
	}
	day, mon := h.newStats(), h.newStats()
	perDay := make([][]int, chartDays) // [day][category]
	for i := range perDay {
		perDay[i] = make([]int, len(h.cfg.Categories)+1)
	}
	dayRiders, monRiders := map[string]bool{}, map[string]bool{}
	err := h.st.View(func(tx *store.Tx) error {
		return tx.ScanReports(func(rep grid.Report) (bool, error) {
			if rep.At.Before(from.Add(-time.Hour)) {
				return false, nil
			}
			row := h.categoryIndex(rep.Category)
			if !rep.At.Before(month) {
				mon.add(row, rep.Status)
				monRiders[rep.Rider] = true
			}
			if !rep.At.Before(today) {
				day.add(row, rep.Status)
				dayRiders[rep.Rider] = true
			}
			if d := dayIndex(chartFrom, rep.At.In(h.loc)); d >= 0 && d < chartDays {
				perDay[d][row]++
			}
			return true, nil
		})
	})
	if err != nil {
		return fmt.Errorf("web: overview: %w", err)
	}
	day.Riders, mon.Riders = len(dayRiders), len(monRiders)
	err = h.st.EntriesSince(month, func(e points.Entry) error {
		for _, st := range []*periodStats{day, mon} {
			if st == day && e.At.Before(today) {
				continue
			}
			st.Issued += e.Earned()
			if e.Kind == points.KindPost {
				st.Redeemed += e.Amount
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("web: overview: %w", err)
	}
	pending, err := h.desk.Pending()
	if err != nil {
		return fmt.Errorf("web: overview: %w", err)
	}
	h.render(w, r, http.StatusOK, "overview", s, map[string]any{
		"Statuses": reportStatuses,
		"Today":    day,
		"Month":    mon,
		"Chart":    h.dayChart(chartFrom, perDay),
		"Pending": map[string]int{
			"Registrations": len(pending.Registrations),
			"Redemptions":   len(pending.Redemptions),
			"Reports":       len(pending.Reports),
		},
		"Date":      today,
		"MonthName": points.MonthOf(now, h.loc),
	})
	return nil
}

// dayIndex returns how many calendar days t is after from (both in the
// same location).
func dayIndex(from, t time.Time) int {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, from.Location())
	return int(d.Sub(from).Hours()+12) / 24
}

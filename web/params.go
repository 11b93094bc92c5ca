package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gridbot/grid"
	"gridbot/points"
)

// pathID parses the path value name as a positive number, accepting a
// kind prefix such as P12 or R3.
func pathID(r *http.Request, name string) (uint64, error) {
	return parseID(r.PathValue(name))
}

func parseID(s string) (uint64, error) {
	s = strings.TrimLeft(strings.TrimSpace(s), "PRUpru")
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, fmt.Errorf("web: id %q: %w", s, errBadRequest)
	}
	return id, nil
}

// parseMonth parses "2006-01"; empty means the current month.
func (h *Handler) parseMonth(s string) (points.Month, error) {
	if s == "" {
		return points.MonthOf(h.now(), h.loc), nil
	}
	m := points.Month(s)
	if _, _, err := m.Range(h.loc); err != nil {
		return "", fmt.Errorf("web: month %q: %w", s, errBadRequest)
	}
	return m, nil
}

// parseTime parses a date (2006-01-02, in the programme's time zone) or an
// RFC 3339 time. A date used as an upper bound means the end of that day.
func (h *Handler) parseTime(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, h.loc); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("web: time %q: %w", s, errBadRequest)
	}
	return t, nil
}

// parseReportStatus checks a report status filter; "" and "all" mean any.
func parseReportStatus(s string) (grid.ReportStatus, error) {
	if s == "" || s == "all" {
		return "", nil
	}
	for _, st := range reportStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("web: report status %q: %w", s, errBadRequest)
}

// redemptionStatuses lists every redemption status.
var redemptionStatuses = []points.RedemptionStatus{
	points.RedemptionPending, points.RedemptionApproved, points.RedemptionFulfilled,
	points.RedemptionExpired, points.RedemptionRejected, points.RedemptionCancelled,
}

// parseRedemptionStatus checks a redemption status filter; "" and "all"
// mean any.
func parseRedemptionStatus(s string) (points.RedemptionStatus, error) {
	if s == "" || s == "all" {
		return "", nil
	}
	for _, st := range redemptionStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("web: redemption status %q: %w", s, errBadRequest)
}

// parseLimit parses a result limit with a default and a ceiling.
func parseLimit(s string, def, ceiling int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("web: limit %q: %w", s, errBadRequest)
	}
	return min(n, ceiling), nil
}

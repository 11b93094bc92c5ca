package web

import (
	"fmt"
	"net/http"
	"strings"

	"gridbot/grid"
	"gridbot/points"
)

// riderRow is a rider with this month's points, for the list.
type riderRow struct {
	grid.Rider
	Balance points.RiderBalance
	Month   int64
}

// riderList lists riders, newest registration first, filtered by a search
// (name, U number, openid, or the last digits of the phone) and status.
func (h *Handler) riderList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	status := r.URL.Query().Get("status")
	riders, err := h.st.Riders()
	if err != nil {
		return fmt.Errorf("web: riders: %w", err)
	}
	month := points.MonthOf(h.now(), h.loc)
	earned, err := h.st.MonthEarnings(month)
	if err != nil {
		return fmt.Errorf("web: riders: %w", err)
	}
	var rows []riderRow
	for i := len(riders) - 1; i >= 0; i-- {
		rd := riders[i]
		if status != "" && string(rd.Status) != status || !matchRider(rd, q) {
			continue
		}
		bal, err := h.st.Balance(rd.OpenID)
		if err != nil {
			return fmt.Errorf("web: riders: %w", err)
		}
		rows = append(rows, riderRow{Rider: rd, Balance: bal, Month: earned[rd.OpenID]})
	}
	h.render(w, r, http.StatusOK, "riders", s, map[string]any{
		"Rows": rows, "Q": q, "Status": status,
		"Statuses": []grid.RiderStatus{grid.RiderPending, grid.RiderActive, grid.RiderInactive, grid.RiderRejected},
	})
	return nil
}

// matchRider reports whether rider matches the search q. Phone numbers
// match on their last four digits only, as staff see them masked.
func matchRider(rd grid.Rider, q string) bool {
	if q == "" {
		return true
	}
	lq := strings.ToLower(q)
	switch {
	case strings.Contains(strings.ToLower(rd.Name), lq),
		strings.EqualFold(fmt.Sprintf("U%d", rd.Seq), q),
		rd.OpenID == q,
		len(q) == 4 && len(rd.Phone) == 11 && strings.HasSuffix(rd.Phone, q):
		return true
	}
	return false
}

package web

import (
	"fmt"
	"net/http"

	"gridbot/grid"
	"gridbot/points"
)

// redemptionRow is a redemption with its rider.
type redemptionRow struct {
	points.Redemption
	Rider grid.Rider
}

// redemptionList lists redemptions by status (pending by default).
func (h *Handler) redemptionList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query().Get("status")
	if q == "" {
		q = string(points.RedemptionPending)
	}
	status := points.RedemptionStatus("")
	if q != "all" {
		var err error
		if status, err = parseRedemptionStatus(q); err != nil {
			return err
		}
	}
	list, err := h.st.Redemptions(status)
	if err != nil {
		return fmt.Errorf("web: redemptions: %w", err)
	}
	rows := make([]redemptionRow, 0, len(list))
	for _, rd := range list {
		rider, _ := h.st.Rider(rd.Rider)
		rows = append(rows, redemptionRow{Redemption: rd, Rider: rider})
	}
	h.render(w, r, http.StatusOK, "redemptions", s, map[string]any{
		"Rows": rows, "Status": q, "Statuses": redemptionStatuses,
	})
	return nil
}

package web

import (
	"fmt"
	"net/http"

	"gridbot/store"
)

// reportList lists reports, newest first, filtered by status, category
// and date range.
func (h *Handler) reportList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	status, err := parseReportStatus(q.Get("status"))
	if err != nil {
		return err
	}
	from, err := h.parseTime(q.Get("from"), false)
	if err != nil {
		return err
	}
	to, err := h.parseTime(q.Get("to"), true)
	if err != nil {
		return err
	}
	reports, err := h.st.Reports(store.ReportFilter{Status: status, Category: q.Get("category"), Rider: q.Get("rider"), From: from, To: to, Limit: 300})
	if err != nil {
		return fmt.Errorf("web: report list: %w", err)
	}
	h.render(w, r, http.StatusOK, "reports", s, map[string]any{
		"Reports": reports, "Statuses": reportStatuses, "Categories": h.cfg.Categories,
		"Status": string(status), "Category": q.Get("category"), "From": q.Get("from"), "To": q.Get("to"),
	})
	return nil
}

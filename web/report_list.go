package web

import (
	"fmt"
	"net/http"
)

// reportList lists reports, newest first, filtered by status, category
// and date range.
func (h *Handler) reportList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	f, err := h.reportFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 300
	reports, err := h.st.Reports(f)
	if err != nil {
		return fmt.Errorf("web: report list: %w", err)
	}
	h.render(w, r, http.StatusOK, "reports", s, map[string]any{
		"Reports": reports, "Statuses": reportStatuses, "Categories": h.cfg.Categories,
		"Status": string(f.Status), "Category": q.Get("category"), "From": q.Get("from"), "To": q.Get("to"),
	})
	return nil
}

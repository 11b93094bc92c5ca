package web

import (
	"fmt"
	"net/http"

	"gridbot/store"
)

// apiReports answers GET /api/v1/reports?status=&rider=&category=&from=&to=&limit=,
// newest first (default limit 100, at most 1000).
func (h *Handler) apiReports(w http.ResponseWriter, r *http.Request, _ string) error {
	f, err := h.reportFilter(r)
	if err != nil {
		return err
	}
	if f.Limit, err = parseLimit(r.URL.Query().Get("limit"), 100, 1000); err != nil {
		return err
	}
	reps, err := h.st.Reports(f)
	if err != nil {
		return fmt.Errorf("web: api reports: %w", err)
	}
	out := make([]apiReport, 0, len(reps))
	for _, rep := range reps {
		out = append(out, h.toAPIReport(rep))
	}
	writeJSON(w, http.StatusOK, list(out))
	return nil
}

// apiReport answers GET /api/v1/reports/{id} (12 or P12).
func (h *Handler) apiReport(w http.ResponseWriter, r *http.Request, _ string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := h.st.Report(id)
	if err != nil {
		return fmt.Errorf("web: api report %d: %w", id, err)
	}
	writeJSON(w, http.StatusOK, h.toAPIReport(rep))
	return nil
}

// reportFilter reads the report filters shared by the report list page and
// the API: status, rider, category, and the from/to date range.
func (h *Handler) reportFilter(r *http.Request) (store.ReportFilter, error) {
	q := r.URL.Query()
	status, err := parseReportStatus(q.Get("status"))
	if err != nil {
		return store.ReportFilter{}, err
	}
	from, err := h.parseTime(q.Get("from"), false)
	if err != nil {
		return store.ReportFilter{}, err
	}
	to, err := h.parseTime(q.Get("to"), true)
	if err != nil {
		return store.ReportFilter{}, err
	}
	return store.ReportFilter{Status: status, Rider: q.Get("rider"), Category: q.Get("category"), From: from, To: to}, nil
}

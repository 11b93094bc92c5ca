package web

import (
	"fmt"
	"net/http"

	"gridbot/grid"
	"gridbot/store"
)

// reportDetail shows one report: photo, vetting metrics, location, steps,
// possible duplicates, and the actions its status allows.
func (h *Handler) reportDetail(w http.ResponseWriter, r *http.Request, s *session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var (
		rep        grid.Report
		rider      grid.Rider
		candidates []grid.Report
	)
	err = h.st.View(func(tx *store.Tx) error {
		candidates = nil
		if rep, err = tx.Report(id); err != nil {
			return err
		}
		rider, _ = tx.Rider(rep.Rider)
		ids := append([]uint64(nil), rep.NearbyOf...)
		if rep.DuplicateOf != 0 {
			ids = append(ids, rep.DuplicateOf)
		}
		for _, c := range ids {
			if cr, err := tx.Report(c); err == nil {
				candidates = append(candidates, cr)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("web: report %d: %w", id, err)
	}
	h.render(w, r, http.StatusOK, "report", s, map[string]any{
		"Report": rep, "Rider": rider, "Candidates": candidates, "Categories": h.cfg.Categories,
		"MapURL": mapURL(rep), "CanReview": rep.Status == grid.ReportPendingReview,
		"CanRevoke":   rep.Status == grid.ReportValid,
		"CanDispatch": rep.Status == grid.ReportValid,
		"CanResolve":  rep.Status == grid.ReportValid || rep.Status == grid.ReportDispatched,
		"CanMerge":    rep.Status == grid.ReportValid || rep.Status == grid.ReportPendingReview,
	})
	return nil
}

// mapURL links a report's location to an external map (Amap, whose
// coordinates are those WeChat sends), or "" without a location.
func mapURL(rep grid.Report) string {
	if rep.Location == nil {
		return ""
	}
	return fmt.Sprintf("https://uri.amap.com/marker?position=%.6f,%.6f&name=%s", rep.Location.Lng, rep.Location.Lat, rep.Label())
}

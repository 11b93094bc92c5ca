package web

import (
	"fmt"
	"net/http"

	"gridbot/grid"
	"gridbot/store"
)

// reviewItem is a report in review with what staff compare it against.
type reviewItem struct {
	Report     grid.Report
	Rider      grid.Rider
	Candidates []grid.Report // nearby reports and the duplicate original
}

// reviewQueue lists the reports in review, oldest first, each beside its
// possible duplicates.
func (h *Handler) reviewQueue(w http.ResponseWriter, r *http.Request, s *session) error {
	var items []reviewItem
	err := h.st.View(func(tx *store.Tx) error {
		items = nil
		return tx.ScanReports(func(rep grid.Report) (bool, error) {
			if rep.Status != grid.ReportPendingReview {
				return true, nil
			}
			it := reviewItem{Report: rep}
			it.Rider, _ = tx.Rider(rep.Rider)
			ids := append([]uint64(nil), rep.NearbyOf...)
			if rep.DuplicateOf != 0 {
				ids = append(ids, rep.DuplicateOf)
			}
			for _, id := range ids {
				if c, err := tx.Report(id); err == nil {
					it.Candidates = append(it.Candidates, c)
				}
			}
			items = append(items, it)
			return true, nil
		})
	})
	if err != nil {
		return fmt.Errorf("web: review queue: %w", err)
	}
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
	h.render(w, r, http.StatusOK, "reviews", s, map[string]any{"Items": items})
	return nil
}

package web

import (
	"fmt"
	"net/http"

	"gridbot/points"
)

// apiLedgerAnswer is a rider's ledger: balance and entries, newest first.
type apiLedgerAnswer struct {
	Rider   string              `json:"rider"`
	Balance points.RiderBalance `json:"balance"`
	Entries []points.Entry      `json:"entries"`
	Count   int                 `json:"count"`
}

// apiLedger answers GET /api/v1/ledger?rider=openid[&limit=].
func (h *Handler) apiLedger(w http.ResponseWriter, r *http.Request, _ string) error {
	rider := r.URL.Query().Get("rider")
	if rider == "" {
		return fmt.Errorf("web: api ledger: no rider: %w", errBadRequest)
	}
	limit, err := parseLimit(r.URL.Query().Get("limit"), 500, 10000)
	if err != nil {
		return err
	}
	if _, err := h.st.Rider(rider); err != nil {
		return fmt.Errorf("web: api ledger: %w", err)
	}
	entries, err := h.st.RiderEntries(rider, limit)
	if err != nil {
		return fmt.Errorf("web: api ledger: %w", err)
	}
	bal, err := h.st.Balance(rider)
	if err != nil {
		return fmt.Errorf("web: api ledger: %w", err)
	}
	if entries == nil {
		entries = []points.Entry{}
	}
	writeJSON(w, http.StatusOK, apiLedgerAnswer{Rider: rider, Balance: bal, Entries: entries, Count: len(entries)})
	return nil
}

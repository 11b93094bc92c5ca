package web

import (
	"fmt"
	"net/http"

	"gridbot/points"
)

// riderDetail shows a rider, their balance, their ledger, a monthly
// statement (?month=2006-01), and the actions their status allows.
func (h *Handler) riderDetail(w http.ResponseWriter, r *http.Request, s *session) error {
	openid := r.PathValue("openid")
	rd, err := h.st.Rider(openid)
	if err != nil {
		return fmt.Errorf("web: rider: %w", err)
	}
	month, err := h.parseMonth(r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	bal, err := h.st.Balance(openid)
	if err != nil {
		return fmt.Errorf("web: rider: %w", err)
	}
	entries, err := h.st.RiderEntries(openid, 200)
	if err != nil {
		return fmt.Errorf("web: rider: %w", err)
	}
	st, err := h.st.Statement(openid, month)
	if err != nil {
		return fmt.Errorf("web: rider statement: %w", err)
	}
	h.render(w, r, http.StatusOK, "rider", s, map[string]any{
		"Rider": rd, "Balance": bal, "Entries": entries, "Statement": st, "Month": string(month),
		"Earned": st.Earned,
	})
	return nil
}

// entrySign returns the signed change an entry made to the rider's
// balance (available plus held).
func entrySign(e points.Entry) int64 {
	_, b := e.Delta()
	return b
}

// entryAvailable returns the signed change an entry made to the rider's
// available points (a hold moves points from available to held).
func entryAvailable(e points.Entry) int64 {
	a, _ := e.Delta()
	return a
}

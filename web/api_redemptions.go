package web

import (
	"fmt"
	"net/http"
)

// apiRedemptions answers GET /api/v1/redemptions?status=, newest first.
func (h *Handler) apiRedemptions(w http.ResponseWriter, r *http.Request, _ string) error {
	status, err := parseRedemptionStatus(r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	rds, err := h.st.Redemptions(status)
	if err != nil {
		return fmt.Errorf("web: api redemptions: %w", err)
	}
	out := make([]apiRedemption, 0, len(rds))
	for _, rd := range rds {
		out = append(out, apiRedemption{Redemption: rd, Label: rd.Label()})
	}
	writeJSON(w, http.StatusOK, list(out))
	return nil
}

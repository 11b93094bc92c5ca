package web

import (
	"fmt"
	"net/http"

	"gridbot/points"
)

// apiRiders answers GET /api/v1/riders: every rider (?status= filters).
func (h *Handler) apiRiders(w http.ResponseWriter, r *http.Request, _ string) error {
	riders, err := h.st.Riders()
	if err != nil {
		return fmt.Errorf("web: api riders: %w", err)
	}
	status := r.URL.Query().Get("status")
	out := make([]apiRider, 0, len(riders))
	for _, rd := range riders {
		if status == "" || string(rd.Status) == status {
			out = append(out, toAPIRider(rd))
		}
	}
	writeJSON(w, http.StatusOK, list(out))
	return nil
}

// apiRider answers GET /api/v1/riders/{openid} with the balance, the
// available points and this month's points.
func (h *Handler) apiRider(w http.ResponseWriter, r *http.Request, _ string) error {
	openid := r.PathValue("openid")
	rd, err := h.st.Rider(openid)
	if err != nil {
		return fmt.Errorf("web: api rider: %w", err)
	}
	bal, err := h.st.Balance(openid)
	if err != nil {
		return fmt.Errorf("web: api rider: %w", err)
	}
	month, err := h.st.MonthEarned(points.MonthOf(h.now(), h.loc), openid)
	if err != nil {
		return fmt.Errorf("web: api rider: %w", err)
	}
	out := toAPIRider(rd)
	out.Balance, out.Available, out.Held, out.MonthPoints = &bal.Balance, &bal.Available, &bal.Held, &month
	writeJSON(w, http.StatusOK, out)
	return nil
}

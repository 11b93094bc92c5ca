package app

import (
	"encoding/json"
	"net/http"
	"sync"

	"gridbot/store"
)

// health tracks readiness. Components report failures (for example a disk
// that refuses writes) and recoveries; /healthz answers 503 while any
// component is failing.
type health struct {
	db *store.DB
	mu sync.Mutex
	// failing maps a component to its last error message.
	failing map[string]string
}

func newHealth(db *store.DB) *health { return &health{db: db, failing: map[string]string{}} }

// Set records component's state: err == nil marks it healthy.
func (h *health) Set(component string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil {
		delete(h.failing, component)
		return
	}
	h.failing[component] = err.Error()
}

func (h *health) snapshot() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]string, len(h.failing)+1)
	for k, v := range h.failing {
		out[k] = v
	}
	if err := h.db.WriteError(); err != nil {
		out["store"] = "database writes fail: " + err.Error()
	}
	return out
}

func (a *App) handleHealthz(w http.ResponseWriter, r *http.Request) {
	failing := a.health.snapshot()
	status := http.StatusOK
	body := map[string]any{"status": "ok"}
	if len(failing) > 0 {
		status = http.StatusServiceUnavailable
		body = map[string]any{"status": "unavailable", "failing": failing}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

package web

import (
	"fmt"
	"net/http"

	"gridbot/catalog"
)

// jobList shows the dead-letter jobs.
func (h *Handler) jobList(w http.ResponseWriter, r *http.Request, s *session) error {
	dead, err := h.st.DeadJobs()
	if err != nil {
		return fmt.Errorf("web: dead jobs: %w", err)
	}
	h.render(w, r, http.StatusOK, "jobs", s, map[string]any{"Jobs": dead})
	return nil
}

// jobRetry moves a dead job back to the queue with its attempts reset.
func (h *Handler) jobRetry(w http.ResponseWriter, r *http.Request, s *session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.st.ReviveJob(r.Context(), id); err != nil {
		return fmt.Errorf("web: retry job %d: %w", id, err)
	}
	return h.done(w, r, catalog.Render(catalog.DashJobRetried, catalog.Args{"ID": id}), "/admin/jobs")
}

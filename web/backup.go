package web

import (
	"fmt"
	"log/slog"
	"net/http"
)

// backupDownload streams a consistent snapshot of the database. It needs
// a session like every dashboard page.
func (h *Handler) backupDownload(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.streamBackup(w, s.user)
}

// apiBackup is GET /api/v1/backup: the same snapshot for scripts, with a
// bearer token (curl -H "Authorization: Bearer …" -o backup.db).
func (h *Handler) apiBackup(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.streamBackup(w, actor)
}

func (h *Handler) streamBackup(w http.ResponseWriter, who string) error {
	if h.backup == nil {
		return fmt.Errorf("web: backup: %w", errUnavailable)
	}
	// The name's time is in the configured time zone, like every time staff see.
	name := fmt.Sprintf("gridbot-%s.db", h.now().In(h.loc).Format("20060102-150405"))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	n, err := h.backup(w)
	if err != nil {
		// The status is sent; the client sees a truncated download.
		h.log.Error("web: backup failed", slog.String("by", who), slog.Int64("bytes", n), slog.Any("err", err))
		return nil
	}
	h.log.Info("web: backup downloaded", slog.String("by", who), slog.Int64("bytes", n))
	return nil
}

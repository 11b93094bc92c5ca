package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"gridbot/store"
)

// handleBackup streams a consistent snapshot of the live database.
func (a *App) handleBackup(w http.ResponseWriter, r *http.Request) {
	name := fmt.Sprintf("gridbot-%s.db", a.now().UTC().Format("20060102-150405"))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", fmt.Sprint(a.db.Size()))
	if _, err := a.db.WriteTo(w); err != nil {
		a.log.Error("online backup failed", slog.Any("err", err))
	}
}

// loopbackOnly refuses requests that do not come from this machine. It
// guards admin routes until the dashboard's login protects them.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "forbidden: this endpoint answers only on loopback", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// backupLoop writes scheduled backups every backup.every until ctx ends.
func (a *App) backupLoop(ctx context.Context) {
	every := a.cfg.Backup.Every
	if every <= 0 {
		return
	}
	dir := a.cfg.Backup.Dir
	if dir == "" {
		dir = filepath.Join(a.cfg.DataDir, "backups")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			path, err := store.ScheduledBackup(a.db, dir, a.cfg.Backup.Keep, a.now())
			a.health.Set("backup", err)
			if err != nil {
				a.log.Error("scheduled backup failed", slog.Any("err", err))
				continue
			}
			a.log.Info("scheduled backup written", slog.String("path", path))
		}
	}
}

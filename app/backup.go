package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"gridbot/store"
)

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

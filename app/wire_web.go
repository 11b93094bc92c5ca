package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"gridbot/web"
)

// mountWeb registers the dashboard (/admin/, including /admin/backup), the
// JSON API (/api/v1/) and Open311 (/open311/v2/). On first start, when no
// dashboard user exists, it creates one with a random password, which the
// start-up banner shows once on the console; it is never logged.
func (a *App) mountWeb(mux *http.ServeMux) error {
	h, err := web.New(web.Deps{
		Config: a.cfg, Store: a.db, Desk: a.svc.desk, Photos: a.svc.files,
		Backup: a.db.WriteTo, Now: a.now, Logger: a.log,
	})
	if err != nil {
		return fmt.Errorf("app: dashboard: %w", err)
	}
	h.Register(mux)
	password, created, err := h.EnsureAdmin(context.Background())
	if err != nil {
		return fmt.Errorf("app: first dashboard user: %w", err)
	}
	if created {
		a.firstPassword = password
		a.log.Warn("created the first dashboard user; its one-time password is shown on the console (stdout) only",
			slog.String("user", web.AdminUser))
	}
	return nil
}

// FirstRunPassword returns the dashboard password created at this start,
// if this start created the first dashboard user.
func (a *App) FirstRunPassword() (string, bool) {
	return a.firstPassword, a.firstPassword != ""
}

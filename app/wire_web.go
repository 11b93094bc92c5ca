package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"

	"gridbot/photo"
	"gridbot/staff"
	"gridbot/web"
)

// mountWeb registers the dashboard (/admin/), the JSON API (/api/v1/) and
// Open311 (/open311/v2/), including /admin/backup, which now needs a
// dashboard session. On first start, when no dashboard user exists, it
// creates "admin" with a random password and shows it once, in the log
// and on the console.
func (a *App) mountWeb(mux *http.ServeMux) {
	files, err := photo.NewFiles(filepath.Join(a.cfg.DataDir, "photos"))
	if err != nil {
		a.log.Error("web: photo files unavailable; the dashboard shows no photos", slog.Any("err", err))
		files = nil
	}
	desk := staff.New(staff.Deps{
		Config: a.cfg, Store: a.db, Outbox: a.svc.outbox, Staff: a.svc.staff,
		Orphans: staff.OrphansFunc(a.svc.conv.ReleaseHeld), Now: a.now, Logger: a.log,
	})
	h, err := web.New(web.Deps{
		Config: a.cfg, Store: a.db, Desk: desk, Photos: files,
		Backup: a.db.WriteTo, Now: a.now, Logger: a.log,
	})
	if err != nil {
		// The templates are embedded and tested; this cannot happen in a
		// released binary.
		a.log.Error("web: dashboard unavailable", slog.Any("err", err))
		return
	}
	h.Register(mux)
	password, created, err := h.EnsureAdmin(context.Background())
	switch {
	case err != nil:
		a.log.Error("web: could not create the first dashboard user", slog.Any("err", err))
	case created:
		// The one place the password appears: shown once, never stored.
		a.log.Warn("web: created dashboard user; change the password with `gridbot admin passwd`",
			slog.String("user", web.AdminUser), slog.String("password", password))
		fmt.Fprintf(a.console, "dashboard user %q created with password: %s\n  (shown once; change it with `gridbot admin passwd %s`)\n",
			web.AdminUser, password, web.AdminUser)
	}
}

package app

import "net/http"

// mountWeb registers the dashboard (/admin/), the JSON API (/api/v1/) and
// Open311 (/open311/v2/). Owned by the web package's author.
func (a *App) mountWeb(mux *http.ServeMux) {
	mux.Handle("GET /admin/backup", loopbackOnly(http.HandlerFunc(a.handleBackup)))
}

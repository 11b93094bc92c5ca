package app

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes registers every HTTP route in one place.
func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.handleHealthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.registry, promhttp.HandlerOpts{Registry: a.registry}))
	mux.Handle("GET /admin/backup", loopbackOnly(http.HandlerFunc(a.handleBackup)))
	mux.Handle(a.cfg.WeChat.WebhookPath, a.svc.webhook)
	return a.metrics.instrument(mux)
}

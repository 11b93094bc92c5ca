package app

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes registers every HTTP route in one place.
func (a *App) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.handleHealthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.registry, promhttp.HandlerOpts{Registry: a.registry}))
	mux.Handle(a.cfg.WeChat.WebhookPath, a.svc.webhook)
	if err := a.mountWeb(mux); err != nil {
		return nil, err
	}
	if a.cfg.WeChat.LocalMode() {
		a.mountSim(mux)
	}
	return a.metrics.instrument(mux), nil
}

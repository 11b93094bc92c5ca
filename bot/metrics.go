package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts webhook outcomes. A nil *Metrics records nothing.
type Metrics struct {
	accepted *prometheus.CounterVec
	refusals *prometheus.CounterVec
	latency  prometheus.Histogram
}

// NewMetrics registers the webhook's collectors with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		accepted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gridbot_callbacks_total",
			Help: "Callbacks accepted, by whether they were retries answered from the deduplication record.",
		}, []string{"retry"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gridbot_callbacks_refused_total",
			Help: "Callbacks refused, by reason.",
		}, []string{"reason"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "gridbot_callback_ack_seconds",
			Help:    "Time from reading a callback to answering it (durable).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
	}
	reg.MustRegister(m.accepted, m.refusals, m.latency)
	return m
}

func (m *Metrics) observe(dup bool, d time.Duration) {
	if m == nil {
		return
	}
	retry := "false"
	if dup {
		retry = "true"
	}
	m.accepted.WithLabelValues(retry).Inc()
	m.latency.Observe(d.Seconds())
}

func (m *Metrics) refused(reason string) {
	if m == nil {
		return
	}
	m.refusals.WithLabelValues(reason).Inc()
}

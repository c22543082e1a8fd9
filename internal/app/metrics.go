package app

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"waba-transport/internal/problem"
	"waba-transport/internal/relay"
	"waba-transport/internal/store"
	"waba-transport/internal/web"
)

// metrics are the module's Prometheus series, registered on its own registry.
type metrics struct {
	webhooks *prometheus.CounterVec
	jobs     *prometheus.CounterVec
	jobTime  *prometheus.HistogramVec
	lag      prometheus.Histogram
	sendTime prometheus.Histogram
	sends    *prometheus.CounterVec
	resends  *prometheus.CounterVec
	failures *prometheus.CounterVec
}

// relay returns the relay's measurement hooks.
func (m *metrics) relay() relay.Metrics {
	return relay.Metrics{
		Relayed: func(lag time.Duration) { m.lag.Observe(lag.Seconds()) },
		Sent: func(took time.Duration, code int) {
			m.sendTime.Observe(took.Seconds())
			m.sends.WithLabelValues(strconv.Itoa(code)).Inc()
		},
		Resend: func(outcome string) { m.resends.WithLabelValues(outcome).Inc() },
		Failed: func(code int) { m.failures.WithLabelValues(strconv.Itoa(code)).Inc() },
	}
}

func newMetrics(reg *prometheus.Registry, st *store.Store) *metrics {
	m := &metrics{
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waba_webhooks_total", Help: "Webhooks received, by source and result.",
		}, []string{"source", "result"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waba_jobs_finished_total", Help: "Job runs, by kind and result (ok, retry).",
		}, []string{"kind", "result"}),
		jobTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "waba_job_duration_seconds", Help: "Duration of job runs, by kind.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9),
		}, []string{"kind"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "waba_inbound_relay_lag_seconds", Help: "From WhatsApp's timestamp to the message in the CRM chat.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 12),
		}),
		sendTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "waba_send_duration_seconds", Help: "Duration of sends to 360dialog.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waba_sends_total", Help: "Sends to 360dialog by result: 0 accepted, else WhatsApp's error code.",
		}, []string{"code"}),
		resends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waba_resends_total", Help: "Second attempts after a failure: scheduled, succeeded, failed.",
		}, []string{"outcome"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waba_delivery_failures_total", Help: "Failed attempts of operators' messages, by WhatsApp error code.",
		}, []string{"code"}),
	}
	depth := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "waba_jobs_ready", Help: "Jobs waiting to run (queue depth).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s, err := st.JobStats(ctx)
		if err != nil {
			return -1
		}
		return float64(s[store.JobReady])
	})
	reg.MustRegister(m.webhooks, m.jobs, m.jobTime, m.lag, m.sendTime, m.sends, m.resends, m.failures, depth)
	return m
}

func (m *metrics) jobFinished(kind string, _ int, err error, took time.Duration) {
	result := "ok"
	if err != nil {
		result = "retry"
	}
	m.jobs.WithLabelValues(kind, result).Inc()
	m.jobTime.WithLabelValues(kind).Observe(took.Seconds())
}

func result(err error) string {
	if err == nil {
		return "ok"
	}
	return string(problem.KindOf(err))
}

type inboundFunc func(ctx context.Context, ref, secretValue string, body []byte) error

func (f inboundFunc) Accept(ctx context.Context, ref, secretValue string, body []byte) error {
	return f(ctx, ref, secretValue, body)
}

type mgFunc func(ctx context.Context, clientID string, body []byte) (any, error)

func (f mgFunc) Handle(ctx context.Context, clientID string, body []byte) (any, error) {
	return f(ctx, clientID, body)
}

func (m *metrics) countInbound(next web.InboundWebhook) web.InboundWebhook {
	return inboundFunc(func(ctx context.Context, ref, secretValue string, body []byte) error {
		err := next.Accept(ctx, ref, secretValue, body)
		m.webhooks.WithLabelValues("360dialog", result(err)).Inc()
		return err
	})
}

func (m *metrics) countMG(next web.MGWebhook) web.MGWebhook {
	return mgFunc(func(ctx context.Context, clientID string, body []byte) (any, error) {
		reply, err := next.Handle(ctx, clientID, body)
		m.webhooks.WithLabelValues("messagegateway", result(err)).Inc()
		return reply, err
	})
}

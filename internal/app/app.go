// Package app assembles the module from its parts: configuration, database,
// secrets, the outside clients, the account service, the relay with its job
// runner, and the HTTP server. `serve`, `sandbox` and the end-to-end tests all
// start the module through New and Run, so they run the same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"waba-transport/internal/account"
	"waba-transport/internal/authoring"
	"waba-transport/internal/catalog"
	"waba-transport/internal/config"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/egress"
	"waba-transport/internal/jobs"
	"waba-transport/internal/locale"
	"waba-transport/internal/relay"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
	"waba-transport/internal/web"
)

// Options are what a caller adds to the configuration.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time         // nil: time.Now
	Extra  func(mux *http.ServeMux) // extra routes (the sandbox's pages)
	Jobs   jobs.Options             // tuning of the job runner
}

// App is an assembled module.
type App struct {
	Config    config.Config
	Store     *store.Store
	Accounts  *account.Service
	Relay     *relay.Relay
	Templates *catalog.Service
	Runner    *jobs.Runner
	Handler   http.Handler
	log       *slog.Logger
}

// d360Transport keeps connections to 360dialog open for reuse: every job
// worker may be sending to the same host at once, and Go's default keeps
// only two idle connections per host, so the rest would pay a new TCP and
// TLS handshake per message (and bunch up behind it, which spoils pacing).
func d360Transport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 4 * jobs.DefaultWorkers
	tr.MaxIdleConnsPerHost = 2 * jobs.DefaultWorkers
	return tr
}

// New opens the database (migrating it) and builds every part.
func New(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, opts.Now)
	if err != nil {
		return nil, err
	}
	box, err := openBox(cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	cat, err := locale.Load()
	if err != nil {
		st.Close()
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg, st)

	guard := egress.Guard{AllowPrivate: cfg.AllowPrivateURLs}
	userHTTP := guard.Client(30 * time.Second)
	d360 := dialog360.New(cfg.D360URL, &http.Client{Timeout: 60 * time.Second, Transport: d360Transport()})
	acc := account.NewService(st, box, d360, guard, userHTTP, cfg.PublicURL, log)

	jo := opts.Jobs
	jo.OnFinish = m.jobFinished
	runner := jobs.New(st, log, jo)
	runner.HoldJobs() // SQLite: customers' messages relayed from memory (store.HoldIn)
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "waba_jobs_held", Help: "Jobs held in memory, without a row (SQLite; see waba_jobs_ready).",
	}, func() float64 { return float64(runner.HeldJobs()) }))
	rel := relay.New(st, acc, d360, runner, cat, log, relay.Options{
		ResendDelay: cfg.ResendDelay,
		MediaHTTP:   guard.Client(5 * time.Minute),
		Metrics:     m.relay(),
	})

	// Templates: approved ones copied into each channel, periodically and on demand.
	tpl := catalog.New(st, acc, d360, runner, cat, log, catalog.Options{Interval: cfg.TemplateSyncInterval})
	tpl.RegisterJobs()
	acc.AccountAdded = tpl.Queue

	// Periodic upkeep, once per period across replicas.
	runner.Every("account_health", account.HealthCheckInterval, acc.CheckAllHealth)
	runner.Every("reseal", 24*time.Hour, func(ctx context.Context) error { _, err := acc.Reseal(ctx); return err })
	runner.Every("webhook_retention", time.Hour, func(ctx context.Context) error {
		n, err := st.DeleteWebhooksBefore(ctx, st.Now().Add(-cfg.WebhookRetention))
		if n > 0 {
			log.Info("deleted raw webhooks past retention", "count", n)
		}
		return err
	})

	handler := web.NewServer(web.Deps{
		Logger:    log,
		Catalog:   cat,
		PublicURL: cfg.PublicURL,
		Accounts:  acc,
		Inbound:   m.countInbound(rel),
		MG:        m.countMG(rel),
		Metrics:   promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		Ready:     st.Ping,
		Extra:     opts.Extra,

		TemplateSync: tpl,
		Templates:    authoring.New(st, acc, d360, log),

		Messages:      rel,
		Health:        acc,
		PartnerSecret: cfg.D360PartnerSecret,
	})
	return &App{Config: cfg, Store: st, Accounts: acc, Relay: rel, Templates: tpl, Runner: runner, Handler: handler, log: log}, nil
}

// openBox builds the secret box: WABA_SECRET_KEY, or for SQLite a key file
// beside the database, created on first start.
func openBox(cfg config.Config) (*secret.Box, error) {
	key := cfg.SecretKey
	if key == "" {
		path := strings.TrimPrefix(cfg.DatabaseURL, "sqlite:")
		if path == ":memory:" || cfg.IsPostgres() {
			return nil, errors.New("WABA_SECRET_KEY is required for this database")
		}
		var err error
		if key, err = secret.KeyFile(filepath.Join(filepath.Dir(path), "waba-transport.key")); err != nil {
			return nil, err
		}
	}
	return secret.New(key)
}

// Run serves HTTP on ln and runs the jobs until ctx is done, then shuts down
// gracefully: it stops taking requests, lets running requests and jobs
// finish (up to 30 seconds), and closes the database.
func (a *App) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	return a.run(ctx, srv, serveErr)
}

// run runs the jobs beside srv (already serving; serveErr receives its end)
// until ctx is done, then shuts down gracefully.
func (a *App) run(ctx context.Context, srv *http.Server, serveErr chan error) error {
	jobsDone := make(chan struct{})
	jobsCtx, stopJobs := context.WithCancel(context.Background())
	go func() {
		defer close(jobsDone)
		_ = a.Runner.Run(jobsCtx)
	}()
	go func() {
		// A key put first in WABA_SECRET_KEY takes over every stored secret now.
		if _, err := a.Accounts.Reseal(jobsCtx); err != nil {
			a.log.Error("re-sealing secrets with the current key failed", "error", err)
		}
	}()
	if a.Config.DebugAddr != "" {
		go serveDebug(jobsCtx, a.Config.DebugAddr, a.log)
	}
	a.log.Info("serving", "addr", a.Config.HTTPAddr, "public_url", a.Config.PublicURL, "database", string(a.Store.Dialect()))

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if e := srv.Shutdown(shutdown); e != nil && err == nil {
		err = fmt.Errorf("http shutdown: %w", e)
	}
	stopJobs()
	select {
	case <-jobsDone:
	case <-shutdown.Done():
	}
	a.Store.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	a.log.Info("stopped")
	return err
}

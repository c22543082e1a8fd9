// Package sandbox runs the real module together with a simulated CRM (with
// its MessageGateway) and a simulated 360dialog (package sim), each on its
// own loopback address, already connected to each other. `waba-transport
// sandbox` adds a browser page that shows both sides; the end-to-end tests
// use Start to get the same system.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/app"
	"waba-transport/internal/config"
	"waba-transport/internal/jobs"
	"waba-transport/internal/sim"
)

// The sandbox's fixed names: one CRM with a full-access key, one WhatsApp number.
const (
	CRMKey       = "sandbox-crm-key-0123456789"
	D360Key      = "sandbox-360dialog-key-0123456789"
	DisplayPhone = "+34 911 222 333"
)

// crmScopes are what the sandbox's CRM key may do: all the module needs and more.
var crmScopes = []string{"order_read", "order_write", "customer_read", "customer_write",
	"integration_read", "integration_write", "store_read", "reference_read"}

// Customer is the sandbox's simulated WhatsApp user.
var Customer = sim.Customer{Name: "Ana Ruiz", Phone: "34600111222", UserID: "ES.1502576394655843"}

// Options configures Start.
type Options struct {
	Addr        string               // module listen address; "" = 127.0.0.1:0
	Speed       float64              // >1 shortens the resend delay and template sync interval; 0 = 1
	DataDir     string               // SQLite directory; "" = a new temporary directory
	DatabaseURL string               // overrides DataDir (e.g. a PostgreSQL schema in tests)
	SecretKey   string               // "" = key file beside the SQLite database
	Logger      *slog.Logger         // nil = discard
	Connect     bool                 // connect the CRM and add the number before returning
	Configure   func(*config.Config) // last word on the module's configuration
	Jobs        jobs.Options
	Extra       func(e *Env, mux *http.ServeMux) // extra routes on the module's server
	StatusDelay time.Duration                    // simulated 360dialog's status pace; 0 = its default
}

// Env is a running sandbox.
type Env struct {
	D360      *sim.Dialog360
	CRM       *sim.CRM
	App       *app.App
	ModuleURL string
	CRMURL    string
	D360URL   string
	Speed     float64

	// Set by Connect.
	ClientID  string
	AccountID int64
	ChannelID int64

	servers []*http.Server
	cancel  context.CancelFunc
	done    chan error
	tmp     string
}

// Start runs the simulators and the module and returns when all listen.
func Start(ctx context.Context, o Options) (*Env, error) {
	if o.Speed <= 0 {
		o.Speed = 1
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Env{Speed: o.Speed}
	crmLn, d360Ln, modLn, err := listen(o.Addr)
	if err != nil {
		return nil, err
	}
	e.CRMURL, e.D360URL, e.ModuleURL = "http://"+crmLn.Addr().String(), "http://"+d360Ln.Addr().String(),
		"http://"+modLn.Addr().String()
	hc := &http.Client{Timeout: 10 * time.Second}
	e.D360 = sim.NewDialog360(sim.Dialog360Options{BaseURL: e.D360URL, HTTPClient: hc, Logger: log,
		StatusDelay: o.StatusDelay, RetryDelays: []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}})
	e.CRM = sim.NewCRM(sim.CRMOptions{BaseURL: e.CRMURL, HTTPClient: hc, Logger: log})
	e.CRM.AddAPIKey(CRMKey, crmScopes, "access_full")
	e.D360.AddNumber(D360Key, DisplayPhone)
	e.serve(crmLn, e.CRM.Handler())
	e.serve(d360Ln, e.D360.Handler())

	dbURL := o.DatabaseURL
	if dbURL == "" {
		dir := o.DataDir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "waba-sandbox-"); err != nil {
				e.Close()
				return nil, err
			}
			e.tmp = dir
		}
		dbURL = "sqlite:" + filepath.Join(dir, "waba-transport.db")
	}
	cfg := config.Config{
		HTTPAddr: modLn.Addr().String(), PublicURL: e.ModuleURL, DatabaseURL: dbURL, D360URL: e.D360URL,
		SecretKey:            o.SecretKey,
		ResendDelay:          time.Duration(float64(config.DefaultResendDelay) / o.Speed),
		TemplateSyncInterval: time.Duration(float64(config.DefaultTemplateSyncInterval) / o.Speed),
		AllowPrivateURLs:     true, LogLevel: slog.LevelInfo,
	}
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	var extra func(*http.ServeMux)
	if o.Extra != nil {
		extra = func(mux *http.ServeMux) { o.Extra(e, mux) }
	}
	if e.App, err = app.New(ctx, cfg, app.Options{Logger: log, Extra: extra, Jobs: o.Jobs}); err != nil {
		modLn.Close()
		e.Close()
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done = cancel, make(chan error, 1)
	go func() { e.done <- e.App.Run(runCtx, modLn) }()

	if o.Connect {
		if err := e.Connect(ctx); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

func listen(moduleAddr string) (crm, d360, mod net.Listener, err error) {
	if moduleAddr == "" {
		moduleAddr = "127.0.0.1:0"
	}
	if mod, err = net.Listen("tcp", moduleAddr); err != nil {
		return nil, nil, nil, fmt.Errorf("listen on %s: %w", moduleAddr, err)
	}
	if crm, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		mod.Close()
		return nil, nil, nil, err
	}
	if d360, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		mod.Close()
		crm.Close()
		return nil, nil, nil, err
	}
	return crm, d360, mod, nil
}

func (e *Env) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	e.servers = append(e.servers, srv)
	go func() { _ = srv.Serve(ln) }()
}

// Connect connects the simulated CRM to the module and adds the simulated
// number, through the module's own service, as a merchant would on the pages.
func (e *Env) Connect(ctx context.Context) error {
	c, err := e.App.Accounts.Connect(ctx, account.ConnectInput{CRMURL: e.CRMURL, APIKey: CRMKey, Lang: "en"})
	if err != nil {
		return fmt.Errorf("sandbox: connect CRM: %w", err)
	}
	a, err := e.App.Accounts.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: D360Key, Name: "Sandbox shop"})
	if err != nil {
		return fmt.Errorf("sandbox: add number: %w", err)
	}
	e.ClientID, e.AccountID, e.ChannelID = c.ClientID, a.ID, a.ChannelID
	return nil
}

// Close stops the module (gracefully), the simulators and removes temporary files.
func (e *Env) Close() error {
	var err error
	if e.cancel != nil {
		e.cancel()
		err = <-e.done
	}
	for _, s := range e.servers {
		_ = s.Close()
	}
	if e.D360 != nil {
		e.D360.Close()
	}
	if e.CRM != nil {
		e.CRM.Close()
	}
	if e.tmp != "" {
		err = errors.Join(err, os.RemoveAll(e.tmp))
	}
	return err
}

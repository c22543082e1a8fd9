// Package config reads the module's configuration from the environment (the
// variables of CONTRACT.md) and validates every value at start, so a typo
// stops the process with a message naming the variable instead of failing later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults of the contract.
const (
	DefaultHTTPAddr             = ":8080"
	DefaultPublicURL            = "http://localhost:8080"
	DefaultDatabaseURL          = "sqlite:./data/waba-transport.db"
	DefaultD360URL              = "https://waba-v2.360dialog.io"
	DefaultResendDelay          = 9*time.Minute + 30*time.Second
	DefaultTemplateSyncInterval = 2 * time.Hour
	DefaultWebhookRetention     = 7 * 24 * time.Hour
)

// Config is the validated configuration.
type Config struct {
	HTTPAddr             string
	PublicURL            string // no trailing slash
	DatabaseURL          string
	D360URL              string // no trailing slash
	SecretKey            string // raw value of WABA_SECRET_KEY; empty means "use the key file" (SQLite only)
	ResendDelay          time.Duration
	TemplateSyncInterval time.Duration
	WebhookRetention     time.Duration // how long raw webhooks are kept for replay (WABA_WEBHOOK_RETENTION)
	AllowPrivateURLs     bool
	LogLevel             slog.Level
	D360PartnerSecret    string // optional: verifies x-360dialog-signature when set
	DebugAddr            string // optional: pprof listener (WABA_DEBUG_ADDR), off when empty
}

// IsPostgres reports whether the database is PostgreSQL.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Load reads the configuration through getenv and validates it. All problems
// are reported together, one line each.
func Load(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	var errs []error
	bad := func(name, value, why string) {
		errs = append(errs, fmt.Errorf("%s=%q: %s", name, value, why))
	}

	c := Config{
		HTTPAddr:          get("WABA_HTTP_ADDR", DefaultHTTPAddr),
		DatabaseURL:       get("WABA_DATABASE_URL", DefaultDatabaseURL),
		SecretKey:         get("WABA_SECRET_KEY", ""),
		D360PartnerSecret: get("WABA_D360_PARTNER_SECRET", ""),
		DebugAddr:         get("WABA_DEBUG_ADDR", ""),
	}
	if !strings.Contains(c.HTTPAddr, ":") {
		bad("WABA_HTTP_ADDR", c.HTTPAddr, "want host:port or :port, e.g. :8080")
	}

	if c.DebugAddr != "" && !strings.Contains(c.DebugAddr, ":") {
		bad("WABA_DEBUG_ADDR", c.DebugAddr, "want host:port, e.g. 127.0.0.1:6060")
	}

	var err error
	if c.PublicURL, err = baseURL(get("WABA_PUBLIC_URL", DefaultPublicURL)); err != nil {
		bad("WABA_PUBLIC_URL", getenv("WABA_PUBLIC_URL"), err.Error())
	}
	if c.D360URL, err = baseURL(get("WABA_D360_URL", DefaultD360URL)); err != nil {
		bad("WABA_D360_URL", getenv("WABA_D360_URL"), err.Error())
	}

	switch {
	case strings.HasPrefix(c.DatabaseURL, "sqlite:"):
		if strings.TrimPrefix(c.DatabaseURL, "sqlite:") == "" {
			bad("WABA_DATABASE_URL", c.DatabaseURL, "sqlite: needs a path, e.g. sqlite:./data/waba-transport.db")
		}
	case c.IsPostgres():
		if c.SecretKey == "" {
			bad("WABA_SECRET_KEY", "", "required with PostgreSQL: every replica must share the same key")
		}
	default:
		bad("WABA_DATABASE_URL", c.DatabaseURL, "want sqlite:PATH or postgres://...")
	}

	c.ResendDelay = duration(get("WABA_RESEND_DELAY", ""), DefaultResendDelay, "WABA_RESEND_DELAY", bad)
	c.TemplateSyncInterval = duration(get("WABA_TEMPLATE_SYNC_INTERVAL", ""), DefaultTemplateSyncInterval,
		"WABA_TEMPLATE_SYNC_INTERVAL", bad)

	c.WebhookRetention = duration(get("WABA_WEBHOOK_RETENTION", ""), DefaultWebhookRetention, "WABA_WEBHOOK_RETENTION", bad)

	switch v := strings.ToLower(get("WABA_ALLOW_PRIVATE_URLS", "false")); v {
	case "true", "1", "yes":
		c.AllowPrivateURLs = true
	case "false", "0", "no":
	default:
		bad("WABA_ALLOW_PRIVATE_URLS", v, "want true or false")
	}

	switch v := strings.ToLower(get("WABA_LOG_LEVEL", "info")); v {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		bad("WABA_LOG_LEVEL", v, "want debug, info, warn or error")
	}

	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid configuration:\n%w", errors.Join(errs...))
	}
	return c, nil
}

func duration(v string, def time.Duration, name string, bad func(string, string, string)) time.Duration {
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		bad(name, v, "want a Go duration such as 9m30s or 2h")
		return def
	}
	if d <= 0 {
		bad(name, v, "must be positive")
		return def
	}
	return d
}

func baseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", errors.New("want an absolute http(s) URL such as https://waba.example.com")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("must not have a query or fragment")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

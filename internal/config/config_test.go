package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.PublicURL != "http://localhost:8080" || c.DatabaseURL != "sqlite:./data/waba-transport.db" ||
		c.D360URL != "https://waba-v2.360dialog.io" || c.ResendDelay != 9*time.Minute+30*time.Second ||
		c.TemplateSyncInterval != 2*time.Hour || c.WebhookRetention != 7*24*time.Hour || c.AllowPrivateURLs || c.LogLevel != slog.LevelInfo || c.IsPostgres() {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestLoadValues(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{
		"WABA_PUBLIC_URL":         "https://waba.example.com/",
		"WABA_DATABASE_URL":       "postgres://u@db/waba",
		"WABA_SECRET_KEY":         "k",
		"WABA_RESEND_DELAY":       "2s",
		"WABA_ALLOW_PRIVATE_URLS": "true",
		"WABA_LOG_LEVEL":          "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PublicURL != "https://waba.example.com" || !c.IsPostgres() || c.ResendDelay != 2*time.Second ||
		!c.AllowPrivateURLs || c.LogLevel != slog.LevelDebug {
		t.Fatalf("unexpected: %+v", c)
	}
}

func TestLoadNamesEveryWrongValue(t *testing.T) {
	t.Parallel()
	_, err := Load(env(map[string]string{
		"WABA_HTTP_ADDR":              "8080",
		"WABA_PUBLIC_URL":             "waba.example.com",
		"WABA_DATABASE_URL":           "mysql://x",
		"WABA_D360_URL":               "ftp://x",
		"WABA_RESEND_DELAY":           "soon",
		"WABA_TEMPLATE_SYNC_INTERVAL": "-1h",
		"WABA_ALLOW_PRIVATE_URLS":     "maybe",
		"WABA_LOG_LEVEL":              "loud",
	}))
	if err == nil {
		t.Fatal("want error")
	}
	for _, name := range []string{"WABA_HTTP_ADDR", "WABA_PUBLIC_URL", "WABA_DATABASE_URL", "WABA_D360_URL",
		"WABA_RESEND_DELAY", "WABA_TEMPLATE_SYNC_INTERVAL", "WABA_ALLOW_PRIVATE_URLS", "WABA_LOG_LEVEL"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s:\n%v", name, err)
		}
	}
}

func TestPostgresNeedsSecretKey(t *testing.T) {
	t.Parallel()
	_, err := Load(env(map[string]string{"WABA_DATABASE_URL": "postgres://u@db/waba"}))
	if err == nil || !strings.Contains(err.Error(), "WABA_SECRET_KEY") {
		t.Fatalf("want WABA_SECRET_KEY error, got %v", err)
	}
}

package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/config"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/store"
)

// lockedBuffer collects logs from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSecretsNeverLogged runs a full flow at debug level and checks that no
// API key, token, client id or callback secret appears in the logs.
func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, err := sandbox.Start(context.Background(), sandbox.Options{DatabaseURL: store.TestDatabases(t)["sqlite"],
		Connect: true, StatusDelay: -1, Logger: log, SecretKey: "app-test-secret-key-0123456789",
		Configure: func(c *config.Config) { c.ResendDelay = 200 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	if _, err := e.D360.CustomerText(sandbox.D360Key, sandbox.Customer, "hola"); err != nil {
		t.Fatal(err)
	}
	e.D360.FailNextSends(sandbox.D360Key, 1, 131026)
	id, _, err := e.CRM.OperatorSend(e.ChannelID, sandbox.Customer.UserID, "respuesta")
	if err != nil {
		t.Fatal(err)
	}
	// A wrong key attempt is logged too.
	_, _ = e.App.Accounts.AddAccount(context.Background(), e.ClientID, account.AddInput{APIKey: "wrong-key-abcdefghijkl"})
	deadline := time.Now().Add(10 * time.Second)
	for e.CRM.MessageStatus(id) != "seen" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	_, hdr := e.D360.Webhook(sandbox.D360Key)
	secrets := map[string]string{
		"CRM API key":     sandbox.CRMKey,
		"360dialog key":   sandbox.D360Key,
		"wrong 360 key":   "wrong-key-abcdefghijkl",
		"MG token":        e.CRM.MGToken("waba-transport"),
		"client id":       e.ClientID,
		"callback secret": hdr[account.WebhookSecretHeader],
		"secret box key":  "app-test-secret-key-0123456789",
	}
	out := logs.String()
	if len(out) < 200 {
		t.Fatalf("suspiciously few logs (%d bytes): the test would prove nothing", len(out))
	}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("%s unknown to the test", name)
		}
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in the logs", name)
		}
	}
}

package app_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"waba-transport/internal/config"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/store"
)

// TestMetricsExposed: after traffic with one failure and its resend, the
// Prometheus endpoint shows webhooks by result, sends by error code, the
// resend outcomes, relay lag and queue depth.
func TestMetricsExposed(t *testing.T) {
	t.Parallel()
	e, err := sandbox.Start(context.Background(), sandbox.Options{DatabaseURL: store.TestDatabases(t)["sqlite"],
		Connect: true, StatusDelay: -1, SecretKey: "app-test-secret-key-0123456789",
		Configure: func(c *config.Config) { c.ResendDelay = 200 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.D360.CustomerText(sandbox.D360Key, sandbox.Customer, "hola"); err != nil {
		t.Fatal(err)
	}
	e.D360.FailNextSends(sandbox.D360Key, 1, 131026)
	id, _, _ := e.CRM.OperatorSend(e.ChannelID, sandbox.Customer.UserID, "respuesta")
	deadline := time.Now().Add(10 * time.Second)
	for e.CRM.MessageStatus(id) != "seen" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.Get(e.ModuleURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []string{
		`waba_webhooks_total{result="ok",source="360dialog"}`,
		`waba_webhooks_total{result="ok",source="messagegateway"}`,
		`waba_sends_total{code="0"} 2`,
		`waba_delivery_failures_total{code="131026"} 1`,
		`waba_resends_total{outcome="scheduled"} 1`,
		`waba_resends_total{outcome="succeeded"} 1`,
		`waba_inbound_relay_lag_seconds_count 1`,
		`waba_jobs_ready`,
		`waba_jobs_held`,
		`waba_jobs_finished_total{kind="inbound",result="ok"}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

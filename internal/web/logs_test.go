package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// TestSecretsStayOutOfLogs drives failing requests that carry every kind of
// secret (CRM key, 360dialog key, client id, webhook secret, message body)
// and checks that the logs name the failure without any of them.
func TestSecretsStayOutOfLogs(t *testing.T) {
	t.Parallel()
	const (
		clientID  = "cid-0123456789abcdef"
		crmKey    = "CRM-KEY-must-not-leak"
		d360Key   = "D360-KEY-must-not-leak"
		hookToken = "HOOK-SECRET-must-not-leak"
		body      = "BODY-must-not-leak"
	)
	b := setup(t)
	internal := problem.New(problem.Internal, "error.internal").WithDetail("store: insert failed")
	b.accounts.ConnectFunc = func(context.Context, account.ConnectInput) (account.Connected, error) {
		return account.Connected{}, internal
	}
	b.accounts.ConnectionFunc = func(context.Context, string) (account.Connection, error) {
		return account.Connection{CRMURL: "https://shop.retailcrm.ru"}, nil
	}
	b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) { return nil, nil }
	b.accounts.AddAccountFunc = func(context.Context, string, account.AddInput) (account.Account, error) {
		return account.Account{}, problem.New(problem.Invalid, "dialog360.key_invalid")
	}
	b.accounts.RekeyAccountFunc = func(context.Context, string, int64, string) (account.Account, error) {
		return account.Account{}, internal
	}
	b.inbound.AcceptFunc = func(context.Context, string, string, []byte) error {
		return problem.New(problem.Unauthorized, "webhook.bad_secret")
	}
	b.mg.HandleFunc = func(context.Context, string, []byte) (any, error) { return nil, internal }

	b.post("/connect", "crm_url=https%3A%2F%2Fshop.retailcrm.ru&api_key="+crmKey)
	b.do(http.MethodPost, "/api/v1/connections", `{"crm_url":"x","api_key":"`+crmKey+`"}`)
	b.post("/settings/"+clientID+"/accounts", "name=x&api_key="+d360Key)
	b.do(http.MethodPost, "/api/v1/connections/"+clientID+"/accounts", `{"api_key":"`+d360Key+`"}`)
	b.do(http.MethodPut, "/api/v1/connections/"+clientID+"/accounts/3/key", `{"api_key":"`+d360Key+`"}`)
	b.do(http.MethodPost, "/webhooks/360dialog/"+clientID, `{"text":"`+body+`"}`, "X-Waba-Secret", hookToken)
	b.do(http.MethodPost, "/webhooks/mg/"+clientID, `{"text":"`+body+`"}`)
	b.do(http.MethodPost, "/webhooks/mg", `{"text":"`+body+`"}`, "Clientid", clientID)
	b.do(http.MethodPost, "/connect", "api_key="+crmKey, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")

	logs := b.logs.String()
	for _, secret := range []string{clientID, crmKey, d360Key, hookToken, body} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	// The failures are still logged usefully.
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) < 9 {
		t.Fatalf("want a log line per failure, got %d:\n%s", len(lines), logs)
	}
	var sawRedacted, sawDetail bool
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", l)
		}
		if rec["client_id"] == "cid-01…" {
			sawRedacted = true
		}
		if rec["level"] == "ERROR" && strings.Contains(rec["error"].(string), "store: insert failed") {
			sawDetail = true
		}
	}
	if !sawRedacted || !sawDetail {
		t.Errorf("redacted client id logged: %v, internal detail logged: %v\n%s", sawRedacted, sawDetail, logs)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"cid-0123456789abcdef": "cid-01…",
		"abcdefghijkl":         "abcdef…",
		"short":                "sh…",
		"":                     "…",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

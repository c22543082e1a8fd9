package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"waba-transport/internal/account"
	"waba-transport/internal/config"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// TestHostileInputsAreRefused sends a list of hostile requests to a running
// module and checks each gets its refusal, and that none changed anything.
func TestHostileInputsAreRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, err := sandbox.Start(ctx, sandbox.Options{DatabaseURL: store.TestDatabases(t)["sqlite"], Connect: true,
		StatusDelay: -1, SecretKey: "app-test-secret-key-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	// A second merchant, with its own CRM and number.
	crm2 := sim.NewCRM(sim.CRMOptions{})
	srv2 := httptest.NewServer(crm2.Handler())
	defer srv2.Close()
	crm2.AddAPIKey("crm2-key-0123456789", sim.FullAccessScopes(), "access_full")
	e.D360.AddNumber("second-360-key-0123456789", "+34 900 000 000")
	c2, err := e.App.Accounts.Connect(ctx, account.ConnectInput{CRMURL: srv2.URL, APIKey: "crm2-key-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Accounts.AddAccount(ctx, c2.ClientID, account.AddInput{APIKey: "second-360-key-0123456789"}); err != nil {
		t.Fatal(err)
	}
	// Its second number has a channel id the first merchant does not have
	// (each simulated CRM numbers channels from 1).
	e.D360.AddNumber("third-360-key-0123456789", "+34 900 000 001")
	a2, err := e.App.Accounts.AddAccount(ctx, c2.ClientID, account.AddInput{APIKey: "third-360-key-0123456789"})
	if err != nil || a2.ChannelID == e.ChannelID {
		t.Fatalf("second merchant's number: %+v %v", a2, err)
	}

	hookURL, hdr := e.D360.Webhook(sandbox.D360Key)
	huge := bytes.Repeat([]byte("a"), 2<<20)
	api := e.ModuleURL + "/api/v1/connections/" + e.ClientID
	mgHook := e.ModuleURL + "/webhooks/mg/" + e.ClientID
	otherChannel := fmt.Sprintf(`{"type":"message_sent","meta":{"timestamp":1},"data":{"id":99,"channel_id":%d,`+
		`"external_chat_id":"x","type":"text","content":"hi"}}`, a2.ChannelID)
	cases := []struct {
		name   string
		method string
		url    string
		header map[string]string
		body   []byte
		want   int
	}{
		{"huge 360dialog callback", "POST", hookURL, map[string]string{"X-Waba-Secret": hdr["X-Waba-Secret"]}, huge, 413},
		{"huge MessageGateway webhook", "POST", mgHook, nil, huge, 413},
		{"huge API body", "POST", e.ModuleURL + "/api/v1/connections", nil,
			append(append([]byte(`{"crm_url":"`), huge...), `"}`...), 413},
		{"API field of the wrong type", "POST", e.ModuleURL + "/api/v1/connections", nil, []byte(`{"crm_url":42,"api_key":[]}`), 400},
		{"API body not JSON", "POST", api + "/accounts", nil, []byte(`api_key=x`), 400},
		{"another connection's account", "DELETE", api + fmt.Sprintf("/accounts/%d", a2.ID), nil, nil, 404},
		{"another connection's account list", "GET", e.ModuleURL + "/api/v1/connections/guess/accounts", nil, nil, 401},
		{"settings page without the secret", "GET", e.ModuleURL + "/settings/not-the-client-id", nil, nil, 401},
		{"MessageGateway webhook, unknown client", "POST", e.ModuleURL + "/webhooks/mg/unknown", nil, []byte(`{}`), 401},
		{"MessageGateway webhook for another connection's channel", "POST", mgHook, nil, []byte(otherChannel), 404},
		{"MessageGateway webhook nested too deeply", "POST", mgHook, nil,
			[]byte(strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)), 422},
		{"activity callback, unknown client", "POST", e.ModuleURL + "/actions/activity",
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			[]byte(url.Values{"clientId": {"forged"}, "activity": {`{"active":false}`}}.Encode()), 400},
		{"360dialog callback replayed to another account's URL", "POST",
			strings.Replace(hookURL, hookURL[strings.LastIndex(hookURL, "/")+1:], "someone-else", 1),
			map[string]string{"X-Waba-Secret": hdr["X-Waba-Secret"]}, []byte(`{"object":"whatsapp_business_account","entry":[]}`), 401},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, c.url, bytes.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, resp.StatusCode, body, c.want)
		}
	}
	if list, _ := e.App.Accounts.Accounts(ctx, c2.ClientID); len(list) != 2 {
		t.Fatal("the other merchant's account was touched")
	}
	if n := len(e.CRM.Messages(e.ChannelID)) + len(crm2.Messages(a2.ChannelID)); n != 0 {
		t.Fatalf("%d messages were created by hostile requests", n)
	}
	if n := len(e.D360.Sent(sandbox.D360Key)); n != 0 {
		t.Fatalf("%d messages were sent by hostile requests", n)
	}
}

// TestSSRFTargetsRefused: with private addresses not allowed (production),
// CRM addresses that point inside the network are refused before any request.
func TestSSRFTargetsRefused(t *testing.T) {
	t.Parallel()
	e, err := sandbox.Start(context.Background(), sandbox.Options{DatabaseURL: store.TestDatabases(t)["sqlite"],
		StatusDelay: -1, SecretKey: "app-test-secret-key-0123456789",
		Configure: func(c *config.Config) { c.AllowPrivateURLs = false }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, target := range []string{"http://shop.retailcrm.ru", "https://127.0.0.1:8080", "https://localhost",
		"https://169.254.169.254", "https://10.0.0.5", "https://[::1]", "https://192.168.1.1", e.CRMURL} {
		body := fmt.Sprintf(`{"crm_url":%q,"api_key":"k"}`, target)
		resp, err := http.Post(e.ModuleURL+"/api/v1/connections", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", target, resp.StatusCode)
		}
	}
}

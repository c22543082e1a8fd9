package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// start runs a sandbox (not connected) on db and stops it with the test.
func start(t *testing.T, dbURL string, o Options) *Env {
	t.Helper()
	o.DatabaseURL = dbURL
	o.SecretKey = "e2e-test-secret-key-0123456789"
	if o.StatusDelay == 0 {
		o.StatusDelay = -1
	}
	e, err := Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func postJSON(t *testing.T, url string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestConnectAddAccountAndRelayTextBothWays is the foundation slice, through
// the JSON API of the contract: connect a CRM, add a number, a customer's
// text reaches the CRM chat with the customer's name, and the operator's
// answer reaches WhatsApp and is answered with the WhatsApp id.
func TestConnectAddAccountAndRelayTextBothWays(t *testing.T) {
	t.Parallel()
	for name, dbURL := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := start(t, dbURL, Options{})

			status, out := postJSON(t, e.ModuleURL+"/api/v1/connections", map[string]string{
				"crm_url": e.CRMURL, "api_key": CRMKey})
			if status != http.StatusCreated {
				t.Fatalf("connect: %d %v", status, out)
			}
			clientID, _ := out["client_id"].(string)
			if len(clientID) < 32 || out["settings_url"] != e.ModuleURL+"/settings/"+clientID {
				t.Fatalf("connect answer %v", out)
			}
			mod, ok := e.CRM.Module("waba-transport")
			if !ok || mod["clientId"] != clientID || mod["baseUrl"] != e.ModuleURL {
				t.Fatalf("module registered in the CRM: %v", mod)
			}

			status, out = postJSON(t, e.ModuleURL+"/api/v1/connections/"+clientID+"/accounts",
				map[string]string{"api_key": D360Key, "name": "Shop"})
			if status != http.StatusCreated {
				t.Fatalf("add account: %d %v", status, out)
			}
			channelID := int64(out["channel_id"].(float64))
			url, headers := e.D360.Webhook(D360Key)
			if !strings.HasPrefix(url, e.ModuleURL+"/webhooks/360dialog/") || headers["X-Waba-Secret"] == "" {
				t.Fatalf("callback registered at 360dialog: %s %v", url, headers)
			}
			chans := e.CRM.Channels()
			if len(chans) != 1 || chans[0].ID != channelID || chans[0].Type != "whatsapp" {
				t.Fatalf("channels %+v", chans)
			}

			// Inbound: the customer writes.
			wamid, err := e.D360.CustomerText(D360Key, Customer, "Hola, ¿tenéis cita mañana?")
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := e.CRM.WaitMessages(context.Background(), channelID, 1)
			if err != nil {
				t.Fatal(err)
			}
			m := msgs[0]
			if m.Text != "Hola, ¿tenéis cita mañana?" || m.ExternalID != wamid || m.CustomerNickname != "Ana Ruiz" ||
				m.CustomerExternalID != Customer.UserID {
				t.Fatalf("inbound in the CRM chat: %+v", m)
			}

			// Outbound: the operator answers.
			mgID, res, err := e.CRM.OperatorSend(channelID, m.ExternalChatID, "Sí, a las 10:00")
			if err != nil {
				t.Fatal(err)
			}
			sent, err := e.D360.WaitSent(context.Background(), D360Key, 1)
			if err != nil {
				t.Fatal(err)
			}
			body := sent[0].Body
			if body["type"] != "text" || body["recipient"] != Customer.UserID ||
				body["text"].(map[string]any)["body"] != "Sí, a las 10:00" {
				t.Fatalf("sent to WhatsApp: %v", body)
			}
			if res.ExternalMessageID != sent[0].WAMID || res.Error != nil {
				t.Fatalf("message_sent answer %+v, want the wamid %s", res, sent[0].WAMID)
			}
			if got := e.CRM.MessageStatus(mgID); got != sim.MGSent && got != sim.MGSeen {
				t.Fatalf("chat shows %q", got)
			}
			// The customer reads it: the chat shows it read.
			waitFor(t, "read mark in the CRM", func() bool { return e.CRM.MessageStatus(mgID) == sim.MGSeen })
		})
	}
}

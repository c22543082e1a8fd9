package relay_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"waba-transport/internal/relay"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// These tests run the whole module in-process against the simulators
// (package sandbox), on every test database.

func startEnv(t *testing.T, db string) *sandbox.Env {
	t.Helper()
	e, err := sandbox.Start(context.Background(), sandbox.Options{DatabaseURL: db, Connect: true, StatusDelay: -1,
		SecretKey: "relay-e2e-secret-key-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// jpeg is a tiny valid JPEG header, enough for type detection.
var jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)

// TestEveryInboundTypeReachesTheChat sends one message of each kind from the
// simulated customer and checks what the CRM chat shows, media included.
func TestEveryInboundTypeReachesTheChat(t *testing.T) {
	t.Parallel()
	for name, db := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := startEnv(t, db)
			d, c, key := e.D360, sandbox.Customer, sandbox.D360Key
			send := func(msg map[string]any, opts ...sim.MsgOpt) string {
				t.Helper()
				id, err := d.CustomerMessage(key, c, msg, opts...)
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			img := d.AddMedia(key, jpeg, "image/jpeg")
			voice := d.AddMedia(key, []byte("OggS voice bytes"), "audio/ogg")
			pdf := d.AddMedia(key, []byte("%PDF-1.4 invoice"), "application/pdf")

			textID, _ := d.CustomerText(key, c, "Hola *amigo*")
			send(map[string]any{"type": "image", "image": map[string]any{"id": img, "caption": "Factura"}})
			send(map[string]any{"type": "audio", "audio": map[string]any{"id": voice, "voice": true}})
			send(map[string]any{"type": "document", "document": map[string]any{"id": pdf, "filename": "factura.pdf"}})
			send(map[string]any{"type": "location", "location": map[string]any{"latitude": 40.4168, "longitude": -3.7038,
				"name": "Tienda Centro", "address": "Calle Mayor 1"}})
			send(map[string]any{"type": "contacts", "contacts": []any{map[string]any{
				"name":   map[string]any{"formatted_name": "Luis Gómez", "first_name": "Luis"},
				"phones": []any{map[string]any{"phone": "+34 600 999 888", "type": "CELL"}}}}})
			send(map[string]any{"type": "interactive", "interactive": map[string]any{"type": "button_reply",
				"button_reply": map[string]any{"id": "yes", "title": "Sí, confirmo"}}}, sim.ReplyTo(textID))
			send(map[string]any{"type": "reaction", "reaction": map[string]any{"message_id": textID, "emoji": "👍"}})
			send(map[string]any{"type": "unsupported", "unsupported": map[string]any{"type": "poll"}})
			send(map[string]any{"type": "reaction", "reaction": map[string]any{"message_id": textID}}) // removed

			msgs, err := e.CRM.WaitMessages(context.Background(), e.ChannelID, 8)
			if err != nil {
				t.Fatal(err)
			}
			wait(t, "the reaction and its removal", func() bool { return len(e.CRM.Reactions()) == 2 })
			byType := map[string][]sim.Message{}
			for _, m := range msgs {
				byType[m.Type] = append(byType[m.Type], m)
			}
			if m := msgs[0]; m.Text != "Hola **amigo**" || m.ExternalID != textID {
				t.Fatalf("text with markup: %+v", m)
			}
			checkFile := func(typ string, want []byte, note string) {
				t.Helper()
				if len(byType[typ]) != 1 || len(byType[typ][0].Items) != 1 {
					t.Fatalf("%s: %+v", typ, byType[typ])
				}
				m := byType[typ][0]
				f, ok := e.CRM.File(m.Items[0].ID)
				if !ok || !bytes.Equal(f.Data, want) {
					t.Fatalf("%s: file not moved to the chat intact", typ)
				}
				if m.Note != note {
					t.Fatalf("%s: note %q, want %q", typ, m.Note, note)
				}
			}
			checkFile("image", jpeg, "Factura")
			checkFile("audio", []byte("OggS voice bytes"), "")
			var texts []string
			for _, m := range byType["text"] {
				texts = append(texts, m.Text)
			}
			all := strings.Join(texts, "\n")
			for _, want := range []string{"Tienda Centro", "maps.google.com/?q=40.4168,-3.7038", "Luis Gómez",
				"+34 600 999 888", "Sí, confirmo", "poll"} {
				if !strings.Contains(all, want) {
					t.Errorf("chat texts lack %q:\n%s", want, all)
				}
			}
			for _, m := range byType["text"] {
				if strings.Contains(m.Text, "Sí, confirmo") && m.QuoteExternalID != textID {
					t.Errorf("button reply not linked to the message it answers: %+v", m)
				}
			}
			if len(byType["file"]) != 1 || byType["file"][0].Items == nil {
				t.Fatalf("document: %+v", byType["file"])
			}
			if f, _ := e.CRM.File(byType["file"][0].Items[0].ID); f.Name != "factura.pdf" {
				t.Errorf("document name %q", f.Name)
			}
			if r := e.CRM.Reactions(); r[0].Reaction != "👍" || r[0].MessageID != msgs[0].ID || r[0].Removed ||
				r[1].Reaction != "👍" || !r[1].Removed {
				t.Errorf("reactions %+v on message %d", r, msgs[0].ID)
			}
			for _, m := range msgs {
				if m.ReplyDeadline.IsZero() || m.CustomerNickname != "Ana Ruiz" {
					t.Errorf("message %d: deadline %v, nickname %q", m.ID, m.ReplyDeadline, m.CustomerNickname)
				}
			}
		})
	}
}

// TestForgedCallbacksChangeNothing: a callback without the account's secret,
// with another account's URL, or malformed, is refused and stores nothing.
func TestForgedCallbacksChangeNothing(t *testing.T) {
	t.Parallel()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	url, headers := e.D360.Webhook(sandbox.D360Key)
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{` +
		`"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"1"},` +
		`"contacts":[{"profile":{"name":"Mallory"},"wa_id":"1"}],"messages":[{"from":"1","id":"wamid.forged",` +
		`"timestamp":"1767016800","type":"text","text":{"body":"forged"}}]}}]}]}`)
	post := func(u, secret string, b []byte) int {
		req, _ := http.NewRequest("POST", u, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Waba-Secret", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cases := []struct {
		name   string
		url    string
		secret string
		body   []byte
		want   int
	}{
		{"no secret", url, "", body, http.StatusUnauthorized},
		{"wrong secret", url, "guess", body, http.StatusUnauthorized},
		{"unknown account", e.ModuleURL + "/webhooks/360dialog/nosuchaccount", headers["X-Waba-Secret"], body, http.StatusUnauthorized},
		{"malformed", url, headers["X-Waba-Secret"], []byte(`{"object":"x"}`), http.StatusUnprocessableEntity},
		{"not json", url, headers["X-Waba-Secret"], []byte(`<xml/>`), http.StatusUnprocessableEntity},
		{"nested too deeply", url, headers["X-Waba-Secret"],
			[]byte(strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)), http.StatusUnprocessableEntity},
	}
	for _, c := range cases {
		if got := post(c.url, c.secret, c.body); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(e.CRM.Messages(e.ChannelID)); n != 0 {
		t.Fatalf("%d forged messages reached the chat", n)
	}
	if got := post(url, headers["X-Waba-Secret"], body); got != http.StatusOK {
		t.Fatalf("genuine callback: %d", got)
	}
	wait(t, "the genuine message", func() bool { return len(e.CRM.Messages(e.ChannelID)) == 1 })
}

// TestCallbackFloodIsRateLimited: past the per-account burst the module
// answers 429 (360dialog retries later) instead of doing the work.
func TestCallbackFloodIsRateLimited(t *testing.T) {
	t.Parallel()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	url, headers := e.D360.Webhook(sandbox.D360Key)
	limited := 0
	for range 3 * relay.WebhookBurst { // faster than the burst plus its refill
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{}`))
		req.Header.Set("X-Waba-Secret", headers["X-Waba-Secret"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no request was rate limited")
	}
}

// TestLongWhatsAppIDsFitTheChat: a BSUID longer than MessageGateway's 64
// characters reaches the chat under a stable short key, and the operator's
// answer goes back to the full id.
func TestLongWhatsAppIDsFitTheChat(t *testing.T) {
	t.Parallel()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	long := sim.Customer{Name: "Largo", UserID: "ES." + strings.Repeat("7", 120)}
	if _, err := e.D360.CustomerText(sandbox.D360Key, long, "hola"); err != nil {
		t.Fatal(err)
	}
	msgs, err := e.CRM.WaitMessages(context.Background(), e.ChannelID, 1)
	if err != nil {
		t.Fatal(err)
	}
	chat := msgs[0].ExternalChatID
	if len(chat) > 64 || len(msgs[0].CustomerExternalID) > 64 {
		t.Fatalf("ids too long for MessageGateway: %q", chat)
	}
	if _, _, err := e.CRM.OperatorSend(e.ChannelID, chat, "hola, Largo"); err != nil {
		t.Fatal(err)
	}
	sent, err := e.D360.WaitSent(context.Background(), sandbox.D360Key, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sent[0].Body["recipient"] != long.UserID {
		t.Fatalf("answer addressed to %v, want the full id", sent[0].Body["recipient"])
	}
}

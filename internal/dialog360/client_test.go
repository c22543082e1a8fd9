package dialog360

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestClientRequests checks every JSON call: method, path, query, key header,
// body (golden) and the decoded result.
func TestClientRequests(t *testing.T) {
	t.Parallel()
	const wamid = "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
	sendOK := SendResult{MessageID: wamid, WaID: "34600111222", Status: "accepted"}
	tests := []struct {
		name   string
		reply  reply
		call   func(context.Context, *Client) (any, error)
		method string
		path   string
		golden string // "" = no body expected
		want   any
	}{
		{
			name: "health status", reply: ok(t, "responses/health_status.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				h, err := c.HealthStatus(ctx, testKey)
				return []string{h.CanSendMessage, h.PhoneNumberID(), h.WABAID(), h.Entities[1].Errors[0].PossibleSolution}, err
			},
			method: "GET", path: "/health_status",
			want: []string{"LIMITED", "590968830767958", "1314702302917944", "There was an error with your payment method. Please add a new payment method to the account."},
		},
		{
			name: "get webhook", reply: ok(t, "responses/webhook.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Webhook(ctx, testKey) },
			method: "GET", path: "/v1/configs/webhook",
			want: WebhookConfig{URL: "https://crm.example.com/wa/360/acc-17", Headers: map[string]string{"X-Crm-Secret": "b9f2c1d0e8a7"}},
		},
		{
			name: "get webhook not set", reply: reply{status: http.StatusNotFound, body: []byte(`{"meta":{"success":false,"http_code":404,"developer_message":"Webhook not found"}}`)},
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Webhook(ctx, testKey) },
			method: "GET", path: "/v1/configs/webhook",
			want: WebhookConfig{},
		},
		{
			name: "set webhook", reply: ok(t, "responses/webhook.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetWebhook(ctx, testKey, WebhookConfig{URL: "https://crm.example.com/wa/360/acc-17", Headers: map[string]string{"X-Crm-Secret": "b9f2c1d0e8a7"}})
			},
			method: "POST", path: "/v1/configs/webhook", golden: "set_webhook",
		},
		{
			name: "send text", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "+34600111222", Type: TypeText, Text: &Text{Body: "Su cita: https://taller.example.es/c/42", PreviewURL: true}})
			},
			method: "POST", path: "/messages", golden: "send_text", want: sendOK,
		},
		{
			name: "send text to BSUID as reply", reply: ok(t, "responses/send_bsuid.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{
					Recipient: "ES.1502576394655843", Type: TypeText, Text: &Text{Body: "Perfecto, hasta mañana"},
					Context: &OutContext{MessageID: "wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQzNUZGQTBCMUMyRDNFNEY1MDYxAA=="}, BizOpaqueCallbackData: "crm-msg-5012",
				})
			},
			method: "POST", path: "/messages", golden: "send_text_bsuid_reply",
			want: SendResult{MessageID: "wamid.HBgVRVMuMTUwMjU3NjM5NDY1NTg0MxUCABEYEkJTVUlEMDFBQkNERUYwMQA=", UserID: "ES.1502576394655843"},
		},
		{
			name: "send image by id", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "34600111222", Type: TypeImage, Image: &OutMedia{ID: "1254879621405589", Caption: "Presupuesto"}})
			},
			method: "POST", path: "/messages", golden: "send_image", want: sendOK,
		},
		{
			name: "send document by link", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "34600111222", Type: TypeDocument, Document: &OutMedia{Link: "https://files.example.es/f-118.pdf", Caption: "Factura", Filename: "F-2026-118.pdf"}})
			},
			method: "POST", path: "/messages", golden: "send_document", want: sendOK,
		},
		{
			name: "send location", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "34600111222", Type: TypeLocation, Location: &Location{Latitude: 40.416775, Longitude: -3.70379, Name: "Taller Demo", Address: "Calle Mayor 1, Madrid"}})
			},
			method: "POST", path: "/messages", golden: "send_location", want: sendOK,
		},
		{
			name: "send reaction removal", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "34600111222", Type: TypeReaction, Reaction: &Reaction{MessageID: wamid}})
			},
			method: "POST", path: "/messages", golden: "send_reaction_removed", want: sendOK,
		},
		{
			name: "send template", reply: ok(t, "responses/send.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Send(ctx, testKey, templateMessage()) },
			method: "POST", path: "/messages", golden: "send_template", want: sendOK,
		},
		{
			name: "send interactive buttons", reply: ok(t, "responses/send.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Send(ctx, testKey, buttonsMessage()) },
			method: "POST", path: "/messages", golden: "send_interactive_buttons", want: sendOK,
		},
		{
			name: "send interactive list", reply: ok(t, "responses/send.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Send(ctx, testKey, listMessage()) },
			method: "POST", path: "/messages", golden: "send_interactive_list", want: sendOK,
		},
		{
			name: "send contacts", reply: ok(t, "responses/send.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, testKey, OutMessage{To: "34600111222", Type: TypeContacts, Contacts: []ContactCard{{
					Name:   ContactName{FormattedName: "Taller Demo", FirstName: "Taller"},
					Phones: []ContactPhone{{Phone: "+34911222333", Type: "WORK", WaID: "34911222333"}},
				}}})
			},
			method: "POST", path: "/messages", golden: "send_contacts", want: sendOK,
		},
		{
			name: "mark read", reply: ok(t, "responses/success.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return nil, c.MarkRead(ctx, testKey, wamid) },
			method: "POST", path: "/messages", golden: "mark_read",
		},
		{
			name: "media info", reply: ok(t, "responses/media.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Media(ctx, testKey, "1013859600285441") },
			method: "GET", path: "/1013859600285441",
			want: MediaInfo{
				ID: "1013859600285441", MimeType: "image/jpeg", FileSize: 303833,
				URL:    "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1013859600285441&ext=1767017200&hash=ATuKq3vX0nFpZxOa2Lr8",
				SHA256: "81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3",
			},
		},
		{
			name: "delete template", reply: ok(t, "responses/success.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteTemplate(ctx, testKey, "order_ready")
			},
			method: "DELETE", path: "/v1/configs/templates/order_ready",
		},
		{
			name: "create template", reply: reply{status: http.StatusCreated, body: readFile(t, "responses/template_created.json")},
			call: func(ctx context.Context, c *Client) (any, error) {
				tpl, err := c.CreateTemplate(ctx, testKey, templateCreate())
				return []any{tpl.ID, tpl.Name, tpl.Status, tpl.Approved(), len(tpl.Components)}, err
			},
			method: "POST", path: "/v1/configs/templates", golden: "create_template",
			want: []any{"1689556908129832", "order_ready", "submitted", false, 4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeAPI(t, tt.reply)
			got, err := tt.call(t.Context(), New(srv.URL, nil))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if tt.want != nil {
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("result (-want +got):\n%s", d)
				}
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path {
				t.Errorf("request %s %s, want %s %s", r.Method, r.Path, tt.method, tt.path)
			}
			if r.RawQuery != "" {
				t.Errorf("query %q, want none", r.RawQuery)
			}
			if k := r.Header.Get("D360-API-KEY"); k != testKey {
				t.Errorf("D360-API-KEY = %q, want the account key", k)
			}
			if tt.golden == "" {
				if len(r.Body) != 0 {
					t.Errorf("unexpected body %s", r.Body)
				}
				return
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			assertGoldenJSON(t, tt.golden, r.Body)
		})
	}
}

// TestSendRefusesBadRecipient checks the client stops a message with no or
// two recipients before calling the API.
func TestSendRefusesBadRecipient(t *testing.T) {
	t.Parallel()
	tests := map[string]OutMessage{
		"none":      {Type: TypeText, Text: &Text{Body: "x"}},
		"both":      {To: "34600111222", Recipient: "ES.1502576394655843", Type: TypeText, Text: &Text{Body: "x"}},
		"no type":   {To: "34600111222", Text: &Text{Body: "x"}},
		"only plus": {To: "+", Type: TypeText, Text: &Text{Body: "x"}},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeAPI(t, ok(t, "responses/send.json"))
			if _, err := New(srv.URL, nil).Send(t.Context(), testKey, m); err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// TestNewBaseURL checks the default base URL and that a bad one fails every
// call instead of sending anything.
func TestNewBaseURL(t *testing.T) {
	t.Parallel()
	if got := New("", nil).BaseURL(); got != DefaultBaseURL {
		t.Errorf("default BaseURL = %q", got)
	}
	if got := New("https://waba-sandbox.360dialog.io/", nil).BaseURL(); got != "https://waba-sandbox.360dialog.io" {
		t.Errorf("BaseURL keeps the trailing slash: %q", got)
	}
	for _, bad := range []string{"ftp://x", "waba-v2.360dialog.io", "http://[::1"} {
		if _, err := New(bad, nil).HealthStatus(t.Context(), testKey); err == nil {
			t.Errorf("base %q: call succeeded", bad)
		}
	}
}

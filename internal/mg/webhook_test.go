package mg

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readWebhook(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseWebhookTypedPayloads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file, typ string
		meta      WebhookMeta
		decode    func(*Webhook) (any, error)
		want      any
	}{
		{"message_sent.json", WebhookMessageSent, WebhookMeta{ID: 77001, Timestamp: 1795530000},
			func(w *Webhook) (any, error) { return w.MessageData() },
			&MessageWebhookData{
				ID: 1001, ExternalUserID: "34600000001", ExternalChatID: "34600000001", ChannelID: 42,
				QuoteExternalID: "wamid.PREV", QuoteContent: "¿Está listo?", Type: MessageFile,
				User:  &WebhookUser{ID: 5, FirstName: "Luis", LastName: "Pérez", Avatar: "https://example.com/u.png"},
				Items: []WebhookItem{{ID: "5f8c6a1e-0000-4000-8000-000000000001", Size: 2048, Caption: "factura.pdf"}},
				Template: &WebhookTemplate{Code: "order_ready_es", Category: "utility", Variables: TemplateVariables{
					Header:  &TemplateHeaderArgs{Type: "document", Attachments: []TemplateAttachment{{ID: "5f8c6a1e-0000-4000-8000-000000000002", Caption: "x.pdf"}}},
					Body:    TemplateBodyArgs{Args: []string{"Ana", "A-1"}},
					Buttons: []TemplateButtonArg{{Type: "url", Title: "Ver", Args: []string{"A-1"}}},
				}},
				Attachments: &WebhookAttachments{Suggestions: []Suggestion{{Type: "text", Title: "Sí"}, {Type: "url", Title: "Web", Payload: "https://x"}}},
				InAppID:     3,
			}},
		{"message_read.json", WebhookMessageRead, WebhookMeta{Timestamp: 1795530001},
			func(w *Webhook) (any, error) { return w.MessageData() },
			&MessageWebhookData{ChannelID: 42, ExternalChatID: "34600000001", ExternalMessageID: "wamid.IN", ExternalUserID: "34600000001"}},
		{"reaction_add.json", WebhookReactionAdd, WebhookMeta{ID: 77002, Timestamp: 1795530002},
			func(w *Webhook) (any, error) { return w.ReactionData() },
			&ReactionWebhookData{ExternalUserID: "34600000001", ExternalChatID: "34600000001", ChannelID: 42,
				ExternalMessageID: "wamid.IN", NewReaction: "👍", AllReactions: []ReactionInfo{{Reaction: "👍"}}}},
		{"template_create.json", WebhookTemplateCreate, WebhookMeta{ID: 77003, Timestamp: 1795530003},
			func(w *Webhook) (any, error) { return w.TemplateCreateData() },
			&TemplateCreateData{ChannelID: 42, TemplateContent: TemplateContent{
				Name: "welcome", Lang: "pt_BR", Category: "marketing", Body: "Olá {{1}}!", Footer: "Loja",
				Header:  &TemplateHeader{Content: TemplateHeaderContent{Type: "text", Body: "Bem-vindo"}},
				Buttons: &TemplateButtons{Items: []TemplateButton{{Type: "phone", Label: "Ligar", Phone: "+5511999999999"}}},
				Example: &TemplateExample{Body: []string{"Ana"}},
			}}},
		{"template_update.json", WebhookTemplateUpdate, WebhookMeta{ID: 77004, Timestamp: 1795530004},
			func(w *Webhook) (any, error) { return w.TemplateUpdateData() },
			&TemplateUpdateData{ChannelID: 42, Code: "welcome_pt_BR", TemplateContent: TemplateContent{
				Name: "welcome", Lang: "pt_BR", Category: "marketing", Body: "Olá {{1}}!!"}}},
		{"template_delete.json", WebhookTemplateDelete, WebhookMeta{ID: 77005, Timestamp: 1795530005},
			func(w *Webhook) (any, error) { return w.TemplateDeleteData() },
			&TemplateDeleteData{ChannelID: 42, Code: "welcome_pt_BR", Lang: "pt_BR"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			w, err := ParseWebhook(readWebhook(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if w.Type != tc.typ || w.Meta != tc.meta {
				t.Errorf("type %q meta %+v", w.Type, w.Meta)
			}
			got, err := tc.decode(w)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestParseWebhookRejectsBadBodies(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"empty":          ``,
		"not json":       `type=message_sent`,
		"array":          `[]`,
		"no type":        `{"meta":{"timestamp":1},"data":{}}`,
		"numeric type":   `{"type":5,"data":{}}`,
		"data is string": `{"type":"message_sent","data":"x"}`,
		"data is array":  `{"type":"message_sent","data":[1]}`,
		"bad meta":       `{"type":"message_sent","meta":{"id":-1},"data":{}}`,
	} {
		if _, err := ParseWebhook([]byte(body)); err == nil {
			t.Errorf("%s: ParseWebhook(%q) succeeded", name, body)
		}
	}
}

func TestTypedDecodeFailsOnWrongShape(t *testing.T) {
	t.Parallel()
	w, err := ParseWebhook([]byte(`{"type":"message_sent","data":{"id":"not a number"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.MessageData(); err == nil {
		t.Error("MessageData accepted a string id")
	}
	w, err = ParseWebhook([]byte(`{"type":"template_delete"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.TemplateDeleteData(); err == nil {
		t.Error("TemplateDeleteData accepted a webhook without data")
	}
}

func TestRepliesMarshal(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"sent", MessageSentResponse{ExternalMessageID: "wamid.OUT", ExternalChatID: "34600000001"},
			`{"external_message_id":"wamid.OUT","async":false,"external_chat_id":"34600000001"}`},
		{"async", MessageSentResponse{Async: true}, `{"async":true}`},
		{"failed", MessageSentResponse{Error: &SentError{Code: ErrorCustomerNotExists, Message: "no WhatsApp account", ExternalCode: "131026"}},
			`{"async":false,"error":{"code":"customer_not_exists","message":"no WhatsApp account","external_code":"131026"}}`},
		{"template created", TemplateCreateResponse{Code: "welcome_pt_BR", VerificationStatus: TemplatePending},
			`{"code":"welcome_pt_BR","verification_status":"pending"}`},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		var got, want any
		_ = json.Unmarshal(b, &got)
		_ = json.Unmarshal([]byte(tc.want), &want)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
}

// FuzzParseWebhook checks that no body panics the parser or the typed
// decoders, and that an accepted webhook survives a marshal round trip.
func FuzzParseWebhook(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "webhooks"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		f.Add(readWebhook(f, e.Name()))
	}
	f.Add([]byte(`{"type":"x","data":null}`))
	f.Add([]byte(`{"type":"message_sent","data":{"template":{"variables":{"body":{"args":null}}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w, err := ParseWebhook(body)
		if err != nil {
			return
		}
		if w.Type == "" {
			t.Fatal("accepted a webhook without type")
		}
		_, _ = w.MessageData()
		_, _ = w.ReactionData()
		_, _ = w.TemplateCreateData()
		_, _ = w.TemplateUpdateData()
		_, _ = w.TemplateDeleteData()
		b, err := json.Marshal(w)
		if err != nil {
			t.Fatalf("marshal accepted webhook: %v", err)
		}
		again, err := ParseWebhook(b)
		if err != nil {
			t.Fatalf("round trip rejected: %v\n%s", err, b)
		}
		if again.Type != w.Type || again.Meta != w.Meta {
			t.Fatalf("round trip changed %+v to %+v", w, again)
		}
	})
}

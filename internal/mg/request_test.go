package mg

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

var (
	testTime  = time.Date(2026, 11, 24, 14, 19, 22, 0, time.UTC)
	noteLimit = uint16(1024)
	tier      = 1000
)

func whatsappChannel() Channel {
	return Channel{
		ID: 42, ExternalID: "acc-7", Type: "whatsapp", Name: "+34 600 000 000",
		AvatarURL: "https://example.com/a.png",
		Settings: ChannelSettings{
			Status: StatusSettings{Delivered: FeatureSend, Read: FeatureSend},
			Text: TextSettings{
				Creating: FeatureBoth, Editing: FeatureNone, Quoting: FeatureBoth, Deleting: FeatureNone,
				Reaction: FeatureBoth, MaxCharsCount: 4096, MarkupFormats: []string{"bold", "italic"},
			},
			File: MediaSettings{
				Creating: FeatureBoth, Quoting: FeatureBoth, Reaction: FeatureBoth,
				MaxItemsCount: 1, NoteMaxCharsCount: &noteLimit, MaxItemSize: FileSizeLimit,
			},
			Image:              MediaSettings{Creating: FeatureBoth, MaxItemsCount: 1, NoteMaxCharsCount: &noteLimit},
			Audio:              AudioSettings{Creating: FeatureBoth, MaxItemsCount: 1, MaxItemSize: 16 << 20},
			Reactions:          ReactionSettings{Dictionary: []string{"👍", "❤️"}, MaxCount: 1},
			CustomerExternalID: CustomerExternalIDPhone,
			SendingPolicy:      SendingPolicy{NewCustomer: "template", AfterReplyTimeout: "template", Outgoing: "allowed"},
			Suggestions:        SuggestionSettings{Text: FeatureBoth},
			Template:           TemplateSettings{Creation: true},
			WhatsApp:           &WhatsAppSettings{Tier: &tier, ChannelQuality: "high", ChannelStatus: "connected"},
		},
	}
}

func sendData() SendData {
	deadline := testTime.Add(24 * time.Hour)
	return SendData{
		Channel: 42, ExternalChatID: "34600000001", Originator: OriginatorCustomer,
		Customer: Customer{
			ExternalID: "34600000001", Nickname: "Ana", FirstName: "Ana", LastName: "Gómez",
			Phone: "+34600000001", Language: "es", SecondaryExternalIDs: []string{"wa:34600000001"},
		},
		Message: Message{
			Type: MessageImage, ExternalID: "wamid.HBgL", Note: "foto",
			Items: []Item{{ID: "5f8c6a1e-0000-4000-8000-000000000001", Caption: "img.jpg"}}, CreatedAt: &testTime,
		},
		Quote:                    &MessageRef{ExternalID: "wamid.PREV"},
		ReplyDeadline:            &deadline,
		SecondaryExternalChatIDs: []string{"alt-chat"},
	}
}

func waTemplate() Template {
	return Template{
		Code: "order_ready_es", Name: "order_ready", Type: TemplateTypeMedia, Body: "Hola {{1}}, tu pedido {{2}} está listo.",
		Lang: "es", Category: "utility", VerificationStatus: TemplateApproved, Quality: "high",
		Template: []TemplateItem{{Text: "Hola "}, {IsVar: true, Var: "name"}},
		Example:  &TemplateExample{Body: []string{"Ana", "A-1"}, Attachments: []TemplateAttachment{{ID: "5f8c6a1e-0000-4000-8000-000000000002", Caption: "x.pdf"}}},
		Header:   &TemplateHeader{Content: TemplateHeaderContent{Type: "document"}},
		Footer:   "Gracias",
		Buttons: &TemplateButtons{Items: []TemplateButton{
			{Type: "plain", Label: "OK"}, {Type: "url", Label: "Ver", URL: "https://shop.example/{{1}}"},
			{Type: "phone", Label: "Llamar", Phone: "+34600000000"},
		}},
		// MG-owned fields that must not be sent:
		ID: 9, ChannelID: 42, Enabled: true,
	}
}

// TestRequests records every method's request as a golden file and checks
// method, path, token and content type against the table, so -update cannot
// silently accept a wrong route.
func TestRequests(t *testing.T) {
	t.Parallel()
	active := true
	cases := []struct {
		golden, method, path string
		status               int
		resp                 string
		call                 func(context.Context, *Client) error
	}{
		{"activate_channel", "POST", "/channels", 201, `{"id":42,"external_id":"acc-7","activated_at":"2026-11-24T14:19:22Z"}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.ActivateChannel(ctx, whatsappChannel())
				return err
			}},
		{"activate_channel_minimal", "POST", "/channels", 201, `{"id":43}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.ActivateChannel(ctx, Channel{Type: "whatsapp", Name: "x"})
				return err
			}},
		{"update_channel", "PUT", "/channels/42", 200, `{"id":42,"updated_at":"2026-11-24T14:19:22Z"}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.UpdateChannel(ctx, whatsappChannel())
				return err
			}},
		{"deactivate_channel", "DELETE", "/channels/42", 200, `{"id":42,"deactivated_at":"2026-11-24T14:19:22Z"}`,
			func(ctx context.Context, c *Client) error { return c.DeactivateChannel(ctx, 42) }},
		{"channels", "GET", "/channels", 200, `[]`,
			func(ctx context.Context, c *Client) error {
				_, err := c.Channels(ctx, ChannelQuery{Types: []string{"whatsapp", "telegram"}, Active: &active, Since: testTime, Limit: 1000})
				return err
			}},
		{"send_message", "POST", "/messages", 200, `{"message_id":1001,"time":"2026-11-24T14:19:22Z"}`,
			func(ctx context.Context, c *Client) error { _, err := c.SendMessage(ctx, sendData()); return err }},
		{"update_message", "PUT", "/messages", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.UpdateMessage(ctx, EditMessage{Channel: 42, Ref: MessageRef{ExternalID: "wamid.HBgL"}, Text: "editado", EditedAt: testTime})
			}},
		{"delete_message", "DELETE", "/messages", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.DeleteMessage(ctx, 42, MessageRef{ExternalID: "wamid.HBgL"})
			}},
		{"ack", "POST", "/messages/ack", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.Ack(ctx, AckRequest{Channel: 42, Message: MessageRef{ID: 1001}, TransportMessageID: "wamid.OUT", CreatedAt: &testTime})
			}},
		{"ack_error", "POST", "/messages/ack", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.Ack(ctx, AckRequest{Channel: 42, Message: MessageRef{ID: 1001},
					Error: &AckError{Code: ErrorReplyTimedOut, Message: "Re-engagement message", ExternalCode: "131047"}})
			}},
		{"mark_read", "POST", "/messages/read", 200, `{}`,
			func(ctx context.Context, c *Client) error { return c.MarkRead(ctx, 42, MessageRef{ID: 1001}) }},
		{"mark_read_until", "POST", "/messages/read_until", 200, `{"ids":[1000,1001]}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.MarkReadUntil(ctx, 42, "34600000001", testTime)
				return err
			}},
		{"mark_delivered", "POST", "/messages/ack", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.MarkDelivered(ctx, 42, MessageRef{ID: 1001}, "wamid.OUT", testTime)
			}},
		{"add_reaction", "POST", "/messages/reaction", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.AddReaction(ctx, 42, MessageRef{ID: 1001}, "👍")
			}},
		{"delete_reaction", "DELETE", "/messages/reaction", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.DeleteReaction(ctx, 42, MessageRef{ExternalID: "wamid.HBgL"}, "👍")
			}},
		{"upload_file_by_url", "POST", "/files/upload_by_url", 200, `{"id":"5f8c6a1e-0000-4000-8000-000000000001","type":"image","size":10}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.UploadFileByURL(ctx, "https://lookaside.example/media/1")
				return err
			}},
		{"file", "GET", "/files/5f8c6a1e-0000-4000-8000-000000000001", 200, `{"id":"5f8c6a1e-0000-4000-8000-000000000001","type":"file","size":3,"url":"https://s3.example/f"}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.File(ctx, "5f8c6a1e-0000-4000-8000-000000000001")
				return err
			}},
		{"templates", "GET", "/templates", 200, `[]`,
			func(ctx context.Context, c *Client) error { _, err := c.Templates(ctx); return err }},
		{"activate_template", "POST", "/channels/42/templates", 201, ``,
			func(ctx context.Context, c *Client) error { return c.ActivateTemplate(ctx, 42, waTemplate()) }},
		{"update_template", "PUT", "/channels/42/templates/order%20ready%2Fes", 200, `{}`,
			func(ctx context.Context, c *Client) error {
				return c.UpdateTemplate(ctx, 42, "order ready/es", waTemplate())
			}},
		{"deactivate_template", "DELETE", "/channels/42/templates/order_ready_es", 200, `{}`,
			func(ctx context.Context, c *Client) error { return c.DeactivateTemplate(ctx, 42, "order_ready_es") }},
		{"upload_file", "POST", "/files/upload", 200, `{"id":"5f8c6a1e-0000-4000-8000-000000000001","type":"file","size":5}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.UploadFile(ctx, "hello.txt", "text/plain", strings.NewReader("hello"))
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			f := newFakeMG(t, tc.status, tc.resp, nil)
			if err := tc.call(t.Context(), f.client()); err != nil {
				t.Fatalf("call: %v", err)
			}
			got := f.request()
			if got.Method != tc.method || got.Path != "/api/transport/v1"+tc.path {
				t.Errorf("request = %s %s, want %s /api/transport/v1%s", got.Method, got.Path, tc.method, tc.path)
			}
			if got.token != testToken {
				t.Errorf("X-Transport-Token = %q", got.token)
			}
			if got.Body != nil && got.ContentType != "application/json" {
				t.Errorf("Content-Type = %q for a JSON body", got.ContentType)
			}
			checkGolden(t, "requests/"+tc.golden+".json", got)
		})
	}
}

// TestUploadFileSendsRawBytes pins the upload body decision (see UploadFile).
func TestUploadFileSendsRawBytes(t *testing.T) {
	t.Parallel()
	f := newFakeMG(t, http.StatusOK, `{"id":"u1","type":"file","size":5}`, nil)
	file, err := f.client().UploadFile(t.Context(), "", "", strings.NewReader("\x00\x01bin"))
	if err != nil {
		t.Fatal(err)
	}
	got := f.request()
	if got.RawBody != "\x00\x01bin" || got.ContentType != "application/octet-stream" {
		t.Errorf("body %q type %q", got.RawBody, got.ContentType)
	}
	if file.ID != "u1" || file.Size != 5 {
		t.Errorf("file = %+v", file)
	}
}

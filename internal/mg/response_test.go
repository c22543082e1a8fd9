package mg

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestResponsesAreDecoded(t *testing.T) {
	t.Parallel()
	t.Run("send message", func(t *testing.T) {
		t.Parallel()
		f := newFakeMG(t, 200, `{"message_id":1001,"time":"2026-11-24T14:19:22.123456Z","warnings":["w1"]}`, nil)
		got, err := f.client().SendMessage(t.Context(), sendData())
		if err != nil {
			t.Fatal(err)
		}
		want := SendResult{MessageID: 1001, Time: time.Date(2026, 11, 24, 14, 19, 22, 123456000, time.UTC), Warnings: []string{"w1"}}
		if d := cmp.Diff(want, got); d != "" {
			t.Error(d)
		}
	})
	t.Run("activate channel", func(t *testing.T) {
		t.Parallel()
		f := newFakeMG(t, 201, `{"id":42,"external_id":"acc-7","activated_at":"2026-11-24T14:19:22Z"}`, nil)
		got, err := f.client().ActivateChannel(t.Context(), whatsappChannel())
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != 42 || got.ExternalID != "acc-7" || !got.ActivatedAt.Equal(testTime) {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("channels", func(t *testing.T) {
		t.Parallel()
		f := newFakeMG(t, 200, `[{"id":42,"external_id":"acc-7","type":"whatsapp","name":null,
			"settings":{"status":{"delivered":"send","read":"send"},"whatsapp":{"tier":1000}},
			"created_at":"2026-11-24T14:19:22Z","activated_at":"2026-11-24T14:19:22Z",
			"updated_at":null,"deactivated_at":null,"is_active":true}]`, nil)
		got, err := f.client().Channels(t.Context(), ChannelQuery{})
		if err != nil {
			t.Fatal(err)
		}
		want := []ChannelInfo{{
			ID: 42, ExternalID: "acc-7", Type: "whatsapp", IsActive: true, CreatedAt: testTime, ActivatedAt: testTime,
			Settings: ChannelSettings{
				Status:   StatusSettings{Delivered: FeatureSend, Read: FeatureSend},
				WhatsApp: &WhatsAppSettings{Tier: &tier},
			},
		}}
		if d := cmp.Diff(want, got); d != "" {
			t.Error(d)
		}
	})
	t.Run("file", func(t *testing.T) {
		t.Parallel()
		// The generated client's File model spells the key "Url"; JSON keys match case-insensitively.
		f := newFakeMG(t, 200, `{"id":"f1","type":"image","size":3,"Url":"https://s3.example/f","mime_type":"image/png"}`, nil)
		got, err := f.client().File(t.Context(), "f1")
		if err != nil {
			t.Fatal(err)
		}
		want := FileInfo{ID: "f1", Type: "image", Size: 3, URL: "https://s3.example/f", MimeType: "image/png"}
		if d := cmp.Diff(want, got); d != "" {
			t.Error(d)
		}
	})
	t.Run("read until", func(t *testing.T) {
		t.Parallel()
		f := newFakeMG(t, 200, `{"ids":[1000,1001]}`, nil)
		got, err := f.client().MarkReadUntil(t.Context(), 42, "34600000001", testTime)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]int64{1000, 1001}, got); d != "" {
			t.Error(d)
		}
	})
	t.Run("templates in both item formats", func(t *testing.T) {
		t.Parallel()
		f := newFakeMG(t, 200, `[{"id":9,"code":"c","channel_id":42,"name":"n","enabled":true,"type":"text","body":"Hi {{1}}",
			"template":["Hi ",{"var":"first_name"},{},{"text":"!"},{"var":3}],"verification_status":"approved",
			"header":{"content":{"type":"text","body":"H"}},"buttons":{"items":[{"type":"url","label":"L","url":"https://x"}]}}]`, nil)
		got, err := f.client().Templates(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := []Template{{
			ID: 9, Code: "c", ChannelID: 42, Name: "n", Enabled: true, Type: "text", Body: "Hi {{1}}",
			Template: []TemplateItem{
				{Text: "Hi "}, {IsVar: true, Var: "first_name"}, {IsVar: true, Var: "custom"}, {Text: "!"}, {IsVar: true, Var: "last_name"},
			},
			VerificationStatus: "approved",
			Header:             &TemplateHeader{Content: TemplateHeaderContent{Type: "text", Body: "H"}},
			Buttons:            &TemplateButtons{Items: []TemplateButton{{Type: "url", Label: "L", URL: "https://x"}}},
		}}
		if d := cmp.Diff(want, got); d != "" {
			t.Error(d)
		}
	})
}

func TestErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		status     int
		body       string
		hdr        http.Header
		want       *Error
		duplicate  bool
		retryAfter time.Duration
	}{
		{name: "duplicate external id", status: 400, body: `{"errors":["Message with passed external_id already exists"]}`,
			want: &Error{HTTPStatus: 400, Errors: []string{"Message with passed external_id already exists"}}, duplicate: true},
		{name: "other 400", status: 400, body: `{"errors":["customer.nickname: required"]}`,
			want: &Error{HTTPStatus: 400, Errors: []string{"customer.nickname: required"}}},
		{name: "duplicate text on another status", status: 409, body: `{"errors":["Message with passed external_id already exists"]}`,
			want: &Error{HTTPStatus: 409, Errors: []string{"Message with passed external_id already exists"}}},
		{name: "rate limited with seconds", status: 429, body: `{"errors":["Too many requests"]}`, hdr: http.Header{"Retry-After": {"7"}},
			want: &Error{HTTPStatus: 429, Errors: []string{"Too many requests"}, RetryAfter: 7 * time.Second}},
		{name: "rate limited without header", status: 429, body: ``, want: &Error{HTTPStatus: 429}},
		{name: "server error with html", status: 502, body: `<html>bad gateway</html>`, want: &Error{HTTPStatus: 502}},
		{name: "unauthorized", status: 401, body: `{"errors":["Invalid token"]}`, want: &Error{HTTPStatus: 401, Errors: []string{"Invalid token"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeMG(t, tc.status, tc.body, tc.hdr)
			_, err := f.client().SendMessage(t.Context(), sendData())
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Error(d)
			}
			if IsDuplicate(err) != tc.duplicate {
				t.Errorf("IsDuplicate = %v", !tc.duplicate)
			}
		})
	}
}

func TestNetworkErrorIsNotAnMGError(t *testing.T) {
	t.Parallel()
	f := newFakeMG(t, 200, `{}`, nil)
	c := f.client()
	f.srv.Close()
	err := c.MarkRead(t.Context(), 1, MessageRef{ID: 1})
	var e *Error
	if err == nil || errors.As(err, &e) || IsDuplicate(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestParseRetryAfterDate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"Tue, 24 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Tue, 24 Nov 2026 11:00:00 GMT": 0,
		"-3":                            0,
		"soon":                          0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

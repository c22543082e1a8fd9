package relay

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/locale"
	"waba-transport/internal/mg"
)

// The -update flag rewrites testdata/inbound. It is registered here only if
// another test file of the package has not already registered it (init runs
// after every package-level flag.Bool), so the files cannot clash.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func inboundUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const webhookCorpus = "../dialog360/testdata/webhooks"

// inboundGolden is what a test compares: the plan as the relay would act on it.
type inboundGolden struct {
	Kind        string              `json:"kind"`
	Data        *mg.SendData        `json:"data,omitempty"`
	Media       *inboundGoldenMedia `json:"media,omitempty"`
	Quote       string              `json:"quote,omitempty"`
	ReactionTo  string              `json:"reaction_to,omitempty"`
	Reaction    *string             `json:"reaction,omitempty"`
	OldReaction string              `json:"old_reaction,omitempty"`
}

type inboundGoldenMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	Filename string `json:"filename,omitempty"`
	Caption  string `json:"caption,omitempty"`
}

func toInboundGolden(p inboundPlan) inboundGolden {
	g := inboundGolden{Quote: p.Quote, ReactionTo: p.ReactionTo, OldReaction: p.OldReaction}
	switch p.Kind {
	case planSend:
		g.Kind, g.Data = "send", &p.Data
	case planReaction:
		g.Kind, g.Reaction = "reaction", &p.Reaction
	case planSkip:
		g.Kind = "skip"
	}
	if m := p.Media; m != nil {
		g.Media = &inboundGoldenMedia{ID: m.ID, MimeType: m.MimeType, Filename: m.Filename, Caption: m.Caption}
	}
	return g
}

func inboundCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.Load()
	if err != nil {
		t.Fatalf("locale.Load: %v", err)
	}
	return cat
}

func inboundTranslator(cat *locale.Catalog, lang string) translator {
	return func(key string, args map[string]any) string { return cat.T(lang, key, args) }
}

// planCorpusWebhook runs planInbound on every message of a corpus webhook.
func planCorpusWebhook(t *testing.T, name string, tr translator) []inboundGolden {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(webhookCorpus, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	hook, err := dialog360.ParseWebhook(body)
	if err != nil {
		t.Fatalf("ParseWebhook(%s): %v", name, err)
	}
	var plans []inboundGolden
	for _, v := range hook.Values() {
		for i := range v.Messages {
			m := &v.Messages[i]
			plans = append(plans, toInboundGolden(planInbound(m, v.Contact(m), 42, tr)))
		}
	}
	return plans
}

// compareInboundGolden compares got with testdata/inbound/<name>.json as parsed
// JSON, or rewrites the file with -update.
func compareInboundGolden(t *testing.T, name string, got any) {
	t.Helper()
	path := filepath.Join("testdata", "inbound", name+".json")
	gotJSON, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if inboundUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(gotJSON, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantJSON, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	var gotV, wantV any
	if err := json.Unmarshal(gotJSON, &gotV); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wantJSON, &wantV); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Errorf("plan for %s changed (-golden +got); run go test -update if intended:\n%s", name, diff)
	}
}

// TestPlanInboundCorpus maps every message of the webhook corpus and compares
// what the operator would see with the golden files.
func TestPlanInboundCorpus(t *testing.T) {
	t.Parallel()
	cat := inboundCatalog(t)
	files, err := filepath.Glob(filepath.Join(webhookCorpus, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no webhook corpus in %s: %v", webhookCorpus, err)
	}
	cases := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		plans := planCorpusWebhook(t, name, inboundTranslator(cat, "en"))
		if len(plans) == 0 {
			continue // statuses, errors, other fields
		}
		cases++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			compareInboundGolden(t, name, plans)
		})
	}
	if cases < 20 {
		t.Errorf("only %d corpus files with messages; the corpus lost files?", cases)
	}
}

// TestPlanInboundLanguages: the words the module adds follow the connection's language.
func TestPlanInboundLanguages(t *testing.T) {
	t.Parallel()
	cat := inboundCatalog(t)
	for _, tc := range []struct{ file, lang string }{
		{"location", "es"}, {"referral", "es"}, {"contacts", "ru"}, {"order", "ru"},
	} {
		t.Run(tc.file+"."+tc.lang, func(t *testing.T) {
			t.Parallel()
			compareInboundGolden(t, tc.file+"."+tc.lang, planCorpusWebhook(t, tc.file, inboundTranslator(cat, tc.lang)))
		})
	}
}

// TestPlanInboundCases covers what the corpus does not: odd and broken input.
func TestPlanInboundCases(t *testing.T) {
	t.Parallel()
	tr := inboundTranslator(inboundCatalog(t), "en")
	ana := &dialog360.Contact{Profile: dialog360.Profile{Name: "Ana Ruiz"}, WaID: "34600111222", UserID: "ES.1"}
	msg := func(js string) *dialog360.Message {
		var m dialog360.Message
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatalf("message %s: %v", js, err)
		}
		return &m
	}
	tests := []struct {
		name     string
		m        *dialog360.Message
		c        *dialog360.Contact
		wantType string
		wantText string // Text, or Note for media
		wantNick string
		check    func(t *testing.T, p inboundPlan)
	}{
		{
			name:     "decode error is a placeholder",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"image","image":"oops"}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.unsupported", map[string]any{"Type": "image"}),
			wantNick: "Ana Ruiz",
		},
		{
			name:     "known type without its object",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"location"}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.unsupported", map[string]any{"Type": "location"}),
			wantNick: "Ana Ruiz",
		},
		{
			name:     "unknown interactive reply",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"interactive","interactive":{"type":"poll_reply"}}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.unsupported", map[string]any{"Type": "interactive/poll_reply"}),
			wantNick: "Ana Ruiz",
		},
		{
			name:     "username without phone",
			m:        msg(`{"from_user_id":"ES.9","id":"wamid.X","timestamp":"1767016800","type":"text","text":{"body":"hola"}}`),
			c:        &dialog360.Contact{Profile: dialog360.Profile{Username: "lucia.madrid"}, UserID: "ES.9"},
			wantType: "text",
			wantText: "hola",
			wantNick: "@lucia.madrid",
			check: func(t *testing.T, p inboundPlan) {
				if p.Data.Customer.Phone != "" || p.Data.Customer.ExternalID != "ES.9" || p.Data.ExternalChatID != "ES.9" {
					t.Errorf("customer = %+v, chat %q; want BSUID key and no phone", p.Data.Customer, p.Data.ExternalChatID)
				}
			},
		},
		{
			name:     "phone only, no contact",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"text","text":{"body":"*hola*"}}`),
			wantType: "text",
			wantText: "**hola**",
			wantNick: "+34600111222",
		},
		{
			name:     "document without filename",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"document","document":{"id":"77","mime_type":"application/pdf"}}`),
			c:        ana,
			wantType: "file",
			wantNick: "Ana Ruiz",
			check: func(t *testing.T, p inboundPlan) {
				if p.Media == nil || p.Media.Filename != "document.pdf" {
					t.Errorf("media = %+v, want filename document.pdf", p.Media)
				}
			},
		},
		{
			name:     "document filename with a path",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"document","document":{"id":"77","filename":"C:\\tmp\\../a.pdf"}}`),
			c:        ana,
			wantType: "file",
			wantNick: "Ana Ruiz",
			check: func(t *testing.T, p inboundPlan) {
				if p.Media == nil || p.Media.Filename != "a.pdf" {
					t.Errorf("media = %+v, want filename a.pdf", p.Media)
				}
			},
		},
		{
			name:     "bad timestamp leaves times unset",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"soon","type":"text","text":{"body":"hola"}}`),
			c:        ana,
			wantType: "text",
			wantText: "hola",
			wantNick: "Ana Ruiz",
			check: func(t *testing.T, p inboundPlan) {
				if p.Data.Message.CreatedAt != nil || p.Data.ReplyDeadline != nil {
					t.Errorf("times = %v, %v; want unset", p.Data.Message.CreatedAt, p.Data.ReplyDeadline)
				}
			},
		},
		{
			name:     "call permission accepted",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"interactive","interactive":{"type":"call_permission_reply","call_permission_reply":{"response":"accept","is_permanent":false}}}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.call_permission_accept", nil),
			wantNick: "Ana Ruiz",
		},
		{
			name:     "address form with nested values",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"address_message","response_json":"{\"values\":{\"name\":\"Ana\",\"city\":\"Madrid\"},\"tags\":[\"a\",\"b\"]}"}}}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.address_reply", nil) + "\nname: Ana\ncity: Madrid\ntags: a, b",
			wantNick: "Ana Ruiz",
		},
		{
			name:     "flow with a broken response_json shows it raw",
			m:        msg(`{"from":"34600111222","id":"wamid.X","timestamp":"1767016800","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","response_json":"not json"}}}`),
			c:        ana,
			wantType: "text",
			wantText: tr("relay.form_reply", nil) + "\nnot json",
			wantNick: "Ana Ruiz",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := planInbound(tt.m, tt.c, 7, tr)
			if p.Kind != planSend {
				t.Fatalf("kind = %v, want send", p.Kind)
			}
			got := p.Data.Message.Text
			if p.Media != nil {
				got = p.Data.Message.Note
			}
			if p.Data.Message.Type != tt.wantType || (tt.wantText != "" && got != tt.wantText) {
				t.Errorf("message = %s %q, want %s %q", p.Data.Message.Type, got, tt.wantType, tt.wantText)
			}
			if p.Data.Customer.Nickname != tt.wantNick {
				t.Errorf("nickname = %q, want %q", p.Data.Customer.Nickname, tt.wantNick)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

// TestPlanInboundTimes: the chat shows WhatsApp's time and the reply window
// ends 24 hours after it, whenever the message is processed.
func TestPlanInboundTimes(t *testing.T) {
	t.Parallel()
	var m dialog360.Message
	if err := json.Unmarshal([]byte(`{"from":"34600111222","id":"wamid.T","timestamp":"1767016800","type":"text","text":{"body":"x"}}`), &m); err != nil {
		t.Fatal(err)
	}
	p := planInbound(&m, nil, 1, inboundTranslator(inboundCatalog(t), "en"))
	sent := time.Unix(1767016800, 0).UTC()
	if p.Data.Message.CreatedAt == nil || !p.Data.Message.CreatedAt.Equal(sent) {
		t.Errorf("created_at = %v, want %v", p.Data.Message.CreatedAt, sent)
	}
	if p.Data.ReplyDeadline == nil || !p.Data.ReplyDeadline.Equal(sent.Add(24*time.Hour)) {
		t.Errorf("reply_deadline = %v, want %v", p.Data.ReplyDeadline, sent.Add(24*time.Hour))
	}
	if p.Data.Message.ExternalID != "wamid.T" {
		t.Errorf("external_id = %q, want the wamid", p.Data.Message.ExternalID)
	}
}

// TestPlanInboundTextLimits: long content is cut to what MessageGateway accepts.
func TestPlanInboundTextLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ñ", mgMaxCaption+10)
	m := &dialog360.Message{From: "1", ID: "wamid.L", Timestamp: "1", Type: "image",
		Image: &dialog360.InMedia{ID: "5", MimeType: "image/png", Caption: long}}
	p := planInbound(m, nil, 1, inboundTranslator(inboundCatalog(t), "en"))
	if n := len([]rune(p.Media.Caption)); n != mgMaxCaption {
		t.Errorf("caption has %d characters, want %d", n, mgMaxCaption)
	}
	if p.Data.Message.Note != long {
		t.Errorf("note was cut, want the whole caption (limit %d)", mgMaxNote)
	}
}

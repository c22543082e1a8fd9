package relay

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/locale"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// The -update flag may also be declared by another test file of the package;
// package variables are initialized before init runs, so this sees it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func outboundUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// outboundRelay is a Relay with what the mapping uses: the real catalog and a
// SQLite store (quotes look up earlier sends).
func outboundRelay(t *testing.T) *Relay {
	t.Helper()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	return &Relay{st: st, cat: cat}
}

func readOutboundFixture(t *testing.T, path string) *mg.MessageWebhookData {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d mg.MessageWebhookData
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &d
}

// compareOutboundGolden compares got with the JSON in path as parsed values, or
// rewrites the file with -update.
func compareOutboundGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	var gotV, wantV any
	if err := json.Unmarshal(got, &gotV); err != nil {
		t.Fatal(err)
	}
	if outboundUpdating() {
		pretty, _ := json.MarshalIndent(gotV, "", "  ")
		if err := os.WriteFile(path, append(pretty, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if err := json.Unmarshal(want, &wantV); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", filepath.Base(path), diff)
	}
}

// TestPlanOutboundGolden maps each MessageGateway fixture to the body sent to
// 360dialog. For media, mime is what MessageGateway's file info would say, and
// the uploaded id is shown as "uploaded:<MessageGateway file id>" so the
// golden file shows where the file lands.
func TestPlanOutboundGolden(t *testing.T) {
	t.Parallel()
	r := outboundRelay(t)
	cases := []struct{ name, lang, mime string }{
		{"text", "en", ""},
		{"text_markup", "en", ""},
		{"quote", "en", ""},
		{"image_caption", "en", "image/jpeg"},
		{"document", "en", "application/pdf"},
		{"audio", "en", "audio/ogg; codecs=opus"},
		{"video", "en", "video/mp4"},
		{"sticker", "en", "image/webp"},
		{"template_text", "es", ""},
		{"template_image", "pt", "image/png"},
		{"product", "en", ""},
		{"order", "es", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := readOutboundFixture(t, filepath.Join("testdata", "outbound", c.name+".mg.json"))
			if ref := r.refuseBeforeSending(d, c.lang); ref != nil {
				t.Fatalf("refused before sending: %s", ref.Message)
			}
			p, ref := r.planOutbound(context.Background(), d, c.lang)
			if ref != nil {
				t.Fatalf("refused: %s", ref.Message)
			}
			if (p.Media != nil) != (c.mime != "") {
				t.Fatalf("media = %+v, case mime %q", p.Media, c.mime)
			}
			if p.Media != nil {
				if ref := p.settle(baseMIME(c.mime), p.Media.Size, r.refuser(c.lang)); ref != nil {
					t.Fatalf("refused once the file is known: %s", ref.Message)
				}
				p.Media.Target.ID = "uploaded:" + p.Media.FileID
			}
			got, err := json.Marshal(p.Msg)
			if err != nil {
				t.Fatal(err)
			}
			compareOutboundGolden(t, filepath.Join("testdata", "outbound", c.name+".360.json"), got)
		})
	}
}

// TestRefuseBeforeSending: what WhatsApp would refuse is refused at once,
// with the reason in the connection's language.
func TestRefuseBeforeSending(t *testing.T) {
	t.Parallel()
	r := outboundRelay(t)
	file := func(size int64) mg.WebhookItem {
		return mg.WebhookItem{ID: "5f8c6a1e-0000-4000-8000-00000000f11e", Size: size}
	}
	cases := []struct {
		name string
		lang string
		d    mg.MessageWebhookData
		key  string
		args map[string]any
	}{
		{"empty text", "es", mg.MessageWebhookData{Type: "text", Content: "  \n"}, "outbound.empty_text", nil},
		{"text too long", "ru", mg.MessageWebhookData{Type: "text", Content: strings.Repeat("я", 4097)},
			"outbound.text_too_long", map[string]any{"Max": 4096, "Count": 4097}},
		{"image too big", "es", mg.MessageWebhookData{Type: "image", Items: []mg.WebhookItem{file(6 << 20)}},
			"outbound.too_large_image", map[string]any{"Max": "5 MB"}},
		{"file too big", "pt", mg.MessageWebhookData{Type: "file", Items: []mg.WebhookItem{file(101 << 20)}},
			"outbound.too_large_document", map[string]any{"Max": "100 MB"}},
		{"caption too long", "es", mg.MessageWebhookData{Type: "image", Content: strings.Repeat("a", 1025),
			Items: []mg.WebhookItem{file(1000)}}, "outbound.caption_too_long", map[string]any{"Max": 1024, "Count": 1025}},
		{"several files", "es", mg.MessageWebhookData{Type: "file", Items: []mg.WebhookItem{file(10), file(20)}},
			"outbound.several_files", map[string]any{"Count": 2}},
		{"no file", "ru", mg.MessageWebhookData{Type: "image"}, "outbound.no_file", nil},
		{"audio with caption", "es", mg.MessageWebhookData{Type: "audio", Content: "escucha esto",
			Items: []mg.WebhookItem{file(1000)}}, "outbound.audio_caption", nil},
		{"unknown type", "es", mg.MessageWebhookData{Type: "command", Content: "/start"},
			"outbound.type_unsupported", map[string]any{"Type": "command"}},
		{"template without code", "es", mg.MessageWebhookData{Type: "template", Template: &mg.WebhookTemplate{}},
			"outbound.template_no_code", nil},
		{"template code unparsable", "es", mg.MessageWebhookData{Type: "text",
			Template: &mg.WebhookTemplate{Code: "Order Ready"}},
			"outbound.template_bad_code", map[string]any{"Code": "Order Ready"}},
		{"template header without file", "es", mg.MessageWebhookData{Type: "text", Template: &mg.WebhookTemplate{
			Code: "promo.es", Variables: mg.TemplateVariables{Header: &mg.TemplateHeaderArgs{Type: "video"}}}},
			"outbound.template_header_no_file", nil},
		{"template empty value", "es", mg.MessageWebhookData{Type: "text", Template: &mg.WebhookTemplate{
			Code: "promo.es", Variables: mg.TemplateVariables{Body: mg.TemplateBodyArgs{Args: []string{"Ana", " "}}}}},
			"outbound.template_empty_value", nil},
		{"template button of unknown type", "es", mg.MessageWebhookData{Type: "text", Template: &mg.WebhookTemplate{
			Code: "promo.es", Variables: mg.TemplateVariables{Buttons: []mg.TemplateButtonArg{
				{Type: "flow", Title: "Abrir", Args: []string{"x"}}}}}},
			"outbound.template_button_unsupported", map[string]any{"Type": "flow", "Title": "Abrir"}},
		{"product without content", "es", mg.MessageWebhookData{Type: "product"}, "outbound.card_invalid", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.d.ExternalChatID = "34600111222"
			ref := r.refuseBeforeSending(&c.d, c.lang)
			if ref == nil {
				t.Fatal("not refused")
			}
			if ref.Code != mg.ErrorGeneral {
				t.Errorf("code = %q, want general", ref.Code)
			}
			want := r.cat.T(c.lang, c.key, c.args)
			if ref.Message != want {
				t.Errorf("message = %q, want %q", ref.Message, want)
			}
			if strings.HasPrefix(ref.Message, "outbound.") || ref.Message == r.cat.T("en", c.key, c.args) {
				t.Errorf("message %q is not in %s", ref.Message, c.lang)
			}
			if _, ref2 := r.planOutbound(context.Background(), &c.d, c.lang); ref2 == nil || ref2.Message != ref.Message {
				t.Errorf("planOutbound refusal = %+v, want the same as before sending", ref2)
			}
		})
	}
}

// TestTemplateCode: codes round-trip and malformed ones are rejected.
func TestTemplateCode(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, lang string }{{"order_ready", "es"}, {"spring_sale_2", "pt_BR"}, {"x", "prs_AF"}} {
		code := TemplateCode(c.name, c.lang)
		name, lang, ok := ParseTemplateCode(code)
		if !ok || name != c.name || lang != c.lang {
			t.Errorf("ParseTemplateCode(%q) = %q, %q, %v", code, name, lang, ok)
		}
	}
	for _, code := range []string{"", "order_ready", "order_ready.", ".es", "Order_Ready.es", "order ready.es",
		"order_ready.espanol", "order_ready.es-ES", "order_ready.es_ESP", "a.b.es",
		strings.Repeat("a", MaxTemplateCode-2) + ".es"} {
		if name, lang, ok := ParseTemplateCode(code); ok {
			t.Errorf("ParseTemplateCode(%q) = %q, %q, ok; want rejected", code, name, lang)
		}
	}
}

// TestTemplateNamedParameters: with the stored template's variable names the
// values are sent as named parameters.
func TestTemplateNamedParameters(t *testing.T) {
	t.Parallel()
	r := outboundRelay(t)
	tpl := &mg.WebhookTemplate{Code: "welcome.en", Variables: mg.TemplateVariables{
		Body: mg.TemplateBodyArgs{Args: []string{"Ana", "A-42"}}}}
	p, ref := planTemplate(recipient("34600111222"), tpl, templateParamNames{Body: []string{"first_name", "order_id"}},
		r.refuser("en"))
	if ref != nil {
		t.Fatal(ref.Message)
	}
	params := p.Msg.Template.Components[0].Parameters
	got := []string{params[0].ParameterName + "=" + params[0].Text, params[1].ParameterName + "=" + params[1].Text}
	if diff := cmp.Diff([]string{"first_name=Ana", "order_id=A-42"}, got); diff != "" {
		t.Error(diff)
	}
}

// TestAsRefusal: only moveMedia's refusals are refusals.
func TestAsRefusal(t *testing.T) {
	t.Parallel()
	e := &mg.SentError{Code: mg.ErrorGeneral, Message: "too big"}
	if got := asRefusal(refused(e)); got != e {
		t.Errorf("asRefusal(refused(e)) = %v", got)
	}
	if got := asRefusal(context.DeadlineExceeded); got != nil {
		t.Errorf("asRefusal(other) = %v, want nil", got)
	}
}

package dialog360

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Fixtures shared by the corpus expectations.
const (
	outWamid = "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
	anaPhone = "34600111222"
	anaBSUID = "ES.1502576394655843"
	parentID = "US.ENT.88120394857761"
)

// corpusMeta is the business number of every corpus file.
func corpusMeta() Metadata {
	return Metadata{DisplayPhoneNumber: "34911222333", PhoneNumberID: "590968830767958"}
}

// ana is the usual sender's contact entry.
func ana() Contact {
	return Contact{Profile: Profile{Name: "Ana Ruiz"}, WaID: anaPhone, UserID: anaBSUID}
}

// joao is a second sender, with a parent BSUID.
func joao() Contact {
	return Contact{Profile: Profile{Name: "João Silva"}, WaID: "5511987654321", UserID: "BR.7734019283746501", ParentUserID: parentID}
}

// fromAna sets Ana's sender fields on m.
func fromAna(m Message) Message {
	m.From, m.FromUserID = anaPhone, anaBSUID
	return m
}

// TestWebhookCorpus parses every file in testdata/webhooks and compares the
// decoded value with the expectation; every corpus file must have one.
func TestWebhookCorpus(t *testing.T) {
	t.Parallel()
	want := map[string]Value{}
	for k, v := range messageCases() {
		want[k] = v
	}
	for k, v := range statusCases() {
		want[k] = v
	}
	files, err := filepath.Glob(filepath.Join("testdata", "webhooks", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			w, err := ParseWebhook(body)
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			if name == "field_template_status" {
				checkTemplateStatusChange(t, w)
				return
			}
			exp, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for corpus file %s.json", name)
			}
			vs := w.Values()
			if len(vs) != 1 || w.Entry[0].ID != "1314702302917944" {
				t.Fatalf("got %d values, entry %q; want 1 value of WABA 1314702302917944", len(vs), w.Entry[0].ID)
			}
			exp.MessagingProduct, exp.Metadata = "whatsapp", corpusMeta()
			opts := cmp.Options{cmpopts.IgnoreFields(Message{}, "Raw"), cmpopts.IgnoreFields(Status{}, "Raw"), cmpopts.EquateEmpty()}
			if d := cmp.Diff(exp, *vs[0], opts); d != "" {
				t.Errorf("value (-want +got):\n%s", d)
			}
			for _, m := range vs[0].Messages {
				checkRaw(t, m.Raw, m.ID)
				if m.DecodeError != nil {
					t.Errorf("message %s: DecodeError %v", m.ID, m.DecodeError)
				}
				if m.Type != "" && !rawHas(m.Raw, m.Type) && m.Type != TypeRequestWelcome && m.Type != TypeUnknown {
					t.Errorf("message %s: Raw has no %q object", m.ID, m.Type)
				}
			}
			for _, s := range vs[0].Statuses {
				checkRaw(t, s.Raw, s.ID)
				if s.DecodeError != nil {
					t.Errorf("status %s: DecodeError %v", s.ID, s.DecodeError)
				}
			}
		})
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("expectation %s has no corpus file", name)
		}
	}
}

// checkRaw asserts Raw holds the item's own JSON object.
func checkRaw(t *testing.T, raw json.RawMessage, id string) {
	t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &o); err != nil || o.ID != id {
		t.Errorf("Raw of %s is not the item's JSON: %v %s", id, err, raw)
	}
}

// checkTemplateStatusChange asserts a non-message field is kept raw, not decoded.
func checkTemplateStatusChange(t *testing.T, w *Webhook) {
	t.Helper()
	ch := w.Entry[0].Changes[0]
	if len(w.Values()) != 0 || ch.Field != "message_template_status_update" || !strings.Contains(string(ch.Raw), `"event": "APPROVED"`) {
		t.Errorf("template status change: values %d, field %q, raw %s", len(w.Values()), ch.Field, ch.Raw)
	}
}

// TestMessageHelpers checks Time and Value.Contact on corpus files.
func TestMessageHelpers(t *testing.T) {
	t.Parallel()
	w, err := ParseWebhook(readFile(t, "webhooks/multi_message.json"))
	if err != nil {
		t.Fatal(err)
	}
	v := w.Values()[0]
	if got := v.Messages[0].Time(); !got.Equal(time.Date(2025, 12, 29, 14, 6, 40, 0, time.UTC)) {
		t.Errorf("Time = %v", got)
	}
	if c := v.Contact(&v.Messages[2]); c == nil || c.Profile.Name != "João Silva" {
		t.Errorf("Contact(third) = %+v, want João", c)
	}
	if c := v.Contact(&Message{FromUserID: "XX.1"}); c != nil {
		t.Errorf("Contact(unknown) = %+v, want nil", c)
	}
	if (&Message{Timestamp: "soon"}).Time() != (time.Time{}) {
		t.Error("bad timestamp must give the zero time")
	}
	w, err = ParseWebhook(readFile(t, "webhooks/status_read.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Values()[0].Statuses[0].Time(); got.Unix() != 1767020060 {
		t.Errorf("status Time = %v", got)
	}
}

// TestParseWebhookOddItems checks one message with a wrong field type does not
// fail the delivery, and its common fields and raw JSON survive.
func TestParseWebhookOddItems(t *testing.T) {
	t.Parallel()
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
		"metadata":{"phone_number_id":"590968830767958"},
		"messages":[{"from_user_id":"ES.1","id":"wamid.A","timestamp":"1767016800","type":"location","location":{"latitude":{"deg":40}}},
		            {"from_user_id":"ES.1","id":"wamid.B","timestamp":"1767016801","type":"location","location":{"latitude":"40.5","longitude":"-3.7"}}],
		"statuses":[{"id":"wamid.C","status":"sent","timestamp":"1767016802","pricing":"weird","parent_recipient_user_id":"US.ENT.9"}]}}]}]}`
	w, err := ParseWebhook([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v := w.Values()[0]
	a, b, s := v.Messages[0], v.Messages[1], v.Statuses[0]
	if a.DecodeError == nil || a.ID != "wamid.A" || a.Type != TypeLocation || a.FromUserID != "ES.1" || !strings.Contains(string(a.Raw), `"deg"`) {
		t.Errorf("odd message: %+v", a)
	}
	if b.DecodeError != nil || b.Location == nil || b.Location.Latitude != 40.5 || b.Location.Longitude != -3.7 {
		t.Errorf("string coordinates: %+v %v", b.Location, b.DecodeError)
	}
	if s.DecodeError == nil || s.ID != "wamid.C" || s.Status != StatusSent || s.RecipientParentUserID != "US.ENT.9" {
		t.Errorf("odd status: %+v", s)
	}
}

// TestParseWebhookRejects checks bodies that are not Cloud API webhooks fail.
func TestParseWebhookRejects(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{
		"empty":            ``,
		"not json":         `hello`,
		"array":            `[{"object":"whatsapp_business_account"}]`,
		"null":             `null`,
		"legacy flat":      `{"contacts":[{"wa_id":"34600111222"}],"messages":[{"id":"gBEG","type":"text","text":{"body":"hi"}}]}`,
		"other object":     `{"object":"page","entry":[]}`,
		"entry not list":   `{"object":"whatsapp_business_account","entry":{"id":"1"}}`,
		"no entry":         `{"object":"whatsapp_business_account"}`,
		"message a number": `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[5]}}]}]}`,
		"truncated":        `{"object":"whatsapp_business_account","entry":[{"changes":[`,
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if w, err := ParseWebhook([]byte(b)); err == nil {
				t.Errorf("ParseWebhook accepted it: %+v", w)
			}
		})
	}
}

// FuzzParseWebhook checks ParseWebhook never panics and that what it accepts
// is consistent.
func FuzzParseWebhook(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "webhooks", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[null]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w, err := ParseWebhook(body)
		if err != nil {
			return
		}
		if w.Object != ObjectWABA {
			t.Fatalf("accepted object %q", w.Object)
		}
		for _, v := range w.Values() {
			for _, m := range v.Messages {
				if !json.Valid(m.Raw) {
					t.Fatalf("message Raw is not JSON: %q", m.Raw)
				}
				_ = m.Time()
			}
			for _, s := range v.Statuses {
				if !json.Valid(s.Raw) {
					t.Fatalf("status Raw is not JSON: %q", s.Raw)
				}
			}
		}
	})
}

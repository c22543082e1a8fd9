package authoring

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/template"
)

// createCases are drafts that pass template.Validate, one per shape the
// manager can build.
var createCases = []struct {
	name  string
	draft template.Draft
}{
	{"basic with variables", template.Draft{
		Name: "order_ready", Category: "utility", Language: "en-us", Kind: template.KindBasic,
		Body: template.Body{Text: "Hello {{1}}, your order {{2}} is ready for pickup.", Examples: []string{"Ana", "#1042", "unused"}},
	}},
	{"basic without variables", template.Draft{
		Name: "thanks", Category: "MARKETING", Language: "es", Body: template.Body{Text: "¡Gracias por su compra!"},
	}},
	{"text header, footer and every button", template.Draft{
		Name: "order_shipped", Category: "UTILITY", Language: "pt_BR", Kind: template.KindMedia,
		Header: &template.Header{Format: "TEXT", Text: "Pedido {{1}}", Example: "#77"},
		Body:   template.Body{Text: "Olá {{1}}, o seu pedido saiu para entrega hoje.", Examples: []string{"Ana"}},
		Footer: "Loja Exemplo",
		Buttons: []template.Button{
			{Type: "QUICK_REPLY", Text: "Obrigado"},
			{Type: "QUICK_REPLY", Text: "Ajuda"},
			{Type: "URL", Text: "Rastrear", URL: "https://shop.example/track/{{1}}", URLExample: "77"},
			{Type: "PHONE_NUMBER", Text: "Ligar", Phone: "+55 11 98765-4321"},
			{Type: "COPY_CODE", Example: "SAVE10"},
		},
	}},
	{"image header by link, static URL button", template.Draft{
		Name: "new_collection", Category: "MARKETING", Language: "en", Kind: template.KindMedia,
		Header:  &template.Header{Format: "image", MediaURL: " https://shop.example/summer.jpg "},
		Body:    template.Body{Text: "Our summer collection is here, come and see it."},
		Buttons: []template.Button{{Type: "URL", Text: "Shop now", URL: "https://shop.example/summer"}},
	}},
	{"document header by handle", template.Draft{
		Name: "invoice", Category: "UTILITY", Language: "en", Kind: template.KindMedia,
		Header: &template.Header{Format: "DOCUMENT", MediaURL: "https://shop.example/invoice.pdf", MediaHandle: "4::aW52b2ljZQ=="},
		Body:   template.Body{Text: "Your invoice is attached to this message."},
	}},
	{"location header", template.Draft{
		Name: "store_location", Category: "UTILITY", Language: "en", Kind: template.KindMedia,
		Header: &template.Header{Format: "LOCATION"},
		Body:   template.Body{Text: "This is where you can pick up the order."},
	}},
	{"named variables", template.Draft{
		Name: "named_hello", Category: "UTILITY", Language: "en", Kind: template.KindMedia, ParameterFormat: "named",
		Header: &template.Header{Format: "TEXT", Text: "Hi {{first_name}}", Example: "Ana"},
		Body: template.Body{Text: "Dear {{first_name}}, order {{order_id}} is on its way to you now.",
			NamedExamples: map[string]string{"first_name": "Ana", "order_id": "#9"}},
	}},
}

func TestCreateBuildsTheSubmission(t *testing.T) {
	t.Parallel()
	got := map[string]dialog360.TemplateCreate{}
	for _, c := range createCases {
		if issues := template.Validate(c.draft); len(issues) > 0 {
			t.Fatalf("%s: the case itself is invalid: %+v", c.name, issues)
		}
		got[c.name] = Create(c.draft)
	}
	golden(t, "create.golden.json", got)
}

// A template read back from 360dialog becomes the draft it was made from,
// so copying or translating it loses nothing the manager can edit.
func TestFromTemplateInvertsCreate(t *testing.T) {
	t.Parallel()
	for _, c := range createCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			body, err := json.Marshal(Create(c.draft))
			if err != nil {
				t.Fatal(err)
			}
			var listed dialog360.Template // as 360dialog lists it
			if err := json.Unmarshal(body, &listed); err != nil {
				t.Fatal(err)
			}
			want := template.Normalize(c.draft)
			if want.Kind == template.KindMedia && want.Header == nil && want.Footer == "" && len(want.Buttons) == 0 {
				want.Kind = template.KindBasic
			}
			want.Body.Examples = usedExamples(want.Body)
			if want.Header != nil && want.Header.MediaHandle != "" {
				want.Header.MediaURL = "" // the handle wins and is sent alone
			}
			got := template.Normalize(FromTemplate(listed))
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FromTemplate(Create(d)) (-want +got):\n%s", diff)
			}
		})
	}
}

// usedExamples drops examples of variables the body does not use, which
// Create does not send.
func usedExamples(b template.Body) []string {
	vars, _ := template.Variables(b.Text)
	n := 0
	for _, v := range vars {
		n = max(n, v.Index)
	}
	return b.Examples[:min(n, len(b.Examples))]
}

func TestFromTemplateSkipsWhatTheManagerCannotEdit(t *testing.T) {
	t.Parallel()
	got := FromTemplate(dialog360.Template{Name: "otp", Language: "en", Category: "authentication", Status: "APPROVED",
		Components: []dialog360.Component{
			{Type: "BODY", Text: "{{1}} is your code."},
			{Type: "BUTTONS", Buttons: []dialog360.Button{{Type: "OTP", OTPType: "COPY_CODE", Text: "Copy"}, {Type: "FLOW", Text: "Open"}}},
		}})
	want := template.Draft{Name: "otp", Language: "en", Category: "AUTHENTICATION", Kind: template.KindMedia,
		Body: template.Body{Text: "{{1}} is your code."}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

package catalog

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/mg"
	"waba-transport/internal/template"
)

// TestFromMGToSubmission: what a CRM user typed becomes the 360dialog body
// Meta reviews, with the examples in the places Meta wants them.
func TestFromMGToSubmission(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		content string
		media   string
		want    string
	}{
		{"positional with buttons", `{"name":"order_ready","lang":"es","category":"utility",
			"body":"Hola {{1}}, tu pedido {{2}} está listo.","footer":"Tienda Sol",
			"header":{"content":{"type":"text","body":"Pedido {{1}}"}},
			"buttons":{"items":[{"type":"plain","label":"Gracias"},
				{"type":"url","label":"Ver pedido","url":"https://shop.example/o/{{1}}"},
				{"type":"phone","label":"Llamar","phone":"+34 911 222 333"}]},
			"example":{"body":["Ana","A-1"],"header":["A-1"],"buttons":[[],["https://shop.example/o/A-1"],[]]}}`, "",
			`{"name":"order_ready","category":"UTILITY","language":"es","allow_category_change":true,"components":[
				{"type":"HEADER","format":"TEXT","text":"Pedido {{1}}","example":{"header_text":["A-1"]}},
				{"type":"BODY","text":"Hola {{1}}, tu pedido {{2}} está listo.","example":{"body_text":[["Ana","A-1"]]}},
				{"type":"FOOTER","text":"Tienda Sol"},
				{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Gracias"},
					{"type":"URL","text":"Ver pedido","url":"https://shop.example/o/{{1}}","example":["https://shop.example/o/A-1"]},
					{"type":"PHONE_NUMBER","text":"Llamar","phone_number":"+34911222333"}]}]}`},
		{"named variables", `{"name":"welcome","lang":"en","category":"MARKETING",
			"body":"Hi {{first_name}}, your discount code {{code}} works in every shop until tonight, dear {{first_name}}.",
			"example":{"body":["Ana","X1"]}}`, "",
			`{"name":"welcome","category":"MARKETING","language":"en","allow_category_change":true,
				"parameter_format":"NAMED","components":[
				{"type":"BODY","text":"Hi {{first_name}}, your discount code {{code}} works in every shop until tonight, dear {{first_name}}.",
				 "example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"},
					{"param_name":"code","example":"X1"}]}}]}`},
		{"media header", `{"name":"catalogue","lang":"pt_BR","category":"marketing",
			"body":"Veja o nosso catálogo novo.","header":{"content":{"type":"document"}},
			"example":{"attachments":[{"id":"f-1"}]}}`, "https://mg.example/files/f-1",
			`{"name":"catalogue","category":"MARKETING","language":"pt_BR","allow_category_change":true,"components":[
				{"type":"HEADER","format":"DOCUMENT","example":{"header_handle":["https://mg.example/files/f-1"]}},
				{"type":"BODY","text":"Veja o nosso catálogo novo."}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var c mg.TemplateContent
			if err := json.Unmarshal([]byte(tc.content), &c); err != nil {
				t.Fatal(err)
			}
			d := fromMG(c, tc.media)
			if issues := template.Validate(d); len(issues) > 0 {
				t.Fatalf("issues: %+v", issues)
			}
			got, _ := json.Marshal(createRequest(template.Normalize(d)))
			var gotV, wantV any
			_ = json.Unmarshal(got, &gotV)
			if err := json.Unmarshal([]byte(tc.want), &wantV); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantV, gotV); diff != "" {
				t.Errorf("submission (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFromMGIssues: a draft that breaks Meta's rules is caught with the
// template manager's issues, naming the fields.
func TestFromMGIssues(t *testing.T) {
	t.Parallel()
	c := mg.TemplateContent{Name: "Order Ready", Lang: "es", Category: "utility", Body: "{{1}} está listo",
		Buttons: &mg.TemplateButtons{Items: []mg.TemplateButton{{Type: "url", Label: "Ver", URL: "http://x.example/{{1}}"}}}}
	var fields []string
	for _, is := range template.Validate(fromMG(c, "")) {
		fields = append(fields, is.Field+" "+is.Key)
	}
	want := []string{
		"name template.name.chars",
		"body.text template.body.starts_with_var",
		"body.text template.body.too_many_vars",
		"body.examples[0] template.example.required",
		"buttons[0].url template.button.url.https",
		"buttons[0].url_example template.button.url.example_required",
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

package relay

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/template"
)

// TestFitTemplate: a template message is checked against the synced
// template per component and completed from it before anything is sent.
func TestFitTemplate(t *testing.T) {
	t.Parallel()
	r := outboundRelay(t)
	const (
		positional = `[{"type":"BODY","text":"Hola {{1}}, tu pedido {{2}} está listo."}]`
		named      = `[{"type":"HEADER","format":"TEXT","text":"Hi {{first_name}}"},
			{"type":"BODY","text":"Dear {{first_name}}, order {{order_id}} ships today."}]`
		repeated = `[{"type":"BODY","text":"{{1}}: order {{2}} is ready, {{1}}."}]`
		image    = `[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"New in store."}]`
		buttons  = `[{"type":"BODY","text":"Your coupon is ready."},{"type":"BUTTONS","buttons":[
			{"type":"QUICK_REPLY","text":"Thanks"},
			{"type":"URL","text":"Track","url":"https://s.example/t/{{1}}"},
			{"type":"PHONE_NUMBER","text":"Call","phone_number":"+34911222333"},
			{"type":"COPY_CODE","example":"WINTER25"}]}]`
	)
	body := func(args ...string) mg.TemplateVariables {
		return mg.TemplateVariables{Body: mg.TemplateBodyArgs{Args: args}}
	}
	for _, tc := range []struct {
		name    string
		comps   string
		vars    mg.TemplateVariables
		want    string // the components sent, JSON; "" when refused
		refusal string // the English refusal's start
	}{
		{name: "positional", comps: positional, vars: body("Ana", "A-1"),
			want: `[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1"}]}]`},
		{name: "too few body values", comps: positional, vars: body("Ana"),
			refusal: `The template "t.es" cannot be sent: variables in its text: 2, values filled in: 1.`},
		{name: "too many body values", comps: positional, vars: body("Ana", "A-1", "x"),
			refusal: `The template "t.es" cannot be sent: variables in its text: 2, values filled in: 3.`},
		{name: "named variables get their names", comps: named,
			vars: mg.TemplateVariables{Header: &mg.TemplateHeaderArgs{Type: "text", Args: []string{"Ana"}},
				Body: mg.TemplateBodyArgs{Args: []string{"Ana", "A-1"}}},
			want: `[{"type":"header","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"}]},
				{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},
				{"type":"text","parameter_name":"order_id","text":"A-1"}]}]`},
		{name: "header values missing", comps: named, vars: body("Ana", "A-1"),
			refusal: `The template "t.es" cannot be sent: variables in its header: 1, values filled in: 0.`},
		{name: "one value per placeholder is folded", comps: repeated, vars: body("Ana", "A-1", "Ana"),
			want: `[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1"}]}]`},
		{name: "media header without a file", comps: image, vars: mg.TemplateVariables{},
			refusal: `The template "t.es" needs an image in its header.`},
		{name: "buttons by the template's types", comps: buttons, vars: mg.TemplateVariables{Buttons: []mg.TemplateButtonArg{
			{Type: "plain", Title: "Thanks"}, {Type: "url", Title: "Track", Args: []string{"A-1"}},
			{Type: "phone", Title: "Call"}, {Type: "plain", Title: "Copy offer code"}}},
			want: `[{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"A-1"}]},
				{"type":"button","sub_type":"copy_code","index":"3","parameters":[{"type":"coupon_code","coupon_code":"WINTER25"}]}]`},
		{name: "the operator's coupon code wins", comps: buttons, vars: mg.TemplateVariables{Buttons: []mg.TemplateButtonArg{
			{Type: "plain", Title: "Thanks", Args: []string{"THANKS"}},
			{Type: "url", Title: "Track", Args: []string{"A-1"}},
			{Type: "phone", Title: "Call"},
			{Type: "plain", Title: "Copy offer code", Args: []string{"ANA10"}}}},
			want: `[{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"THANKS"}]},
				{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"A-1"}]},
				{"type":"button","sub_type":"copy_code","index":"3","parameters":[{"type":"coupon_code","coupon_code":"ANA10"}]}]`},
		{name: "URL value missing", comps: buttons, vars: mg.TemplateVariables{},
			refusal: `The template "t.es" cannot be sent: values its button 2 takes: 1, values filled in: 0.`},
		{name: "a value for a button without one", comps: positional, vars: mg.TemplateVariables{
			Body:    mg.TemplateBodyArgs{Args: []string{"Ana", "A-1"}},
			Buttons: []mg.TemplateButtonArg{{Type: "url", Args: []string{"x"}}}},
			refusal: `The template "t.es" cannot be sent: values its button 1 takes: 0, values filled in: 1.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var comps []dialog360.Component
			if err := json.Unmarshal([]byte(tc.comps), &comps); err != nil {
				t.Fatal(err)
			}
			wt := &mg.WebhookTemplate{Code: "t.es", Variables: tc.vars}
			p, ref := planTemplate(recipient("34600111222"), wt, templateParamNames{}, r.refuser("en"))
			if ref != nil {
				t.Fatalf("planTemplate refused: %s", ref.Message)
			}
			ref = fitTemplate(p.Msg.Template, wt, template.SlotsOf(comps), "t.es", r.refuser("en"))
			if tc.refusal != "" {
				if ref == nil || !strings.HasPrefix(ref.Message, tc.refusal) || ref.Code != mg.ErrorGeneral {
					t.Fatalf("refusal %+v, want %q", ref, tc.refusal)
				}
				return
			}
			if ref != nil {
				t.Fatalf("refused: %s", ref.Message)
			}
			got, _ := json.Marshal(p.Msg.Template.Components)
			var gotV, wantV any
			_ = json.Unmarshal(got, &gotV)
			if err := json.Unmarshal([]byte(tc.want), &wantV); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantV, gotV); diff != "" {
				t.Errorf("components (-want +got):\n%s", diff)
			}
		})
	}
}

package catalog

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/store"
)

// tpl is a 360dialog template with a one-variable body.
func tpl(name, lang, status, body string) dialog360.Template {
	return dialog360.Template{Name: name, Language: lang, Category: "UTILITY", Status: status,
		Components: []dialog360.Component{{Type: "BODY", Text: body,
			Example: &dialog360.ComponentExample{BodyText: [][]string{{"Ana"}}}}}}
}

// storedAs is the row a sync stores for t.
func storedAs(t dialog360.Template, origin string) store.Template {
	w, _ := desired([]dialog360.Template{t}, map[string]store.Template{
		t.Name + "." + t.Language: {Origin: origin}})
	for code, x := range w {
		return store.Template{Code: code, Name: x.Name, Language: x.Language, Status: x.MG.VerificationStatus,
			Origin: x.Origin, Hash: x.Hash, Components: x.Components}
	}
	return store.Template{}
}

func ops(cs []change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Op+" "+c.Code)
	}
	return out
}

// TestPlan: the channel is made to match the approved templates: new ones
// created, changed ones updated, deleted or no longer approved ones removed,
// unchanged ones left alone; the chat's own templates keep their status.
func TestPlan(t *testing.T) {
	t.Parallel()
	hello := tpl("hello", "en", "approved", "Hello {{1}}, welcome!")
	hola := tpl("hello", "es", "approved", "Hola {{1}}, ¡bienvenida!")
	changed := tpl("order", "en", "approved", "Order {{1}} is ready now.")
	orderOld := storedAs(tpl("order", "en", "approved", "Order {{1}} is ready."), store.TemplateFromSync)
	paused := tpl("promo", "en", "PAUSED", "Sale for {{1}} today.")
	mine := tpl("mine", "en", "rejected", "Made in the chat for {{1}}.")
	location := dialog360.Template{Name: "where", Language: "en", Status: "approved", Components: []dialog360.Component{
		{Type: "HEADER", Format: "LOCATION"}, {Type: "BODY", Text: "We are here."}}}

	for _, tc := range []struct {
		name        string
		list        []dialog360.Template
		current     []store.Template
		want        []string
		wantSkipped int
	}{
		{name: "first sync creates every approved language", list: []dialog360.Template{hello, hola, paused},
			want: []string{"create hello.en", "create hello.es"}},
		{name: "nothing changed", list: []dialog360.Template{hello, hola},
			current: []store.Template{storedAs(hello, "sync"), storedAs(hola, "sync")}},
		{name: "changed text updates", list: []dialog360.Template{hello, changed},
			current: []store.Template{storedAs(hello, "sync"), orderOld},
			want:    []string{"update order.en"}},
		{name: "deleted, paused and rejected are removed", list: []dialog360.Template{paused,
			tpl("hello", "es", "rejected", "Hola {{1}}, ¡bienvenida!")},
			current: []store.Template{storedAs(hello, "sync"), storedAs(hola, "sync"),
				storedAs(tpl("promo", "en", "approved", "Sale for {{1}} today."), "sync")},
			want: []string{"remove hello.en", "remove hello.es", "remove promo.en"}},
		{name: "the chat's own template keeps its review status", list: []dialog360.Template{mine},
			current: []store.Template{{Code: "mine.en", Name: "mine", Language: "en", Status: "pending",
				Origin: store.TemplateFromCRM, Components: []byte(`[]`)}},
			want: []string{"update mine.en"}},
		{name: "the chat's own template goes when 360dialog deletes it",
			current: []store.Template{storedAs(mine, store.TemplateFromCRM)},
			want:    []string{"remove mine.en"}},
		{name: "templates the chat cannot send are skipped", list: []dialog360.Template{location, hello},
			want: []string{"create hello.en"}, wantSkipped: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cur := map[string]store.Template{}
			for _, c := range tc.current {
				cur[c.Code] = c
			}
			want, skipped := desired(tc.list, cur)
			if skipped != tc.wantSkipped {
				t.Errorf("skipped %d, want %d", skipped, tc.wantSkipped)
			}
			if diff := cmp.Diff(tc.want, ops(plan(want, cur))); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPlanKeepsStatusOfChatTemplates: a template created in the chat is
// written with its current review status and rejection reason.
func TestPlanKeepsStatusOfChatTemplates(t *testing.T) {
	t.Parallel()
	rejected := tpl("mine", "en", "REJECTED", "Made in the chat for {{1}}.")
	rejected.RejectedReason = "INVALID_FORMAT"
	cur := map[string]store.Template{"mine.en": {Code: "mine.en", Origin: store.TemplateFromCRM, Status: "pending"}}
	want, _ := desired([]dialog360.Template{rejected}, cur)
	w := want["mine.en"]
	if w.MG.VerificationStatus != "rejected" || w.MG.RejectionReason != "invalid_format" || w.Origin != "crm" {
		t.Fatalf("chat template mapped as %+v (origin %s)", w.MG, w.Origin)
	}
	var comps []dialog360.Component
	if err := json.Unmarshal(w.Components, &comps); err != nil || len(comps) != 1 || comps[0].Text != rejected.Components[0].Text {
		t.Fatalf("stored components %s, %v", w.Components, err)
	}
}

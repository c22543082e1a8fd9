package authoring

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/template"
)

func TestRender(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		draft template.Draft
		want  Bubble
	}{
		{"examples filled, missing one kept", template.Draft{
			Body: template.Body{Text: "Hi {{1}}, order {{2}} is ready.", Examples: []string{"Ana"}},
		}, Bubble{Body: "Hi Ana, order {{2}} is ready."}},
		{"a basic template shows its body only", template.Draft{
			Kind: template.KindBasic, Header: &template.Header{Format: "TEXT", Text: "Hi"}, Footer: "shop",
			Body: template.Body{Text: "Body"},
		}, Bubble{Body: "Body"}},
		{"everything of a media template", template.Draft{
			Kind:   template.KindMedia,
			Header: &template.Header{Format: "text", Text: "Order {{1}}", Example: "#7"},
			Body:   template.Body{Text: "Hello {{1}}.", Examples: []string{"Ana"}},
			Footer: "Shop",
			Buttons: []template.Button{
				{Type: "QUICK_REPLY", Text: "Thanks"},
				{Type: "URL", Text: "Track", URL: "https://s.example/t/{{1}}", URLExample: "7"},
				{Type: "PHONE_NUMBER", Text: "Call", Phone: "+34 600 00 00"},
				{Type: "COPY_CODE", Example: "SAVE5"},
			},
		}, Bubble{HeaderFormat: "TEXT", Header: "Order #7", Body: "Hello Ana.", Footer: "Shop", Buttons: []BubbleButton{
			{Type: "QUICK_REPLY", Text: "Thanks"},
			{Type: "URL", Text: "Track", Target: "https://s.example/t/7"},
			{Type: "PHONE_NUMBER", Text: "Call", Target: "+346000000"},
			{Type: "COPY_CODE", Target: "SAVE5"},
		}}},
		{"image header shows its sample", template.Draft{
			Header: &template.Header{Format: "IMAGE", MediaURL: "https://s.example/a.jpg"}, Body: template.Body{Text: "B"},
		}, Bubble{HeaderFormat: "IMAGE", MediaURL: "https://s.example/a.jpg", Body: "B"}},
		{"named variables", template.Draft{
			ParameterFormat: "named", Kind: template.KindMedia,
			Header: &template.Header{Format: "TEXT", Text: "Hi {{name}}", Example: "Ana"},
			Body:   template.Body{Text: "Dear {{name}}, see {{code}}.", NamedExamples: map[string]string{"name": "Ana"}},
		}, Bubble{HeaderFormat: "TEXT", Header: "Hi Ana", Body: "Dear Ana, see {{code}}."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(c.want, Render(c.draft)); diff != "" {
				t.Errorf("Render (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckNamesTheVariablesToExemplify(t *testing.T) {
	t.Parallel()
	c := Check(template.Draft{
		Name: "Order", Category: "UTILITY", Language: "en", Kind: template.KindMedia,
		Header:  &template.Header{Format: "TEXT", Text: "Order {{1}}"},
		Body:    template.Body{Text: "Hi {{1}}, your order {{2}} is ready; {{1}}, please see {{3}} for all the details today.", Examples: []string{"Ana", "x", "y"}},
		Buttons: []template.Button{{Type: "QUICK_REPLY", Text: "Ok"}, {Type: "URL", Text: "Go", URL: "https://a.example/{{1}}", URLExample: "1"}},
	})
	if diff := cmp.Diff([]string{"1", "2", "3"}, c.BodyVars); diff != "" {
		t.Errorf("BodyVars (-want +got):\n%s", diff)
	}
	if c.HeaderVar != "1" {
		t.Errorf("HeaderVar = %q, want 1", c.HeaderVar)
	}
	if diff := cmp.Diff([]bool{false, true}, c.URLExample); diff != "" {
		t.Errorf("URLExample (-want +got):\n%s", diff)
	}
	var fields []string
	for _, is := range c.Issues {
		fields = append(fields, is.Field+" "+is.Key)
	}
	want := []string{"name template.name.uppercase", "header.example template.example.required"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

func TestFilterAndGroup(t *testing.T) {
	t.Parallel()
	entries := []Entry{
		{Name: "order_ready", Language: "en", Color: "green"},
		{Name: "order_ready", Language: "es", Color: "grey"},
		{Name: "promo_summer", Language: "en", Color: "red"},
		{Name: "welcome", Language: "pt_BR", Color: "orange"},
	}
	cases := []struct {
		filter, query string
		want          []string
	}{
		{"", "", []string{"order_ready:en,es", "promo_summer:en", "welcome:pt_BR"}},
		{"approved", "", []string{"order_ready:en"}},
		{"draft", "", []string{"order_ready:es"}},
		{"rejected", "", []string{"promo_summer:en"}},
		{"paused", "", []string{"welcome:pt_BR"}},
		{"disabled", "", nil},
		{"", " ORDER ", []string{"order_ready:en,es"}},
		{"pending", "order", nil},
		{"nonsense", "come", []string{"welcome:pt_BR"}},
	}
	for _, c := range cases {
		var got []string
		for _, g := range GroupByName(Filter(entries, c.filter, c.query)) {
			s := g.Name + ":"
			for i, e := range g.Entries {
				if i > 0 {
					s += ","
				}
				s += e.Language
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Filter(%q, %q) (-want +got):\n%s", c.filter, c.query, diff)
		}
	}
}

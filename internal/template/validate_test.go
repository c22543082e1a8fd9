package template

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is an expected issue; Args are compared only when set.
type want struct {
	Field, Key string
	Args       map[string]any
}

// ruleCase is one table row: a change to a valid draft and the issues it
// must cause (none for a valid change).
type ruleCase struct {
	name string
	edit func(d *Draft)
	want []want
}

// validBasic is a body-only draft with every rule satisfied.
func validBasic() Draft {
	return Draft{
		Name: "order_ready", Category: "UTILITY", Language: "en_US", Kind: KindBasic,
		Body: Body{
			Text:     "Hello {{1}}, your order {{2}} is ready for pickup at our store.",
			Examples: []string{"Maria", "A-1001"},
		},
	}
}

// validMedia uses every part a media template may have.
func validMedia() Draft {
	return Draft{
		Name: "order_shipped", Category: "marketing", Language: "pt_BR", Kind: KindMedia,
		Header: &Header{Format: HeaderText, Text: "Order {{1}} shipped", Example: "A-1001"},
		Body: Body{
			Text:     "Hello {{1}}, your order {{2}} is on its way and should arrive {{3}}. Thank you!",
			Examples: []string{"Maria", "A-1001", "tomorrow"},
		},
		Footer: "Reply STOP to unsubscribe",
		Buttons: []Button{
			{Type: ButtonURL, Text: "Track order", URL: "https://shop.example/track/{{1}}", URLExample: "A-1001"},
			{Type: ButtonPhone, Text: "Call us", Phone: "+5511987654321"},
			{Type: ButtonCopyCode, Example: "SAVE10"},
			{Type: ButtonQuickReply, Text: "Thanks"},
			{Type: ButtonQuickReply, Text: "Stop promotions"},
		},
	}
}

// runRules applies each case to a copy of base and compares the issues.
func runRules(t *testing.T, base func() Draft, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := base()
			tc.edit(&d)
			assertIssues(t, Validate(d), tc.want)
		})
	}
}

func assertIssues(t *testing.T, got []Issue, want []want) {
	t.Helper()
	type fk struct{ Field, Key string }
	var g, w []fk
	for _, i := range got {
		g = append(g, fk{i.Field, i.Key})
	}
	for _, i := range want {
		w = append(w, fk{i.Field, i.Key})
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Fatalf("issues (-want +got):\n%s\nall: %+v", diff, got)
	}
	for n, wi := range want {
		for k, v := range wi.Args {
			if !cmp.Equal(got[n].Args[k], v) {
				t.Errorf("%s arg %s = %#v, want %#v", wi.Key, k, got[n].Args[k], v)
			}
		}
	}
}

func TestValidDraftsHaveNoIssues(t *testing.T) {
	t.Parallel()
	for name, d := range map[string]Draft{"basic": validBasic(), "media": validMedia()} {
		if got := Validate(d); len(got) != 0 {
			t.Errorf("%s: want no issues, got %+v", name, got)
		}
	}
}

func TestName(t *testing.T) {
	t.Parallel()
	runRules(t, validBasic, []ruleCase{
		{"letters digits underscore", func(d *Draft) { d.Name = "order_update_2" }, nil},
		{"surrounding spaces trimmed", func(d *Draft) { d.Name = "  order_update " }, nil},
		{"512 chars", func(d *Draft) { d.Name = strings.Repeat("a", 512) }, nil},
		{"empty", func(d *Draft) { d.Name = "" }, []want{{"name", keyNameRequired, nil}}},
		{"blank", func(d *Draft) { d.Name = "   " }, []want{{"name", keyNameRequired, nil}}},
		{"513 chars", func(d *Draft) { d.Name = strings.Repeat("a", 513) },
			[]want{{"name", keyNameTooLong, map[string]any{"Max": 512, "Length": 513}}}},
		{"uppercase", func(d *Draft) { d.Name = "Order_Update" },
			[]want{{"name", keyNameUpper, map[string]any{"Suggestion": "order_update"}}}},
		{"dash and space", func(d *Draft) { d.Name = "Order-update v2" },
			[]want{{"name", keyNameChars, map[string]any{"Chars": "'-', ' '", "Suggestion": "order_update_v2"}}}},
		{"cyrillic", func(d *Draft) { d.Name = "заказ" },
			[]want{{"name", keyNameChars, map[string]any{"Suggestion": ""}}}},
		{"long and uppercase", func(d *Draft) { d.Name = strings.Repeat("A", 513) },
			[]want{{"name", keyNameTooLong, nil}, {"name", keyNameUpper, nil}}},
	})
}

func TestValidName(t *testing.T) {
	t.Parallel()
	for name, ok := range map[string]bool{
		"order_1": true, "_": true, "": false, "Order": false, "a-b": false, "a b": false,
		strings.Repeat("x", 512): true, strings.Repeat("x", 513): false, "ñ": false,
	} {
		if got := ValidName(name); got != ok {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, ok)
		}
	}
}

func TestCategoryLanguageKindFormat(t *testing.T) {
	t.Parallel()
	runRules(t, validBasic, []ruleCase{
		{"category lowercase", func(d *Draft) { d.Category = "marketing" }, nil},
		{"category mixed case", func(d *Draft) { d.Category = " Authentication " }, nil},
		{"category empty", func(d *Draft) { d.Category = "" }, []want{{"category", keyCategoryRequired, nil}}},
		{"category legacy", func(d *Draft) { d.Category = "transactional" },
			[]want{{"category", keyCategoryUnknown, map[string]any{"Value": "TRANSACTIONAL"}}}},
		{"language base", func(d *Draft) { d.Language = "ru" }, nil},
		{"language three letters", func(d *Draft) { d.Language = "fil" }, nil},
		{"language web spelling", func(d *Draft) { d.Language = "en-us" }, nil},
		{"language empty", func(d *Draft) { d.Language = "" }, []want{{"language", keyLanguageRequired, nil}}},
		{"language without region", func(d *Draft) { d.Language = "pt" },
			[]want{{"language", keyLanguageUnknown, map[string]any{"Value": "pt", "Suggestions": "pt_BR, pt_PT"}}}},
		{"language unknown", func(d *Draft) { d.Language = "xx_YY" },
			[]want{{"language", keyLanguageUnknown, map[string]any{"Suggestions": ""}}}},
		{"kind empty body only", func(d *Draft) { d.Kind = "" }, nil},
		{"kind uppercase", func(d *Draft) { d.Kind = "MEDIA" }, nil},
		{"kind unknown", func(d *Draft) { d.Kind = "carousel" },
			[]want{{"kind", keyKindUnknown, map[string]any{"Value": "carousel"}}}},
		{"format explicit positional", func(d *Draft) { d.ParameterFormat = "POSITIONAL" }, nil},
		{"format unknown", func(d *Draft) { d.ParameterFormat = "numbered" },
			[]want{{"parameter_format", keyFormatUnknown, map[string]any{"Value": "numbered"}}}},
	})
}

func TestBasicKindAllowsBodyOnly(t *testing.T) {
	t.Parallel()
	runRules(t, validBasic, []ruleCase{
		{"empty header dropped", func(d *Draft) { d.Header = &Header{} }, nil},
		{"blank footer dropped", func(d *Draft) { d.Footer = "  " }, nil},
		{"header", func(d *Draft) { d.Header = &Header{Format: HeaderText, Text: "Hi"} },
			[]want{{"header", keyBasicHeader, nil}}},
		{"footer", func(d *Draft) { d.Footer = "Bye" }, []want{{"footer", keyBasicFooter, nil}}},
		{"buttons", func(d *Draft) { d.Buttons = []Button{{Type: ButtonQuickReply, Text: "Ok"}} },
			[]want{{"buttons", keyBasicButtons, nil}}},
	})
	// An empty kind with extras means media: the extras are then allowed.
	d := validMedia()
	d.Kind = ""
	assertIssues(t, Validate(d), nil)
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	in := Draft{
		Name: " promo ", Category: "utility", Language: "ES-mx", ParameterFormat: "Named",
		Header:  &Header{Format: "image", MediaURL: " https://cdn.example/a.png "},
		Body:    Body{Text: " Hi {{name}} "},
		Footer:  " ",
		Buttons: []Button{{Type: "phone_number", Text: " Call ", Phone: "+1 (555) 123-45.67"}},
	}
	got := Normalize(in)
	want := Draft{
		Name: "promo", Category: "UTILITY", Language: "es_MX", Kind: KindMedia, ParameterFormat: FormatNamed,
		Header:  &Header{Format: HeaderImage, MediaURL: "https://cdn.example/a.png"},
		Body:    Body{Text: " Hi {{name}} "},
		Buttons: []Button{{Type: ButtonPhone, Text: " Call ", Phone: "+15551234567"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	if in.Header.Format != "image" || in.Buttons[0].Type != "phone_number" {
		t.Error("Normalize changed its input")
	}
}

func TestLanguages(t *testing.T) {
	t.Parallel()
	langs := Languages()
	for _, code := range []string{"af", "sq", "ar", "az", "bn", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs",
		"da", "nl", "en", "en_GB", "en_US", "et", "fil", "fi", "fr", "ka", "de", "el", "gu", "ha", "he", "hi", "hu",
		"id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml", "mr", "nb",
		"fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "sk", "sl", "es", "es_AR", "es_ES", "es_MX", "sw",
		"sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu"} {
		if !KnownLanguage(code) {
			t.Errorf("KnownLanguage(%q) = false", code)
		}
	}
	seen := map[string]bool{}
	for _, l := range langs {
		if seen[l] {
			t.Errorf("duplicate language %q", l)
		}
		seen[l] = true
	}
	langs[0] = "changed"
	if Languages()[0] == "changed" {
		t.Error("Languages exposes the table")
	}
	if KnownLanguage("en_us") {
		t.Error("KnownLanguage must be exact; Normalize does the folding")
	}
}

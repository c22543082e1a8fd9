package locale

import (
	"testing"
	"testing/fstest"
)

func TestCatalogTranslatesAndPluralizes(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{"ru", 1, "1 аккаунт"},
		{"ru", 3, "3 аккаунта"},
		{"ru", 5, "5 аккаунтов"},
		{"es", 2, "2 cuentas"},
		{"pt", 1, "1 conta"},
		{"en", 2, "2 accounts"},
	}
	for _, tc := range cases {
		if got := c.T(tc.lang, "count.accounts", map[string]any{"Count": tc.count}); got != tc.want {
			t.Errorf("T(%s, %d) = %q, want %q", tc.lang, tc.count, got, tc.want)
		}
	}
	for _, lang := range Supported { // a plain message given a Count still translates
		if got := c.T(lang, "error.bad_json", map[string]any{"Count": 1, "Detail": "x"}); got == "error.bad_json" {
			t.Errorf("%s: plain message with Count not translated", lang)
		}
	}
	if got := c.T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("unknown key = %q", got)
	}
}

func TestLoadRejectsMissingTranslation(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"m/a.en.json": {Data: []byte(`{"x":"X","y":"Y"}`)},
		"m/a.es.json": {Data: []byte(`{"x":"X"}`)},
		"m/a.ru.json": {Data: []byte(`{"x":"X","y":"Y"}`)},
		"m/a.pt.json": {Data: []byte(`{"x":"X","y":"Y"}`)},
	}
	if _, err := LoadFS(fsys, "m"); err == nil {
		t.Fatal("want error for es missing y")
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"pt-BR,pt;q=0.9": "pt", "ru": "ru", "de-DE,es;q=0.5": "es", "": "en", "zz": "en", "es-AR": "es",
	} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"waba-transport/internal/problem"
)

// TestLanguageChoice checks the order: ?lang=, cookie, the connection's
// saved language, Accept-Language.
func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		query, cookie, saved, accept string
		want                         string
		wantSaved                    string // language passed to SetLanguage, if any
	}{
		"query wins":           {query: "ru", cookie: "es", saved: "pt", accept: "en", want: "ru", wantSaved: "ru"},
		"query same as saved":  {query: "pt", saved: "pt", want: "pt"},
		"bad query ignored":    {query: "de", cookie: "es", saved: "pt", want: "es"},
		"cookie before saved":  {cookie: "es", saved: "pt", accept: "ru", want: "es"},
		"saved before browser": {saved: "pt", accept: "ru", want: "pt"},
		"browser":              {accept: "ru-RU,ru;q=0.9,en;q=0.5", want: "ru"},
		"default English":      {accept: "de-DE", want: "en"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			withSettings(b, tc.saved)
			var saved string
			b.accounts.SetLanguageFunc = func(_ context.Context, clientID, lang string) error {
				saved = lang
				return nil
			}
			target := "/settings/cid-1"
			if tc.query != "" {
				target += "?lang=" + tc.query
			}
			headers := []string{"Accept-Language", tc.accept}
			if tc.cookie != "" {
				headers = append(headers, "Cookie", "lang="+tc.cookie)
			}
			w := b.do(http.MethodGet, target, "", headers...)
			wantStatus(t, w, http.StatusOK)
			mustContain(t, w.Body.String(), `<html lang="`+tc.want+`">`, `class="current" aria-current="true">`+strings.ToUpper(tc.want)+`</a>`)
			if saved != tc.wantSaved {
				t.Errorf("SetLanguage(%q), want %q", saved, tc.wantSaved)
			}
			setCookie := w.Header().Get("Set-Cookie")
			if (tc.query == "ru" || tc.query == "pt") != strings.HasPrefix(setCookie, "lang="+tc.query+";") {
				t.Errorf("Set-Cookie = %q", setCookie)
			}
		})
	}
}

func TestLanguageCookie(t *testing.T) {
	t.Parallel()
	for publicURL, want := range map[string][]string{
		"http://localhost:8080":  {"SameSite=Lax", "HttpOnly", "Path=/"},
		"https://waba.example":   {"SameSite=None", "Secure", "HttpOnly"},
		"HTTPS://waba.example/x": {"SameSite=None", "Secure"},
	} {
		t.Run(publicURL, func(t *testing.T) {
			t.Parallel()
			b := setup(t, func(d *Deps) { d.PublicURL = publicURL })
			w := b.do(http.MethodGet, "/?lang=pt", "")
			c := w.Header().Get("Set-Cookie")
			if !strings.HasPrefix(c, "lang=pt;") {
				t.Fatalf("Set-Cookie = %q", c)
			}
			for _, attr := range want {
				if !strings.Contains(c, attr) {
					t.Errorf("Set-Cookie %q lacks %s", c, attr)
				}
			}
			if strings.HasPrefix(publicURL, "http:") && strings.Contains(c, "Secure") {
				t.Errorf("Secure cookie over http: %q", c)
			}
		})
	}
}

// A failing SetLanguage must not break the page.
func TestLanguageSaveFails(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "en")
	b.accounts.SetLanguageFunc = func(context.Context, string, string) error { return problem.New(problem.Unavailable, "error.internal") }
	w := b.do(http.MethodGet, "/settings/cid-1?lang=es", "")
	wantStatus(t, w, http.StatusOK)
	mustContain(t, w.Body.String(), `<html lang="es">`)
}

func TestLangLinksKeepPathOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "en")
	w := b.do(http.MethodGet, "/settings/cid-1?done=account_added&lang=en", "")
	for _, l := range []string{"es", "en", "ru", "pt"} {
		mustContain(t, w.Body.String(), `href="/settings/cid-1?`+url.Values{"lang": {l}}.Encode()+`"`)
	}
}

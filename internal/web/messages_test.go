package web

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"waba-transport/internal/account"
	"waba-transport/internal/locale"
	"waba-transport/internal/problem"
)

// webKeyRE finds message keys of this area in templates and Go code.
var webKeyRE = regexp.MustCompile(`"(web\.[a-z0-9_.]+[a-z0-9_])"`)

// TestMessageKeysMatchUse checks that every web.* key the code or the
// templates use has a message, and that no message is left unused.
func TestMessageKeysMatchUse(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	tpls, _ := filepath.Glob("templates/*.html")
	for _, f := range append(files, tpls...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range webKeyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	raw, err := os.ReadFile(filepath.Join("..", "locale", "messages", "web.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var defined map[string]any
	if err := json.Unmarshal(raw, &defined); err != nil {
		t.Fatal(err)
	}
	var missing, unused []string
	for k := range used {
		if _, ok := defined[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range defined {
		if !used[k] {
			unused = append(unused, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	if len(missing) > 0 {
		t.Errorf("keys used but not defined: %v", missing)
	}
	if len(unused) > 0 {
		t.Errorf("keys defined but not used: %v", unused)
	}
}

// TestPagesFullyTranslated renders every page state in every language and
// looks for untranslated keys (the catalog returns an unknown key as is).
func TestPagesFullyTranslated(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.ConnectionFunc = func(_ context.Context, id string) (account.Connection, error) {
		if id == "missing" {
			return account.Connection{}, problem.New(problem.NotFound, "error.not_found")
		}
		return account.Connection{CRMURL: "https://shop.retailcrm.ru", Frozen: id == "frozen", CreatedAt: created}, nil
	}
	b.accounts.AccountsFunc = func(_ context.Context, id string) ([]account.Account, error) {
		if id == "empty" {
			return nil, nil
		}
		one, two := sampleAccount(), sampleAccount()
		two.ID, two.Active, two.LastInboundAt = 8, false, &created
		return []account.Account{one, two}, nil
	}
	b.accounts.SetLanguageFunc = func(context.Context, string, string) error { return nil }
	b.accounts.ConnectFunc = func(context.Context, account.ConnectInput) (account.Connected, error) {
		return account.Connected{}, problem.New(problem.Invalid, "crm.key_invalid")
	}
	rawKey := regexp.MustCompile(`\b(web|error|crm|dialog360)\.[a-z_]+\.?[a-z_]*\b`)
	form := []string{"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"}
	for _, lang := range locale.Supported {
		for _, req := range []struct {
			method, path, form string
			headers            []string
		}{
			{http.MethodGet, "/?lang=" + lang, "", nil},
			{http.MethodPost, "/connect", "lang=" + lang + "&crm_url=x", form},
			{http.MethodGet, "/settings/cid?done=connected&lang=" + lang, "", nil},
			{http.MethodGet, "/settings/empty?done=account_removed&lang=" + lang, "", nil},
			{http.MethodGet, "/settings/frozen?done=key_replaced&lang=" + lang, "", nil},
			{http.MethodPost, "/settings/cid/accounts/7/delete", "lang=" + lang, form},
			{http.MethodGet, "/settings/missing?lang=" + lang, "", nil},
			// A refused cross-site post: its form is not read, so the
			// browser's language counts.
			{http.MethodPost, "/settings/cid/accounts", "", []string{"Sec-Fetch-Site", "cross-site", "Accept-Language", lang}},
		} {
			w := b.do(req.method, req.path, req.form, req.headers...)
			body := w.Body.String()
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: not in %s", req.method, req.path, lang)
			}
			// Only the visible text counts: drop the tags.
			text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
			if m := rawKey.FindString(text); m != "" {
				t.Errorf("%s %s (%s): untranslated key %q", req.method, req.path, lang, m)
			}
		}
	}
}

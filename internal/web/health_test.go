package web

import (
	"context"
	"errors"
	"html"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// healthAccounts are numbers 7 to 12 of connection cid-1, one per health
// state.
func healthAccounts() []account.Account {
	checked := time.Date(2026, 11, 24, 9, 45, 0, 0, time.UTC)
	var out []account.Account
	for i, h := range []account.Health{
		{},
		{Status: "AVAILABLE", CheckedAt: &checked, WebhookOK: true},
		{Status: "LIMITED", Detail: "PHONE_NUMBER: Messaging limit reached Wait 24 hours", CheckedAt: &checked, WebhookOK: true},
		{Status: "BLOCKED", Detail: "BUSINESS: Business not verified", CheckedAt: &checked, WebhookOK: true},
		{Status: "KEY_INVALID", Detail: "360dialog rejects the stored API key", CheckedAt: &checked},
		{Status: "AVAILABLE", CheckedAt: &checked, WebhookOK: false},
	} {
		a := sampleAccount()
		a.ID, a.Health = int64(7+i), h
		out = append(out, a)
	}
	return out
}

func TestSettingsPageHealth(t *testing.T) {
	t.Parallel()
	b := setup(t, func(d *Deps) { d.Health, d.Messages = &fakeHealth{}, trailStore(nil) })
	withSettings(b, "en")
	b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) { return healthAccounts(), nil }
	w := b.do(http.MethodGet, "/settings/cid-1", "")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	T := func(key string) string { return html.EscapeString(b.deps.Catalog.T("en", key, nil)) }
	type badge struct{ Tone, Label string }
	var got []badge
	for _, m := range regexp.MustCompile(`<span class="badge (\w+)"[^>]*>([^<]*)</span>`).FindAllStringSubmatch(body, -1) {
		if m[2] != T("web.status.active") {
			got = append(got, badge{m[1], m[2]})
		}
	}
	want := []badge{
		{"off", T("web.health.unchecked")}, {"ok", T("web.health.available")}, {"warn", T("web.health.limited")},
		{"bad", T("web.health.blocked")}, {"bad", T("web.health.key_invalid")}, {"ok", T("web.health.available")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("health badges (-want +got):\n%s", diff)
	}
	mustContain(t, body,
		`title="PHONE_NUMBER: Messaging limit reached Wait 24 hours"`, // on hover
		`<div class="health-detail">BUSINESS: Business not verified</div>`,
		html.EscapeString(b.deps.Catalog.T("en", "web.health.checked", map[string]any{"At": "2026-11-24 09:45 UTC"})),
		`action="/settings/cid-1/accounts/7/health"`, `href="/settings/cid-1/accounts/7/messages"`)
	// Re-registered callbacks are named for the two numbers whose check found one.
	if n := len(regexp.MustCompile(`class="health-warn"`).FindAllString(body, -1)); n != 2 {
		t.Errorf("callback warnings = %d, want 2 (key rejected, drifted)", n)
	}

	// Without the services, no button and no link.
	b = setup(t)
	withSettings(b, "en")
	w = b.do(http.MethodGet, "/settings/cid-1", "")
	mustNotContain(t, w.Body.String(), "/accounts/7/health", "/accounts/7/messages")
	mustContain(t, w.Body.String(), `<span class="badge off">`+T("web.health.unchecked"))
}

func TestAccountCheck(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		path       string
		headers    []string
		checkErr   error
		wantStatus int
		wantLoc    string
		wantText   string
		wantCheck  []int64
	}{
		"own number": {path: "/settings/cid-1/accounts/7/health", wantStatus: 303,
			wantLoc: "/settings/cid-1?done=health_checked", wantCheck: []int64{7}},
		"number of another connection": {path: "/settings/cid-1/accounts/99/health", wantStatus: 404,
			wantText: "No such number here."},
		"unknown connection": {path: "/settings/cid-2/accounts/7/health", wantStatus: 404,
			wantText: "Not found."},
		"malformed id": {path: "/settings/cid-1/accounts/x/health", wantStatus: 404},
		"check fails": {path: "/settings/cid-1/accounts/7/health", checkErr: errors.New("store: down"),
			wantStatus: 500, wantText: `id="accounts"`, wantCheck: []int64{7}},
		"from another site": {path: "/settings/cid-1/accounts/7/health", wantStatus: 403,
			headers: []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := &fakeHealth{err: tc.checkErr}
			b := setup(t, func(d *Deps) { d.Health = h })
			withSettings(b, "en")
			b.accounts.AccountsFunc = func(_ context.Context, clientID string) ([]account.Account, error) {
				if clientID != "cid-1" {
					return nil, problem.New(problem.Unauthorized, "error.unauthorized")
				}
				return []account.Account{sampleAccount()}, nil
			}
			w := b.post(tc.path, "lang=en", tc.headers...)
			wantStatus(t, w, tc.wantStatus)
			if loc := w.Header().Get("Location"); loc != tc.wantLoc {
				t.Errorf("Location = %q, want %q", loc, tc.wantLoc)
			}
			if tc.wantText != "" {
				mustContain(t, w.Body.String(), tc.wantText)
			}
			if diff := cmp.Diff(tc.wantCheck, h.calls()); diff != "" {
				t.Errorf("CheckHealth calls (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("flash", func(t *testing.T) {
		t.Parallel()
		b := setup(t, func(d *Deps) { d.Health = &fakeHealth{} })
		withSettings(b, "ru")
		w := b.do(http.MethodGet, "/settings/cid-1?done=health_checked", "")
		mustContain(t, w.Body.String(), `class="notice ok" role="status">`+b.deps.Catalog.T("ru", "web.flash.health_checked", nil))
	})

	t.Run("without the service", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		withSettings(b, "en")
		wantStatus(t, b.post("/settings/cid-1/accounts/7/health", ""), http.StatusNotFound)
	})
}

package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/locale"
	"waba-transport/internal/relay"
)

const trailPath = "/settings/cid-1/accounts/7/messages"

func TestMessageTrailPage(t *testing.T) {
	t.Parallel()
	var calls []string
	b := setup(t, func(d *Deps) { d.Messages = trailStore(&calls) })
	withSettings(b, "en")
	T := func(key string, args ...any) string {
		m := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
		return b.deps.Catalog.T("en", key, m)
	}
	E := func(key string, args ...any) string { return html.EscapeString(T(key, args...)) }

	t.Run("search box", func(t *testing.T) {
		w := b.do(http.MethodGet, trailPath, "")
		wantStatus(t, w, http.StatusOK)
		mustContain(t, w.Body.String(), E("web.trail.title"), `action="/settings/cid-1/accounts/7/messages"`, `name="ref"`,
			`action="/settings/cid-1/accounts/7/replay"`, `type="datetime-local"`, `href="/settings/cid-1"`)
		mustNotContain(t, w.Body.String(), `id="trail"`)
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://shop.retailcrm.ru") {
			t.Errorf("CSP = %q", csp)
		}
	})

	t.Run("found by CRM chat id", func(t *testing.T) {
		w := b.do(http.MethodGet, trailPath+"?ref=4211", "")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		mustContain(t, body, E("web.trail.direction.outbound"), ">Read<", "4211", strings.ReplaceAll(trailWAMID1, "+", "&#43;"), trailWAMID2, `value="4211"`,
			// the language switcher keeps the message
			`href="/settings/cid-1/accounts/7/messages?ref=4211&amp;lang=ru"`)
		want := []string{
			T("web.trail.event.received_crm"),
			T("web.trail.event.sent", "Attempt", 1, "WAMID", trailWAMID1),
			T("web.trail.event.status_error", "Status", "failed", "Code", 131026),
			T("web.trail.event.resend_scheduled", "At", "2026-11-24 10:09:35 UTC"),
			T("web.trail.event.resend_started"),
			T("web.trail.event.sent", "Attempt", 2, "WAMID", trailWAMID2),
			T("web.trail.event.reported", "What", "sent, with its WhatsApp id"),
			T("web.trail.event.status", "Status", "delivered"),
			T("web.trail.event.status", "Status", "read"),
			T("web.trail.event.reported", "What", "read"),
		}
		if diff := cmp.Diff(want, stepTexts(body)); diff != "" {
			t.Errorf("steps (-want +got):\n%s", diff)
		}
	})

	t.Run("unknown message", func(t *testing.T) {
		w := b.do(http.MethodGet, trailPath+"?ref=wamid.nope", "")
		wantStatus(t, w, http.StatusNotFound)
		mustContain(t, w.Body.String(), `class="notice err" role="alert">No such message.`, `value="wamid.nope"`, `id="trail-form"`)
		mustNotContain(t, w.Body.String(), `id="trail"`)
	})

	t.Run("after a replay", func(t *testing.T) {
		w := b.do(http.MethodGet, trailPath+"?done=replayed&webhooks=3&jobs=2", "")
		mustContain(t, w.Body.String(), `class="notice ok" role="status">`+E("web.replay.done", "Webhooks", 3, "Jobs", 2))
		w = b.do(http.MethodGet, trailPath+"?done=replayed&webhooks=%3Cb%3E", "")
		mustNotContain(t, w.Body.String(), "<b>")
	})

	t.Run("number of another connection", func(t *testing.T) {
		before := len(calls)
		w := b.do(http.MethodGet, "/settings/cid-1/accounts/9/messages?ref=4211", "")
		wantStatus(t, w, http.StatusNotFound)
		mustContain(t, w.Body.String(), "No such number here.")
		w = b.do(http.MethodGet, "/settings/cid-2/accounts/7/messages?ref=4211", "")
		wantStatus(t, w, http.StatusNotFound)
		if len(calls) != before {
			t.Errorf("Trail called for a number the page does not own: %v", calls[before:])
		}
	})
}

// stepTexts are the step lines of a trail page, unescaped.
func stepTexts(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<div class="step-text">([^<]*)</div>`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestReplayForm(t *testing.T) {
	t.Parallel()
	type call struct{ From, To time.Time }
	for name, tc := range map[string]struct {
		path, form string
		headers    []string
		wantStatus int
		wantLoc    string
		wantText   string
		wantCall   *call
	}{
		"replayed": {
			form: "from=2026-11-24T10:00&to=2026-11-24T11:30&ref=4211&lang=en", wantStatus: 303,
			wantLoc:  trailPath + "?done=replayed&jobs=2&ref=4211&webhooks=3",
			wantCall: &call{time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC)},
		},
		"with seconds": {
			form: "from=2026-11-24T10:00:00&to=2026-11-24T10:00:30", wantStatus: 303,
			wantLoc:  trailPath + "?done=replayed&jobs=2&webhooks=3",
			wantCall: &call{time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 10, 0, 30, 0, time.UTC)},
		},
		"ends before it starts": {
			form: "from=2026-11-24T11:00&to=2026-11-24T10:00&lang=es", wantStatus: 422,
			wantText: "Indique cuándo empieza y termina el intervalo",
		},
		"no range": {form: "from=&to=", wantStatus: 422, wantText: "Enter when the range starts and ends"},
		"from another site": {
			form: "from=2026-11-24T10:00&to=2026-11-24T11:30", headers: []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
			wantStatus: 403,
		},
		"number of another connection": {
			path: "/settings/cid-1/accounts/9/replay", form: "from=2026-11-24T10:00&to=2026-11-24T11:30", wantStatus: 404,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := trailStore(nil)
			var got *call
			replay := fake.ReplayFunc
			fake.ReplayFunc = func(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error) {
				got = &call{from, to}
				if webhookID != 0 {
					t.Errorf("webhookID = %d", webhookID)
				}
				return replay(ctx, clientID, accountID, webhookID, from, to)
			}
			b := setup(t, func(d *Deps) { d.Messages = fake })
			withSettings(b, "en")
			path := tc.path
			if path == "" {
				path = "/settings/cid-1/accounts/7/replay"
			}
			w := b.post(path, tc.form, tc.headers...)
			wantStatus(t, w, tc.wantStatus)
			if loc := w.Header().Get("Location"); loc != tc.wantLoc {
				t.Errorf("Location = %q, want %q", loc, tc.wantLoc)
			}
			if tc.wantText != "" {
				mustContain(t, w.Body.String(), tc.wantText, `id="replay-form"`)
			}
			if diff := cmp.Diff(tc.wantCall, got); diff != "" {
				t.Errorf("Replay call (-want +got):\n%s", diff)
			}
		})
	}
}

// The failed form keeps what was entered.
func TestReplayFormKeepsValues(t *testing.T) {
	t.Parallel()
	b := setup(t, func(d *Deps) { d.Messages = trailStore(nil) })
	withSettings(b, "en")
	w := b.post("/settings/cid-1/accounts/7/replay", "from=2026-11-24T11:00&to=2026-11-24T10:00")
	wantStatus(t, w, http.StatusUnprocessableEntity)
	mustContain(t, w.Body.String(), `value="2026-11-24T11:00"`, `value="2026-11-24T10:00"`,
		// the language switcher leads to the page, not to the post
		`href="/settings/cid-1/accounts/7/messages?lang=ru"`)
}

// Every state of the trail page is translated in every language.
func TestMessageTrailPageTranslated(t *testing.T) {
	t.Parallel()
	b := setup(t, func(d *Deps) { d.Messages = trailStore(nil) })
	withSettings(b, "en")
	b.accounts.SetLanguageFunc = func(context.Context, string, string) error { return nil }
	rawKey := regexp.MustCompile(`\b(web|error|relay|account)\.[a-z_]+\.?[a-z_]*\b`)
	for _, lang := range locale.Supported {
		for _, path := range []string{trailPath, trailPath + "?ref=4211", trailPath + "?ref=nope", trailPath + "?done=replayed&webhooks=1&jobs=0"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			w := b.do(http.MethodGet, path+sep+"lang="+lang, "")
			body := w.Body.String()
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s: not in %s", path, lang)
			}
			text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
			if m := rawKey.FindString(text); m != "" {
				t.Errorf("%s (%s): untranslated key %q", path, lang, m)
			}
		}
	}
}

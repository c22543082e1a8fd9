package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
)

// TestOperationsInBrowser: the settings page shows each number's health and
// checks it on demand; the trail page finds an operator's message that
// failed and was resent, shows its steps in Russian and Spanish, and
// replays a time range.
func TestOperationsInBrowser(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	health := &fakeHealth{}
	s := openSite(t, browser, func(d *Deps) {
		d.Health, d.Messages = health, trailStoreFor("cid-1-secret", 1, nil)
	})
	ctx := context.Background()
	fake := s.store.fake()
	if _, err := fake.Connect(ctx, account.ConnectInput{CRMURL: "https://shop.retailcrm.ru", APIKey: "good", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Support", "Sales"} {
		if _, err := fake.AddAccount(ctx, "cid-1-secret", account.AddInput{APIKey: "good-key-00" + name[:2], Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	checked := time.Date(2026, 11, 24, 9, 45, 0, 0, time.UTC)
	s.store.mu.Lock()
	list := s.store.accts["cid-1-secret"]
	list[0].Health = account.Health{Status: "LIMITED", Detail: "PHONE_NUMBER: Messaging limit reached. Wait 24 hours.",
		CheckedAt: &checked, WebhookOK: false}
	list[0].LastInboundAt = &checked
	list[1].Health = account.Health{Status: "AVAILABLE", CheckedAt: &checked, WebhookOK: true}
	s.store.mu.Unlock()
	T := func(lang, key string, args ...any) string {
		m := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
		return s.cat.T(lang, key, m)
	}

	// Health on the settings page.
	s.do(t, chromedp.Navigate(s.url+"/settings/cid-1-secret?lang=en"), chromedp.WaitVisible(chromedp.CSS("#accounts")))
	if got, want := s.text(t, "#account-1 .health .badge"), T("en", "web.health.limited"); got != want {
		t.Errorf("badge = %q, want %q", got, want)
	}
	if got := s.eval(t, `document.querySelector('#account-1 .health .badge').className + '|' + document.querySelector('#account-1 .health .badge').title`); got != "badge warn|PHONE_NUMBER: Messaging limit reached. Wait 24 hours." {
		t.Errorf("badge class|title = %q", got)
	}
	if got, want := s.text(t, "#account-1 .health-warn"), T("en", "web.health.reregistered"); got != want {
		t.Errorf("callback warning = %q, want %q", got, want)
	}
	if got, want := s.text(t, "#account-2 .health .badge"), T("en", "web.health.available"); got != want {
		t.Errorf("second badge = %q, want %q", got, want)
	}
	if n := s.eval(t, `String(document.querySelectorAll('#account-2 .health-warn').length)`); n != "0" {
		t.Errorf("a number whose callback was fine shows %s warnings", n)
	}
	s.screenshot(t, "ops-settings-health")
	s.do(t, chromedp.EmulateViewport(360, 780))
	s.screenshot(t, "ops-settings-health-360px")
	s.do(t, chromedp.EmulateViewport(1200, 900))

	s.submit(t, "#account-2 .health-form button")
	if got, want := s.text(t, ".notice.ok"), T("en", "web.flash.health_checked"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if diff := cmp.Diff([]int64{2}, health.calls()); diff != "" {
		t.Errorf("CheckHealth calls (-want +got):\n%s", diff)
	}

	// Find a message.
	s.submit(t, `#account-1 a[href$="/accounts/1/messages"]`)
	if got, want := s.text(t, "h1"), T("en", "web.trail.title"); got != want {
		t.Fatalf("h1 = %q, want %q", got, want)
	}
	s.do(t, chromedp.SendKeys(chromedp.CSS("#trail-ref"), "4211"))
	s.submit(t, "#trail-form button[type=submit]")
	steps := func(lang string) {
		t.Helper()
		p := &page{cat: s.cat, Lang: lang}
		var want []string
		for _, ev := range sampleTrail().Events {
			want = append(want, describeEvent(p, "outbound", ev).Text)
		}
		got := strings.Split(s.eval(t, `Array.from(document.querySelectorAll('#trail-steps .step-text')).map(e => e.textContent).join('\n')`), "\n")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s steps (-want +got):\n%s", lang, diff)
		}
		if got, want := s.text(t, "#trail-state"), T(lang, "web.trail.state.read"); got != want {
			t.Errorf("%s state = %q, want %q", lang, got, want)
		}
	}
	steps("en")
	s.screenshot(t, "trail-en")

	s.submit(t, `nav.langs a[hreflang=ru]`)
	steps("ru")
	if got, want := s.eval(t, `document.querySelectorAll('#trail-steps .step-text')[1].textContent`),
		"Отправлено в WhatsApp (попытка 1, id WhatsApp "+trailWAMID1+")"; got != want {
		t.Errorf("ru second step = %q, want %q", got, want)
	}
	s.screenshot(t, "trail-ru")

	s.submit(t, `nav.langs a[hreflang=es]`)
	steps("es")
	if got, want := s.eval(t, `document.querySelectorAll('#trail-steps .step-text')[3].textContent`),
		"Reenvío programado para 2026-11-24 10:09:35 UTC"; got != want {
		t.Errorf("es fourth step = %q, want %q", got, want)
	}
	s.screenshot(t, "trail-es")
	s.do(t, chromedp.EmulateViewport(360, 780))
	s.screenshot(t, "trail-es-360px")
	s.do(t, chromedp.EmulateViewport(1200, 900))

	// Replay the prefilled range (the last 24 hours): the page says what it
	// did and still shows the message.
	s.submit(t, "#replay-form button[type=submit]")
	if got, want := s.text(t, ".notice.ok"), T("es", "web.replay.done", "Webhooks", 3, "Jobs", 2); got != want {
		t.Errorf("replay flash = %q, want %q", got, want)
	}
	steps("es")
	s.screenshot(t, "trail-replayed-es")

	// An id that names no message.
	s.do(t, chromedp.SetValue(chromedp.CSS("#trail-ref"), "wamid.nope"))
	s.submit(t, "#trail-form button[type=submit]")
	if got, want := s.text(t, ".notice.err"), T("es", "relay.message_not_found"); got != want {
		t.Errorf("not found = %q, want %q", got, want)
	}
	if n := s.eval(t, `String(document.querySelectorAll('#trail-steps').length)`); n != "0" {
		t.Errorf("steps shown for an unknown id")
	}
	s.screenshot(t, "trail-not-found-es")
}

package web

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"waba-transport/internal/chromium"
	"waba-transport/internal/locale"
)

// browserSite is one test server with its store, seen through one tab.
type browserSite struct {
	store *memStore
	cat   *locale.Catalog
	url   string
	ctx   context.Context // the tab, with the test's time limit
	shots string
}

// startBrowser starts one headless Chromium for all browser subtests, or
// skips when there is none (outside CI).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	return chromium.Start(t, 1200, 900)
}

// openSite starts a server over a fresh store and opens a tab for it; edit
// may add optional services to the server's Deps.
func openSite(t *testing.T, browser context.Context, edit ...func(*Deps)) *browserSite {
	t.Helper()
	store := newMemStore()
	cat := testCatalog(t)
	deps := Deps{
		Logger: slog.New(slog.DiscardHandler), Catalog: cat, Accounts: store.fake(),
		Inbound: &fakeInbound{}, MG: &fakeMG{},
	}
	for _, e := range edit {
		e(&deps)
	}
	srv := httptest.NewServer(NewServer(deps))
	t.Cleanup(srv.Close)
	// A browser context of its own keeps this tab's cookies (the language)
	// from the other subtests: cookies ignore the port.
	ctx := chromium.OpenTab(t, browser, 20*time.Second, chromedp.WithNewBrowserContext())
	watchConsole(t, ctx)
	return &browserSite{store: store, cat: cat, url: srv.URL, ctx: ctx, shots: chromium.ScreenshotDir(t)}
}

// watchConsole fails the test when a page logs an error (see
// chromium.WatchConsole).
func watchConsole(t *testing.T, ctx context.Context) {
	t.Helper()
	// Error pages are expected to answer 4xx; the browser logs those loads.
	chromium.WatchConsole(t, ctx, func(e string) bool { return strings.Contains(e, "status of 4") })
}

// do runs steps and fails the test on error.
func (s *browserSite) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	chromium.Do(t, s.ctx, steps...)
}

// submit clicks sel and waits until the page it leads to has loaded.
func (s *browserSite) submit(t *testing.T, sel string) {
	t.Helper()
	if _, err := chromedp.RunResponse(s.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// frame attaches to the iframe whose URL starts with prefix. A cross-site
// iframe is a target of its own in Chromium (site isolation).
func (s *browserSite) frame(t *testing.T, prefix string) context.Context {
	t.Helper()
	for range 50 {
		infos, err := chromedp.Targets(s.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
				ctx, cancel := chromedp.NewContext(s.ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				return ctx
			}
		}
		time.Sleep(100 * time.Millisecond) // polling for the frame to attach, not an assertion
	}
	t.Fatalf("no iframe at %s", prefix)
	return nil
}

func (s *browserSite) text(t *testing.T, sel string) string {
	t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

func (s *browserSite) eval(t *testing.T, js string) string {
	t.Helper()
	return chromium.Eval(t, s.ctx, js)
}

func (s *browserSite) rows(t *testing.T) string {
	return s.eval(t, `String(document.querySelectorAll('#accounts tbody tr').length)`)
}

func (s *browserSite) screenshot(t *testing.T, name string) {
	t.Helper()
	chromium.Screenshot(t, s.ctx, s.shots, name)
}

package web

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
	path, err := exec.LookPath("chromium")
	if err != nil {
		path = "/usr/bin/chromium"
		if _, err := os.Stat(path); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("chromium not found; the browser tests must run in CI")
			}
			t.Skip("chromium not found")
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1200, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no time limit
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
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
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab, with no time limit
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	t.Cleanup(cancel)
	watchConsole(t, ctx)
	shots := os.Getenv("WABA_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browserSite{store: store, cat: cat, url: srv.URL, ctx: ctx, shots: shots}
}

// watchConsole fails the test when a page logs an error: a script
// exception, a refused load, or a Content-Security-Policy violation (which
// is how a forgotten inline style or script shows).
func watchConsole(t *testing.T, ctx context.Context) {
	t.Helper()
	cctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(cctx)
	var mu sync.Mutex
	var errs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				mu.Lock()
				errs = append(errs, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		stop()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, e := range errs {
			// Error pages are expected to answer 4xx; the browser logs those loads.
			if strings.Contains(e, "status of 4") {
				continue
			}
			t.Errorf("browser console: %s", e)
		}
	})
}

// do runs steps and fails the test on error.
func (s *browserSite) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(s.ctx, steps...); err != nil {
		t.Fatal(err)
	}
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
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (s *browserSite) rows(t *testing.T) string {
	return s.eval(t, `String(document.querySelectorAll('#accounts tbody tr').length)`)
}

func (s *browserSite) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(s.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

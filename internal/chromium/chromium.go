// Package chromium is the headless-Chromium harness of the browser tests
// (the web pages and the sandbox page): one place that finds and starts the
// browser, opens tabs with a guard against a hung browser, fails a test on
// console errors and saves screenshots. Only tests import it.
package chromium

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts one headless Chromium with a window of width×height for t
// and its subtests, and stops it when t ends. Without Chromium it skips t,
// except under CI=true: there the browser tests must run, so it fails t.
func Start(t testing.TB, width, height int) context.Context {
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
		chromedp.WindowSize(width, height),
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

// OpenTab opens a tab in browser (opts as for chromedp.NewContext) and
// returns it with limit as its time limit, closing it when t ends. The
// limit guards against a hung browser only: a loaded CI machine makes a
// healthy run slow, so it should be generous.
func OpenTab(t testing.TB, browser context.Context, limit time.Duration, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(browser, opts...)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab, with no time limit
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, limit)
	t.Cleanup(cancel)
	return ctx
}

// WatchConsole fails t, when it ends, for each error the page in ctx logged:
// a script exception, a refused load or a Content-Security-Policy violation
// (which is how a forgotten inline style or script shows). Messages for
// which ignore, when not nil, is true are expected and pass.
func WatchConsole(t testing.TB, ctx context.Context, ignore func(message string) bool) {
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
			if ignore != nil && ignore(e) {
				continue
			}
			t.Errorf("browser console: %s", e)
		}
	})
}

// ScreenshotDir is where screenshots go: $WABA_SCREENSHOT_DIR, which CI
// keeps as artifacts, or else a directory removed after t.
func ScreenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("WABA_SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Screenshot saves the whole page in ctx as dir/name.png.
func Screenshot(t testing.TB, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Do runs steps in ctx and fails t on an error, so that a test reads as its
// steps.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// Eval evaluates the JavaScript expression js, which must give a string, in
// ctx and fails t on an error.
func Eval(t testing.TB, ctx context.Context, js string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

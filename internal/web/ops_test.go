package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"waba-transport/internal/account"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		ready      func(context.Context) error
		wantStatus int
	}{
		"no check": {nil, http.StatusOK},
		"ready":    {func(context.Context) error { return nil }, http.StatusOK},
		"db down":  {func(context.Context) error { return errors.New("dial tcp: refused") }, http.StatusServiceUnavailable},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, func(d *Deps) { d.Ready = tc.ready })
			w := b.do(http.MethodGet, "/healthz", "")
			wantStatus(t, w, http.StatusOK)
			if w.Body.String() != "ok\n" {
				t.Errorf("healthz body = %q", w.Body.String())
			}
			wantStatus(t, b.do(http.MethodGet, "/readyz", ""), tc.wantStatus)
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	b := setup(t)
	wantStatus(t, b.do(http.MethodGet, "/metrics", ""), http.StatusNotFound)

	b = setup(t, func(d *Deps) {
		d.Metrics = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("up 1\n")) })
	})
	w := b.do(http.MethodGet, "/metrics", "")
	wantStatus(t, w, http.StatusOK)
	if w.Body.String() != "up 1\n" {
		t.Errorf("metrics body = %q", w.Body.String())
	}
}

// The pages link their CSS and JS by hashed URL; those URLs must resolve.
func TestStaticFiles(t *testing.T) {
	t.Parallel()
	b := setup(t)
	page := b.do(http.MethodGet, "/", "").Body.String()
	links := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(links) != 3 {
		t.Fatalf("want 3 static links, got %v", links)
	}
	for _, l := range links {
		w := b.do(http.MethodGet, l[1], "")
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || w.Body.Len() < 300 {
			t.Errorf("%s: Cache-Control %q, %d bytes", l[1], w.Header().Get("Cache-Control"), w.Body.Len())
		}
	}
	wantStatus(t, b.do(http.MethodGet, "/static/", ""), http.StatusNotFound)
	wantStatus(t, b.do(http.MethodGet, "/static/nope.js", ""), http.StatusNotFound)
}

func TestExtraRoutes(t *testing.T) {
	t.Parallel()
	b := setup(t, func(d *Deps) {
		d.Extra = func(mux *http.ServeMux) {
			mux.HandleFunc("GET /sandbox/{$}", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("sandbox")) })
		}
	})
	w := b.do(http.MethodGet, "/sandbox/", "")
	wantStatus(t, w, http.StatusOK)
	if w.Body.String() != "sandbox" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("extra route: %q, headers %v", w.Body.String(), w.Header())
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) { panic("nil map in store") }
	w := b.do(http.MethodGet, "/api/v1/connections/cid-1/accounts", "")
	wantStatus(t, w, http.StatusInternalServerError)
	if e := parseError(t, w); e.Error.Code != "error.internal" {
		t.Errorf("code = %q", e.Error.Code)
	}
	if !strings.Contains(b.logs.String(), "nil map in store") {
		t.Errorf("panic not logged: %s", b.logs.String())
	}
}

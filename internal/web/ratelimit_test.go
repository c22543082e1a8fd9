package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"waba-transport/internal/locale"
)

// TestPagesAndAPIAreRateLimitedPerConnection: a flood on one connection's API
// is refused with 429 while another connection is served.
func TestPagesAndAPIAreRateLimitedPerConnection(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	h := rateLimited(newUI(slog.New(slog.DiscardHandler), cat, "http://x"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	limited := 0
	for range pageBurst + 20 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/connections/flooder/accounts", nil))
		if rec.Code == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 || calls > pageBurst+5 {
		t.Fatalf("%d refused, %d served of %d", limited, calls, pageBurst+20)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/settings/someone-else", nil))
	if rec.Code == http.StatusTooManyRequests {
		t.Fatal("another connection was limited by the flood")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/webhooks/360dialog/x", nil))
	if rec.Code == http.StatusTooManyRequests {
		t.Fatal("webhooks are limited here; they have their own limits")
	}
}

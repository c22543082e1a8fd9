package dialog360

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestErrorShapes sends each documented error body through the client and
// checks the *Error the caller gets.
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		body    []byte
		want    Error
		wantMsg string
	}{
		{
			name: "meta", status: http.StatusBadRequest, body: readFile(t, "errors/meta.json"),
			want: Error{
				HTTPStatus: 400, Code: 131047, Subcode: 2494010, Type: "OAuthException", TraceID: "AbCdEf1234567890",
				Message: "(#131047) Re-engagement message",
				Details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
			},
			wantMsg: "dialog360: HTTP 400 code 131047/2494010: (#131047) Re-engagement message: Message failed to send",
		},
		{
			name: "360dialog meta", status: http.StatusUnauthorized, body: readFile(t, "errors/d360_meta.json"),
			want:    Error{HTTPStatus: 401, Message: "Invalid api_key"},
			wantMsg: "dialog360: HTTP 401: Invalid api_key",
		},
		{
			name: "error string", status: http.StatusBadRequest, body: readFile(t, "errors/error_string.json"),
			want:    Error{HTTPStatus: 400, Message: "The number of destinations exceeds the limit of 3"},
			wantMsg: "dialog360: HTTP 400: The number of destinations exceeds the limit of 3",
		},
		{
			name: "legacy errors list", status: http.StatusNotFound, body: readFile(t, "errors/legacy.json"),
			want:    Error{HTTPStatus: 404, Code: 1006, Title: "Resource not found", Details: "unknown media id"},
			wantMsg: "dialog360: HTTP 404 code 1006: Resource not found: unknown media id",
		},
		{
			name: "html gateway page", status: http.StatusBadGateway, body: readFile(t, "errors/html.txt"),
			want:    Error{HTTPStatus: 502, Message: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>"},
			wantMsg: "dialog360: HTTP 502: <html>",
		},
		{
			name: "empty body", status: http.StatusServiceUnavailable,
			want:    Error{HTTPStatus: 503, Message: "Service Unavailable"},
			wantMsg: "dialog360: HTTP 503: Service Unavailable",
		},
		{
			name: "endpoint rate limit as 360dialog meta", status: http.StatusBadRequest,
			body:    []byte(`{"meta":{"success":false,"http_code":400,"developer_message":"You have exceeded the endpoint rate limit."}}`),
			want:    Error{HTTPStatus: 400, Message: "You have exceeded the endpoint rate limit."},
			wantMsg: "dialog360: HTTP 400: You have exceeded the endpoint rate limit.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeAPI(t, reply{status: tt.status, body: tt.body})
			_, err := New(srv.URL, nil).Send(t.Context(), testKey, OutMessage{To: "34600111222", Type: TypeText, Text: &Text{Body: "hola"}})
			e, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("error %v (%T) is not *Error", err, err)
			}
			if d := cmp.Diff(tt.want, *e, cmpopts.IgnoreUnexported(Error{})); d != "" {
				t.Errorf("Error (-want +got):\n%s", d)
			}
			if !strings.HasPrefix(e.Error(), tt.wantMsg) {
				t.Errorf("Error() = %q, want prefix %q", e.Error(), tt.wantMsg)
			}
		})
	}
}

// TestErrorRetryAfterAndKey checks Retry-After is kept, the key never shows in
// the text even if the server echoes it, and InvalidKey classifies 401.
func TestErrorRetryAfterAndKey(t *testing.T) {
	t.Parallel()
	srv := newFakeAPI(t, reply{
		status: http.StatusTooManyRequests,
		header: map[string]string{"Retry-After": "7"},
		body:   []byte(`{"error":{"message":"Rate limit hit for key ` + testKey + `","code":130429,"type":"OAuthException"}}`),
	}, reply{
		status: http.StatusUnauthorized,
		body:   []byte(`{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key ` + testKey + `"}}`),
	})
	c := New(srv.URL, nil)
	_, err := c.HealthStatus(t.Context(), testKey)
	e, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("error %v is not *Error", err)
	}
	if e.RetryAfter() != 7*time.Second || e.Code != 130429 || e.InvalidKey() {
		t.Errorf("RetryAfter %v, Code %d, InvalidKey %v; want 7s, 130429, false", e.RetryAfter(), e.Code, e.InvalidKey())
	}
	if strings.Contains(e.Error(), testKey) || strings.Contains(e.Message, testKey) {
		t.Errorf("error text leaks the key: %q", e.Error())
	}
	_, err = c.Webhook(t.Context(), testKey)
	if e, ok := errors.AsType[*Error](err); !ok || !e.InvalidKey() || e.RetryAfter() != 0 || strings.Contains(e.Error(), testKey) {
		t.Errorf("401: got %v, want an *Error with InvalidKey, no Retry-After, no key", err)
	}
}

// TestRetryAfterDate checks the HTTP-date form, measured against the answer's Date.
func TestRetryAfterDate(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	h.Set("Date", "Tue, 01 Dec 2026 10:00:00 GMT")
	h.Set("Retry-After", "Tue, 01 Dec 2026 10:02:30 GMT")
	if got := retryAfter(h); got != 150*time.Second {
		t.Errorf("retryAfter = %v, want 2m30s", got)
	}
	h.Set("Retry-After", "soon")
	if got := retryAfter(h); got != 0 {
		t.Errorf("retryAfter(garbage) = %v, want 0", got)
	}
}

// TestNetworkErrors checks transport failures are wrapped, match context
// errors, and do not mention the key.
func TestNetworkErrors(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(block) })
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := New(srv.URL, nil).HealthStatus(ctx, testKey)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v, want context.Canceled", err)
	}
	if _, ok := errors.AsType[*Error](err); ok || err != nil && strings.Contains(err.Error(), testKey) {
		t.Errorf("cancelled call: %v must be a plain wrapped error without the key", err)
	}
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := New(srv.URL, nil).Webhook(ctx, testKey); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timed-out call: %v, want context.DeadlineExceeded", err)
	}
	if _, err := New(srv.URL, nil).Webhook(t.Context(), ""); err == nil {
		t.Error("empty key accepted")
	}
}

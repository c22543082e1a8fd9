package crm

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/problem"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const testKey = "key-SECRET-0123456789"

// fakeCRM answers with status and body and records the last request.
type fakeCRM struct {
	mu   sync.Mutex
	last *http.Request
	body []byte
	srv  *httptest.Server
}

func newFakeCRM(t *testing.T, status int, body string) *fakeCRM {
	t.Helper()
	f := &fakeCRM{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.last, f.body = r, b
		f.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeCRM) client() *Client { return New(f.srv.URL+"/", testKey, f.srv.Client()) }

// golden is the recorded request: the form is decoded and a JSON field is
// embedded parsed, so the comparison ignores key order and escaping.
func (f *fakeCRM) golden(t *testing.T) map[string]any {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	g := map[string]any{"method": f.last.Method, "path": f.last.URL.EscapedPath()}
	if ct := f.last.Header.Get("Content-Type"); ct != "" {
		g["content_type"] = ct
	}
	if len(f.body) > 0 {
		q, err := url.ParseQuery(string(f.body))
		if err != nil {
			t.Fatal(err)
		}
		form := map[string]any{}
		for k := range q {
			var v any
			if err := json.Unmarshal([]byte(q.Get(k)), &v); err != nil {
				v = q.Get(k)
			}
			form[k] = v
		}
		g["form"] = form
	}
	return g
}

func checkGolden(t *testing.T, name string, got map[string]any) {
	t.Helper()
	path := filepath.Join("testdata", "requests", name+".json")
	b, _ := json.MarshalIndent(got, "", "  ")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(b, &g)
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("%s mismatch (-golden +got):\n%s", path, d)
	}
}

func module() IntegrationModule {
	active := true
	return IntegrationModule{
		Code: "waba-transport", IntegrationCode: "waba-transport", Active: &active, Name: "WhatsApp Business (360dialog)",
		Logo: "https://waba.example.com/static/logo.svg", ClientID: "c0ffee", BaseURL: "https://waba.example.com",
		AccountURL: "https://waba.example.com/settings/c0ffee", Actions: map[string]string{"activity": "/actions/activity"},
		AvailableCountries: []string{"ES", "PT", "BR"},
		Integrations: Integrations{MgTransport: &MgTransport{
			WebhookURL: "https://waba.example.com/webhooks/mg/c0ffee",
			Actions:    map[string]string{"manualTemplatesSync": "/actions/templates-sync"},
		}},
	}
}

func TestCredentialsRequestAndAnswer(t *testing.T) {
	t.Parallel()
	f := newFakeCRM(t, 200, `{"success":true,"credentials":["/api/orders"],"scopes":["order_read","integration_read"],
		"siteAccess":"access_selective","sitesAvailable":["shop-es"]}`)
	got, err := f.client().Credentials(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := Credentials{Success: true, Credentials: []string{"/api/orders"}, Scopes: []string{"order_read", "integration_read"},
		SiteAccess: "access_selective", SitesAvailable: []string{"shop-es"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
	if k := f.last.Header.Get("X-API-KEY"); k != testKey {
		t.Errorf("X-API-KEY = %q", k)
	}
	checkGolden(t, "credentials", f.golden(t))
}

func TestEditIntegrationModuleRequestAndAnswer(t *testing.T) {
	t.Parallel()
	f := newFakeCRM(t, 201, `{"success":true,"info":{"mgTransport":{"endpointUrl":"https://mg-s1.retailcrm.pro","token":"mgtok"},
		"billingInfo":{"price":0,"currency":{"code":"EUR"}}}}`)
	got, err := f.client().EditIntegrationModule(t.Context(), module())
	if err != nil {
		t.Fatal(err)
	}
	want := IntegrationResult{Success: true, MGTransport: MgTransportInfo{EndpointURL: "https://mg-s1.retailcrm.pro", Token: "mgtok"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
	if k := f.last.Header.Get("X-API-KEY"); k != testKey {
		t.Errorf("X-API-KEY = %q", k)
	}
	checkGolden(t, "edit_integration_module", f.golden(t))
}

func TestEditIntegrationModuleWithoutChat(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"success":true,"info":[]}`, `{"success":true,"info":{"mgTransport":[]}}`, `{"success":true,"info":{"mgTransport":null}}`, `{"success":true}`} {
		f := newFakeCRM(t, 200, body)
		_, err := f.client().EditIntegrationModule(t.Context(), module())
		if pe := problem.As(err); pe == nil || pe.Key != "crm.chat_unavailable" {
			t.Errorf("%s: err = %v, want crm.chat_unavailable", body, err)
		}
	}
}

func TestStatusMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status int
		body   string
		kind   problem.Kind
		key    string
		args   map[string]any
	}{
		{"bad key 403", 403, `{"success":false,"errorMsg":"Wrong \"apiKey\" value."}`, problem.Forbidden, "crm.key_invalid", nil},
		{"bad key 401", 401, ``, problem.Forbidden, "crm.key_invalid", nil},
		{"unpaid", 402, `{"success":false,"errorMsg":"Insufficient funds"}`, problem.PaymentRequired, "crm.payment_required", nil},
		{"not an api", 404, `<html>Not found</html>`, problem.Invalid, "crm.not_found", nil},
		{"refused with message", 400, `{"success":false,"errorMsg":"Chats are not enabled","errors":{"code":"bad"}}`,
			problem.Upstream, "crm.refused", map[string]any{"Message": "Chats are not enabled"}},
		{"refused with error list", 400, `{"success":false,"errorMsg":"Errors in the entity format","errors":["code: blank"]}`,
			problem.Upstream, "crm.refused", map[string]any{"Message": "Errors in the entity format"}},
		{"refused without message", 422, `oops`, problem.Upstream, "crm.refused", map[string]any{"Message": "HTTP 422"}},
		{"rate limited", 429, `{"success":false,"errorMsg":"Too Many Requests"}`, problem.Upstream, "crm.refused", map[string]any{"Message": "Too Many Requests"}},
		{"success false on 200", 200, `{"success":false,"errorMsg":"Not allowed"}`, problem.Upstream, "crm.refused", map[string]any{"Message": "Not allowed"}},
		{"server error", 500, `{"success":false,"errorMsg":"Internal"}`, problem.Unavailable, "crm.unreachable", nil},
		{"bad gateway", 502, `<html/>`, problem.Unavailable, "crm.unreachable", nil},
		{"html on 200", 200, `<!doctype html><title>Shop</title>`, problem.Unavailable, "crm.unreachable", nil},
		{"redirect to elsewhere", 302, ``, problem.Invalid, "crm.not_found", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeCRM(t, tc.status, tc.body)
			_, err := f.client().Credentials(t.Context())
			pe := problem.As(err)
			if pe == nil {
				t.Fatalf("err = %v, want a problem", err)
			}
			if pe.Kind != tc.kind || pe.Key != tc.key {
				t.Errorf("got %s %s, want %s %s", pe.Kind, pe.Key, tc.kind, tc.key)
			}
			if d := cmp.Diff(tc.args, pe.Args); d != "" {
				t.Errorf("args: %s", d)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error leaks the API key: %v", err)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	t.Run("closed server", func(t *testing.T) {
		t.Parallel()
		f := newFakeCRM(t, 200, `{}`)
		c := f.client()
		f.srv.Close()
		_, err := c.Credentials(t.Context())
		if !problem.Is(err, problem.Unavailable) || problem.As(err).Key != "crm.unreachable" || strings.Contains(err.Error(), testKey) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		f := newFakeCRM(t, 200, `{}`)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := f.client().Credentials(ctx)
		if !problem.Is(err, problem.Unavailable) {
			t.Errorf("err = %v", err)
		}
	})
}

// TestRedirects checks that the key follows a same-host redirect but is
// never sent to another host.
func TestRedirects(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var otherGotKey string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherGotKey = r.Header.Get("X-API-KEY")
		mu.Unlock()
		_, _ = io.WriteString(w, `{"success":true}`)
	}))
	t.Cleanup(other.Close)
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/moved"), http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/away/"):
			http.Redirect(w, r, other.URL+"/api/credentials", http.StatusFound)
		case r.Header.Get("X-API-KEY") == testKey:
			_, _ = io.WriteString(w, `{"success":true,"siteAccess":"access_full"}`)
		default:
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(crm.Close)

	got, err := New(crm.URL+"/moved", testKey, crm.Client()).Credentials(t.Context())
	if err != nil || got.SiteAccess != "access_full" {
		t.Errorf("same-host redirect: %+v, %v", got, err)
	}
	_, err = New(crm.URL+"/away", testKey, crm.Client()).Credentials(t.Context())
	if pe := problem.As(err); pe == nil || pe.Key != "crm.not_found" {
		t.Errorf("cross-host redirect: err = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if otherGotKey != "" {
		t.Error("the API key was sent to another host")
	}
}

package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

func TestDialog360Webhook(t *testing.T) {
	t.Parallel()
	const payload = `{"object":"whatsapp_business_account","entry":[]}`
	for name, tc := range map[string]struct {
		secret     string
		body       string
		wantStatus int
		wantBody   any
		wantCalled bool
	}{
		"accepted":     {"s3cret", payload, 200, map[string]any{}, true},
		"wrong secret": {"guess", payload, 401, nil, true},
		"2 MiB body":   {"s3cret", `{"x":"` + strings.Repeat("x", 2<<20) + `"}`, 413, nil, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			called := false
			b.inbound.AcceptFunc = func(_ context.Context, ref, secret string, body []byte) error {
				called = true
				if ref != "acc-42" || string(body) != payload {
					t.Errorf("Accept(%q, body %d bytes)", ref, len(body))
				}
				if secret != "s3cret" {
					return problem.New(problem.Unauthorized, "webhook.bad_secret")
				}
				return nil
			}
			w := b.do(http.MethodPost, "/webhooks/360dialog/acc-42", tc.body,
				"X-Waba-Secret", tc.secret, "Content-Type", "application/json")
			wantStatus(t, w, tc.wantStatus)
			if called != tc.wantCalled {
				t.Errorf("Accept called = %v, want %v", called, tc.wantCalled)
			}
			if tc.wantBody != nil {
				if diff := cmp.Diff(tc.wantBody, decodeBody(t, w.Body)); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			} else if e := parseError(t, w); e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("error body = %+v", e)
			}
		})
	}
}

// With a partner secret, a callback that carries x-360dialog-signature must
// be signed with it (hex or base64, the docs do not say which); one without
// the header still goes to Accept, which checks the account's own secret.
func TestDialog360PartnerSignature(t *testing.T) {
	t.Parallel()
	const (
		partner = "partner-platform-secret"
		payload = `{"object":"whatsapp_business_account","entry":[]}`
	)
	sum := func(key, body string) []byte {
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(body))
		return m.Sum(nil)
	}
	good := sum(partner, payload)
	for name, tc := range map[string]struct {
		secret     string   // Deps.PartnerSecret
		header     []string // the signature header, if sent
		wantStatus int
		wantCalled bool
	}{
		"valid hex":              {partner, []string{hex.EncodeToString(good)}, 200, true},
		"valid hex, prefixed":    {partner, []string{"sha256=" + strings.ToUpper(hex.EncodeToString(good))}, 200, true},
		"valid base64":           {partner, []string{base64.StdEncoding.EncodeToString(good)}, 200, true},
		"valid base64 URL, raw":  {partner, []string{base64.RawURLEncoding.EncodeToString(good)}, 200, true},
		"wrong secret":           {partner, []string{hex.EncodeToString(sum("guess", payload))}, 401, false},
		"another body's":         {partner, []string{base64.StdEncoding.EncodeToString(sum(partner, payload+" "))}, 401, false},
		"garbage":                {partner, []string{"not a signature"}, 401, false},
		"empty":                  {partner, []string{""}, 401, false},
		"absent":                 {partner, nil, 200, true},
		"no partner secret here": {"", []string{"not a signature"}, 200, true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, func(d *Deps) { d.PartnerSecret = tc.secret })
			called := false
			b.inbound.AcceptFunc = func(_ context.Context, ref, secret string, body []byte) error {
				called = true
				if secret != "s3cret" || string(body) != payload {
					return problem.New(problem.Unauthorized, "webhook.bad_secret")
				}
				return nil
			}
			r := httptest.NewRequest(http.MethodPost, "/webhooks/360dialog/acc-42", strings.NewReader(payload))
			r.Header.Set("X-Waba-Secret", "s3cret")
			if tc.header != nil {
				r.Header["X-360dialog-Signature"] = tc.header
			}
			w := httptest.NewRecorder()
			b.handler.ServeHTTP(w, r)
			wantStatus(t, w, tc.wantStatus)
			if called != tc.wantCalled {
				t.Errorf("Accept called = %v, want %v", called, tc.wantCalled)
			}
			if tc.wantStatus == 401 {
				if e := parseError(t, w); e.Error.Code != "web.error.bad_signature" {
					t.Errorf("error = %+v", e)
				}
			}
			if strings.Contains(b.logs.String(), partner) {
				t.Error("the partner secret is in the logs")
			}
		})
	}
}

func TestMGWebhook(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		path, header string
		reply        any
		err          error
		wantClient   string
		wantStatus   int
		wantBody     any
	}{
		"client id in path":      {"/webhooks/mg/cid-path", "cid-header", map[string]any{"external_message_id": "wamid.1"}, nil, "cid-path", 200, map[string]any{"external_message_id": "wamid.1"}},
		"client id in header":    {"/webhooks/mg", "cid-header", nil, nil, "cid-header", 200, map[string]any{}},
		"unknown client":         {"/webhooks/mg/nope", "", nil, problem.New(problem.Unauthorized, "webhook.bad_secret"), "nope", 401, map[string]any{"error": map[string]any{"code": "webhook.bad_secret", "message": "Wrong secret."}}},
		"failure of the handler": {"/webhooks/mg/cid", "", nil, problem.New(problem.Upstream, "dialog360.key_invalid"), "cid", 502, map[string]any{"error": map[string]any{"code": "dialog360.key_invalid", "message": "The 360dialog key is wrong."}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			var gotClient, gotBody string
			b.mg.HandleFunc = func(_ context.Context, clientID string, body []byte) (any, error) {
				gotClient, gotBody = clientID, string(body)
				return tc.reply, tc.err
			}
			w := b.do(http.MethodPost, tc.path, `{"type":"message_sent"}`, "Clientid", tc.header)
			wantStatus(t, w, tc.wantStatus)
			if gotClient != tc.wantClient || gotBody != `{"type":"message_sent"}` {
				t.Errorf("Handle(%q, %q)", gotClient, gotBody)
			}
			if diff := cmp.Diff(tc.wantBody, decodeBody(t, w.Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMGWebhookTooLarge(t *testing.T) {
	t.Parallel()
	b := setup(t) // Handle is not set: reaching it would be a 500
	w := b.do(http.MethodPost, "/webhooks/mg/cid", strings.Repeat("x", 2<<20))
	wantStatus(t, w, http.StatusRequestEntityTooLarge)
}

func TestActivityCallback(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		form       string
		err        error
		want       *account.Activity
		wantStatus int
		wantBody   map[string]any
	}{
		"switched on": {
			form:       "clientId=cid-1&activity=%7B%22active%22%3Atrue%2C%22freeze%22%3Afalse%7D&systemUrl=https%3A%2F%2Fshop.retailcrm.ru",
			want:       &account.Activity{ClientID: "cid-1", Active: true, SystemURL: "https://shop.retailcrm.ru"},
			wantStatus: 200, wantBody: map[string]any{"success": true},
		},
		"frozen": {
			form:       "clientId=cid-1&activity=%7B%22active%22%3Atrue%2C%22freeze%22%3Atrue%7D&systemUrl=https%3A%2F%2Fshop.retailcrm.ru",
			want:       &account.Activity{ClientID: "cid-1", Active: true, Freeze: true, SystemURL: "https://shop.retailcrm.ru"},
			wantStatus: 200, wantBody: map[string]any{"success": true},
		},
		"unknown client": {
			form:       "clientId=nope&activity=%7B%22active%22%3Afalse%7D",
			err:        problem.New(problem.NotFound, "error.not_found"),
			want:       &account.Activity{ClientID: "nope"},
			wantStatus: 400, wantBody: map[string]any{"success": false, "error": "Not found."},
		},
		"no client id": {
			form:       "activity=%7B%22active%22%3Atrue%7D",
			wantStatus: 400, wantBody: map[string]any{"success": false, "error": "Wrong data: clientId and activity are required."},
		},
		"active missing, null or in other letters": {
			form:       "clientId=cid-1&activity=%7B%22ACTIVE%22%3Atrue%2C%22active%22%3Anull%7D",
			wantStatus: 400, wantBody: map[string]any{"success": false, "error": "Wrong data: clientId and activity are required."},
		},
		"activity not JSON": {
			form:       "clientId=cid-1&activity=yes",
			wantStatus: 400, wantBody: map[string]any{"success": false, "error": "Wrong data: clientId and activity are required."},
		},
		"failure on our side": {
			form:       "clientId=cid-1&activity=%7B%22active%22%3Atrue%7D",
			err:        problem.New(problem.Internal, "error.internal"),
			want:       &account.Activity{ClientID: "cid-1", Active: true},
			wantStatus: 500, wantBody: map[string]any{"success": false, "error": "Internal trouble."},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			var got *account.Activity
			b.accounts.ActivityFunc = func(_ context.Context, a account.Activity) error {
				got = &a
				return tc.err
			}
			// The CRM's servers post without browser headers.
			w := b.do(http.MethodPost, "/actions/activity", tc.form, "Content-Type", "application/x-www-form-urlencoded")
			wantStatus(t, w, tc.wantStatus)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Activity (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(any(tc.wantBody), decodeBody(t, w.Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCrossSiteForms checks the CSRF guard: another site cannot post the
// pages' forms, while servers calling the webhooks, the CRM callback and
// the JSON API are not affected by browser headers.
func TestCrossSiteForms(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.ConnectFunc = func(context.Context, account.ConnectInput) (account.Connected, error) {
		return account.Connected{ClientID: "cid-1"}, nil
	}
	b.accounts.RemoveAccountFunc = func(context.Context, string, int64) error { return nil }
	b.accounts.ActivityFunc = func(context.Context, account.Activity) error { return nil }
	b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) { return nil, nil }
	b.inbound.AcceptFunc = func(context.Context, string, string, []byte) error { return nil }
	b.mg.HandleFunc = func(context.Context, string, []byte) (any, error) { return nil, nil }

	evil := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	for _, path := range []string{"/connect", "/settings/cid-1/accounts", "/settings/cid-1/accounts/7/rekey", "/settings/cid-1/accounts/7/delete"} {
		w := b.do(http.MethodPost, path, "crm_url=x&api_key=y&confirm=yes",
			append([]string{"Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "ru"}, evil...)...)
		wantStatus(t, w, http.StatusForbidden)
		if !strings.Contains(w.Body.String(), "Форма была отправлена с другого сайта") {
			t.Errorf("%s: refusal not localized:\n%s", path, w.Body.String())
		}
	}

	// The same form from our own page passes.
	wantStatus(t, b.post("/connect", "crm_url=https%3A%2F%2Fshop.retailcrm.ru&api_key=k"), http.StatusSeeOther)
	// A same-origin post from an old browser that sends only Origin passes.
	wantStatus(t, b.do(http.MethodPost, "/connect", "crm_url=x&api_key=y",
		"Content-Type", "application/x-www-form-urlencoded", "Origin", "http://waba.test"), http.StatusSeeOther)

	for _, c := range []struct{ method, path, body string }{
		{http.MethodPost, "/webhooks/360dialog/acc-1", `{}`},
		{http.MethodPost, "/webhooks/mg/cid-1", `{}`},
		{http.MethodPost, "/actions/activity", "clientId=cid-1&activity=%7B%22active%22%3Atrue%7D"},
		{http.MethodGet, "/api/v1/connections/cid-1/accounts", ""},
		{http.MethodDelete, "/api/v1/connections/cid-1/accounts/7", ""},
	} {
		w := b.do(c.method, c.path, c.body, append([]string{"Content-Type", "application/x-www-form-urlencoded"}, evil...)...)
		if w.Code >= 400 {
			t.Errorf("%s %s with cross-site headers: status %d; body %s", c.method, c.path, w.Code, w.Body.String())
		}
	}
}

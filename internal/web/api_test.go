package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

var created = time.Date(2026, 11, 24, 14, 19, 22, 0, time.UTC)

func sampleAccount() account.Account {
	return account.Account{
		ID: 7, Name: "Support", ChannelID: 301, PhoneNumberID: "1055", DisplayPhone: "+34 600 000 001",
		KeyHint: "••••3f9a", Active: true, CreatedAt: created,
	}
}

func TestAPIConnectionCreate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got account.ConnectInput
	b.accounts.ConnectFunc = func(_ context.Context, in account.ConnectInput) (account.Connected, error) {
		got = in
		return account.Connected{ClientID: "cid-1234567890", SettingsURL: "http://waba.test/settings/cid-1234567890"}, nil
	}
	w := b.do(http.MethodPost, "/api/v1/connections",
		`{"crm_url":"https://shop.retailcrm.ru","api_key":"crm-key","extra":"ignored"}`,
		"Content-Type", "application/json", "Accept-Language", "ru-RU,ru;q=0.9")
	wantStatus(t, w, http.StatusCreated)
	golden(t, "api_connection_create.json", w.Body.Bytes())
	want := account.ConnectInput{CRMURL: "https://shop.retailcrm.ru", APIKey: "crm-key", Lang: "ru"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Connect input (-want +got):\n%s", diff)
	}
}

func TestAPIAccountCreate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.AddAccountFunc = func(_ context.Context, clientID string, in account.AddInput) (account.Account, error) {
		if clientID != "cid-1" || in != (account.AddInput{APIKey: "d360-key", Name: "Support"}) {
			t.Errorf("AddAccount(%q, %+v)", clientID, in)
		}
		return sampleAccount(), nil
	}
	w := b.do(http.MethodPost, "/api/v1/connections/cid-1/accounts", `{"api_key":"d360-key","name":"Support"}`)
	wantStatus(t, w, http.StatusCreated)
	golden(t, "api_account_create.json", w.Body.Bytes())
}

func TestAPIAccountList(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		list   []account.Account
		golden string
	}{
		"some": {[]account.Account{sampleAccount()}, "api_account_list.json"},
		"none": {nil, "api_account_list_empty.json"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.accounts.AccountsFunc = func(_ context.Context, clientID string) ([]account.Account, error) {
				if clientID != "cid-1" {
					t.Errorf("clientID = %q", clientID)
				}
				return tc.list, nil
			}
			w := b.do(http.MethodGet, "/api/v1/connections/cid-1/accounts", "")
			wantStatus(t, w, http.StatusOK)
			golden(t, tc.golden, w.Body.Bytes())
		})
	}
}

func TestAPIAccountDelete(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var removed int64
	b.accounts.RemoveAccountFunc = func(_ context.Context, clientID string, id int64) error {
		removed = id
		return nil
	}
	w := b.do(http.MethodDelete, "/api/v1/connections/cid-1/accounts/7", "")
	wantStatus(t, w, http.StatusNoContent)
	if removed != 7 || w.Body.Len() != 0 {
		t.Errorf("removed %d, body %q", removed, w.Body.String())
	}

	w = b.do(http.MethodDelete, "/api/v1/connections/cid-1/accounts/seven", "")
	wantStatus(t, w, http.StatusNotFound)
	if e := parseError(t, w); e.Error.Code != "error.not_found" {
		t.Errorf("code = %q", e.Error.Code)
	}
}

func TestAPIAccountRekey(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.RekeyAccountFunc = func(_ context.Context, clientID string, id int64, key string) (account.Account, error) {
		if clientID != "cid-1" || id != 7 || key != "new-key" {
			t.Errorf("RekeyAccount(%q, %d, %q)", clientID, id, key)
		}
		return sampleAccount(), nil
	}
	w := b.do(http.MethodPut, "/api/v1/connections/cid-1/accounts/7/key", `{"api_key":"new-key"}`)
	wantStatus(t, w, http.StatusOK)
	golden(t, "api_account_create.json", w.Body.Bytes())
}

// TestAPIErrorMapping checks every problem kind's status and the error body
// of CONTRACT.md, with the message in the caller's Accept-Language.
func TestAPIErrorMapping(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		err        error
		lang       string
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		"invalid":          {problem.New(problem.Invalid, "crm.key_invalid"), "en", 422, "crm.key_invalid", "The CRM key is wrong."},
		"unauthorized":     {problem.New(problem.Unauthorized, "crm.key_invalid"), "es", 401, "crm.key_invalid", "La clave del CRM es incorrecta."},
		"forbidden":        {problem.New(problem.Forbidden, "crm.key_invalid"), "ru", 403, "crm.key_invalid", "Неверный ключ CRM."},
		"not found":        {problem.New(problem.NotFound, "error.not_found"), "pt-BR", 404, "error.not_found", "Não encontrado."},
		"conflict":         {problem.New(problem.Conflict, "dialog360.key_invalid"), "en", 409, "dialog360.key_invalid", "The 360dialog key is wrong."},
		"too large":        {problem.New(problem.TooLarge, "error.too_large"), "en", 413, "error.too_large", "Too large."},
		"rate limited":     {problem.New(problem.RateLimited, "error.too_large"), "en", 429, "error.too_large", "Too large."},
		"payment required": {problem.New(problem.PaymentRequired, "crm.key_invalid"), "en", 402, "crm.key_invalid", "The CRM key is wrong."},
		"upstream":         {problem.New(problem.Upstream, "dialog360.key_invalid"), "es", 502, "dialog360.key_invalid", "La clave de 360dialog es incorrecta."},
		"unavailable":      {problem.New(problem.Unavailable, "crm.key_invalid"), "en", 503, "crm.key_invalid", "The CRM key is wrong."},
		"internal problem": {problem.New(problem.Internal, "crm.key_invalid").WithDetail("db exploded"), "ru", 500, "error.internal", "Внутренняя проблема."},
		"plain error":      {errors.New("boom at line 12"), "", 500, "error.internal", "Internal trouble."},
		"wrapped problem":  {errors.Join(errors.New("ctx"), problem.New(problem.NotFound, "error.not_found")), "en", 404, "error.not_found", "Not found."},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) { return nil, tc.err }
			w := b.do(http.MethodGet, "/api/v1/connections/cid-1/accounts", "", "Accept-Language", tc.lang)
			wantStatus(t, w, tc.wantStatus)
			e := parseError(t, w)
			if e.Error.Code != tc.wantCode || e.Error.Message != tc.wantMsg {
				t.Errorf("error = %+v, want code %q message %q", e.Error, tc.wantCode, tc.wantMsg)
			}
			if strings.Contains(w.Body.String(), "exploded") || strings.Contains(w.Body.String(), "line 12") {
				t.Errorf("internal detail shown to the caller: %s", w.Body.String())
			}
		})
	}
}

func TestAPIBadJSON(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"syntax":     `{"crm_url":`,
		"empty":      ``,
		"wrong type": `{"crm_url": 5}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t) // Connect is not set: reaching it would be a 500
			w := b.do(http.MethodPost, "/api/v1/connections", body, "Accept-Language", "es")
			wantStatus(t, w, http.StatusBadRequest)
			e := parseError(t, w)
			if e.Error.Code != "error.bad_json" || !strings.HasPrefix(e.Error.Message, "JSON incorrecto: ") {
				t.Errorf("error = %+v", e.Error)
			}
		})
	}
}

func TestAPIBodyTooLarge(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := `{"crm_url":"` + strings.Repeat("a", 2<<20) + `"}`
	w := b.do(http.MethodPost, "/api/v1/connections", body)
	wantStatus(t, w, http.StatusRequestEntityTooLarge)
	if e := parseError(t, w); e.Error.Code != "error.too_large" {
		t.Errorf("code = %q", e.Error.Code)
	}
}

// The HTML pages' errors are JSON too when the caller asks for JSON.
func TestErrorJSONByAccept(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.accounts.ConnectionFunc = func(context.Context, string) (account.Connection, error) {
		return account.Connection{}, problem.New(problem.NotFound, "error.not_found")
	}
	w := b.do(http.MethodGet, "/settings/nope", "", "Accept", "application/json")
	wantStatus(t, w, http.StatusNotFound)
	if e := parseError(t, w); e.Error.Code != "error.not_found" {
		t.Errorf("code = %q", e.Error.Code)
	}
}

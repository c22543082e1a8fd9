package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// withSettings makes the fakes answer for one connection with one account.
func withSettings(b *testBundle, lang string) {
	b.accounts.ConnectionFunc = func(_ context.Context, clientID string) (account.Connection, error) {
		if clientID != "cid-1" {
			return account.Connection{}, problem.New(problem.NotFound, "error.not_found")
		}
		return account.Connection{CRMURL: "https://shop.retailcrm.ru", Active: true, Lang: lang, CreatedAt: created}, nil
	}
	b.accounts.AccountsFunc = func(context.Context, string) ([]account.Account, error) {
		a := sampleAccount()
		a.LastError = "dialog360.key_invalid"
		return []account.Account{a}, nil
	}
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(body, s) {
			t.Errorf("page contains %q", s)
		}
	}
}

func TestConnectPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	w := b.do(http.MethodGet, "/", "", "Accept-Language", "es-AR,es;q=0.9")
	wantStatus(t, w, http.StatusOK)
	mustContain(t, w.Body.String(), `<html lang="es">`, "Conecte su CRM", `name="crm_url"`, `name="api_key"`,
		`href="/?lang=ru"`, `href="/?lang=pt"`, `<input type="hidden" name="lang" value="es">`)
	h := w.Header()
	for name, want := range map[string]string{
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors *"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
}

func TestConnectSave(t *testing.T) {
	t.Parallel()
	t.Run("success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var got account.ConnectInput
		b.accounts.ConnectFunc = func(_ context.Context, in account.ConnectInput) (account.Connected, error) {
			got = in
			return account.Connected{ClientID: "cid/1", SettingsURL: "http://elsewhere/settings/cid%2F1"}, nil
		}
		w := b.post("/connect", "crm_url=+https%3A%2F%2Fshop.retailcrm.ru+&api_key=crm-key&lang=pt")
		wantStatus(t, w, http.StatusSeeOther)
		if loc := w.Header().Get("Location"); loc != "/settings/cid%2F1?done=connected" {
			t.Errorf("Location = %q", loc)
		}
		want := account.ConnectInput{CRMURL: "https://shop.retailcrm.ru", APIKey: "crm-key", Lang: "pt"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Connect input (-want +got):\n%s", diff)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.accounts.ConnectFunc = func(context.Context, account.ConnectInput) (account.Connected, error) {
			return account.Connected{}, problem.New(problem.Invalid, "crm.key_invalid")
		}
		w := b.post("/connect", "crm_url=https%3A%2F%2Fshop.retailcrm.ru&api_key=TOP-SECRET-KEY&lang=ru")
		wantStatus(t, w, http.StatusUnprocessableEntity)
		body := w.Body.String()
		mustContain(t, body, `<html lang="ru">`, "Неверный ключ CRM.", `value="https://shop.retailcrm.ru"`, `class="notice err"`)
		mustNotContain(t, body, "TOP-SECRET-KEY")
	})
	t.Run("CRM unreachable", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.accounts.ConnectFunc = func(context.Context, account.ConnectInput) (account.Connected, error) {
			return account.Connected{}, problem.New(problem.Upstream, "crm.key_invalid")
		}
		wantStatus(t, b.post("/connect", "crm_url=x&api_key=y"), http.StatusBadGateway)
	})
}

func TestSettingsPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "en")
	w := b.do(http.MethodGet, "/settings/cid-1?done=account_added", "")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	mustContain(t, body, "WhatsApp settings", "https://shop.retailcrm.ru", "Support", "34 600 000 001",
		"301", "••••3f9a", "Active", "never", "1 number", "The 360dialog key is wrong.",
		"The number was added and its chat channel is active in the CRM.",
		`action="/settings/cid-1/accounts"`, `action="/settings/cid-1/accounts/7/rekey"`,
		`action="/settings/cid-1/accounts/7/delete"`, `data-confirm="Remove the number “Support”?`,
		`href="/settings/cid-1?lang=es"`)
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://shop.retailcrm.ru") {
		t.Errorf("CSP = %q", csp)
	}

	// Unknown flash markers show nothing.
	w = b.do(http.MethodGet, "/settings/cid-1?done=%3Cscript%3E", "")
	mustNotContain(t, w.Body.String(), `class="notice ok"`, "<script>")

	w = b.do(http.MethodGet, "/settings/unknown", "", "Accept-Language", "pt")
	wantStatus(t, w, http.StatusNotFound)
	mustContain(t, w.Body.String(), `<html lang="pt">`, "Não encontrado.", "Algo não está certo")
}

func TestAccountAdd(t *testing.T) {
	t.Parallel()
	t.Run("success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var got account.AddInput
		b.accounts.AddAccountFunc = func(_ context.Context, clientID string, in account.AddInput) (account.Account, error) {
			got = in
			return sampleAccount(), nil
		}
		w := b.post("/settings/cid-1/accounts", "name=Support&api_key=d360-key")
		wantStatus(t, w, http.StatusSeeOther)
		if loc := w.Header().Get("Location"); loc != "/settings/cid-1?done=account_added" {
			t.Errorf("Location = %q", loc)
		}
		if got != (account.AddInput{Name: "Support", APIKey: "d360-key"}) {
			t.Errorf("AddAccount input = %+v", got)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		withSettings(b, "es")
		b.accounts.AddAccountFunc = func(context.Context, string, account.AddInput) (account.Account, error) {
			return account.Account{}, problem.New(problem.Invalid, "dialog360.key_invalid")
		}
		w := b.post("/settings/cid-1/accounts", "name=Ventas&api_key=WRONG-D360-KEY")
		wantStatus(t, w, http.StatusUnprocessableEntity)
		body := w.Body.String()
		mustContain(t, body, `<html lang="es">`, `class="notice err" role="alert">La clave de 360dialog es incorrecta.`, `value="Ventas"`)
		mustNotContain(t, body, "WRONG-D360-KEY")
	})
	t.Run("unknown connection", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		withSettings(b, "en")
		b.accounts.AddAccountFunc = func(context.Context, string, account.AddInput) (account.Account, error) {
			return account.Account{}, problem.New(problem.NotFound, "error.not_found")
		}
		w := b.post("/settings/other/accounts", "name=x&api_key=y")
		wantStatus(t, w, http.StatusNotFound)
		mustContain(t, w.Body.String(), "Something is not right")
	})
}

func TestAccountRekey(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "en")
	var key string
	b.accounts.RekeyAccountFunc = func(_ context.Context, _ string, id int64, apiKey string) (account.Account, error) {
		key = apiKey
		if apiKey == "bad" {
			return account.Account{}, problem.New(problem.Invalid, "dialog360.key_invalid")
		}
		return sampleAccount(), nil
	}
	w := b.post("/settings/cid-1/accounts/7/rekey", "api_key=new-key")
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != "/settings/cid-1?done=key_replaced" || key != "new-key" {
		t.Errorf("Location = %q, key %q", loc, key)
	}

	w = b.post("/settings/cid-1/accounts/7/rekey", "api_key=bad")
	wantStatus(t, w, http.StatusUnprocessableEntity)
	mustContain(t, w.Body.String(), "The 360dialog key is wrong.", `<details class="rekey" open>`)
	// The language links lead to the page, not to the failed POST.
	mustContain(t, w.Body.String(), `href="/settings/cid-1?lang=ru"`)
}

func TestAccountRemove(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "ru")
	var removed []int64
	b.accounts.RemoveAccountFunc = func(_ context.Context, _ string, id int64) error {
		removed = append(removed, id)
		return nil
	}

	// Without confirm=yes (no script): the page asks first.
	w := b.post("/settings/cid-1/accounts/7/delete", "confirm=")
	wantStatus(t, w, http.StatusOK)
	mustContain(t, w.Body.String(), `id="confirm-remove"`, "Удалить номер «Support»?", `name="confirm" value="yes"`)
	if len(removed) != 0 {
		t.Fatalf("removed %v before confirmation", removed)
	}

	// A number that is not there.
	w = b.post("/settings/cid-1/accounts/99/delete", "")
	wantStatus(t, w, http.StatusNotFound)
	mustContain(t, w.Body.String(), "Не найдено.")

	w = b.post("/settings/cid-1/accounts/7/delete", "confirm=yes")
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != "/settings/cid-1?done=account_removed" {
		t.Errorf("Location = %q", loc)
	}
	if diff := cmp.Diff([]int64{7}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
}

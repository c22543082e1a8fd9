package account_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/egress"
	"waba-transport/internal/problem"
	"waba-transport/internal/secret"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

const (
	crmKey  = "crm-key-0123456789abcdef"
	d360Key = "d360-key-0123456789abcdef"
)

// bundle is a Service wired to simulated outside systems.
type bundle struct {
	svc  *account.Service
	st   *store.Store
	crm  *sim.CRM
	d360 *sim.Dialog360
	crmU string
	d36U string
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{}
	b.crm = sim.NewCRM(sim.CRMOptions{})
	b.d360 = sim.NewDialog360(sim.Dialog360Options{RetryDelays: []time.Duration{}, StatusDelay: -1})
	crmSrv := httptest.NewServer(b.crm.Handler())
	d360Srv := httptest.NewServer(b.d360.Handler())
	t.Cleanup(func() { crmSrv.Close(); d360Srv.Close(); b.crm.Close(); b.d360.Close() })
	b.crmU, b.d36U = crmSrv.URL, d360Srv.URL
	b.crm.AddAPIKey(crmKey, sim.FullAccessScopes(), "access_full")
	b.d360.AddNumber(d360Key, "+34 911 222 333")

	b.st = store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	box, _ := secret.New("test-secret-key-0123456789")
	guard := egress.Guard{AllowPrivate: true}
	b.svc = account.NewService(b.st, box, dialog360.New(b.d36U, nil), guard, guard.Client(5*time.Second),
		"http://module.test", slog.New(slog.DiscardHandler))
	return b
}

func wantKey(t *testing.T, err error, kind problem.Kind, key string) {
	t.Helper()
	pe := problem.As(err)
	if pe == nil || pe.Kind != kind || pe.Key != key {
		t.Fatalf("got %v, want %s %s", err, kind, key)
	}
}

// TestConnectRefusalsStoreNothing: every way connecting can fail gives its
// own clear error, and no connection is stored.
func TestConnectRefusalsStoreNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.crm.AddAPIKey("no-integration", []string{"order_read", "order_write"}, "access_full")
	b.crm.AddAPIKey("one-store", sim.FullAccessScopes(), "access_selective")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()

	cases := []struct {
		name      string
		url, key  string
		unpaid    bool
		kind      problem.Kind
		key2      string
		wantInErr string
	}{
		{"not a url", "ftp://x", crmKey, false, problem.Invalid, "crm.url_invalid", ""},
		{"empty key", b.crmU, " ", false, problem.Invalid, "account.crm_key_required", ""},
		{"wrong key", b.crmU, "wrong", false, problem.Forbidden, "crm.key_invalid", ""},
		{"missing scopes", b.crmU, "no-integration", false, problem.Forbidden, "crm.missing_access", ""},
		{"not all stores", b.crmU, "one-store", false, problem.Forbidden, "crm.missing_access", ""},
		{"unpaid", b.crmU, crmKey, true, problem.PaymentRequired, "crm.payment_required", ""},
		{"unreachable", deadURL, crmKey, false, problem.Unavailable, "crm.unreachable", ""},
	}
	for _, c := range cases {
		b.crm.SetPaid(!c.unpaid)
		_, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: c.url, APIKey: c.key})
		wantKey(t, err, c.kind, c.key2)
		if _, err := b.st.ConnectionByCRMURL(ctx, b.crmU); err == nil {
			t.Fatalf("%s: a connection was stored", c.name)
		}
	}
	_, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: "no-integration"})
	list := problem.As(err).Args["List"].(problem.Keys)
	if len(list) != 2 || list[0] != "crm.missing.integration_read" || list[1] != "crm.missing.integration_write" {
		t.Fatalf("missing list %v", list)
	}
}

// TestPrivateCRMAddressRefusedByDefault: without WABA_ALLOW_PRIVATE_URLS a
// loopback CRM address is refused before any request.
func TestPrivateCRMAddressRefusedByDefault(t *testing.T) {
	t.Parallel()
	b := setup(t)
	box, _ := secret.New("test-secret-key-0123456789")
	strict := egress.Guard{}
	svc := account.NewService(b.st, box, dialog360.New(b.d36U, nil), strict, strict.Client(time.Second),
		"http://module.test", slog.New(slog.DiscardHandler))
	_, err := svc.Connect(context.Background(), account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey})
	wantKey(t, err, problem.Invalid, "account.crm_url_blocked")
}

func TestAccountsLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	c, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey, Lang: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU + "/", APIKey: crmKey})
	if err != nil || again.ClientID != c.ClientID {
		t.Fatalf("reconnect changed the client id: %v %v", again, err)
	}

	// A wrong 360dialog key: clear error, nothing registered or stored.
	_, err = b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: "bad-key"})
	wantKey(t, err, problem.Invalid, "account.d360_key_invalid")
	if len(b.crm.Channels()) != 0 {
		t.Fatal("a channel was activated for a bad key")
	}

	// 360dialog works, MessageGateway is down: the callback registered at
	// 360dialog is undone and nothing is stored.
	b.crm.SetDown(true)
	_, err = b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key})
	wantKey(t, err, problem.Unavailable, "account.mg_unreachable")
	if list, _ := b.svc.Accounts(ctx, c.ClientID); len(list) != 0 {
		t.Fatalf("stored %v", list)
	}
	b.crm.SetDown(false)

	a, err := b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key, Name: "Tienda"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Tienda" || a.ChannelID == 0 || a.KeyHint != secret.Hint(d360Key) || a.PhoneNumberID == "" {
		t.Fatalf("account %+v", a)
	}
	url, hdr := b.d360.Webhook(d360Key)
	if url == "" || hdr[account.WebhookSecretHeader] == "" {
		t.Fatalf("callback not registered: %s %v", url, hdr)
	}
	ch := b.crm.Channels()
	if len(ch) != 1 || ch[0].Type != "whatsapp" || ch[0].Name != "Tienda" {
		t.Fatalf("channels %+v", ch)
	}
	_, err = b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key})
	wantKey(t, err, problem.Conflict, "account.duplicate")

	// An unknown client id cannot touch this account.
	if err := b.svc.RemoveAccount(ctx, "not-a-client-id", a.ID); problem.KindOf(err) != problem.Unauthorized {
		t.Fatalf("remove with a wrong client id: %v", err)
	}

	// Re-key: a regenerated key of the same number; the callback is registered anew.
	newKey := "d360-key-regenerated-0123456789"
	b.d360.AddNumber(newKey, "+34 911 222 333")
	if _, err := b.svc.RekeyAccount(ctx, c.ClientID, a.ID, "bad"); problem.KindOf(err) != problem.Invalid {
		t.Fatalf("rekey with a bad key: %v", err)
	}
	// The simulator gives each key its own number, so the new key is another number here.
	_, err = b.svc.RekeyAccount(ctx, c.ClientID, a.ID, newKey)
	wantKey(t, err, problem.Invalid, "account.rekey_other_number")

	if err := b.svc.RemoveAccount(ctx, c.ClientID, a.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := b.svc.Accounts(ctx, c.ClientID); len(list) != 0 {
		t.Fatalf("still listed: %v", list)
	}
	if ch := b.crm.Channels(); len(ch) != 1 || ch[0].Active {
		t.Fatalf("channel not deactivated: %+v", ch)
	}
	wantKey(t, b.svc.RemoveAccount(ctx, c.ClientID, a.ID), problem.NotFound, "account.not_found")
}

func TestActivityCallback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	c, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.svc.Activity(ctx, account.Activity{ClientID: c.ClientID, Active: false, Freeze: true}); err != nil {
		t.Fatal(err)
	}
	conn, _ := b.svc.Connection(ctx, c.ClientID)
	if conn.Active || !conn.Frozen {
		t.Fatalf("%+v", conn)
	}
	if err := b.svc.Activity(ctx, account.Activity{ClientID: "forged"}); problem.KindOf(err) != problem.Unauthorized {
		t.Fatalf("forged activity: %v", err)
	}
}

// TestUnreachable360dialogStoresNothing: adding a number while 360dialog
// cannot be reached says so and leaves no account or channel behind.
func TestUnreachable360dialogStoresNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	c, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey})
	if err != nil {
		t.Fatal(err)
	}
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	box, _ := secret.New("test-secret-key-0123456789")
	g := egress.Guard{AllowPrivate: true}
	svc := account.NewService(b.st, box, dialog360.New(dead.URL, nil), g, g.Client(5*time.Second),
		"http://module.test", slog.New(slog.DiscardHandler))
	_, err = svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key})
	wantKey(t, err, problem.Unavailable, "account.d360_unreachable")
	if list, _ := svc.Accounts(ctx, c.ClientID); len(list) != 0 || len(b.crm.Channels()) != 0 {
		t.Fatalf("left behind: %v, %v", list, b.crm.Channels())
	}
}

package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"waba-transport/internal/account"
	"waba-transport/internal/authoring"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/locale"
	"waba-transport/internal/problem"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// tplCatalog loads the real message files the template manager's pages
// use: web, common, template (the rules' messages) and authoring.
func tplCatalog(t testing.TB) *locale.Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, area := range []string{"web", "common", "template", "authoring"} {
		for _, lang := range locale.Supported {
			name := area + "." + lang + ".json"
			b, err := os.ReadFile(filepath.Join("..", "locale", "messages", name))
			if err != nil {
				t.Fatal(err)
			}
			fsys["m/"+name] = &fstest.MapFile{Data: b}
		}
	}
	c, err := locale.LoadFS(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tplKeys authenticates client ids for the template manager from a map and
// hands out the account's stored key column as its key: the tests store the
// simulator's key there.
type tplKeys map[string]int64

func (k tplKeys) Session(_ context.Context, clientID string) (*account.Session, error) {
	id, ok := k[clientID]
	if !ok {
		return nil, problem.New(problem.Unauthorized, "error.unauthorized")
	}
	return &account.Session{Conn: store.Connection{ID: id}, ClientID: clientID}, nil
}

func (k tplKeys) AccountKey(a store.Account) (string, error) { return a.D360KeyEnc, nil }

// fakeSync is a TemplateSync that remembers its calls. SyncConnection
// knows the connections in known (nil: every one).
type fakeSync struct {
	mu     sync.Mutex
	calls  []int64
	conns  []string // SyncConnection calls
	known  map[string]bool
	status account.TemplateSync
	err    error
}

func (f *fakeSync) SyncConnection(_ context.Context, clientID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.known != nil && !f.known[clientID] {
		return problem.New(problem.Unauthorized, "error.unauthorized")
	}
	if f.err != nil {
		return f.err
	}
	f.conns = append(f.conns, clientID)
	return nil
}

func (f *fakeSync) SyncNow(_ context.Context, clientID string, accountID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.calls = append(f.calls, accountID)
	return nil
}

func (f *fakeSync) SyncStatus(context.Context, string, int64) (account.TemplateSync, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, nil
}

// tplEnv is the module's web side with the real template manager over a
// database and a simulated 360dialog. Connection "cid-1-secret" (CRM
// https://shop.retailcrm.ru) has number 1, "Support", whose 360dialog key is
// tplSimKey; connection "cid-2-secret" has no number.
type tplEnv struct {
	mem     *memStore
	d360    *sim.Dialog360
	sync    *fakeSync
	cat     *locale.Catalog
	handler http.Handler
	logs    *lockedBuffer
}

const tplSimKey = "sim-key-0001"

func newTplEnv(t testing.TB, edit ...func(*Deps)) *tplEnv {
	t.Helper()
	ctx := context.Background()
	e := &tplEnv{mem: newMemStore(), sync: &fakeSync{}, cat: tplCatalog(t), logs: &lockedBuffer{}}
	accounts := e.mem.fake()
	keys := tplKeys{}
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	for i, crm := range []string{"https://shop.retailcrm.ru", "https://other.retailcrm.ru"} {
		c, err := accounts.Connect(ctx, account.ConnectInput{CRMURL: crm, APIKey: "good", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		connID, err := st.CreateConnection(ctx, store.Connection{ClientIDHash: c.ClientID, ClientIDEnc: "-", CRMURL: crm,
			CRMKeyEnc: "-", MGURL: "https://mg", MGTokenEnc: "-", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		keys[c.ClientID] = connID
		if i > 0 {
			continue
		}
		a, err := accounts.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: "good-key-0001", Name: "Support"})
		if err != nil {
			t.Fatal(err)
		}
		id, err := st.CreateAccount(ctx, store.Account{ConnectionID: connID, Ref: "ref-1", Name: "Support",
			D360KeyEnc: tplSimKey, KeyHint: a.KeyHint, WebhookSecretHash: "-", Active: true})
		if err != nil || id != a.ID {
			t.Fatalf("store account %d, %v; want id %d", id, err, a.ID)
		}
	}
	e.d360 = sim.NewDialog360(sim.Dialog360Options{})
	t.Cleanup(e.d360.Close)
	d360 := httptest.NewServer(e.d360.Handler())
	t.Cleanup(d360.Close)
	e.d360.AddNumber(tplSimKey, "+34 600 000 001")
	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	deps := Deps{
		Logger:    log,
		Catalog:   e.cat,
		PublicURL: "http://waba.test",
		Accounts:  accounts,
		Inbound:   &fakeInbound{},
		MG:        &fakeMG{},
		Templates: authoring.New(st, keys, dialog360.New(d360.URL, nil), log),
	}
	deps.TemplateSync = e.sync
	for _, f := range edit {
		f(&deps)
	}
	e.handler = NewServer(deps)
	return e
}

// do sends a request as a program does.
func (e *tplEnv) do(method, target, body string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Host = "waba.test"
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	return w
}

// post sends a form from one of our own pages, as a browser does.
func (e *tplEnv) post(target, form string, headers ...string) *httptest.ResponseRecorder {
	h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin",
		"Origin", "http://waba.test"}, headers...)
	return e.do(http.MethodPost, target, form, h...)
}

// T is the English message of key.
func (e *tplEnv) T(lang, key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return e.cat.T(lang, key, m)
}

const (
	tplPages = "/settings/cid-1-secret/accounts/1/templates"
	tplAPI   = "/api/v1/connections/cid-1-secret/accounts/1/templates"
)

package authoring

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeKeys authenticates client ids from a map and returns the account's
// stored key column as is: the tests store the simulator's key there.
type fakeKeys struct{ conns map[string]int64 }

func (f fakeKeys) Session(_ context.Context, clientID string) (*account.Session, error) {
	id, ok := f.conns[clientID]
	if !ok {
		return nil, problem.New(problem.Unauthorized, "error.unauthorized")
	}
	return &account.Session{Conn: store.Connection{ID: id}, ClientID: clientID}, nil
}

func (f fakeKeys) AccountKey(a store.Account) (string, error) { return a.D360KeyEnc, nil }

// env is a Service over a real database and a simulated 360dialog with two
// connections: "cid-a" owns account A (key "key-a"), "cid-b" owns account B.
type env struct {
	svc  *Service
	st   *store.Store
	d360 *sim.Dialog360
	a, b int64
}

// each runs fn on every test database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for name, u := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, u))
		})
	}
}

func newEnv(t *testing.T, dbURL string) *env {
	t.Helper()
	st := store.OpenTest(t, dbURL, nil)
	d := sim.NewDialog360(sim.Dialog360Options{})
	t.Cleanup(d.Close)
	srv := httptest.NewServer(d.Handler())
	t.Cleanup(srv.Close)
	d.AddNumber("key-a", "+34 600 000 001")
	d.AddNumber("key-b", "+34 600 000 002")
	ctx := context.Background()
	conns := map[string]int64{}
	ids := map[string]int64{}
	for _, who := range []string{"a", "b"} {
		cid, err := st.CreateConnection(ctx, store.Connection{ClientIDHash: "h-" + who, ClientIDEnc: "e",
			CRMURL: "https://" + who + ".retailcrm.ru", CRMKeyEnc: "k", MGURL: "https://mg", MGTokenEnc: "t", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		aid, err := st.CreateAccount(ctx, store.Account{ConnectionID: cid, Ref: "ref-" + who, Name: "Shop " + who,
			D360KeyEnc: "key-" + who, KeyHint: "••••", WebhookSecretHash: "s", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		conns["cid-"+who], ids[who] = cid, aid
	}
	svc := New(st, fakeKeys{conns: conns}, dialog360.New(srv.URL, nil), nil)
	return &env{svc: svc, st: st, d360: d, a: ids["a"], b: ids["b"]}
}

// wantProblem fails unless err is a problem with kind and key.
func wantProblem(t *testing.T, err error, kind problem.Kind, key string) {
	t.Helper()
	pe := problem.As(err)
	if pe == nil || pe.Kind != kind || pe.Key != key {
		t.Fatalf("err = %v; want %s %s", err, kind, key)
	}
}

// golden compares v, as JSON, with testdata/name, or rewrites the file
// with -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	_ = json.NewDecoder(bytes.NewReader(got)).Decode(&g)
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// lockedLog collects log lines from concurrent writers.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

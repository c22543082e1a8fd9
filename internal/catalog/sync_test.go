package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// fakeMG is a MessageGateway channel's templates; fail maps "op code" to
// the error that call returns.
type fakeMG struct {
	have  map[string]mg.Template
	calls []string
	fail  map[string]error
}

func newFakeMG() *fakeMG { return &fakeMG{have: map[string]mg.Template{}, fail: map[string]error{}} }

func (f *fakeMG) call(op, code string) error {
	f.calls = append(f.calls, op+" "+code)
	return f.fail[op+" "+code]
}

func (f *fakeMG) ActivateTemplate(_ context.Context, _ int64, t mg.Template) error {
	if err := f.call("activate", t.Code); err != nil {
		return err
	}
	if _, ok := f.have[t.Code]; ok {
		return &mg.Error{HTTPStatus: http.StatusBadRequest, Errors: []string{"Template with this code already exists"}}
	}
	f.have[t.Code] = t
	return nil
}

func (f *fakeMG) UpdateTemplate(_ context.Context, _ int64, code string, t mg.Template) error {
	if err := f.call("update", code); err != nil {
		return err
	}
	if _, ok := f.have[code]; !ok {
		return &mg.Error{HTTPStatus: http.StatusNotFound}
	}
	t.Code = code
	f.have[code] = t
	return nil
}

func (f *fakeMG) DeactivateTemplate(_ context.Context, _ int64, code string) error {
	if err := f.call("deactivate", code); err != nil {
		return err
	}
	if _, ok := f.have[code]; !ok {
		return &mg.Error{HTTPStatus: http.StatusNotFound}
	}
	delete(f.have, code)
	return nil
}

func (f *fakeMG) codes() []string {
	var out []string
	for c, t := range f.have {
		out = append(out, c+":"+t.VerificationStatus)
	}
	sort.Strings(out)
	return out
}

// syncEnv is a store with one account, on each test database.
func eachStore(t *testing.T, fn func(t *testing.T, st *store.Store, accountID int64)) {
	t.Helper()
	for name, u := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			st := store.OpenTest(t, u, nil)
			ctx := context.Background()
			cid, err := st.CreateConnection(ctx, store.Connection{ClientIDHash: "h", CRMURL: "u", Active: true})
			if err != nil {
				t.Fatal(err)
			}
			aid, err := st.CreateAccount(ctx, store.Account{ConnectionID: cid, Ref: "r", ChannelID: 7, Active: true})
			if err != nil {
				t.Fatal(err)
			}
			fn(t, st, aid)
		})
	}
}

func storedCodes(t *testing.T, st *store.Store, aid int64) []string {
	t.Helper()
	rows, err := st.Templates(context.Background(), aid)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Code+":"+r.Status)
	}
	return out
}

// TestReconcile: successive syncs against one channel, as 360dialog's list
// changes: the channel and the store follow, and an unchanged list calls
// MessageGateway not at all.
func TestReconcile(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store, aid int64) {
		ctx := context.Background()
		m := newFakeMG()
		m.have["legacy.en"] = mg.Template{Code: "legacy.en"} // left by an earlier install
		hello, hola := tpl("hello", "en", "approved", "Hello {{1}}, welcome!"), tpl("hello", "es", "approved", "Hola {{1}}, ¡hola!")
		pending := tpl("legacy", "en", "pending", "Old {{1}} text here.")

		step := func(name string, list []dialog360.Template, want outcome, wantMG []string) {
			t.Helper()
			m.calls = nil
			got, err := reconcile(ctx, st, m, aid, 7, list)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: outcome (-want +got):\n%s", name, diff)
			}
			if diff := cmp.Diff(wantMG, m.codes()); diff != "" {
				t.Errorf("%s: MessageGateway (-want +got):\n%s", name, diff)
			}
			var stored []string
			for _, c := range wantMG {
				if c != "legacy.en:" {
					stored = append(stored, c)
				}
			}
			if diff := cmp.Diff(stored, storedCodes(t, st, aid)); diff != "" {
				t.Errorf("%s: store (-want +got):\n%s", name, diff)
			}
		}

		step("first", []dialog360.Template{hello, hola, pending},
			outcome{Approved: 2, Created: 2}, []string{"hello.en:approved", "hello.es:approved", "legacy.en:"})
		step("unchanged", []dialog360.Template{hello, hola, pending},
			outcome{Approved: 2}, []string{"hello.en:approved", "hello.es:approved", "legacy.en:"})
		if len(m.calls) != 0 {
			t.Errorf("an unchanged list called MessageGateway: %v", m.calls)
		}

		// The pending one is approved: its code exists in MessageGateway
		// already, so the create becomes an update.
		approved := tpl("legacy", "en", "approved", "Old {{1}} text here.")
		step("approved", []dialog360.Template{hello, hola, approved},
			outcome{Approved: 3, Created: 1}, []string{"hello.en:approved", "hello.es:approved", "legacy.en:approved"})
		if diff := cmp.Diff([]string{"activate legacy.en", "update legacy.en"}, m.calls); diff != "" {
			t.Errorf("existing code (-want +got):\n%s", diff)
		}

		// Changed text, a deletion and a rejection.
		changed := tpl("hello", "en", "approved", "Hello {{1}}, welcome back!")
		rejected := tpl("legacy", "en", "rejected", "Old {{1}} text here.")
		step("changed", []dialog360.Template{changed, rejected},
			outcome{Approved: 1, Updated: 1, Removed: 2}, []string{"hello.en:approved"})
		if got := m.have["hello.en"].Body; got != "Hello {{1}}, welcome back!" {
			t.Errorf("updated body %q", got)
		}

		// Someone removed it in the CRM: the update finds nothing and creates.
		delete(m.have, "hello.en")
		step("recreated", []dialog360.Template{tpl("hello", "en", "approved", "Hi {{1}}, welcome back!")},
			outcome{Approved: 1, Updated: 1}, []string{"hello.en:approved"})
	})
}

// TestReconcileFailures: a template MessageGateway refuses is skipped and
// tried again next time; an outage stops the sync and keeps what was done.
func TestReconcileFailures(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store, aid int64) {
		ctx := context.Background()
		m := newFakeMG()
		a, b, c := tpl("a", "en", "approved", "A {{1}} text."), tpl("b", "en", "approved", "B {{1}} text."),
			tpl("c", "en", "approved", "C {{1}} text.")
		m.fail["activate b.en"] = &mg.Error{HTTPStatus: http.StatusUnprocessableEntity, Errors: []string{"bad"}}
		m.fail["update b.en"] = &mg.Error{HTTPStatus: http.StatusUnprocessableEntity, Errors: []string{"bad"}}
		got, err := reconcile(ctx, st, m, aid, 7, []dialog360.Template{a, b, c})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(outcome{Approved: 2, Created: 2, Refused: []string{"b.en"}}, got); diff != "" {
			t.Errorf("refused template (-want +got):\n%s", diff)
		}
		delete(m.fail, "activate b.en")
		delete(m.fail, "update b.en")

		m.fail["activate b.en"] = &mg.Error{HTTPStatus: http.StatusBadGateway}
		d := tpl("d", "en", "approved", "D {{1}} text.")
		_, err = reconcile(ctx, st, m, aid, 7, []dialog360.Template{a, b, c, d})
		if se := new(sideError); !errors.As(err, &se) || se.side != "MessageGateway" || !transient(err) {
			t.Fatalf("outage: %v", err)
		}
		if diff := cmp.Diff([]string{"a.en:approved", "c.en:approved"}, storedCodes(t, st, aid)); diff != "" {
			t.Errorf("store after an outage (-want +got):\n%s", diff)
		}
		delete(m.fail, "activate b.en")
		got, err = reconcile(ctx, st, m, aid, 7, []dialog360.Template{a, b, c, d})
		if err != nil || got.Created != 2 || got.Approved != 4 {
			t.Fatalf("after the outage: %+v, %v", got, err)
		}
	})
}

func TestTransient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&sideError{"MessageGateway", &mg.Error{HTTPStatus: 503}}, true},
		{&sideError{"MessageGateway", &mg.Error{HTTPStatus: 401}}, true},
		{&sideError{"MessageGateway", &mg.Error{HTTPStatus: 403}}, false},
		{&sideError{"360dialog", &dialog360.Error{HTTPStatus: 429}}, true},
		{&sideError{"360dialog", &dialog360.Error{HTTPStatus: 401}}, false},
		{&sideError{"360dialog", fmt.Errorf("dial tcp: connection refused")}, true},
		{errInactive, false},
		{refusedError{codes: []string{"a.en"}}, false},
	} {
		if got := transient(tc.err); got != tc.want {
			t.Errorf("transient(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

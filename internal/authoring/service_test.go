package authoring

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/template"
)

// valid is a draft that passes template.Validate.
func valid(name, lang string) template.Draft {
	return template.Draft{Name: name, Category: "UTILITY", Language: lang, Kind: template.KindMedia,
		Header: &template.Header{Format: "TEXT", Text: "Order {{1}}", Example: "#42"},
		Body:   template.Body{Text: "Hello {{1}}, your order is ready for pickup.", Examples: []string{"Ana"}},
		Footer: "Shop", Buttons: []template.Button{{Type: "QUICK_REPLY", Text: "Thanks"}}}
}

// summary is an entry without the fields that vary from run to run.
func summary(es []Entry) []string {
	var out []string
	for _, e := range es {
		s := e.Name + "/" + e.Language + " " + e.Status + " " + e.Color
		if e.RejectedReason != "" {
			s += " (" + e.RejectedReason + ")"
		}
		if e.Status == StatusDraft {
			s += " issues=" + strconv.Itoa(e.Issues)
		}
		out = append(out, s)
	}
	return out
}

func TestListMergesDraftsAndLiveStatuses(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.d360.AddTemplate("key-a", map[string]any{"name": "welcome", "language": "en", "status": "APPROVED"})
		e.d360.AddTemplate("key-a", map[string]any{"name": "welcome", "language": "es", "status": "paused"})
		e.d360.AddTemplate("key-a", map[string]any{"name": "promo", "language": "en", "status": "pending"})
		e.d360.AddTemplate("key-a", map[string]any{"name": "spam", "language": "en", "status": "rejected"})
		e.d360.SetTemplateStatus("key-a", "spam", "en", "rejected", "PROMOTIONAL")
		e.d360.AddTemplate("key-a", map[string]any{"name": "old", "language": "en", "status": "DISABLED"})
		e.d360.AddTemplate("key-b", map[string]any{"name": "not_mine", "language": "en"})
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, valid("welcome", "pt_BR")); err != nil {
			t.Fatal(err)
		}
		broken := valid("aaa_first", "en")
		broken.Body.Examples = nil
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, broken); err != nil {
			t.Fatal(err)
		}

		l, err := e.svc.List(ctx, "cid-a", e.a)
		if err != nil || l.Remote != nil {
			t.Fatalf("List: %v, remote %v", err, l.Remote)
		}
		want := []string{
			"aaa_first/en draft grey issues=1",
			"old/en disabled red-dark",
			"promo/en pending yellow",
			"spam/en rejected red (PROMOTIONAL)",
			"welcome/en approved green",
			"welcome/es paused orange",
			"welcome/pt_BR draft grey issues=0",
		}
		if diff := cmp.Diff(want, summary(l.Entries)); diff != "" {
			t.Errorf("List (-want +got):\n%s", diff)
		}

		// Statuses are read live: a review result shows on the next list.
		e.d360.SetTemplateStatus("key-a", "promo", "en", "approved", "")
		l, _ = e.svc.List(ctx, "cid-a", e.a)
		if got := summary(Filter(l.Entries, "approved", "promo")); len(got) != 1 {
			t.Errorf("after approval: %v", got)
		}
	})
}

func TestListShowsDraftsWhen360dialogIsDown(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
		}))
		t.Cleanup(down.Close)
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, valid("kept", "en")); err != nil {
			t.Fatal(err)
		}
		e.svc.d360 = dialog360.New(down.URL, nil)
		l, err := e.svc.List(ctx, "cid-a", e.a)
		if err != nil {
			t.Fatal(err)
		}
		wantProblem(t, l.Remote, problem.Unavailable, "authoring.d360_unreachable")
		if diff := cmp.Diff([]string{"kept/en draft grey issues=0"}, summary(l.Entries)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestOnlyTheConnectionsOwnNumbers(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		_, err := e.svc.List(ctx, "wrong-secret", e.a)
		wantProblem(t, err, problem.Unauthorized, "error.unauthorized")
		_, err = e.svc.List(ctx, "cid-b", e.a)
		wantProblem(t, err, problem.NotFound, "authoring.account_not_found")
		_, err = e.svc.Preview(ctx, "cid-b", e.a, valid("x", "en"))
		wantProblem(t, err, problem.NotFound, "authoring.account_not_found")
		err = e.svc.Delete(ctx, "cid-b", e.a, "welcome")
		wantProblem(t, err, problem.NotFound, "authoring.account_not_found")

		// A draft id of another number is not found through this one.
		s, err := e.svc.Save(ctx, "cid-b", e.b, 0, valid("theirs", "en"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Draft(ctx, "cid-a", e.a, s.ID)
		wantProblem(t, err, problem.NotFound, "authoring.draft_not_found")
		_, err = e.svc.Save(ctx, "cid-a", e.a, s.ID, valid("mine", "en"))
		wantProblem(t, err, problem.NotFound, "authoring.draft_not_found")
		_, err = e.svc.Submit(ctx, "cid-a", e.a, s.ID)
		wantProblem(t, err, problem.NotFound, "authoring.draft_not_found")
	})
}

func TestSaveDrafts(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		// A draft may have issues, but needs a name and a language.
		d := valid("Order_Update", "en")
		_, err := e.svc.Save(ctx, "cid-a", e.a, 0, d)
		wantProblem(t, err, problem.Invalid, "authoring.draft_unnamed")
		if diff := cmp.Diff([]template.Issue{{Field: "name", Key: "template.name.uppercase",
			Args: map[string]any{"Suggestion": "order_update"}}}, IssuesOf(err)); diff != "" {
			t.Errorf("issues (-want +got):\n%s", diff)
		}

		d.Name = "order_update"
		d.Body.Examples = nil
		s, err := e.svc.Save(ctx, "cid-a", e.a, 0, d)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != StatusDraft || len(s.Issues) != 1 || s.Issues[0].Field != "body.examples[0]" {
			t.Errorf("saved = %+v", s)
		}
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, d); err == nil {
			t.Error("a second draft with the same name and language was saved")
		} else {
			wantProblem(t, err, problem.Conflict, "authoring.draft_exists")
		}

		d.Body.Examples = []string{"Ana"}
		d.Language = "en-us" // normalized before it is stored
		s2, err := e.svc.Save(ctx, "cid-a", e.a, s.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Draft(ctx, "cid-a", e.a, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s2.ID != s.ID || got.Template.Language != "en_US" || len(got.Issues) != 0 {
			t.Errorf("after update: %+v", got)
		}
	})
}

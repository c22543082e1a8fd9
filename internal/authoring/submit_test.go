package authoring

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/template"
)

func TestSubmit(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		d := valid("order_ready", "en")
		d.Body.Examples = nil
		s, err := e.svc.Save(ctx, "cid-a", e.a, 0, d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Submit(ctx, "cid-a", e.a, s.ID)
		wantProblem(t, err, problem.Invalid, "authoring.draft_invalid")
		if is := IssuesOf(err); len(is) != 1 || is[0].Key != "template.example.required" {
			t.Errorf("issues = %+v", is)
		}
		if n := len(e.d360.Templates("key-a")); n != 0 {
			t.Fatalf("an invalid draft reached 360dialog (%d templates)", n)
		}

		d.Body.Examples = []string{"Ana"}
		if _, err := e.svc.Save(ctx, "cid-a", e.a, s.ID, d); err != nil {
			t.Fatal(err)
		}
		entry, err := e.svc.Submit(ctx, "cid-a", e.a, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if entry.Status != "submitted" || entry.Color != "yellow" || entry.Name != "order_ready" {
			t.Errorf("entry = %+v", entry)
		}
		at := e.d360.Templates("key-a")
		if len(at) != 1 {
			t.Fatalf("360dialog has %d templates", len(at))
		}
		// What 360dialog received is exactly Create(d).
		var sent struct {
			Components []dialog360.Component `json:"components"`
		}
		raw, _ := json.Marshal(at[0])
		if err := json.Unmarshal(raw, &sent); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Create(d).Components, sent.Components); diff != "" {
			t.Errorf("components at 360dialog (-want +got):\n%s", diff)
		}
		if _, err := e.svc.Draft(ctx, "cid-a", e.a, s.ID); !problem.Is(err, problem.NotFound) {
			t.Errorf("the submitted draft is still kept: %v", err)
		}

		// 360dialog's refusal is shown with its reason; the draft stays.
		again, err := e.svc.Save(ctx, "cid-a", e.a, 0, d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Submit(ctx, "cid-a", e.a, again.ID)
		wantProblem(t, err, problem.Upstream, "authoring.d360_refused")
		if r := problem.As(err).Args["Reason"]; r != "Content in this language already exists" {
			t.Errorf("reason = %v", r)
		}
		if _, err := e.svc.Draft(ctx, "cid-a", e.a, again.ID); err != nil {
			t.Errorf("a refused draft was dropped: %v", err)
		}
	})
}

func TestCopyAndAddLanguage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		src := valid("order_ready", "en")
		e.d360.AddTemplate("key-a", map[string]any{"name": "order_ready", "language": "en", "category": "UTILITY",
			"components": componentsJSON(t, Create(src).Components)})

		c, err := e.svc.Copy(ctx, "cid-a", e.a, "order_ready", "en", " order_ready_v2 ")
		if err != nil {
			t.Fatal(err)
		}
		want := template.Normalize(src)
		want.Name = "order_ready_v2"
		if diff := cmp.Diff(want, c.Template); diff != "" {
			t.Errorf("copy (-want +got):\n%s", diff)
		}
		_, err = e.svc.Copy(ctx, "cid-a", e.a, "order_ready", "en", "order_ready")
		wantProblem(t, err, problem.Conflict, "authoring.template_exists")
		_, err = e.svc.Copy(ctx, "cid-a", e.a, "order_ready", "en", "Order Ready")
		wantProblem(t, err, problem.Invalid, "authoring.draft_unnamed")
		_, err = e.svc.Copy(ctx, "cid-a", e.a, "missing", "en", "x")
		wantProblem(t, err, problem.NotFound, "authoring.template_not_found")

		// A language is added from a draft too: the copy is one.
		l, err := e.svc.AddLanguage(ctx, "cid-a", e.a, "order_ready_v2", "en", "es")
		if err != nil {
			t.Fatal(err)
		}
		want.Language = "es"
		if diff := cmp.Diff(want, l.Template); diff != "" {
			t.Errorf("new language (-want +got):\n%s", diff)
		}
		_, err = e.svc.AddLanguage(ctx, "cid-a", e.a, "order_ready_v2", "en", "es")
		wantProblem(t, err, problem.Conflict, "authoring.draft_exists")
		_, err = e.svc.AddLanguage(ctx, "cid-a", e.a, "order_ready", "en", "xx")
		wantProblem(t, err, problem.Invalid, "authoring.draft_unnamed")
	})
}

func componentsJSON(t *testing.T, cs []dialog360.Component) []any {
	t.Helper()
	raw, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeleteRemovesEveryLanguage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		for _, lang := range []string{"en", "es"} {
			e.d360.AddTemplate("key-a", map[string]any{"name": "promo", "language": lang})
		}
		e.d360.AddTemplate("key-a", map[string]any{"name": "keep", "language": "en"})
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, valid("promo", "pt_BR")); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Save(ctx, "cid-a", e.a, 0, valid("draft_only", "en")); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(ctx, "cid-a", e.a, "promo"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(ctx, "cid-a", e.a, "draft_only"); err != nil {
			t.Fatalf("a name with drafts only: %v", err)
		}
		l, _ := e.svc.List(ctx, "cid-a", e.a)
		if diff := cmp.Diff([]string{"keep/en approved green"}, summary(l.Entries)); diff != "" {
			t.Errorf("after delete (-want +got):\n%s", diff)
		}
		wantProblem(t, e.svc.Delete(ctx, "cid-a", e.a, "promo"), problem.NotFound, "authoring.template_not_found")
	})
}

// The service logs what it did, never a key.
func TestLogsHoldNoKey(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var logs lockedLog
		e.svc.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		ctx := context.Background()
		s, err := e.svc.Save(ctx, "cid-a", e.a, 0, valid("logged", "en"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Submit(ctx, "cid-a", e.a, s.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(ctx, "cid-a", e.a, "logged"); err != nil {
			t.Fatal(err)
		}
		out := logs.String()
		if out == "" {
			t.Fatal("nothing was logged")
		}
		for _, secret := range []string{"key-a", "cid-a"} {
			if contains(out, secret) {
				t.Errorf("logs contain %q:\n%s", secret, out)
			}
		}
	})
}

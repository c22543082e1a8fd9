package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
	"waba-transport/internal/template"
)

func TestTemplatePreviewAnswersTheServersVerdict(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	in := form("lang", "es", "name", "Pedido Listo", "category", "UTILITY", "language", "es", "kind", "media",
		"parameter_format", "positional", "header.format", "IMAGE", "header.media_url", "https://shop.example/a.jpg",
		"body.text", "Hola {{1}}, su pedido {{2}} está listo.", "body.examples[0]", "Ana",
		"footer", "Tienda", "buttons[0].type", "URL", "buttons[0].text", "Ver pedido",
		"buttons[0].url", "https://shop.example/o/{{1}}", "buttons[0].url_example", "77")
	w := e.post(tplPages+"/preview", in, "Accept", "application/json")
	wantStatus(t, w, http.StatusOK)
	golden(t, "template_preview.json", w.Body.Bytes())

	// The answer's messages come from package template, in the form's language.
	var got previewBody
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := e.T("es", "template.name.chars", "Chars", `' '`, "Suggestion", "pedido_listo")
	if len(got.Issues) == 0 || got.Issues[0].Field != "name" || got.Issues[0].Message != want {
		t.Errorf("first issue = %+v, want name: %q", got.Issues, want)
	}
}

func TestTemplateCopyTranslateDelete(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	wantStatus(t, e.post(tplPages, validForm("order_ready", "action", "submit")), http.StatusSeeOther)

	// Copy under a name that is not one: the list says why.
	w := e.post(tplPages+"/copy", form("lang", "en", "name", "order_ready", "language", "en", "new_name", "Order Copy"))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	mustContain(t, w.Body.String(), esc(e.T("en", "template.name.chars", "Chars", `' '`, "Suggestion", "order_copy")))

	w = e.post(tplPages+"/copy", form("lang", "en", "name", "order_ready", "language", "en", "new_name", "order_copy"))
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != tplPages+"/drafts/1?done=copied" {
		t.Fatalf("Location = %q", loc)
	}
	w = e.do(http.MethodGet, tplPages+"/drafts/1?done=copied", "")
	wantStatus(t, w, http.StatusOK)
	mustContain(t, w.Body.String(), esc(e.T("en", "authoring.flash.copied")), `value="order_copy"`,
		`value="Order {{1}}"`, `value="Thanks"`, ">Hello Ana,\nyour order is ready for pickup.<")

	w = e.post(tplPages+"/translate", form("lang", "en", "name", "order_ready", "language", "en", "new_language", "pt_BR"))
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != tplPages+"/drafts/2?done=translated" {
		t.Fatalf("Location = %q", loc)
	}
	w = e.post(tplPages+"/translate", form("lang", "en", "name", "order_ready", "language", "en", "new_language", "en"))
	wantStatus(t, w, http.StatusConflict)
	mustContain(t, w.Body.String(), esc(e.T("en", "authoring.template_exists", "Name", "order_ready", "Language", "en")))

	// Deleting asks first (here: no script), then removes every language.
	w = e.post(tplPages+"/delete", form("lang", "en", "name", "order_ready"))
	wantStatus(t, w, http.StatusOK)
	mustContain(t, w.Body.String(), `id="confirm-delete"`, esc(e.T("en", "authoring.delete.question", "Name", "order_ready")))
	if n := len(e.d360.Templates(tplSimKey)); n != 1 {
		t.Fatalf("deleted before confirmation (%d left)", n)
	}
	w = e.post(tplPages+"/delete", form("lang", "en", "name", "order_ready", "confirm", "yes"))
	wantStatus(t, w, http.StatusSeeOther)
	if n := len(e.d360.Templates(tplSimKey)); n != 0 {
		t.Errorf("%d templates left at 360dialog", n)
	}
	w = e.do(http.MethodGet, tplPages, "")
	if got := strings.Count(w.Body.String(), `class="tpl-row"`); got != 1 { // order_copy
		t.Errorf("%d rows after deletion, want 1", got)
	}
	w = e.post(tplPages+"/delete", form("lang", "en", "name", "order_ready", "confirm", "yes"))
	wantStatus(t, w, http.StatusNotFound)
	mustContain(t, w.Body.String(), esc(e.T("en", "authoring.template_not_found", "Name", "order_ready")))

	// What was done and refused is logged, without the number's key or the
	// connection's secret.
	logs := e.logs.String()
	mustContain(t, logs, `"msg":"template submitted"`, `"msg":"template deleted"`, `"code":"authoring.template_exists"`)
	mustNotContain(t, logs, tplSimKey, "cid-1-secret")
}

func TestTemplateAPI(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	d := template.Draft{Name: "api_one", Category: "utility", Language: "en", Kind: template.KindBasic,
		Body: template.Body{Text: "Your order {{1}} has shipped today."}}
	raw, _ := json.Marshal(d)
	w := e.do(http.MethodPost, tplAPI, string(raw), "Content-Type", "application/json", "Accept-Language", "ru")
	wantStatus(t, w, http.StatusCreated)
	var created apiDraftBody
	if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil {
		t.Fatal(err)
	}
	wantIssues := []localIssue{{Field: "body.examples[0]", Key: "template.example.required",
		Message: e.T("ru", "template.example.required", "Variable", "{{1}}")}}
	if diff := cmp.Diff(wantIssues, created.Issues); diff != "" || created.Status != "draft" || created.Template.Category != "UTILITY" {
		t.Errorf("created = %+v; issues (-want +got):\n%s", created, diff)
	}

	submit := tplAPI + "/drafts/1/submit"
	w = e.do(http.MethodPost, submit, "", "Accept-Language", "ru")
	wantStatus(t, w, http.StatusUnprocessableEntity)
	var refused apiIssuesBody
	if err := json.Unmarshal(w.Body.Bytes(), &refused); err != nil {
		t.Fatal(err)
	}
	if refused.Error.Code != "authoring.draft_invalid" || !cmp.Equal(wantIssues, refused.Issues) {
		t.Errorf("refusal = %s", w.Body.String())
	}

	d.Body.Examples = []string{"#1042"}
	raw, _ = json.Marshal(d)
	w = e.do(http.MethodPut, tplAPI+"/drafts/1", string(raw), "Content-Type", "application/json")
	wantStatus(t, w, http.StatusOK)
	w = e.do(http.MethodPost, submit, "")
	wantStatus(t, w, http.StatusOK)
	if !strings.Contains(w.Body.String(), `"status":"submitted"`) {
		t.Errorf("submit answered %s", w.Body.String())
	}

	w = e.do(http.MethodGet, tplAPI, "")
	wantStatus(t, w, http.StatusOK)
	var list []map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0]["color"] != "yellow" {
		t.Fatalf("list = %s, %v", w.Body.String(), err)
	}

	w = e.do(http.MethodDelete, tplAPI+"/api_one", "")
	wantStatus(t, w, http.StatusNoContent)
	w = e.do(http.MethodGet, tplAPI, "")
	if strings.TrimSpace(w.Body.String()) != "[]" {
		t.Errorf("list after delete = %s", w.Body.String())
	}
	w = e.do(http.MethodDelete, tplAPI+"/api_one", "")
	wantStatus(t, w, http.StatusNotFound)

	// Another connection's number is not found; a broken body is a 400.
	w = e.do(http.MethodGet, "/api/v1/connections/cid-2-secret/accounts/1/templates", "")
	wantStatus(t, w, http.StatusNotFound)
	w = e.do(http.MethodPost, tplAPI, "{", "Content-Type", "application/json")
	wantStatus(t, w, http.StatusBadRequest)
}

func TestSettingsPageTemplateSync(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	at := time.Date(2026, 11, 24, 12, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		status account.TemplateSync
		want   string
	}{
		{account.TemplateSync{}, e.T("en", "authoring.settings.sync_never")},
		{account.TemplateSync{Pending: true}, e.T("en", "authoring.settings.sync_pending")},
		{account.TemplateSync{At: &at, OK: true, Approved: 7}, e.T("en", "authoring.settings.sync_ok", "At", "2026-11-24 12:30 UTC", "Approved", 7)},
		{account.TemplateSync{At: &at, Error: "authoring.d360_unreachable"}, e.T("en", "authoring.settings.sync_failed",
			"At", "2026-11-24 12:30 UTC", "Error", e.T("en", "authoring.d360_unreachable"))},
	} {
		e.sync.mu.Lock()
		e.sync.status = c.status
		e.sync.mu.Unlock()
		w := e.do(http.MethodGet, "/settings/cid-1-secret?lang=en", "")
		wantStatus(t, w, http.StatusOK)
		mustContain(t, w.Body.String(), esc(c.want), `href="/settings/cid-1-secret/accounts/1/templates"`,
			`action="/settings/cid-1-secret/accounts/1/templates/sync"`)
	}

	w := e.post(tplPages+"/sync", form("lang", "en"))
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != "/settings/cid-1-secret?done=templates_sync" {
		t.Errorf("Location = %q", loc)
	}
	if diff := cmp.Diff([]int64{1}, e.sync.calls); diff != "" {
		t.Errorf("SyncNow calls (-want +got):\n%s", diff)
	}
	w = e.do(http.MethodGet, "/settings/cid-1-secret?done=templates_sync", "")
	mustContain(t, w.Body.String(), esc(e.T("en", "authoring.flash.sync_started")))

	e.sync.err = problem.Wrap(errors.New("down"), problem.Unavailable, "authoring.d360_unreachable")
	w = e.post(tplPages+"/sync", form("lang", "en"))
	wantStatus(t, w, http.StatusServiceUnavailable)
	mustContain(t, w.Body.String(), esc(e.T("en", "authoring.d360_unreachable")), `id="accounts"`)
}

func TestDraftFromForm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   url.Values
		want template.Draft
	}{
		{"basic, examples by index, CRLF", url.Values{"name": {"a"}, "kind": {"basic"}, "body.text": {"x\r\ny"},
			"body.examples[1]": {"two"}, "body.examples[0]": {"one"}, "body.examples[100]": {"too far"},
			"body.examples[01]": {"odd"}, "body.named_examples.first": {"Ana"}},
			template.Draft{Name: "a", Kind: "basic", Body: template.Body{Text: "x\ny", Examples: []string{"one", "two"},
				NamedExamples: map[string]string{"first": "Ana"}}}},
		{"media with header, footer and buttons in order, blank rows skipped", url.Values{"kind": {"media"},
			"header.format": {"TEXT"}, "header.text": {"Hi {{1}}"}, "header.example": {"Ana"}, "footer": {"f"},
			"buttons[0].type": {"URL"}, "buttons[0].text": {"Go"}, "buttons[0].url": {"https://a.example/{{1}}"},
			"buttons[0].url_example": {"7"}, "buttons[1].type": {""}, "buttons[2].type": {"PHONE_NUMBER"},
			"buttons[2].phone": {"+34 600"}, "buttons[10].type": {"QUICK_REPLY"}},
			template.Draft{Kind: "media", Header: &template.Header{Format: "TEXT", Text: "Hi {{1}}", Example: "Ana"},
				Footer: "f", Buttons: []template.Button{
					{Type: "URL", Text: "Go", URL: "https://a.example/{{1}}", URLExample: "7"},
					{Type: "PHONE_NUMBER", Phone: "+34 600"}}}},
		{"no header chosen", url.Values{"kind": {"media"}, "header.format": {""}, "header.text": {"left over"}},
			template.Draft{Kind: "media"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(c.want, draftFromForm(c.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	typed := draftFromForm(url.Values{"kind": {"basic"}, "header.format": {"TEXT"}, "footer": {"f"},
		"buttons[0].type": {"QUICK_REPLY"}})
	if got := asTyped(typed); got.Header != nil || got.Footer != "" || got.Buttons != nil {
		t.Errorf("asTyped kept the hidden parts of a basic template: %+v", got)
	}
}

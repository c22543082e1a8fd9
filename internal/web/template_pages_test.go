package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// issueSlot returns the inner HTML of the issue slot of field in a page.
func issueSlot(t *testing.T, page, field string) string {
	t.Helper()
	marker := `data-for="` + html.EscapeString(field) + `">`
	i := strings.Index(page, marker)
	if i < 0 {
		t.Fatalf("no issue slot for %s", field)
	}
	rest := page[i+len(marker):]
	return rest[:strings.Index(rest, "</div>")]
}

// esc is s as html/template writes it in text.
func esc(s string) string { return html.EscapeString(s) }

// form encodes name, value pairs; a later pair replaces an earlier one.
func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

// validForm is a media template that passes validation.
func validForm(name string, extra ...string) string {
	return form(append([]string{"lang", "en", "name", name, "category", "UTILITY", "language", "en", "kind", "media",
		"parameter_format", "positional", "header.format", "TEXT", "header.text", "Order {{1}}", "header.example", "#42",
		"body.text", "Hello {{1}},\r\nyour order is ready for pickup.", "body.examples[0]", "Ana", "footer", "Shop",
		"buttons[0].type", "QUICK_REPLY", "buttons[0].text", "Thanks"}, extra...)...)
}

func TestTemplatePagesNeedTheManager(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t, func(d *Deps) { d.Templates, d.TemplateSync = nil, nil })
	for _, c := range []struct{ method, target string }{
		{http.MethodGet, tplPages},
		{http.MethodGet, tplPages + "/new"},
		{http.MethodPost, tplPages + "/preview"},
		{http.MethodPost, tplPages + "/sync"},
		{http.MethodGet, tplAPI},
		{http.MethodDelete, tplAPI + "/welcome"},
	} {
		if w := e.do(c.method, c.target, "", "Sec-Fetch-Site", "same-origin"); w.Code != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404", c.method, c.target, w.Code)
		}
	}
	w := e.do(http.MethodGet, "/settings/cid-1-secret", "")
	wantStatus(t, w, http.StatusOK)
	mustNotContain(t, w.Body.String(), "/templates", e.T("en", "authoring.settings.sync"))
}

func TestTemplateListPage(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	e.d360.AddTemplate(tplSimKey, map[string]any{"name": "welcome", "language": "en", "status": "approved"})
	e.d360.AddTemplate(tplSimKey, map[string]any{"name": "welcome", "language": "es", "status": "PAUSED"})
	e.d360.AddTemplate(tplSimKey, map[string]any{"name": "spam", "language": "en", "status": "rejected"})
	e.d360.SetTemplateStatus(tplSimKey, "spam", "en", "rejected", "INVALID_FORMAT")
	e.d360.AddTemplate(tplSimKey, map[string]any{"name": "old", "language": "en", "status": "disabled"})
	e.d360.AddTemplate(tplSimKey, map[string]any{"name": "promo", "language": "en", "status": "pending"})
	wantStatus(t, e.post(tplPages, validForm("draft_one", "action", "save")), http.StatusSeeOther)

	w := e.do(http.MethodGet, tplPages+"?done=draft_saved", "")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	mustContain(t, body, esc(e.T("en", "authoring.flash.draft_saved")), esc(e.T("en", "authoring.title")),
		`class="chip c-green"`, `class="chip c-orange"`, `class="chip c-red"`, `class="chip c-red-dark"`,
		`class="chip c-yellow"`, `class="chip c-grey" href="`+tplPages+`/drafts/1"`,
		esc(e.T("en", "authoring.list.reason", "Reason", "INVALID_FORMAT")), esc(e.T("en", "authoring.status.paused")))
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://shop.retailcrm.ru") {
		t.Errorf("CSP = %q: the CRM cannot frame the page", csp)
	}

	rows := func(target string) []string {
		t.Helper()
		w := e.do(http.MethodGet, target, "")
		wantStatus(t, w, http.StatusOK)
		var names []string
		for _, part := range strings.Split(w.Body.String(), `data-name="`)[1:] {
			names = append(names, part[:strings.Index(part, `"`)])
		}
		return names
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"draft_one", "old", "promo", "spam", "welcome"}},
		{"?status=rejected", []string{"spam"}},
		{"?status=draft", []string{"draft_one"}},
		{"?status=approved&q=WEL", []string{"welcome"}},
		{"?q=o", []string{"draft_one", "old", "promo", "welcome"}},
		{"?status=paused&q=zzz", nil},
	} {
		if diff := cmp.Diff(c.want, rows(tplPages+c.query)); diff != "" {
			t.Errorf("list%s (-want +got):\n%s", c.query, diff)
		}
	}

	// The page speaks the four languages and remembers the one picked.
	for _, lang := range []string{"es", "ru", "pt"} {
		w := e.do(http.MethodGet, tplPages+"?lang="+lang, "")
		mustContain(t, w.Body.String(), `<html lang="`+lang+`">`, esc(e.T(lang, "authoring.title")),
			esc(e.T(lang, "authoring.status.approved")), `href="`+tplPages+`?lang=en"`)
		if c, _ := e.mem.fake().Connection(t.Context(), "cid-1-secret"); c.Lang != lang {
			t.Errorf("saved language = %q, want %s", c.Lang, lang)
		}
	}
}

func TestTemplatePagesRefuseOtherConnections(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	for _, target := range []string{
		"/settings/cid-2-secret/accounts/1/templates",
		"/settings/cid-2-secret/accounts/1/templates/new",
		"/settings/nobody/accounts/1/templates",
		"/settings/cid-1-secret/accounts/x/templates",
		"/settings/cid-1-secret/accounts/1/templates/drafts/99",
	} {
		if w := e.do(http.MethodGet, target, ""); w.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, w.Code)
		}
	}
	w := e.post("/settings/cid-2-secret/accounts/1/templates/preview", validForm("x"), "Accept", "application/json")
	wantStatus(t, w, http.StatusNotFound)
	if got := parseError(t, w).Error.Code; got != "authoring.account_not_found" {
		t.Errorf("code = %q", got)
	}
	w = e.do(http.MethodGet, "/api/v1/connections/nobody/accounts/1/templates", "")
	wantStatus(t, w, http.StatusUnauthorized)

	// A form posted by another site is refused before it does anything.
	w = e.do(http.MethodPost, tplPages+"/delete", form("name", "x", "confirm", "yes"),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	wantStatus(t, w, http.StatusForbidden)
}

func TestTemplateEditorShowsIssuesBesideTheirFields(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	w := e.do(http.MethodGet, tplPages+"/new?lang=es", "")
	wantStatus(t, w, http.StatusOK)
	page := w.Body.String()
	mustContain(t, page, esc(e.T("es", "authoring.form.title_new")), `<option value="es" selected>`,
		`id="bubble-body"`, `name="body.text"`)
	if slot := issueSlot(t, page, "name"); slot != "" {
		t.Errorf("a blank form already shows issues: %q", slot)
	}

	// A name that is not one: nothing is saved, the issue says what to change.
	w = e.post(tplPages, validForm("Order_Ready", "action", "save"))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	page = w.Body.String()
	mustContain(t, page, esc(e.T("en", "authoring.draft_unnamed")), `value="Order_Ready"`, "your order is ready")
	if got, want := issueSlot(t, page, "name"), "<p>"+esc(e.T("en", "template.name.uppercase", "Suggestion", "order_ready"))+"</p>"; got != want {
		t.Errorf("name issue = %q, want %q", got, want)
	}

	// Submitting a draft with a missing example saves it and shows why it
	// was not submitted, beside the example's input.
	w = e.post(tplPages, validForm("order_ready", "action", "submit", "body.examples[0]", ""))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	page = w.Body.String()
	mustContain(t, page, `action="`+tplPages+`/drafts/1"`, esc(e.T("en", "authoring.draft_invalid", "Count", 1)))
	if got := issueSlot(t, page, "body.examples[0]"); !strings.Contains(got, esc(e.T("en", "template.example.required", "Variable", "{{1}}"))) {
		t.Errorf("example issue = %q", got)
	}
	if n := len(e.d360.Templates(tplSimKey)); n != 0 {
		t.Fatalf("an invalid template reached 360dialog")
	}

	// Fixed and submitted from the draft's page.
	w = e.post(tplPages+"/drafts/1", validForm("order_ready", "action", "submit"))
	wantStatus(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != tplPages+"?done=submitted" {
		t.Errorf("Location = %q", loc)
	}
	at := e.d360.Templates(tplSimKey)
	if len(at) != 1 || at[0]["name"] != "order_ready" || at[0]["status"] != "submitted" {
		t.Fatalf("360dialog has %v", at)
	}
	body := at[0]["components"].([]any)[1].(map[string]any)
	if body["text"] != "Hello {{1}},\nyour order is ready for pickup." {
		t.Errorf("body sent = %q (line breaks must be \\n)", body["text"])
	}
	w = e.do(http.MethodGet, tplPages+"?done=submitted", "")
	// The language picked on the new form (es) is the connection's now.
	mustContain(t, w.Body.String(), esc(e.T("es", "authoring.flash.submitted")), `class="chip c-yellow"`)
}

func TestTemplateEditorKeepsHiddenPartsOfABasicTemplate(t *testing.T) {
	t.Parallel()
	e := newTplEnv(t)
	// A basic template: the media parts typed before switching stay in the
	// form, but are not saved or checked.
	w := e.post(tplPages, validForm("basic_one", "action", "save", "kind", "basic"))
	wantStatus(t, w, http.StatusSeeOther)
	w = e.do(http.MethodGet, tplPages+"/drafts/1", "")
	wantStatus(t, w, http.StatusOK)
	mustNotContain(t, w.Body.String(), `value="Order {{1}}"`, `value="Thanks"`)
	mustContain(t, w.Body.String(), `data-kind="basic"`)
}

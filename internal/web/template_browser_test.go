package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"waba-transport/internal/chromium"
)

// openTplSite serves a tplEnv and opens a tab for it, like openSite.
func openTplSite(t *testing.T, browser context.Context) (*browserSite, *tplEnv) {
	t.Helper()
	e := newTplEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close)
	// A guard against a hung browser, not a timing check: the flow takes
	// about 15 s, more on a loaded machine.
	ctx := chromium.OpenTab(t, browser, 90*time.Second, chromedp.WithNewBrowserContext())
	watchConsole(t, ctx)
	shots := chromium.ScreenshotDir(t)
	return &browserSite{store: e.mem, cat: e.cat, url: srv.URL, ctx: ctx, shots: shots}, e
}

// waitFor waits until the JavaScript expression is true.
func (s *browserSite) waitFor(t *testing.T, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(s.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// js quotes s for a JavaScript expression.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// slotText is the expression for the text of the issue slot of field.
func slotText(field string) string {
	return `(document.querySelector('.issue[data-for=` + js(field) + `]') || {}).textContent`
}

// choose sets a select (or any input) as a person does, with its events.
func (s *browserSite) choose(t *testing.T, sel, value string) {
	t.Helper()
	s.eval(t, `(function(){ var el = document.querySelector(`+js(sel)+`); el.value = `+js(value)+
		`; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`)
}

// acceptNextDialog accepts the next confirm() of the page and returns its question.
func (s *browserSite) acceptNextDialog(t *testing.T) <-chan string {
	t.Helper()
	dctx, stop := context.WithCancel(s.ctx)
	t.Cleanup(stop)
	asked := make(chan string, 1)
	dialogs := chromedp.Events(dctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			asked <- ev.Message
			_, _ = chromedp.Call(s.ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
			return
		}
	}()
	return asked
}

func TestTemplateManagerInBrowser(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)

	t.Run("create, lint, preview, submit, copy, add a language, delete", func(t *testing.T) {
		t.Parallel()
		s, e := openTplSite(t, browser)
		e.d360.AddTemplate(tplSimKey, map[string]any{"name": "welcome", "language": "en", "status": "approved"})
		e.d360.AddTemplate(tplSimKey, map[string]any{"name": "welcome", "language": "es", "status": "paused"})
		e.d360.AddTemplate(tplSimKey, map[string]any{"name": "summer_sale", "language": "en", "category": "MARKETING"})
		e.d360.SetTemplateStatus(tplSimKey, "summer_sale", "en", "rejected", "PROMOTIONAL")

		// From the settings page to the number's templates.
		s.do(t, chromedp.Navigate(s.url+"/settings/cid-1-secret?lang=en"), chromedp.WaitVisible(chromedp.CSS("#accounts")))
		s.screenshot(t, "tpl-01-settings")
		s.submit(t, `a[href$="/accounts/1/templates"]`)
		if got := s.text(t, "h1"); got != e.T("en", "authoring.title") {
			t.Fatalf("h1 = %q", got)
		}
		if got := s.text(t, "#tpl-summer_sale .tpl-note.bad"); got != e.T("en", "authoring.list.reason", "Reason", "PROMOTIONAL") {
			t.Errorf("rejection reason = %q", got)
		}
		s.screenshot(t, "tpl-02-list")

		// A new template: a capital letter in the name is flagged by the
		// server's rule, in words that say what to change.
		s.submit(t, "#tpl-new")
		s.do(t, chromedp.WaitVisible(chromedp.CSS("#tpl-form")))
		s.screenshot(t, "tpl-03-new")
		s.do(t, chromedp.SendKeys(chromedp.CSS("#f-name"), "Order_Update"))
		lint := e.T("en", "template.name.uppercase", "Suggestion", "order_update")
		s.waitFor(t, "the name's issue", slotText("name")+` === `+js(lint))
		s.screenshot(t, "tpl-04-lint-error")
		s.choose(t, "#f-name", "")
		s.do(t, chromedp.SendKeys(chromedp.CSS("#f-name"), "order_update"))
		s.waitFor(t, "the name's issue to go", slotText("name")+` === ''`)
		s.choose(t, "#f-category", "UTILITY")

		// The preview follows the text, and an example input appears for
		// each variable typed.
		s.do(t, chromedp.SendKeys(chromedp.CSS("#f-body"), "Hello {{1}}, your order {{2}} is ready for pickup."))
		s.waitFor(t, "two example inputs", `document.querySelectorAll('#tpl-examples .example input').length === 2`)
		if got := s.text(t, "#bubble-body"); got != "Hello {{1}}, your order {{2}} is ready for pickup." {
			t.Errorf("preview before examples = %q", got)
		}
		s.do(t,
			chromedp.SendKeys(chromedp.CSS(`input[name="body.examples[0]"]`), "Ana"),
			chromedp.SendKeys(chromedp.CSS(`input[name="body.examples[1]"]`), "#1042"),
		)
		s.waitFor(t, "the filled preview", `document.querySelector('#bubble-body').textContent === 'Hello Ana, your order #1042 is ready for pickup.'`)

		// Media and interactive: a header, a footer and a button.
		s.do(t, chromedp.Click(chromedp.CSS(`input[name=kind][value=media]`)))
		s.choose(t, "#f-header-format", "TEXT")
		s.do(t,
			chromedp.SendKeys(chromedp.CSS("#f-header-text"), "Order update"),
			chromedp.SendKeys(chromedp.CSS("#f-footer"), "Shop Example"),
			chromedp.Click(chromedp.CSS(`[data-add=QUICK_REPLY]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name="buttons[0].text"]`), "Thanks"),
		)
		s.waitFor(t, "the whole bubble", `document.querySelector('#bubble-header').textContent === 'Order update' && `+
			`document.querySelector('#bubble-footer').textContent === 'Shop Example' && `+
			`document.querySelector('#bubble-buttons .wa-button').textContent === 'Thanks'`)
		s.waitFor(t, "the server's all-clear", `!document.querySelector('#tpl-ready').hidden`)
		s.screenshot(t, "tpl-05-preview")
		s.do(t, chromedp.EmulateViewport(360, 780))
		s.screenshot(t, "tpl-06-editor-360px")
		s.do(t, chromedp.EmulateViewport(1200, 900))

		// Saved as a draft: grey in the list. Then submitted: yellow.
		s.submit(t, "#tpl-save")
		if got := s.text(t, ".notice.ok"); got != e.T("en", "authoring.flash.draft_saved") {
			t.Errorf("flash = %q", got)
		}
		s.waitFor(t, "the grey draft", `!!document.querySelector('#tpl-order_update a.chip.c-grey')`)
		s.screenshot(t, "tpl-07-draft-saved")
		s.submit(t, "#tpl-order_update a.chip")
		s.submit(t, "#tpl-submit")
		if got := s.text(t, ".notice.ok"); got != e.T("en", "authoring.flash.submitted") {
			t.Errorf("flash = %q", got)
		}
		s.waitFor(t, "the yellow template", `!!document.querySelector('#tpl-order_update .chip.c-yellow')`)
		if at := e.d360.Templates(tplSimKey); len(at) != 4 {
			t.Errorf("360dialog has %d templates, want 4", len(at))
		}
		s.screenshot(t, "tpl-08-submitted")

		// Copy under a new name: a draft with the same content.
		s.do(t, chromedp.Click(chromedp.CSS("#tpl-order_update .tpl-copy summary")))
		s.submit(t, "#tpl-order_update .tpl-copy button[type=submit]")
		if v := s.eval(t, `document.querySelector('#f-name').value + '|' + document.querySelector('#bubble-body').textContent`); v != "order_update_copy|Hello Ana, your order #1042 is ready for pickup." {
			t.Errorf("copy = %q", v)
		}
		s.screenshot(t, "tpl-09-copy")
		s.submit(t, "#tpl-save")

		// Another language: a draft prefilled from the original.
		s.do(t, chromedp.Click(chromedp.CSS("#tpl-order_update .tpl-translate summary")),
			chromedp.SendKeys(chromedp.CSS("#tpl-order_update .tpl-translate input[name=new_language]"), "es"))
		s.submit(t, "#tpl-order_update .tpl-translate button[type=submit]")
		if v := s.eval(t, `document.querySelector('#f-language').value + '|' + document.querySelector('#f-name').value`); v != "es|order_update" {
			t.Errorf("new language form = %q", v)
		}
		s.choose(t, "#f-body", "")
		s.do(t, chromedp.SendKeys(chromedp.CSS("#f-body"), "Hola {{1}}, su pedido {{2}} está listo para recoger."))
		s.waitFor(t, "the Spanish preview", `document.querySelector('#bubble-body').textContent === 'Hola Ana, su pedido #1042 está listo para recoger.'`)
		s.screenshot(t, "tpl-10-add-language")
		s.submit(t, "#tpl-save")
		s.waitFor(t, "two languages", `document.querySelectorAll('#tpl-order_update .tpl-lang').length === 2`)
		s.screenshot(t, "tpl-11-two-languages")

		// Delete asks, then removes every language of the name.
		asked := s.acceptNextDialog(t)
		s.submit(t, "#tpl-order_update .tpl-delete button")
		select {
		case q := <-asked:
			if want := e.T("en", "authoring.delete.question", "Name", "order_update"); q != want {
				t.Errorf("confirm asked %q, want %q", q, want)
			}
		default:
			t.Error("no confirm dialog before deletion")
		}
		if n := s.eval(t, `String(document.querySelectorAll('#tpl-order_update').length)`); n != "0" {
			t.Errorf("order_update still listed")
		}
		for _, tpl := range e.d360.Templates(tplSimKey) {
			if tpl["name"] == "order_update" {
				t.Errorf("order_update still at 360dialog: %v", tpl)
			}
		}
		s.screenshot(t, "tpl-12-deleted")

		// Filter by status and by name.
		s.do(t, chromedp.SendKeys(chromedp.CSS("#tpl-search"), "sum"))
		if v := s.eval(t, `Array.from(document.querySelectorAll('tr.tpl-row')).filter(function(r){return !r.hidden}).map(function(r){return r.dataset.name}).join()`); v != "summer_sale" {
			t.Errorf("rows shown for 'sum' = %q", v)
		}
		s.do(t, chromedp.Navigate(s.url+"/settings/cid-1-secret/accounts/1/templates?status=approved&lang=ru"),
			chromedp.WaitVisible(chromedp.CSS("#templates")))
		if v := s.eval(t, `Array.from(document.querySelectorAll('tr.tpl-row')).map(function(r){return r.dataset.name}).join()`); v != "welcome" {
			t.Errorf("approved rows = %q", v)
		}
		s.screenshot(t, "tpl-13-filter-ru")

		// Without the script's confirm() the server asks on its own page.
		if _, err := chromedp.RunResponse(s.ctx, chromedp.Evaluate[chromedp.Void](
			`document.querySelector('#tpl-welcome .tpl-delete').submit()`)); err != nil {
			t.Fatal(err)
		}
		s.do(t, chromedp.WaitVisible(chromedp.CSS("#confirm-delete")))
		s.screenshot(t, "tpl-14-delete-confirm-ru")

		// A saved draft with problems shows each beside its field.
		w := e.post(tplPages, form("lang", "en", "action", "save", "name", "broken_one", "language", "en", "kind", "media",
			"body.text", "{{1}} ready", "footer", "Footer {{1}}", "buttons[0].type", "URL", "buttons[0].text", "Open",
			"buttons[0].url", "http://shop.example"))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("saving a draft with problems: %d", w.Code)
		}
		s.do(t, chromedp.Navigate(s.url+tplPages+"?lang=en"), chromedp.WaitVisible(chromedp.CSS("#tpl-broken_one")))
		s.submit(t, "#tpl-broken_one a.chip")
		if got := s.text(t, `.issue[data-for="buttons[0].url"]`); got != e.T("en", "template.button.url.https", "Button", 1) {
			t.Errorf("URL issue = %q", got)
		}
		s.screenshot(t, "tpl-15-draft-with-issues")
	})

	// Inside the CRM's iframe the live check still passes the CSRF guard.
	t.Run("editor inside the CRM's iframe", func(t *testing.T) {
		t.Parallel()
		s, e := openTplSite(t, browser)
		crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>CRM</title><h1>CRM admin</h1>`+
				`<iframe id="module" src="%s/settings/cid-1-secret/accounts/1/templates/new?lang=pt" width="1100" height="760"></iframe>`, s.url)
		}))
		t.Cleanup(crm.Close)
		// localhost and 127.0.0.1 are different sites, as a CRM and this
		// service are; the connection belongs to that CRM.
		crmURL := strings.Replace(crm.URL, "127.0.0.1", "localhost", 1)
		e.mem.mu.Lock()
		e.mem.conns["cid-1-secret"].CRMURL = crmURL
		e.mem.mu.Unlock()
		s.do(t, chromedp.Navigate(crmURL), chromedp.WaitVisible(chromedp.CSS("#module")))
		frame := s.frame(t, s.url+"/settings/")
		lint := e.T("pt", "template.name.uppercase", "Suggestion", "promo")
		if err := chromedp.Do(frame, chromedp.WaitVisible(chromedp.CSS("#tpl-form")),
			chromedp.SendKeys(chromedp.CSS("#f-name"), "Promo")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(frame, chromedp.Poll[chromedp.Void](slotText("name")+` === `+js(lint),
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("the server's check did not arrive inside the iframe: %v", err)
		}
		s.screenshot(t, "tpl-16-crm-iframe")
	})
}

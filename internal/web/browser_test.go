package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"waba-transport/internal/account"
)

func TestBrowser(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)

	t.Run("connect, add, wrong key, remove", func(t *testing.T) {
		t.Parallel()
		s := openSite(t, browser)
		s.do(t, chromedp.Navigate(s.url+"/?lang=en"), chromedp.WaitVisible(chromedp.CSS("#connect-form")))
		s.screenshot(t, "connect")
		s.do(t,
			chromedp.SendKeys(chromedp.CSS("#crm_url"), "https://shop.retailcrm.ru"),
			chromedp.SendKeys(chromedp.CSS("#api_key"), "good-crm-key"),
		)
		s.submit(t, "#connect-form button[type=submit]")
		if loc := s.eval(t, "location.pathname"); loc != "/settings/cid-1-secret" {
			t.Fatalf("after connect at %s", loc)
		}
		if got, want := s.text(t, ".notice.ok"), s.cat.T("en", "web.flash.connected", nil); got != want {
			t.Errorf("flash = %q, want %q", got, want)
		}
		if got := s.text(t, ".empty"); got != s.cat.T("en", "web.accounts.empty", nil) {
			t.Errorf("empty state = %q", got)
		}

		s.do(t,
			chromedp.SendKeys(chromedp.CSS("#add-name"), "Support"),
			chromedp.SendKeys(chromedp.CSS("#add-key"), "good-360-key"),
		)
		s.submit(t, "#add-form button[type=submit]")
		if got := s.text(t, "#account-1 .name"); got != "Support" {
			t.Errorf("new row name = %q", got)
		}
		if got, want := s.text(t, ".notice.ok"), s.cat.T("en", "web.flash.account_added", nil); got != want {
			t.Errorf("flash = %q, want %q", got, want)
		}
		s.screenshot(t, "settings")

		s.do(t,
			chromedp.SendKeys(chromedp.CSS("#add-name"), "Sales"),
			chromedp.SendKeys(chromedp.CSS("#add-key"), "wrong-key"),
		)
		s.submit(t, "#add-form button[type=submit]")
		if got, want := s.text(t, ".notice.err"), s.cat.T("en", "dialog360.key_invalid", nil); got != want {
			t.Errorf("error = %q, want %q", got, want)
		}
		if n := s.rows(t); n != "1" {
			t.Errorf("rows after a wrong key = %s, want 1", n)
		}
		if v := s.eval(t, `document.querySelector('#add-name').value + '|' + document.querySelector('#add-key').value`); v != "Sales|" {
			t.Errorf("add form after error = %q, want the name kept and the key empty", v)
		}
		s.screenshot(t, "settings-error")

		s.do(t, chromedp.EmulateViewport(360, 780))
		s.screenshot(t, "settings-360px")
		s.do(t, chromedp.EmulateViewport(1200, 900))

		// Remove: the page asks with confirm(), the test accepts.
		dctx, stop := context.WithCancel(s.ctx)
		defer stop()
		dialogs := chromedp.Events(dctx, cdppage.JavascriptDialogOpening)
		asked := make(chan string, 1)
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
		s.submit(t, "#account-1 .remove-form button")
		select {
		case q := <-asked:
			if want := s.cat.T("en", "web.remove.question", map[string]any{"Name": "Support"}); q != want {
				t.Errorf("confirm asked %q, want %q", q, want)
			}
		default:
			t.Error("no confirm dialog before removal")
		}
		if n := s.rows(t); n != "0" {
			t.Errorf("rows after removal = %s, want 0", n)
		}
		if got, want := s.text(t, ".notice.ok"), s.cat.T("en", "web.flash.account_removed", nil); got != want {
			t.Errorf("flash = %q, want %q", got, want)
		}
	})

	t.Run("wrong CRM key", func(t *testing.T) {
		t.Parallel()
		s := openSite(t, browser)
		s.do(t, chromedp.Navigate(s.url+"/?lang=es"), chromedp.WaitVisible(chromedp.CSS("#connect-form")),
			chromedp.SendKeys(chromedp.CSS("#crm_url"), "https://shop.retailcrm.es"),
			chromedp.SendKeys(chromedp.CSS("#api_key"), "nope"),
		)
		s.submit(t, "#connect-form button[type=submit]")
		if got, want := s.text(t, ".notice.err"), s.cat.T("es", "crm.key_invalid", nil); got != want {
			t.Errorf("error = %q, want %q", got, want)
		}
		if v := s.eval(t, `document.querySelector('#crm_url').value + '|' + document.querySelector('#api_key').value`); v != "https://shop.retailcrm.es|" {
			t.Errorf("form after error = %q", v)
		}
		s.screenshot(t, "connect-error-es")
	})

	// The CRM shows the settings page in an iframe from its own site. The
	// page must be allowed to load there (frame-ancestors) and its forms,
	// which post to this service's origin, must pass the CSRF guard.
	t.Run("inside the CRM's iframe", func(t *testing.T) {
		t.Parallel()
		s := openSite(t, browser)
		crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>CRM</title><h1>CRM admin</h1>`+
				`<iframe id="module" src="%s/settings/cid-1-secret" width="1100" height="760"></iframe>`, s.url)
		}))
		t.Cleanup(crm.Close)
		// localhost and 127.0.0.1 are different sites, as a CRM and this
		// service are.
		crmURL := strings.Replace(crm.URL, "127.0.0.1", "localhost", 1)
		if _, err := s.store.fake().Connect(context.Background(), account.ConnectInput{CRMURL: crmURL, APIKey: "good", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		s.do(t, chromedp.Navigate(crmURL), chromedp.WaitVisible(chromedp.CSS("#module")))
		frame := s.frame(t, s.url+"/settings/")
		do := func(steps ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(frame, steps...); err != nil {
				t.Fatal(err)
			}
		}
		do(chromedp.WaitVisible(chromedp.CSS("#add-form")),
			chromedp.SendKeys(chromedp.CSS("#add-name"), "Framed"),
			chromedp.SendKeys(chromedp.CSS("#add-key"), "good-key-abcd"),
			chromedp.Click(chromedp.CSS("#add-form button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#account-1")),
		)
		list, _ := s.store.fake().Accounts(context.Background(), "cid-1-secret")
		if len(list) != 1 || list[0].Name != "Framed" {
			t.Errorf("accounts after a post from the iframe = %+v", list)
		}
		s.screenshot(t, "crm-iframe")
	})

	t.Run("switch language", func(t *testing.T) {
		t.Parallel()
		s := openSite(t, browser)
		if _, err := s.store.fake().Connect(context.Background(), account.ConnectInput{CRMURL: "https://shop.retailcrm.ru", APIKey: "good", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.fake().AddAccount(context.Background(), "cid-1-secret", account.AddInput{APIKey: "good-key-9f3a", Name: "Ventas"}); err != nil {
			t.Fatal(err)
		}
		s.do(t, chromedp.Navigate(s.url+"/settings/cid-1-secret"), chromedp.WaitVisible(chromedp.CSS("#accounts")))
		if got, want := s.text(t, "h1"), s.cat.T("en", "web.settings.title", nil); got != want {
			t.Fatalf("h1 = %q, want %q", got, want)
		}
		for _, lang := range []string{"ru", "es", "pt"} {
			s.submit(t, `nav.langs a[hreflang=`+lang+`]`)
			if got, want := s.text(t, "h1"), s.cat.T(lang, "web.settings.title", nil); got != want {
				t.Errorf("%s: h1 = %q, want %q", lang, got, want)
			}
			if got, want := s.text(t, "#add h2"), s.cat.T(lang, "web.add.title", nil); got != want {
				t.Errorf("%s: add heading = %q, want %q", lang, got, want)
			}
			if got := s.eval(t, "document.documentElement.lang"); got != lang {
				t.Errorf("html lang = %q, want %s", got, lang)
			}
			c, _ := s.store.fake().Connection(context.Background(), "cid-1-secret")
			if c.Lang != lang {
				t.Errorf("saved language = %q, want %s", c.Lang, lang)
			}
			s.screenshot(t, "settings-"+lang)
		}
	})
}

package sandbox

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"waba-transport/internal/chromium"
)

// TestBrowserSandbox drives the sandbox page in headless Chromium the way a
// new user would and saves a screenshot of each step: the customer writes
// and the operator sees it; the operator answers and the phone shows it
// while the chat's ticks reach "read"; a send made to fail is shown failed
// with the countdown to its second attempt, then resent and read;
// MessageGateway down holds a customer message back until it is up; a
// template is approved, and another is sent with its variables and answered
// with its quick-reply button.
func TestBrowserSandbox(t *testing.T) {
	t.Parallel()
	browser := chromium.Start(t, 1440, 1000)
	e := startPageEnv(t, 120)
	p := openPage(t, browser, e.ModuleURL+"/sandbox/")

	if got := p.text(t, "#timers"); !strings.Contains(got, "120× shorter") || !strings.Contains(got, "4.75s (real: 9m30s)") {
		t.Errorf("timers note = %q", got)
	}

	// 1. The customer writes; the operator sees it; the chat, being open,
	// reads it, and the customer's ticks turn blue.
	p.do(t, chromedp.SendKeys(chromedp.CSS("#wa-text"), "Hola, ¿tenéis cita mañana?"), chromedp.Click(chromedp.CSS("#wa-send")))
	p.wait(t, "the customer's text in the CRM chat", `[...document.querySelectorAll('#crm-log li.customer .text')]
		.some((e) => e.textContent === 'Hola, ¿tenéis cita mañana?')`)
	p.wait(t, "blue ticks on the phone", `document.querySelector('#phone-log li[data-from=customer][data-ticks=read] .ticks.read') !== null`)
	if got := p.text(t, "#window"); !strings.HasPrefix(got, "Window closes in 23 h 59 min (customer wrote at ") {
		t.Errorf("window = %q", got)
	}
	p.screenshot(t, "1-customer-writes")

	// 2. The operator answers; the phone shows it; the chat's tick says read.
	p.do(t, chromedp.SendKeys(chromedp.CSS("#crm-text"), "Sí, a las 10:00"), chromedp.Click(chromedp.CSS("#crm-send")))
	p.wait(t, "the answer on the phone", `[...document.querySelectorAll('#phone-log li[data-from=business] .text')]
		.some((e) => e.textContent === 'Sí, a las 10:00')`)
	p.wait(t, "the answer read in the chat", `document.querySelector('#crm-log li.operator[data-status=seen]') !== null`)
	if got := p.text(t, "#crm-log li.operator .status"); got != "✓✓ Read" {
		t.Errorf("operator message status = %q", got)
	}
	p.screenshot(t, "2-operator-answers")

	// The customer sends the sample photo, a location and a reaction; the
	// chat shows the photo from MessageGateway's file URL.
	p.do(t, chromedp.Click(chromedp.CSS("#wa-attach-toggle")), chromedp.Click(chromedp.CSS("#wa-sample-image")))
	p.wait(t, "the photo in the chat", `[...document.querySelectorAll('#crm-log li.customer img.thumb')]
		.some((i) => i.complete && i.naturalWidth === 480)`)
	p.do(t, chromedp.Click(chromedp.CSS("#wa-location")), chromedp.Click(chromedp.CSS(`#wa-react button[data-emoji="👍"]`)))
	p.wait(t, "the location and the reaction in the chat", `[...document.querySelectorAll('#crm-log li.customer .text')]
		.some((e) => e.textContent.includes('Puerta del Sol')) && document.querySelector('#crm-log li.operator .react')?.textContent === '👍'`)
	p.wait(t, "the photo on the phone", `[...document.querySelectorAll('#phone-log li[data-from=customer] img')]
		.some((i) => i.complete && i.naturalWidth === 480)`)
	p.screenshot(t, "2b-photo-location-reaction")
	p.do(t, chromedp.Click(chromedp.CSS("#wa-attach-toggle")))

	// 3. 360dialog fails the next send: the module shows the first attempt
	// failed with the countdown, then sends it again, and it is read.
	p.do(t, chromedp.SetValue(chromedp.CSS("#fail-code"), "131026"), chromedp.SetValue(chromedp.CSS("#fail-mode"), "status"),
		chromedp.Click(chromedp.CSS("#fail-apply")))
	p.wait(t, "the pending failure", `document.querySelector('#fail-pending').textContent.includes('1 send(s) will be accepted, then reported failed')`)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#crm-text"), "Le confirmamos la cita"), chromedp.Click(chromedp.CSS("#crm-send")))
	failed := `[...document.querySelectorAll('#crm-log li.operator')].find((e) => e.querySelector('.text')?.textContent === 'Le confirmamos la cita')`
	p.wait(t, "the first attempt shown failed", failed+`?.dataset.moduleState === 'failed'`)
	note := p.eval(t, failed+`.querySelector('.module-note').textContent`)
	if !strings.Contains(note, "first attempt failed (131026") || !strings.Contains(note, "Second attempt in ") {
		t.Errorf("module note after the failure = %q", note)
	}
	p.screenshot(t, "3-first-attempt-failed")
	p.wait(t, "the second attempt read", failed+`?.dataset.status === 'seen' && `+failed+`.dataset.attempt === '2'`)
	if note := p.eval(t, failed+`.querySelector('.module-note').textContent`); note != "Module: read by the customer on the second attempt" {
		t.Errorf("module note after the resend = %q", note)
	}
	if n := p.eval(t, `String([...document.querySelectorAll('#phone-log li[data-from=business] .text')]
		.filter((e) => e.textContent === 'Le confirmamos la cita').length)`); n != "1" {
		t.Errorf("the phone shows the resent message %s times, want once", n)
	}
	p.screenshot(t, "4-second-attempt-read")

	// 4. MessageGateway down: the module takes the customer's message (two
	// ticks) but the chat gets it only when MessageGateway is back.
	p.do(t, chromedp.Click(chromedp.CSS("#mg-toggle")))
	p.wait(t, "the MessageGateway banner", `!document.querySelector('#mg-banner').hidden`)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#wa-text"), "¿Siguen ahí?"), chromedp.Click(chromedp.CSS("#wa-send")))
	held := `[...document.querySelectorAll('#phone-log li[data-from=customer]')].find((e) => e.querySelector('.text')?.textContent === '¿Siguen ahí?')`
	p.wait(t, "the module to accept the message", held+`?.dataset.ticks === 'delivered'`)
	inChat := `[...document.querySelectorAll('#crm-log li.customer .text')].some((e) => e.textContent === '¿Siguen ahí?')`
	if got := p.eval(t, "String("+inChat+")"); got != "false" {
		t.Error("the message reached the chat while MessageGateway was down")
	}
	p.screenshot(t, "5-messagegateway-down")
	p.do(t, chromedp.Click(chromedp.CSS("#mg-toggle")))
	p.wait(t, "the held message in the chat", inChat)
	p.screenshot(t, "6-messagegateway-up")

	// 5. Templates: approve the one waiting for review; send one with its
	// variables; the customer taps its quick reply.
	p.do(t, chromedp.Click(chromedp.CSS(`#wa-templates li[data-name=spring_sale] button.approve`)))
	p.wait(t, "the approval", `document.querySelector('#wa-templates li[data-name=spring_sale]').dataset.status === 'approved'`)
	loadCRMTemplate(t, e)
	p.do(t, chromedp.Click(chromedp.CSS("#tpl-toggle")))
	p.wait(t, "the template form", `!document.querySelector('#tpl-form').hidden && document.querySelector('#tpl-vars input') !== null`)
	p.eval(t, `(() => { const s = document.querySelector('#tpl-select'); s.value = 'order_ready.en';
		s.dispatchEvent(new Event('change')); return s.value; })()`)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#tpl-body-1"), "Ana"), chromedp.SendKeys(chromedp.CSS("#tpl-body-2"), "#1042"),
		chromedp.SendKeys(chromedp.CSS("#tpl-body-3"), "Calle Mayor 5"))
	if got := p.text(t, "#tpl-preview"); !strings.Contains(got, "Hello Ana, your order #1042 is ready for pickup at Calle Mayor 5.") {
		t.Errorf("template preview = %q", got)
	}
	p.screenshot(t, "7-template-form")
	p.do(t, chromedp.Click(chromedp.CSS("#tpl-send")))
	button := `[...document.querySelectorAll('#phone-log li[data-type=template] .wa-btn')].find((b) => b.textContent.includes("I'll come today"))`
	p.wait(t, "the template's buttons on the phone", button+` !== undefined`)
	p.eval(t, `(`+button+`.click(), 'tapped')`)
	p.wait(t, "the tap in the chat", `[...document.querySelectorAll('#crm-log li.customer .text')].some((e) => e.textContent === "I'll come today")`)
	p.screenshot(t, "8-template-and-tap")
}

// browserPage is the sandbox page in one tab.
type browserPage struct {
	ctx   context.Context
	shots string
}

// openPage opens url in a new tab with the test's time limit and waits for
// the page's first render; console errors fail the test.
func openPage(t *testing.T, browser context.Context, url string) *browserPage {
	t.Helper()
	// Guards a hung browser only; a loaded CI machine can make a healthy run slow.
	ctx := chromium.OpenTab(t, browser, 120*time.Second)
	chromium.WatchConsole(t, ctx, nil)
	p := &browserPage{ctx: ctx, shots: chromium.ScreenshotDir(t)}
	p.do(t, chromedp.Navigate(url))
	p.wait(t, "the page's first render", `document.body.dataset.ready === 'true'`)
	return p
}

func (p *browserPage) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	chromium.Do(t, p.ctx, steps...)
}

// wait polls a JavaScript condition in the page until it is true.
func (p *browserPage) wait(t *testing.T, what, js string) {
	t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool]("Boolean("+js+")",
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second)))
	if err != nil {
		p.screenshot(t, "timeout-"+strings.ReplaceAll(what, " ", "-"))
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func (p *browserPage) eval(t *testing.T, js string) string {
	t.Helper()
	return chromium.Eval(t, p.ctx, js)
}

func (p *browserPage) text(t *testing.T, sel string) string {
	t.Helper()
	return strings.TrimSpace(p.eval(t, fmt.Sprintf(`document.querySelector(%s).textContent`, strconv.Quote(sel))))
}

// screenshot saves the page under a "sandbox-" name, apart from the web
// pages' screenshots in the same directory.
func (p *browserPage) screenshot(t *testing.T, name string) {
	t.Helper()
	chromium.Screenshot(t, p.ctx, p.shots, "sandbox-"+name)
}

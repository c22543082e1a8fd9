package sandbox

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPageBothSides drives the page's API as the page does and checks what
// each side shows: the customer's text, photo, location and reaction in the
// CRM chat, the operator's quoted answer, photo and template on the phone,
// a tap on the template's button, and the window.
func TestPageBothSides(t *testing.T) {
	t.Parallel()
	e := startPageEnv(t, 120)

	hello := pagePost(t, e, "customer/text", map[string]any{"text": "Hola, ¿tenéis cita mañana?"})
	if hello["delivered"] != true {
		t.Fatalf("customer text: %v", hello)
	}
	s := eventually(t, e, "the customer's text in the chat", func(s pageState) bool {
		_, ok := findChat(s, "customer", "Hola, ¿tenéis cita mañana?")
		return ok
	})
	if !s.Window.Known || !s.Window.Open || s.Window.RemainingMS < 23*3600*1000 {
		t.Errorf("window after the customer wrote: %+v", s.Window)
	}
	pagePost(t, e, "operator/read", map[string]any{"external_id": hello["wamid"]})
	s = eventually(t, e, "blue ticks on the phone", func(s pageState) bool {
		it, _ := findPhone(s, "customer", "Hola, ¿tenéis cita mañana?")
		return it.Ticks == "read"
	})

	pagePost(t, e, "operator/text", map[string]any{"text": "Sí, a las 10:00", "quote": hello["wamid"]})
	s = eventually(t, e, "the answer on the phone, and read", func(s pageState) bool {
		_, onPhone := findPhone(s, "business", "Sí, a las 10:00")
		it, _ := findChat(s, "operator", "Sí, a las 10:00")
		return onPhone && it.Status == "seen"
	})
	if it, _ := findPhone(s, "business", "Sí, a las 10:00"); it.Quote != "Hola, ¿tenéis cita mañana?" {
		t.Errorf("the phone shows the answer quoting %q", it.Quote)
	}

	// Photo, location and a reaction from the customer.
	ct, form := multipartBody(t, map[string]string{"sample": "1", "caption": "¿Este?"}, nil)
	if st, out := pageCall(t, e, "POST", "customer/image", ct, form); st != 200 {
		t.Fatalf("customer image: %d %v", st, out)
	}
	pagePost(t, e, "customer/location", map[string]any{"latitude": 40.416775, "longitude": -3.70379, "name": "Puerta del Sol"})
	answer, _ := findPhone(s, "business", "Sí, a las 10:00")
	pagePost(t, e, "customer/reaction", map[string]any{"message_id": answer.ID, "emoji": "👍"})
	s = eventually(t, e, "photo, location and reaction in the chat", func(s pageState) bool {
		photo, _ := findChat(s, "customer", "¿Este?")
		op, _ := findChat(s, "operator", "Sí, a las 10:00")
		return len(photo.Images) == 1 && slices.Equal(op.Reactions, []string{"👍"}) &&
			slices.ContainsFunc(s.Operator, func(it chatItem) bool { return strings.Contains(it.Text, "Puerta del Sol") })
	})
	photo, _ := findChat(s, "customer", "¿Este?")
	if !strings.HasPrefix(photo.Images[0], e.CRMURL+"/mg/storage/") {
		t.Errorf("the chat shows the photo from %s, want a MessageGateway file URL", photo.Images[0])
	}
	if ct, body := get(t, photo.Images[0]); ct != "image/png" || string(body) != string(sampleImage()) {
		t.Errorf("the chat's photo is %s, %d bytes, want the sample PNG", ct, len(body))
	}
	if onPhone, _ := findPhone(s, "customer", "¿Este?"); onPhone.Image == "" {
		t.Error("the phone does not show the customer's photo")
	} else if ct, _ := get(t, e.ModuleURL+onPhone.Image); ct != "image/png" {
		t.Errorf("the phone's photo is %s", ct)
	}

	// The operator sends a template; the phone renders it with its buttons;
	// the customer taps one.
	code := loadCRMTemplate(t, e)
	s = readState(t, e)
	if i := slices.IndexFunc(s.Templates, func(v crmTplView) bool { return v.Code == code }); i < 0 ||
		!cmp.Equal(s.Templates[i].BodyVars, []string{"1", "2", "3"}) {
		t.Fatalf("templates offered in the chat: %+v", s.Templates)
	}
	for _, bad := range []string{
		`{"code":"order_ready.en","body_args":["Ana","#1042"]}`,
		`{"code":"order_ready.en","body_args":["Ana","#1042"," "]}`,
		`{"code":"order_ready.en","body_args":["Ana","#1042","Sol"],"button_args":[[],[],[]]}`,
		`{"code":"order_ready.en","body_args":["Ana","#1042","Sol"],"button_args":[["x"]]}`,
	} {
		if st, out := pageCall(t, e, "POST", "operator/template", "application/json", []byte(bad)); st != 400 {
			t.Errorf("template %s: %d %v, want 400", bad, st, out)
		}
	}
	pagePost(t, e, "operator/template", map[string]any{"code": code, "body_args": []string{"Ana", "#1042", "Calle Mayor 5"}})
	body := "Hello Ana, your order #1042 is ready for pickup at Calle Mayor 5."
	s = eventually(t, e, "the template on the phone", func(s pageState) bool {
		_, ok := findPhone(s, "business", body)
		return ok
	})
	tpl, _ := findPhone(s, "business", body)
	want := []phoneButton{{Kind: "quick_reply", Title: "I'll come today", Payload: "I'll come today"},
		{Kind: "quick_reply", Title: "Deliver it, please", Payload: "Deliver it, please"}}
	if tpl.Header != "Your order is ready" || tpl.Footer != "Sandbox shop" || !cmp.Equal(tpl.Buttons, want) {
		t.Errorf("template on the phone: %+v", tpl)
	}
	if it, _ := findChat(s, "operator", body); it.Template != code {
		t.Errorf("the chat shows the template message as %+v", it)
	}
	pagePost(t, e, "customer/button", map[string]any{"message_id": tpl.ID, "kind": "quick_reply", "title": "I'll come today"})
	s = eventually(t, e, "the tap in the chat", func(s pageState) bool {
		_, ok := findChat(s, "customer", "I'll come today")
		return ok
	})
	if it, _ := findChat(s, "customer", "I'll come today"); it.Quote != body {
		t.Errorf("the tap quotes %q, want the template", it.Quote)
	}
	if st, out := pageCall(t, e, "POST", "customer/button", "application/json",
		[]byte(`{"message_id":"`+tpl.ID+`","kind":"quick_reply","title":"Maybe"}`)); st != 400 {
		t.Errorf("tap on a button the message does not have: %d %v", st, out)
	}
}

// TestPageControls: the failure control makes the first attempt fail and the
// page counts down to the second; MessageGateway down holds the customer's
// message back until it is up; templates are approved and submitted.
func TestPageControls(t *testing.T) {
	t.Parallel()
	e := startPageEnv(t, 120)
	pagePost(t, e, "customer/text", map[string]any{"text": "Hola"})

	pagePost(t, e, "control/fail", map[string]any{"count": 1, "code": 131026, "mode": "status"})
	if s := readState(t, e); s.Controls.FailPending != 1 {
		t.Fatalf("pending failures shown: %+v", s.Controls)
	}
	pagePost(t, e, "operator/text", map[string]any{"text": "Le escribimos"})
	s := eventually(t, e, "the first attempt failed", func(s pageState) bool {
		it, _ := findChat(s, "operator", "Le escribimos")
		return it.Module != nil && it.Module.State == "failed"
	})
	it, _ := findChat(s, "operator", "Le escribimos")
	if m := it.Module; !m.ResendDue || m.ResendInMS > 4750 || m.ErrorCode != 131026 || m.Attempt != 1 {
		t.Errorf("module's view after the failure: %+v", m)
	}
	if _, ok := findPhone(s, "business", "Le escribimos"); ok {
		t.Error("the failed first attempt shows on the phone")
	}
	s = eventually(t, e, "the second attempt read", func(s pageState) bool {
		it, _ := findChat(s, "operator", "Le escribimos")
		return it.Status == "seen" && it.Module != nil && it.Module.Attempt == 2
	})
	if n := countPhone(s, "business", "Le escribimos"); n != 1 {
		t.Errorf("the phone shows the resent message %d times", n)
	}

	// A failure a resend cannot help: reported at once, with WhatsApp's code.
	pagePost(t, e, "control/fail", map[string]any{"count": 1, "code": 131047, "mode": "status"})
	pagePost(t, e, "operator/text", map[string]any{"text": "Demasiado tarde"})
	s = eventually(t, e, "the final failure in the chat", func(s pageState) bool {
		it, _ := findChat(s, "operator", "Demasiado tarde")
		return it.Status == "failed"
	})
	if it, _ := findChat(s, "operator", "Demasiado tarde"); it.Error == nil || it.Error.ExternalCode != "131047" ||
		it.Error.Message == "" || it.Module == nil || it.Module.State != "undelivered" || it.Module.ResendDue {
		t.Errorf("final failure shown as %+v (module %+v)", it.Error, it.Module)
	}

	pagePost(t, e, "control/webhooks", map[string]any{"delay_seconds": 2, "status_mode": "duplicate", "duplicate_messages": true})
	if c := readState(t, e).Controls; c.DelaySeconds != 2 || c.StatusMode != "duplicate" || !c.DuplicateMessages {
		t.Errorf("webhook controls shown: %+v", c)
	}
	// Held back, then delivered twice: the chat shows it once.
	if out := pagePost(t, e, "customer/text", map[string]any{"text": "Con retraso"}); out["delivered"] != false {
		t.Errorf("a delayed message answered %v", out)
	}
	if it, _ := findPhone(readState(t, e), "customer", "Con retraso"); it.Ticks != "waiting" {
		t.Errorf("a held-back message on the phone: %+v", it)
	}
	s = eventually(t, e, "the delayed message in the chat", func(s pageState) bool {
		_, ok := findChat(s, "customer", "Con retraso")
		return ok
	})
	if c, p := countChat(s, "customer", "Con retraso"), countPhone(s, "customer", "Con retraso"); c != 1 || p != 1 {
		t.Errorf("a message delivered twice shows %d times in the chat and %d on the phone, want once each", c, p)
	}
	pagePost(t, e, "control/webhooks", map[string]any{"delay_seconds": 0, "status_mode": "normal"})

	pagePost(t, e, "control/mg", map[string]any{"down": true})
	pagePost(t, e, "customer/text", map[string]any{"text": "¿Hola?"})
	s = readState(t, e)
	if _, inChat := findChat(s, "customer", "¿Hola?"); !s.Controls.MGDown || inChat {
		t.Errorf("with MessageGateway down: down=%v, message in the chat=%v", s.Controls.MGDown, inChat)
	}
	if it, _ := findPhone(s, "customer", "¿Hola?"); it.Ticks != "delivered" {
		t.Errorf("the module did not accept the message while MessageGateway was down: %+v", it)
	}
	pagePost(t, e, "control/mg", map[string]any{"down": false})
	eventually(t, e, "the held message in the chat", func(s pageState) bool {
		_, ok := findChat(s, "customer", "¿Hola?")
		return ok
	})

	// A message dated 25 hours back: the chat's window is closed.
	pagePost(t, e, "customer/text", map[string]any{"text": "Escribí ayer", "age_hours": 25})
	s = eventually(t, e, "the old message in the chat", func(s pageState) bool {
		_, ok := findChat(s, "customer", "Escribí ayer")
		return ok
	})
	if w := s.Window; !w.Known || w.Open || w.RemainingMS != 0 || w.Deadline.After(s.Now) {
		t.Errorf("window after a 25-hour-old message: %+v", w)
	}

	pagePost(t, e, "control/template", map[string]any{"name": "spring_sale", "language": "en", "status": "approved"})
	pagePost(t, e, "control/sync", map[string]any{})
	eventually(t, e, "the approved template in the CRM", func(s pageState) bool {
		return slices.ContainsFunc(s.Templates, func(v crmTplView) bool { return v.Code == "spring_sale.en" }) &&
			s.Sync != nil && s.Sync.OK
	})
	out := pagePost(t, e, "control/sample", map[string]any{})
	s = readState(t, e)
	status := map[string]string{}
	for _, v := range s.WATemplates {
		status[v.Name] = v.Status
	}
	if status["spring_sale"] != "approved" || status[out["name"].(string)] != "submitted" {
		t.Errorf("templates at 360dialog after approving one and submitting one: %v", status)
	}
	if !s.Timers.Shortened || s.Timers.ResendDelay != "4.75s" || s.Timers.ResendDelayReal != "9m30s" {
		t.Errorf("timers shown: %+v", s.Timers)
	}
}

func countChat(s pageState, from, text string) int {
	n := 0
	for _, it := range s.Operator {
		if it.From == from && it.Text == text {
			n++
		}
	}
	return n
}

func countPhone(s pageState, from, text string) int {
	n := 0
	for _, it := range s.Customer {
		if it.From == from && it.Text == text {
			n++
		}
	}
	return n
}

// get downloads url and returns its type and body.
func get(t *testing.T, url string) (string, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Header.Get("Content-Type"), body
}

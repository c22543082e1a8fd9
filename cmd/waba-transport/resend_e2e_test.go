package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"waba-transport/internal/sim"
)

const resendDelay = 2 * time.Second

var ana = sim.Customer{Name: "Ana Ruiz", Phone: "34600111222", UserID: "ES.1502576394655843"}

// sentWithText lists the sends of a text to WhatsApp (accepted or not).
func sentWithText(d *sim.Dialog360, text string) []sim.SentMessage {
	var out []sim.SentMessage
	for _, m := range d.Sent(d360Key) {
		if t, _ := m.Body["text"].(map[string]any); t != nil && t["body"] == text {
			out = append(out, m)
		}
	}
	return out
}

// failedAt is when the simulated 360dialog sent the failed status of wamid.
func failedAt(d *sim.Dialog360, wamid string) (time.Time, bool) {
	for _, del := range d.Deliveries(d360Key) {
		if del.Kind == "status" && strings.Contains(string(del.Body), wamid) &&
			strings.Contains(string(del.Body), `"failed"`) && del.OK() {
			return del.At, true
		}
	}
	return time.Time{}, false
}

// setupChat starts a module (or uses m), connects, and has the customer write
// first so the chat exists.
func setupChat(t *testing.T, w *world, m *module) int64 {
	t.Helper()
	_, ch := w.connect(m)
	deliver(t, w.d360, ana, "wamid.hello", "Hola")
	eventually(t, 20*time.Second, "first message", func() bool { return len(w.crm.Messages(ch)) == 1 })
	return ch
}

func TestResendOnceAfterDelayThenSuccess(t *testing.T) {
	t.Parallel()
	w := newWorld(t, databases(t)["sqlite"], []time.Duration{100 * time.Millisecond})
	m := w.start("", "", "WABA_RESEND_DELAY="+resendDelay.String())
	ch := setupChat(t, w, m)

	w.d360.FailNextSends(d360Key, 1, 131026)
	id, res, err := w.crm.OperatorSend(ch, ana.UserID, "Your order is ready")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the resend", func() bool { return len(sentWithText(w.d360, "Your order is ready")) == 2 })
	sends := sentWithText(w.d360, "Your order is ready")
	// Answered with the WhatsApp id, or (when the send took over 3 s) "async".
	if res.ExternalMessageID != sends[0].WAMID && !(res.Async && res.ExternalMessageID == "") {
		t.Fatalf("message_sent answered %+v, want first wamid %s", res, sends[0].WAMID)
	}
	if sends[1].WAMID == "" || sends[1].WAMID == sends[0].WAMID {
		t.Fatalf("the resend is not a new send with a new id: %+v", sends)
	}
	learnt, ok := failedAt(w.d360, sends[0].WAMID)
	if !ok {
		t.Fatal("no failed status delivered")
	}
	if gap := sends[1].At.Sub(learnt); gap < resendDelay {
		t.Fatalf("resent %s after the failure, before the %s delay", gap, resendDelay)
	}
	eventually(t, 10*time.Second, "read in the chat", func() bool { return w.crm.MessageStatus(id) == sim.MGSeen })
	time.Sleep(2 * resendDelay)
	if n := len(sentWithText(w.d360, "Your order is ready")); n != 2 {
		t.Fatalf("sent %d times, want exactly 2", n)
	}
}

func TestSecondFailureShownWithReason(t *testing.T) {
	t.Parallel()
	w := newWorld(t, databases(t)["sqlite"], []time.Duration{100 * time.Millisecond})
	m := w.start("", "", "WABA_RESEND_DELAY="+resendDelay.String())
	ch := setupChat(t, w, m)

	w.d360.FailNextSends(d360Key, 2, 131026)
	id, _, err := w.crm.OperatorSend(ch, ana.UserID, "Hello again")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "failure in the chat", func() bool { return w.crm.MessageStatus(id) == sim.MGFailed })
	e := w.crm.MessageError(id)
	if e == nil || e.ExternalCode != "131026" || e.Code != "customer_not_exists" || !strings.Contains(e.Message, "131026") {
		t.Fatalf("chat error %+v", e)
	}
	if n := len(sentWithText(w.d360, "Hello again")); n != 2 {
		t.Fatalf("sent %d times, want 2", n)
	}
}

// statusBody is a Cloud status webhook for wamid.
func statusBody(wamid, status string) []byte {
	b, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "1", "changes": []any{map[string]any{"field": "messages", "value": map[string]any{
			"messaging_product": "whatsapp", "metadata": map[string]any{"display_phone_number": "34911222333",
				"phone_number_id": "1"},
			"statuses": []any{map[string]any{"id": wamid, "status": status,
				"timestamp": fmt.Sprint(time.Now().Unix()), "recipient_user_id": ana.UserID}}}}}}}})
	return b
}

func TestSuccessBeforeResendTimeCancelsIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t, databases(t)["sqlite"], []time.Duration{100 * time.Millisecond})
	m := w.start("", "", "WABA_RESEND_DELAY=3s")
	ch := setupChat(t, w, m)

	w.d360.FailNextSends(d360Key, 1, 131000)
	id, _, err := w.crm.OperatorSend(ch, ana.UserID, "Made it after all")
	if err != nil {
		t.Fatal(err)
	}
	first := sentWithText(w.d360, "Made it after all")[0].WAMID
	eventually(t, 10*time.Second, "failed status", func() bool { _, ok := failedAt(w.d360, first); return ok })
	if st, err := w.d360.DeliverRaw(d360Key, statusBody(first, "read")); err != nil || st != 200 {
		t.Fatalf("read status: %d %v", st, err)
	}
	eventually(t, 10*time.Second, "read in the chat", func() bool { return w.crm.MessageStatus(id) == sim.MGSeen })
	time.Sleep(3*time.Second + time.Second)
	if n := len(sentWithText(w.d360, "Made it after all")); n != 1 {
		t.Fatalf("sent %d times; a message that succeeded must not be resent", n)
	}
}

func TestResendSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db, []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, time.Second})
			m := w.start("", "", "WABA_RESEND_DELAY=3s")
			ch := setupChat(t, w, m)

			w.d360.FailNextSends(d360Key, 1, 131026)
			if _, _, err := w.crm.OperatorSend(ch, ana.UserID, "Survive the crash"); err != nil {
				t.Fatal(err)
			}
			first := sentWithText(w.d360, "Survive the crash")[0].WAMID
			eventually(t, 10*time.Second, "failed status taken", func() bool { _, ok := failedAt(w.d360, first); return ok })
			m.kill()
			m2 := w.start(m.addr, "", "WABA_RESEND_DELAY=3s")
			eventually(t, 60*time.Second, "the resend after restart",
				func() bool { return len(sentWithText(w.d360, "Survive the crash")) == 2 })
			time.Sleep(3 * time.Second)
			if n := len(sentWithText(w.d360, "Survive the crash")); n != 2 {
				t.Fatalf("sent %d times, want exactly 2; logs:\n%s", n, m2.logs)
			}
		})
	}
}

func TestResendOnceWithTwoReplicas(t *testing.T) {
	t.Parallel()
	db, ok := databases(t)["postgres"]
	if !ok {
		t.Skip("WABA_TEST_POSTGRES_URL not set")
	}
	w := newWorld(t, db, []time.Duration{100 * time.Millisecond})
	a := w.start("", "", "WABA_RESEND_DELAY="+resendDelay.String())
	b := w.start("", a.url, "WABA_RESEND_DELAY="+resendDelay.String()) // same public URL: webhooks go to a
	_ = b
	ch := setupChat(t, w, a)
	w.d360.FailNextSends(d360Key, 3, 131026)
	for i := range 3 {
		if _, _, err := w.crm.OperatorSend(ch, ana.UserID, fmt.Sprintf("replicated %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		text := fmt.Sprintf("replicated %d", i)
		eventually(t, 30*time.Second, "resend of "+text, func() bool { return len(sentWithText(w.d360, text)) == 2 })
	}
	time.Sleep(2 * resendDelay)
	for i := range 3 {
		if n := len(sentWithText(w.d360, fmt.Sprintf("replicated %d", i))); n != 2 {
			t.Fatalf("message %d sent %d times with two replicas, want 2", i, n)
		}
	}
}

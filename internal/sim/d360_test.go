package sim

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testKey = "key-1"

type d360Bundle struct {
	clock *clock
	hook  *receiver
	num   Number
	sim   *Dialog360
	url   string
}

// setupD360 serves a simulator with one number whose webhook points at a
// receiver; status webhooks are immediate and retries off unless changed.
func setupD360(t *testing.T, retry ...time.Duration) *d360Bundle {
	t.Helper()
	b := &d360Bundle{clock: newClock(), hook: newReceiver(t)}
	if retry == nil {
		retry = []time.Duration{}
	}
	b.sim = NewDialog360(Dialog360Options{Now: b.clock.now, IDPrefix: "test", StatusDelay: -1, RetryDelays: retry})
	srv := httptest.NewServer(b.sim.Handler())
	t.Cleanup(srv.Close)
	t.Cleanup(b.sim.Close)
	b.url = srv.URL
	b.num = b.sim.AddNumber(testKey, "34911222333")
	return b
}

func (b *d360Bundle) key() map[string]string { return map[string]string{"D360-API-KEY": testKey} }

// register sets the number's webhook to the receiver with a secret header.
func (b *d360Bundle) register(t *testing.T) {
	t.Helper()
	st, _ := call(t, "POST", b.url+"/v1/configs/webhook", b.key(),
		map[string]any{"url": b.hook.URL + "/wa", "headers": map[string]string{"X-Secret": "s3cret"}})
	if st != 200 {
		t.Fatalf("register webhook: %d", st)
	}
}

// send posts a text message and returns the wamid.
func (b *d360Bundle) send(t *testing.T) string {
	t.Helper()
	st, resp := call(t, "POST", b.url+"/messages", b.key(), map[string]any{
		"messaging_product": "whatsapp", "recipient_type": "individual", "to": "34600111222",
		"type": "text", "text": map[string]any{"body": "Hola"},
	})
	if st != 200 {
		t.Fatalf("send: %d %v", st, resp)
	}
	return dig(resp, "messages", 0, "id").(string)
}

// idle waits for all status webhooks and retries.
func idle(t *testing.T, s interface{ Idle(context.Context) error }) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
}

// statuses returns the status values the receiver got, in order.
func statuses(t *testing.T, rc *receiver) []string {
	t.Helper()
	var out []string
	for _, r := range rc.requests() {
		if s, ok := dig(parse(t, r.Body), "entry", 0, "changes", 0, "value", "statuses", 0, "status").(string); ok {
			out = append(out, s)
		}
	}
	return out
}

var ana = Customer{Name: "Ana Ruiz", Phone: "34600111222", UserID: "ES.1502576394655843"}

func TestDialog360UnknownKey(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	tests := []struct{ method, path string }{
		{"GET", "/health_status"},
		{"GET", "/v1/configs/webhook"},
		{"POST", "/v1/configs/webhook"},
		{"POST", "/messages"},
		{"POST", "/media"},
		{"GET", "/v1/configs/templates"},
		{"DELETE", "/v1/configs/templates/x"},
		{"GET", "/1234"},
		{"GET", "/whatsapp_business/attachments/?mid=1"},
	}
	want := map[string]any{"meta": map[string]any{"success": false, "http_code": 401.0, "developer_message": "Invalid api_key"}}
	for _, tt := range tests {
		for _, key := range []string{"", "wrong"} {
			st, body := call(t, tt.method, b.url+tt.path, map[string]string{"D360-API-KEY": key}, nil)
			if st != 401 {
				t.Errorf("%s %s key %q: status %d, want 401", tt.method, tt.path, key, st)
			}
			if diff := cmp.Diff(want, body); diff != "" {
				t.Errorf("%s %s: body (-want +got):\n%s", tt.method, tt.path, diff)
			}
		}
	}
}

func TestDialog360Health(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	st, body := call(t, "GET", b.url+"/health_status", b.key(), nil)
	if st != 200 || dig(body, "health_status", "entities", 0, "id") != b.num.PhoneNumberID ||
		dig(body, "health_status", "entities", 1, "id") != b.num.WABAID {
		t.Errorf("health: %d %v", st, body)
	}
}

func TestDialog360WebhookRegistrationAndCustomerText(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	if st, _ := call(t, "GET", b.url+"/v1/configs/webhook", b.key(), nil); st != 404 {
		t.Errorf("GET webhook before registration: %d, want 404", st)
	}
	b.register(t)
	st, body := call(t, "GET", b.url+"/v1/configs/webhook", b.key(), nil)
	want := map[string]any{"url": b.hook.URL + "/wa", "headers": map[string]any{"X-Secret": "s3cret"}}
	if diff := cmp.Diff(want, body); st != 200 || diff != "" {
		t.Errorf("GET webhook: %d (-want +got):\n%s", st, diff)
	}

	wamid, err := b.sim.CustomerText(testKey, ana, "Hola, ¿tenéis cita mañana?")
	if err != nil {
		t.Fatal(err)
	}
	reqs := b.hook.requests()
	if len(reqs) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(reqs))
	}
	if reqs[0].Header.Get("X-Secret") != "s3cret" || reqs[0].Path != "/wa" {
		t.Errorf("delivery header/path: %q %q", reqs[0].Header.Get("X-Secret"), reqs[0].Path)
	}
	if got := dig(parse(t, reqs[0].Body), "entry", 0, "changes", 0, "value", "messages", 0, "id"); got != wamid {
		t.Errorf("message id %v, want %s", got, wamid)
	}
	golden(t, "d360_customer_text.json", reqs[0].Body)
	d := b.sim.Deliveries(testKey)
	if len(d) != 1 || !d[0].OK() || d[0].Attempt != 1 || d[0].Kind != "message" {
		t.Errorf("deliveries: %+v", d)
	}
}

func TestDialog360CustomerWithoutPhone(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	_, err := b.sim.CustomerText(testKey, Customer{Name: "Bo", UserID: "US.77", Username: "bo.shop"}, "hi", ReplyTo("wamid.OUT"))
	if err != nil {
		t.Fatal(err)
	}
	v := dig(parse(t, b.hook.requests()[0].Body), "entry", 0, "changes", 0, "value")
	want := map[string]any{"profile": map[string]any{"name": "Bo", "username": "bo.shop"}, "user_id": "US.77"}
	if diff := cmp.Diff(want, dig(v, "contacts", 0)); diff != "" {
		t.Errorf("contact (-want +got):\n%s", diff)
	}
	msg := dig(v, "messages", 0).(map[string]any)
	if _, ok := msg["from"]; ok || msg["from_user_id"] != "US.77" {
		t.Errorf("message from fields: %v", msg)
	}
	if diff := cmp.Diff(map[string]any{"from": "34911222333", "id": "wamid.OUT"}, msg["context"]); diff != "" {
		t.Errorf("context (-want +got):\n%s", diff)
	}
}

func TestDialog360NoWebhook(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	if _, err := b.sim.CustomerText(testKey, ana, "hi"); !errors.Is(err, ErrNoWebhook) {
		t.Errorf("err = %v, want ErrNoWebhook", err)
	}
}

func TestDialog360Retry(t *testing.T) {
	t.Parallel()
	b := setupD360(t, 0, 0, 0)
	b.hook.answer = func(n int) int {
		if n == 1 {
			return 500
		}
		return 200
	}
	b.register(t)
	if _, err := b.sim.CustomerText(testKey, ana, "hi"); err == nil {
		t.Error("CustomerText: want an error for a 500 answer")
	}
	idle(t, b.sim)
	var got []int
	for _, d := range b.sim.Deliveries(testKey) {
		got = append(got, d.Attempt*1000+d.Status)
	}
	if diff := cmp.Diff([]int{1500, 2200}, got); diff != "" {
		t.Errorf("attempt*1000+status (-want +got):\n%s", diff)
	}
	reqs := b.hook.requests()
	if len(reqs) != 2 || string(reqs[0].Body) != string(reqs[1].Body) {
		t.Errorf("redelivery must repeat the same body: %d requests", len(reqs))
	}
}

func TestDialog360RetryIsBounded(t *testing.T) {
	t.Parallel()
	b := setupD360(t, 0, 0)
	b.hook.answer = func(int) int { return 503 }
	b.register(t)
	status, err := b.sim.DeliverRaw(testKey, []byte(`{"object":"whatsapp_business_account","entry":[]}`))
	if err != nil || status != 503 {
		t.Fatalf("DeliverRaw: %d %v", status, err)
	}
	idle(t, b.sim)
	if n := len(b.sim.Deliveries(testKey)); n != 3 {
		t.Errorf("%d attempts, want 1 + 2 retries", n)
	}
}

func TestDialog360StatusModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode StatusMode
		want []string
	}{
		{StatusNormal, []string{"sent", "delivered", "read"}},
		{StatusDelivered, []string{"sent", "delivered"}},
		{StatusOutOfOrder, []string{"read", "delivered", "sent"}},
		{StatusDuplicate, []string{"sent", "sent", "delivered", "delivered", "read", "read"}},
		{StatusNone, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			t.Parallel()
			b := setupD360(t)
			b.register(t)
			b.sim.SetStatusMode(testKey, tt.mode)
			wamid := b.send(t)
			idle(t, b.sim)
			if diff := cmp.Diff(tt.want, statuses(t, b.hook)); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			for _, r := range b.hook.requests() {
				st := dig(parse(t, r.Body), "entry", 0, "changes", 0, "value", "statuses", 0)
				if dig(st, "id") != wamid || dig(st, "recipient_id") != "34600111222" ||
					dig(st, "pricing", "category") != "service" {
					t.Errorf("status: %v", st)
				}
			}
		})
	}
}

func TestDialog360FailNextSends(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	b.sim.FailNextSends(testKey, 1, 131047)
	b.send(t)
	idle(t, b.sim)
	if diff := cmp.Diff([]string{"failed"}, statuses(t, b.hook)); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	golden(t, "d360_status_failed.json", b.hook.requests()[0].Body)
	b.send(t)
	idle(t, b.sim)
	if diff := cmp.Diff([]string{"failed", "sent", "delivered", "read"}, statuses(t, b.hook)); diff != "" {
		t.Errorf("only the next send fails (-want +got):\n%s", diff)
	}
}

func TestDialog360RejectNextSends(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	b.sim.RejectNextSends(testKey, 1, 400, 131026)
	body := map[string]any{"messaging_product": "whatsapp", "to": "34600111222", "type": "text", "text": map[string]any{"body": "x"}}
	st, resp := call(t, "POST", b.url+"/messages", b.key(), body)
	if st != 400 || dig(resp, "error", "code") != 131026.0 || dig(resp, "error", "type") != "OAuthException" {
		t.Errorf("rejected send: %d %v", st, resp)
	}
	if st, _ := call(t, "POST", b.url+"/messages", b.key(), body); st != 200 {
		t.Errorf("second send: %d, want 200", st)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sent, err := b.sim.WaitSent(ctx, testKey, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) != 2 || sent[0].WAMID != "" || sent[0].ErrorCode != 131026 || sent[1].WAMID == "" {
		t.Errorf("Sent: %+v", sent)
	}
	idle(t, b.sim)
	if n := len(statuses(t, b.hook)); n != 3 {
		t.Errorf("%d status webhooks, want 3 (only for the accepted send)", n)
	}
}

func TestDialog360SendToBSUID(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	st, resp := call(t, "POST", b.url+"/messages", b.key(), map[string]any{
		"messaging_product": "whatsapp", "recipient": "US.77", "type": "text", "text": map[string]any{"body": "x"},
	})
	if st != 200 || dig(resp, "contacts", 0, "user_id") != "US.77" {
		t.Fatalf("send: %d %v", st, resp)
	}
	idle(t, b.sim)
	s := dig(parse(t, b.hook.requests()[0].Body), "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
	if _, ok := s["recipient_id"]; ok || s["recipient_user_id"] != "US.77" {
		t.Errorf("status recipient fields: %v", s)
	}
}

func TestDialog360CustomerReadsLater(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	b.sim.SetStatusMode(testKey, StatusDelivered)
	wamid := b.send(t)
	idle(t, b.sim)
	if err := b.sim.MarkRead(testKey, wamid); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"sent", "delivered", "read"}, statuses(t, b.hook)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if err := b.sim.MarkRead(testKey, "wamid.unknown"); err == nil {
		t.Error("MarkRead of an unknown message: want an error")
	}
}

func TestDialog360BusinessMarksRead(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	wamid, err := b.sim.CustomerText(testKey, ana, "hi")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id     string
		status int
	}{
		{"wamid.unknown", 400},
		{wamid, 200},
	}
	for _, tt := range tests {
		st, resp := call(t, "POST", b.url+"/messages", b.key(),
			map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": tt.id})
		if st != tt.status {
			t.Errorf("mark read %s: %d %v", tt.id, st, resp)
		}
	}
	if m := b.sim.ReadMarks(testKey); len(m) != 1 || m[0].MessageID != wamid {
		t.Errorf("ReadMarks: %+v", m)
	}
	if n := len(b.sim.Sent(testKey)); n != 0 {
		t.Errorf("mark-read bodies are not sends; Sent has %d", n)
	}
}

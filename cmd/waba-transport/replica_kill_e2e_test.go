package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"waba-transport/internal/jobs"
	"waba-transport/internal/sim"
)

// front is the load balancer in front of the replicas, served from the test
// process: both replicas have its URL as WABA_PUBLIC_URL, so the callbacks of
// 360dialog and the webhooks of MessageGateway reach whichever replica is
// alive. It takes turns between the replicas. A request that cannot reach a
// replica (connection refused) goes to the other one, as a load balancer's
// retry on connect errors does; a request that a replica dies under is
// answered 502, since it may have been acted on, and the caller decides.
type front struct {
	url string
	hc  *http.Client

	mu   sync.Mutex
	ups  []*module
	down map[*module]bool
	next int
}

// replicaFailed starts the front's answer to a request a replica died under.
const replicaFailed = "replica failed: "

func newFront(t *testing.T) *front {
	f := &front{hc: &http.Client{Timeout: 10 * time.Second}, down: map[*module]bool{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *front) add(m *module) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ups = append(f.ups, m)
}

// setDown takes m out of the rotation, as a health check would.
func (f *front) setDown(m *module) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down[m] = true
}

// pick returns the next replica in the rotation that is not down.
func (f *front) pick() *module {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range f.ups {
		m := f.ups[f.next%len(f.ups)]
		f.next++
		if !f.down[m] {
			return m
		}
	}
	return nil
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for m := f.pick(); m != nil; m = f.pick() {
		req, err := http.NewRequestWithContext(r.Context(), r.Method, m.url+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header = r.Header.Clone()
		resp, err := f.hc.Do(req)
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			f.setDown(m) // never reached the replica: safe to try the other
			continue
		}
		if err != nil {
			http.Error(w, replicaFailed+err.Error(), http.StatusBadGateway)
			return
		}
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		resp.Body.Close()
		return
	}
	http.Error(w, "no replica", http.StatusBadGateway)
}

// problems are a replica's warning and error log lines, at most limit of them.
func problems(name string, m *module, limit int) string {
	var out []string
	for line := range strings.Lines(m.logs.String()) {
		if strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`) {
			out = append(out, line)
		}
	}
	more := ""
	if len(out) > limit {
		more = fmt.Sprintf("(%d earlier lines left out)\n", len(out)-limit)
		out = out[len(out)-limit:]
	}
	return fmt.Sprintf("--- %s: %d warnings and errors\n%s%s", name, len(out), more, strings.Join(out, ""))
}

// takenOver counts the jobs of a stopped replica that m took over, from its log.
func takenOver(m *module) int {
	n := 0
	for line := range strings.Lines(m.logs.String()) {
		var l struct {
			Msg   string `json:"msg"`
			Count int    `json:"count"`
		}
		if json.Unmarshal([]byte(line), &l) == nil && strings.Contains(l.Msg, "took over jobs") {
			n += l.Count
		}
	}
	return n
}

// opSend is one operator message and MessageGateway's webhook outcome.
type opSend struct {
	id   int64
	text string
	res  sim.OperatorResult
	err  error
}

// messageSentData is the data of the message_sent webhook MessageGateway
// posted for its message id, to post it again.
func messageSentData(crm *sim.CRM, id int64) (map[string]any, error) {
	for _, call := range crm.Webhooks() {
		if call.Type != "message_sent" {
			continue
		}
		var hook struct {
			Data map[string]any `json:"data"`
		}
		dec := json.NewDecoder(bytes.NewReader(call.Body))
		dec.UseNumber()
		if err := dec.Decode(&hook); err != nil {
			return nil, err
		}
		if fmt.Sprint(hook.Data["id"]) == fmt.Sprint(id) {
			return hook.Data, nil
		}
	}
	return nil, fmt.Errorf("no message_sent webhook for message %d", id)
}

// TestReplicaKilledUnderLoad: two replicas on PostgreSQL behind a load
// balancer; customers stream numbered messages and operators write while
// some sends fail; one replica is killed with SIGKILL in the middle. The
// other takes the load and, when their leases run out, the dead one's jobs:
// every message arrives once and in order, every operator message reaches
// WhatsApp once, and each failed one is resent exactly once.
func TestReplicaKilledUnderLoad(t *testing.T) {
	t.Parallel()
	db, ok := databases(t)["postgres"]
	if !ok {
		t.Skip("WABA_TEST_POSTGRES_URL not set")
	}
	w := newWorld(t, db, []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, time.Second, 2 * time.Second})
	f := newFront(t)
	env := "WABA_RESEND_DELAY=" + resendDelay.String()
	a := w.start("", f.url, env)
	b := w.start("", f.url, env)
	f.add(a)
	f.add(b)
	_, ch := w.connect(a)
	logs := func() string { // stops B first: its log is read only once it is complete
		b.kill()
		return problems("replica A (killed)", a, 40) + problems("replica B", b, 40)
	}

	const (
		perCustomer = 40 // inbound messages per customer, #000 first
		perChat     = 10 // operator messages per chat
		failing     = 6  // operator messages whose first attempt fails
	)
	cs := customers(8)
	inText := func(ci, n int) string { return fmt.Sprintf("c%d #%03d", ci, n) }
	inWAMID := func(ci, n int) string { return fmt.Sprintf("wamid.k%d-%03d", ci, n) }

	// The chats exist (and their service windows are open) before operators write.
	for ci, c := range cs {
		deliver(t, w.d360, c, inWAMID(ci, 0), inText(ci, 0))
	}
	eventually(t, 30*time.Second, "the first message of each customer",
		func() bool { return len(w.crm.Messages(ch)) == len(cs) })

	// Load: each customer streams its messages, each operator writes in one
	// chat. Part of both waits for the kill, so the load goes on after it.
	ctx, cancel := context.WithCancel(context.Background())
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() { killOnce.Do(func() { close(killed) }) }
	var wg sync.WaitGroup
	defer func() { cancel(); kill(); wg.Wait() }() // a failed test stops its load first
	var accepted atomic.Int64
	// Posts to the chat take a while, so both replicas have jobs running at
	// the kill. The injected failures are taken by the first sends, long
	// before any resend.
	w.crm.SetSlow(50 * time.Millisecond)
	w.d360.FailNextSends(d360Key, failing, 131026)
	ops := make([][]opSend, len(cs))
	for ci, c := range cs {
		wg.Go(func() {
			for n := 1; n < perCustomer && ctx.Err() == nil; n++ {
				if n == perCustomer*2/3 {
					<-killed
				}
				deliver(t, w.d360, c, inWAMID(ci, n), inText(ci, n))
				accepted.Add(1)
				time.Sleep(40 * time.Millisecond)
			}
		})
		wg.Go(func() {
			for n := 0; n < perChat && ctx.Err() == nil; n++ {
				if n == perChat/2 {
					<-killed
				}
				text := fmt.Sprintf("op %d.%02d", ci, n)
				id, res, err := w.crm.OperatorSend(ch, c.UserID, text)
				ops[ci] = append(ops[ci], opSend{id: id, text: text, res: res, err: err})
				time.Sleep(100 * time.Millisecond)
			}
		})
	}

	// SIGKILL replica A mid-load: a third of the stream accepted, the failing
	// sends made (their failures and resends are still to be handled).
	eventually(t, 60*time.Second, "the load under way", func() bool {
		pending, _ := w.d360.PendingFailures(d360Key)
		return pending == 0 && accepted.Load() >= int64(len(cs)*(perCustomer-1)/3)
	})
	a.kill()
	f.setDown(a)
	killedAt := time.Now()
	t.Logf("killed replica A after %d inbound messages, %d sends to WhatsApp", accepted.Load()+int64(len(cs)),
		len(w.d360.Sent(d360Key)))
	kill()
	wg.Wait()
	if t.Failed() {
		t.Fatalf("the load did not go through replica B\n%s", logs())
	}

	// An operator message whose webhook replica A died under was answered 502
	// by the front: MessageGateway does not know whether the module took it.
	// It is posted again (same message id): the module must act on it once.
	var all []opSend
	reposted := map[int64]bool{}
	for _, chat := range ops {
		for _, op := range chat {
			all = append(all, op)
			if op.err == nil && op.res.HTTPStatus == http.StatusOK {
				if op.res.Error != nil {
					t.Errorf("operator message %q refused: %+v", op.text, op.res.Error)
				}
				continue
			}
			if op.err == nil && !bytes.HasPrefix(op.res.Body, []byte(replicaFailed)) {
				t.Errorf("operator message %q answered %d %s", op.text, op.res.HTTPStatus, op.res.Body)
				continue
			}
			data, err := messageSentData(w.crm, op.id)
			if err != nil {
				t.Fatal(err)
			}
			res, err := w.crm.PostWebhook(ch, "message_sent", data)
			if err != nil || res.HTTPStatus != http.StatusOK || res.Error != nil {
				t.Fatalf("message_sent of %q posted again: %d %s %v\n%s", op.text, res.HTTPStatus, res.Body, err, logs())
			}
			reposted[op.id] = true
		}
	}
	t.Logf("%d operator messages posted again after their webhook failed with replica A", len(reposted))
	if len(all) != len(cs)*perChat {
		t.Fatalf("%d operator messages written, want %d", len(all), len(cs)*perChat)
	}

	// Everything arrives once replica A's leases have run out (30 s).
	sends := func(text string) (n int, firstFailed bool) {
		s := sentWithText(w.d360, text)
		return len(s), len(s) > 0 && w.d360.FailCode(d360Key, s[0].WAMID) != 0
	}
	wantSends := func(text string) int {
		if _, failed := sends(text); failed {
			return 2
		}
		return 1
	}
	done := func() bool {
		if len(w.crm.Messages(ch)) < len(cs)*perCustomer {
			return false
		}
		for _, op := range all {
			if n, _ := sends(op.text); n < wantSends(op.text) {
				return false
			}
			if !reposted[op.id] && w.crm.MessageStatus(op.id) != sim.MGSeen {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(80 * time.Second)
	for !done() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !done() {
		t.Errorf("not everything arrived within %s of the kill", time.Since(killedAt).Round(time.Second))
	} else {
		t.Logf("all delivered %s after the kill", time.Since(killedAt).Round(time.Millisecond))
	}
	time.Sleep(2 * resendDelay) // late duplicates and resends have time to show

	// Inbound: each customer's messages once each, in order.
	msgs := w.crm.Messages(ch)
	next := make([]int, len(cs))
	for _, m := range msgs {
		var ci, n int
		if _, err := fmt.Sscanf(m.Text, "c%d #%d", &ci, &n); err != nil || ci < 0 || ci >= len(cs) {
			t.Errorf("unexpected message in the chat: %q", m.Text)
			continue
		}
		if n != next[ci] {
			t.Errorf("customer %d: got #%03d, want #%03d (lost, duplicated or out of order)", ci, n, next[ci])
		}
		next[ci] = n + 1
	}
	for ci, n := range next {
		if n != perCustomer {
			t.Errorf("customer %d: the chat ends at #%03d, want #%03d", ci, n-1, perCustomer-1)
		}
	}
	if len(msgs) != len(cs)*perCustomer {
		t.Errorf("%d messages in the chat, want %d", len(msgs), len(cs)*perCustomer)
	}
	// A job the killed replica was running when MessageGateway had already
	// taken its message is posted again by replica B; MessageGateway refuses
	// it by external id, so the chat shows it once. Only jobs replica A was
	// running can do that.
	refused := w.crm.RefusedDuplicates()
	t.Logf("MessageGateway refused %d repeated posts", refused)
	if refused > jobs.DefaultWorkers {
		t.Errorf("the module posted %d messages twice; replica A ran at most %d jobs", refused, jobs.DefaultWorkers)
	}

	// Outbound: each operator message sent once; each failed one resent once,
	// after the resend delay, and shown read in the chat.
	failed, total := 0, 0
	for _, op := range all {
		s := sentWithText(w.d360, op.text)
		total += len(s)
		n, firstFailed := sends(op.text)
		switch {
		case n == 0:
			t.Errorf("operator message %q never reached WhatsApp (lost)", op.text)
			continue
		case firstFailed:
			failed++
			if n != 2 {
				t.Errorf("operator message %q failed and was sent %d times, want 2 (one resend)", op.text, n)
				continue
			}
			if w.d360.FailCode(d360Key, s[1].WAMID) != 0 {
				t.Errorf("the resend of %q failed too: the injected failures were not all taken by first sends", op.text)
			}
			if at, ok := failedAt(w.d360, s[0].WAMID); !ok {
				t.Errorf("no failed status of %q was accepted", op.text)
			} else if gap := s[1].At.Sub(at); gap < resendDelay {
				t.Errorf("%q resent %s after its failure, before the %s delay", op.text, gap, resendDelay)
			}
		case n != 1:
			t.Errorf("operator message %q sent %d times, want once (duplicated)", op.text, n)
		}
		if st := w.crm.MessageStatus(op.id); !reposted[op.id] && st != sim.MGSeen {
			t.Errorf("operator message %q is %q in the chat, want %q (error %+v)", op.text, st, sim.MGSeen,
				w.crm.MessageError(op.id))
		}
	}
	if failed != failing {
		t.Errorf("%d operator messages failed on their first attempt, want %d", failed, failing)
	}
	if n := len(w.d360.Sent(d360Key)); n != total {
		t.Errorf("WhatsApp got %d sends, %d of them operator messages: something else was sent", n, total)
	}
	if t.Failed() {
		t.Logf("replica logs:\n%s", logs())
	}
	b.kill()
	t.Logf("replica B took over %d jobs of replica A", takenOver(b))
}

package relay

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"waba-transport/internal/store"
)

// At start on SQLite, a customer's message that was held in memory when the
// process died (pending, no job row) is queued again before the rows queued
// behind it; chats whose messages all have rows, messages that gave up and
// delivered ones are left alone.
func TestResumeQueuesHeldMessagesFirstInTheirChat(t *testing.T) {
	t.Parallel()
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	ctx := context.Background()
	r := &Relay{st: st, log: slog.New(slog.DiscardHandler)}
	accept := func(chat, wamid string) {
		t.Helper()
		payload, _ := json.Marshal(inboundJob{AccountID: 1, WAMID: wamid})
		err := st.Batch(ctx, func(tx *store.Store) error {
			ref, err := tx.QueueWebhook(ctx, 1, "360dialog", []byte(wamid))
			if err != nil {
				return err
			}
			return tx.AcceptInbound(ctx, store.InboundMessage{AccountID: 1, WAMID: wamid, ChatKey: chat, Webhook: ref,
				SentAt: time.Now()}, store.NewJob{Kind: KindInbound, QueueKey: inboundQueue(1, chat), Payload: payload,
				Webhook: ref}, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	dropRows := func(chat string) { // as if its job had been held, then lost
		t.Helper()
		if err := st.RequeueKey(ctx, KindInbound, inboundQueue(1, chat), nil); err != nil {
			t.Fatal(err)
		}
	}
	accept("a", "wamid.a1")
	dropRows("a")
	accept("a", "wamid.a2") // a row, at the head of its chat
	accept("a", "wamid.a3")
	accept("b", "wamid.b1") // rows only
	accept("c", "wamid.c1") // gave up while held: a dead row
	dropRows("c")
	payload, _ := json.Marshal(inboundJob{AccountID: 1, WAMID: "wamid.c1"})
	if err := st.BuryJob(ctx, store.Job{Kind: KindInbound, QueueKey: inboundQueue(1, "c"), Payload: payload,
		Attempts: 1, RunAt: time.Now()}, "gave up"); err != nil {
		t.Fatal(err)
	}
	accept("d", "wamid.d1") // delivered while held
	dropRows("d")
	if err := st.MarkInboundDelivered(ctx, 1, "wamid.d1", 9); err != nil {
		t.Fatal(err)
	}
	before, _ := st.ClaimJobs(ctx, "probe", time.Nanosecond, 10)
	if len(before) != 2 { // a2 and b1 head their chats
		t.Fatalf("before: %d heads", len(before))
	}
	if _, err := st.ReleaseRunning(ctx); err != nil {
		t.Fatal(err)
	}

	if err := r.resumeHeld(ctx); err != nil {
		t.Fatal(err)
	}
	var order []string
	for range 4 {
		got, err := st.ClaimJobs(ctx, "w", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range got {
			var p inboundJob
			if err := json.Unmarshal(j.Payload, &p); err != nil {
				t.Fatal(err)
			}
			order = append(order, p.WAMID)
			if string(j.Webhook) != p.WAMID {
				t.Errorf("%s: webhook %q, want its stored body", p.WAMID, j.Webhook)
			}
			if err := st.CompleteJob(ctx, j.ID, "w"); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]int{"wamid.a1": 0, "wamid.a2": 1, "wamid.a3": 2, "wamid.b1": 0}
	if len(order) != len(want) {
		t.Fatalf("ran %v, want a1 a2 a3 and b1 once each", order)
	}
	var a []string
	for _, w := range order {
		if _, ok := want[w]; !ok {
			t.Fatalf("ran %s, which was not to run again", w)
		}
		if w[6] == 'a' {
			a = append(a, w)
		}
	}
	if len(a) != 3 || a[0] != "wamid.a1" || a[1] != "wamid.a2" || a[2] != "wamid.a3" {
		t.Fatalf("chat a ran %v, want a1 a2 a3", a)
	}
}

package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeHolder holds up to room keys and records what it is given.
type fakeHolder struct {
	mu       sync.Mutex
	room     int
	held     map[string]bool
	followed map[string]bool
	taken    []Job
}

func newFakeHolder(room int) *fakeHolder {
	return &fakeHolder{room: room, held: map[string]bool{}, followed: map[string]bool{}}
}

func (h *fakeHolder) Follow(key string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.held[key] {
		h.followed[key] = true
	}
	return h.held[key]
}

func (h *fakeHolder) Hold(key string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.held) >= h.room {
		return false
	}
	h.held[key] = true
	return true
}

func (h *fakeHolder) Unhold(key string) { h.mu.Lock(); delete(h.held, key); h.mu.Unlock() }

func (h *fakeHolder) Take(jobs []Job) { h.mu.Lock(); h.taken = append(h.taken, jobs...); h.mu.Unlock() }

// accept queues a customer's message with its job at a transaction's end,
// the way jobs that may be held are queued.
func accept(t *testing.T, s *Store, wamid, key string, fail error) error {
	t.Helper()
	ctx := context.Background()
	return s.Batch(ctx, func(tx *Store) error {
		ref, err := tx.QueueWebhook(ctx, 1, "360dialog", []byte(`{"id":"`+wamid+`"}`))
		if err != nil {
			return err
		}
		if err := tx.AcceptInbound(ctx, InboundMessage{AccountID: 1, WAMID: wamid, ChatKey: key, Webhook: ref,
			SentAt: time.Now()}, NewJob{Kind: "in", QueueKey: key, Payload: []byte(wamid), Webhook: ref, Hold: true},
			nil); err != nil {
			return err
		}
		return fail
	})
}

// On SQLite a job that may be held, due now and waiting for none, goes to
// the holder after the commit instead of into the table; a later job of the
// same key gets a row, blocked until the held one is done; without room, or
// on PostgreSQL, jobs get rows as before; a failed transaction holds nothing.
func TestHeldJobsHaveNoRow(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		h := newFakeHolder(1)
		s.HoldIn(h)
		if err := accept(t, s, "wamid.1", "chat-a", nil); err != nil {
			t.Fatal(err)
		}
		claimed, err := s.ClaimJobs(ctx, "w", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if s.Dialect() == Postgres {
			if len(claimed) != 1 || len(h.taken) != 0 {
				t.Fatalf("PostgreSQL: claimed %d, held %d; want the job as a row", len(claimed), len(h.taken))
			}
			return
		}
		if len(claimed) != 0 || len(h.taken) != 1 {
			t.Fatalf("claimed %d rows, held %d jobs; want the job held, no row", len(claimed), len(h.taken))
		}
		if j := h.taken[0]; j.ID != 0 || j.QueueKey != "chat-a" || string(j.Payload) != "wamid.1" ||
			j.Attempts != 1 || string(j.Webhook) != `{"id":"wamid.1"}` {
			t.Fatalf("held job %+v, want its payload, key, first attempt and webhook body", j)
		}

		// Behind the held job: a row, blocked, and the holder knows it.
		if err := accept(t, s, "wamid.2", "chat-a", nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 0 || !h.followed["chat-a"] {
			t.Fatalf("claimed %d, followed %v; want the follower blocked and noted", len(got), h.followed)
		}
		// No room for another key: a row, ready at once.
		if err := accept(t, s, "wamid.3", "chat-b", nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || string(got[0].Payload) != "wamid.3" {
			t.Fatalf("claimed %+v, want chat-b's job as a row", got)
		}
		// The held job done, its key's next row runs.
		h.Unhold("chat-a")
		if err := s.UnblockNext(ctx, "chat-a"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || string(got[0].Payload) != "wamid.2" {
			t.Fatalf("claimed %+v after the held job, want wamid.2", got)
		}

		// A transaction that fails holds nothing and leaves its key free.
		h.room = 10
		boom := errors.New("boom")
		if err := accept(t, s, "wamid.4", "chat-c", boom); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the write's own", err)
		}
		if len(h.taken) != 1 || h.held["chat-c"] {
			t.Fatalf("held %d jobs, chat-c held %v after a failed write; want nothing new", len(h.taken), h.held["chat-c"])
		}
	})
}

// The messages a held job was queued for are found again after a crash:
// pending ones by the index, and the rows of their kind.
func TestPendingInboundAndJobRows(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		for i := range 3 {
			if err := accept(t, s, fmt.Sprint("wamid.", i), "chat-a", nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.MarkInboundDelivered(ctx, 1, "wamid.1", 7); err != nil {
			t.Fatal(err)
		}
		pending, err := s.PendingInbound(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 2 || pending[0].WAMID != "wamid.0" || pending[1].WAMID != "wamid.2" ||
			pending[0].WebhookID == 0 || pending[0].ChatKey != "chat-a" {
			t.Fatalf("pending %+v, want wamid.0 and wamid.2 with their webhooks", pending)
		}
		if err := s.BuryJob(ctx, Job{Kind: "in", QueueKey: "chat-a", Payload: []byte("wamid.9"), Attempts: 3,
			RunAt: time.Now()}, "gave up"); err != nil {
			t.Fatal(err)
		}
		rows, err := s.JobRows(ctx, "in")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || rows[3].State != JobDead || string(rows[3].Payload) != "wamid.9" {
			t.Fatalf("rows %+v, want the three queued and the dead one last", rows)
		}
		// Requeued: the key's unfinished rows replaced, in the given order.
		if err := s.RequeueKey(ctx, "in", "chat-a", []NewJob{{Kind: "in", QueueKey: "chat-a", Payload: []byte("x")},
			{Kind: "in", QueueKey: "chat-a", Payload: []byte("y")}}); err != nil {
			t.Fatal(err)
		}
		rows, _ = s.JobRows(ctx, "in")
		if len(rows) != 3 || rows[0].State != JobDead || string(rows[1].Payload) != "x" || string(rows[2].Payload) != "y" {
			t.Fatalf("rows after requeue %+v, want the dead one kept and x, y", rows)
		}
	})
}

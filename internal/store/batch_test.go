package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestBatchCommitsEveryWriteAndIsolatesFailures: many concurrent writers
// share transactions; each sees its own result, every successful write is
// stored once, and a failing write fails only its own caller.
func TestBatchCommitsEveryWriteAndIsolatesFailures(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		const n = 300
		boom := errors.New("refused")
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Batch(ctx, func(tx *Store) error {
					if _, _, err := tx.InsertJob(ctx, NewJob{Kind: "k", UniqueKey: fmt.Sprint("u", i)}); err != nil {
						return err
					}
					if i%50 == 7 {
						return boom // after its own insert: that insert must not stay
					}
					return nil
				})
			}()
		}
		wg.Wait()
		failed := 0
		for i, err := range errs {
			switch {
			case i%50 == 7 && !errors.Is(err, boom):
				t.Errorf("write %d: got %v, want its own error", i, err)
			case i%50 == 7:
				failed++
			case err != nil:
				t.Errorf("write %d failed with another's error: %v", i, err)
			}
		}
		stats, err := s.JobStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats[JobReady] != n-failed {
			t.Fatalf("%d jobs stored, want %d (the failing writes' inserts rolled back)", stats[JobReady], n-failed)
		}
	})
}

// TestQueuedJobsKeepOrderAndMarksLand: jobs queued in one transaction wait
// behind an unfinished job of their key and behind each other, and are
// claimable in order as each predecessor completes; inbound messages marked
// delivered in a transaction are delivered once it commits.
func TestQueuedJobsKeepOrderAndMarksLand(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		first, _, _ := s.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "chat-a", Payload: []byte("a0")})
		if err := s.AcceptInbound(ctx, InboundMessage{AccountID: 1, WAMID: "w1", ChatKey: "a", SentAt: c.now()},
			NewJob{Kind: "noop", RunAt: c.now().Add(time.Hour)}, nil); err != nil {
			t.Fatal(err)
		}
		err := s.InTx(ctx, func(tx *Store) error {
			for _, j := range []NewJob{{Kind: "in", QueueKey: "chat-a", Payload: []byte("a1")},
				{Kind: "in", QueueKey: "chat-b", Payload: []byte("b0")},
				{Kind: "in", QueueKey: "chat-b", Payload: []byte("b1")},
				{Kind: "in", QueueKey: "chat-a", Payload: []byte("a2")}} {
				m := InboundMessage{AccountID: 2, WAMID: string(j.Payload), ChatKey: j.QueueKey, SentAt: c.now()}
				if err := tx.AcceptInbound(ctx, m, j, nil); err != nil {
					return err
				}
			}
			return tx.MarkInboundDelivered(ctx, 1, "w1", 77)
		})
		if err != nil {
			t.Fatal(err)
		}
		if m, err := s.InboundByWAMID(ctx, 1, "w1"); err != nil || m.State != "delivered" || m.MGMessageID != 77 ||
			m.DeliveredAt == nil {
			t.Fatalf("inbound after the transaction: %+v %v", m, err)
		}
		ran := map[byte][]string{} // per chat, in claim order
		for range 5 {
			got, err := s.ClaimJobs(ctx, "w", time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range got {
				ran[j.Payload[0]] = append(ran[j.Payload[0]], string(j.Payload))
				if err := s.CompleteJob(ctx, j.ID, "w"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if want := "map[97:[a0 a1 a2] 98:[b0 b1]]"; fmt.Sprint(ran) != want {
			t.Fatalf("ran %v, want %v (first id %d)", ran, want, first)
		}
	})
}

// TestAcceptInboundActsOnce: a message accepted twice in one transaction and
// again in a later one (redelivered webhooks) is recorded once, queues one
// job and is reported new once.
func TestAcceptInboundActsOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		news := 0
		accept := func(tx *Store, wamid string) error {
			return tx.AcceptInbound(ctx, InboundMessage{AccountID: 1, WAMID: wamid, ChatKey: "a", Kind: "text",
				SentAt: c.now()}, NewJob{Kind: "in", QueueKey: "chat-a", Payload: []byte(wamid)}, func() { news++ })
		}
		err := s.InTx(ctx, func(tx *Store) error {
			for _, w := range []string{"w1", "w2", "w1"} {
				if err := accept(tx, w); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(tx *Store) error { return accept(tx, "w2") }); err != nil {
			t.Fatal(err)
		}
		if news != 2 {
			t.Fatalf("%d messages reported new, want 2", news)
		}
		if st, _ := s.JobStats(ctx); st[JobReady] != 2 {
			t.Fatalf("%d jobs queued, want 2", st[JobReady])
		}
		if m, err := s.InboundByWAMID(ctx, 1, "w1"); err != nil || m.Kind != "text" || m.State != "pending" {
			t.Fatalf("w1: %+v %v", m, err)
		}
	})
}

// TestNoJobStrandedByAConcurrentCompletion (PostgreSQL): a chat's next job
// inserted while its predecessor's completion is still uncommitted starts
// blocked and is invisible to that completion; the completion's recheck
// after its commit unblocks it, without waiting for the stranded-job sweep.
func TestNoJobStrandedByAConcurrentCompletion(t *testing.T) {
	t.Parallel()
	u, ok := TestDatabases(t)["postgres"]
	if !ok {
		t.Skip("PostgreSQL only: SQLite has one writer, so the two cannot overlap")
	}
	ctx := context.Background()
	s := OpenTest(t, u, nil)
	first, _, err := s.InsertJob(ctx, NewJob{Kind: "out", QueueKey: "chat"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 1); len(got) != 1 || got[0].ID != first {
		t.Fatalf("claim %v", got)
	}
	deleted, inserted := make(chan struct{}), make(chan struct{})
	go func() {
		<-deleted // the completion below has run but not committed
		if _, _, err := s.InsertJob(ctx, NewJob{Kind: "out", QueueKey: "chat", Payload: []byte("next")}); err != nil {
			t.Error(err)
		}
		close(inserted)
	}()
	err = s.InTx(ctx, func(tx *Store) error {
		if err := tx.completeJobs(ctx, []doneJob{{id: first, worker: "w"}}); err != nil {
			return err
		}
		close(deleted)
		<-inserted
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimJobs(ctx, "w", time.Minute, 1)
	if err != nil || len(got) != 1 || string(got[0].Payload) != "next" {
		t.Fatalf("the next job of the chat is not claimable: %v %v", got, err)
	}
}

// TestQueuedWebhooksKeepTheirMessages: webhooks saved together in one
// transaction each get their own id, and every message accepted with a
// webhook's reference points at that webhook's body.
func TestQueuedWebhooksKeepTheirMessages(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		const n = 40
		err := s.InTx(ctx, func(tx *Store) error {
			for i := range n {
				ref, err := tx.QueueWebhook(ctx, 1, "360dialog", fmt.Appendf(nil, `{"n":%d}`, i))
				if err != nil {
					return err
				}
				if err := tx.AcceptInbound(ctx, InboundMessage{AccountID: 1, WAMID: fmt.Sprint("w", i), ChatKey: "a",
					Webhook: ref, SentAt: c.now()}, NewJob{Kind: "in", QueueKey: "chat-a"}, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			m, err := s.InboundByWAMID(ctx, 1, fmt.Sprint("w", i))
			if err != nil {
				t.Fatal(err)
			}
			hooks, err := s.Webhooks(ctx, 1, m.WebhookID, time.Time{}, time.Time{}, 1)
			if err != nil || len(hooks) != 1 || string(hooks[0].Body) != fmt.Sprintf(`{"n":%d}`, i) {
				t.Fatalf("message %d points at webhook %d: %+v %v", i, m.WebhookID, hooks, err)
			}
		}
	})
}

// A writer starts a transaction when writes wait and none runs; a second
// one only for enough writes to be worth it, or to drain the queue when the
// store closes.
func TestBatcherStartsASecondTransactionOnlyForEnough(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		queued, busy int
		closed       bool
		want         bool
	}{
		{queued: 0, busy: 0, want: false},
		{queued: 1, busy: 0, want: true},
		{queued: 1, busy: 1, want: false},
		{queued: overlapMin - 1, busy: 1, want: false},
		{queued: overlapMin, busy: 1, want: true},
		{queued: 1, busy: 1, closed: true, want: true},
		{queued: 0, busy: 1, closed: true, want: false},
	} {
		b := &batcher{queue: make([]batchReq, tc.queued), busy: tc.busy, closed: tc.closed}
		if got := b.due(); got != tc.want {
			t.Errorf("%d queued, %d running, closed %v: due = %v, want %v", tc.queued, tc.busy, tc.closed, got, tc.want)
		}
	}
}

// Closing the store while writes are queued answers every caller: queued
// writes are committed, later ones fail on the closed database, none hangs.
func TestBatchAnswersEveryCallerAcrossClose(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		const n = 200
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- s.Batch(ctx, func(tx *Store) error {
					_, _, err := tx.InsertJob(ctx, NewJob{Kind: "k", UniqueKey: fmt.Sprint("c", i)})
					return err
				})
			}()
		}
		time.Sleep(time.Millisecond) // some are queued or committed by now, some not yet
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		timeout := time.After(30 * time.Second)
		for range n {
			select {
			case <-errs:
			case <-timeout:
				t.Fatal("a write queued across Close was never answered")
			}
		}
	})
}

// Under load (the previous transaction carried several writes) a writer
// waits briefly for more before it starts the next; a writer without load,
// a full queue or a closing store never waits.
func TestBatcherLingersOnlyUnderLoad(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		prev, queued int
		closing      bool
		want         bool
	}{
		{prev: 1, queued: 1, want: false},
		{prev: lingerAfter - 1, queued: 1, want: false},
		{prev: lingerAfter, queued: 1, want: true},
		{prev: MaxBatch, queued: lingerFill - 1, want: true},
		{prev: MaxBatch, queued: lingerFill, want: false},
		{prev: MaxBatch, queued: 1, closing: true, want: false},
	} {
		if got := lingers(tc.prev, tc.queued, tc.closing); got != tc.want {
			t.Errorf("previous %d, %d queued, closing %v: lingers = %v, want %v", tc.prev, tc.queued, tc.closing,
				got, tc.want)
		}
	}
}

// A write that comes alone after a loaded transaction, so that its writer
// lingers and no other write ends the wait, is still committed.
func TestLoneWriteAfterLoadIsCommitted(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		hold, held := make(chan struct{}), make(chan struct{})
		var inside sync.Once // the first run only (a failed batch reruns it)
		first := make(chan error, 1)
		go func() {
			first <- s.Batch(ctx, func(tx *Store) error {
				// Closed, not sent: a send that found the test not yet
				// waiting was dropped, and the test then waited forever.
				inside.Do(func() { close(held) })
				<-hold
				return nil
			})
		}()
		<-held // the writer is inside a transaction: the next writes queue up
		loaded := make(chan error, lingerAfter+1)
		for i := range lingerAfter + 1 {
			go func() {
				loaded <- s.Batch(ctx, func(tx *Store) error {
					_, _, err := tx.InsertJob(ctx, NewJob{Kind: "k", UniqueKey: fmt.Sprint("load", i)})
					return err
				})
			}()
		}
		for {
			s.batch.mu.Lock()
			n := len(s.batch.queue)
			s.batch.mu.Unlock()
			if n == lingerAfter+1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		close(hold) // the queued writes go in the next transaction together
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		for range lingerAfter + 1 {
			if err := <-loaded; err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		go func() {
			done <- s.Batch(ctx, func(tx *Store) error {
				_, _, err := tx.InsertJob(ctx, NewJob{Kind: "k", UniqueKey: "alone"})
				return err
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("a lone write after a loaded transaction was never committed")
		}
		if _, inserted, err := s.InsertJob(ctx, NewJob{Kind: "k", UniqueKey: "alone"}); err != nil || inserted {
			t.Fatalf("the lone write's job: inserted again = %v (%v), want it already there", inserted, err)
		}
	})
}

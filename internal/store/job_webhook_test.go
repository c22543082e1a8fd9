package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// A job whose input is a stored webhook gets the webhook's body when it is
// claimed, and retention keeps that webhook as long as the job exists.
func TestJobReadsItsInputFromAStoredWebhook(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		body := `{"entry":[{"changes":[{"value":{"messages":[{"id":"wamid.1"}]}}]}]}`
		var ref *WebhookRef
		err := s.InTx(ctx, func(tx *Store) error {
			var err error
			if ref, err = tx.QueueWebhook(ctx, 0, "360dialog", []byte(body)); err != nil {
				return err
			}
			_, _, err = tx.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "chat-a", Payload: []byte(`{}`)})
			if err != nil {
				return err
			}
			return tx.AcceptInbound(ctx, InboundMessage{AccountID: 1, WAMID: "wamid.1", ChatKey: "a", Webhook: ref,
				SentAt: c.now()}, NewJob{Kind: "in", QueueKey: "chat-b", Payload: []byte(`{"wamid":"wamid.1"}`),
				Webhook: ref}, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		if ref.ID == 0 {
			t.Fatal("webhook reference not set after the commit")
		}
		old, err := s.QueueWebhook(ctx, 0, "360dialog", []byte(`{"old":true}`)) // read by no job
		if err != nil {
			t.Fatal(err)
		}

		got, err := s.ClaimJobs(ctx, "w1", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("claimed %d jobs, want 2", len(got))
		}
		var withHook Job
		for _, j := range got {
			switch j.QueueKey {
			case "chat-a":
				if j.Webhook != nil {
					t.Errorf("job without a webhook got %q", j.Webhook)
				}
			case "chat-b":
				withHook = j
			}
		}
		if string(withHook.Webhook) != body || string(withHook.Payload) != `{"wamid":"wamid.1"}` {
			t.Fatalf("claimed job = webhook %q payload %q, want the stored body", withHook.Webhook, withHook.Payload)
		}

		c.add(8 * 24 * time.Hour)
		n, err := s.DeleteWebhooksBefore(ctx, c.now().Add(-7*24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("retention deleted %d (%v), want only the webhook no job reads", n, err)
		}
		if hooks, _ := s.Webhooks(ctx, 0, old.ID, time.Time{}, c.now(), 10); len(hooks) != 0 {
			t.Fatalf("webhook %d read by no job was kept", old.ID)
		}
		if hooks, _ := s.Webhooks(ctx, 0, ref.ID, time.Time{}, c.now(), 10); len(hooks) != 1 {
			t.Fatalf("webhook %d a job reads was deleted", ref.ID)
		}

		// A job inserted on its own may name a saved webhook too.
		if _, _, err := s.InsertJob(ctx, NewJob{Kind: "replay", Webhook: ref}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w1", time.Minute, 10); len(got) != 1 || string(got[0].Webhook) != body {
			t.Fatalf("claimed %+v, want the replay job with the webhook's body", got)
		} else if err := s.CompleteJob(ctx, got[0].ID, "w1"); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteJob(ctx, withHook.ID, "w1"); err != nil {
			t.Fatal(err)
		}
		// No job reads it now, but its message is not delivered yet (a held
		// job's message has no row that would keep its input): kept.
		if n, err := s.DeleteWebhooksBefore(ctx, c.now().Add(-7*24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("retention deleted %d (%v) while the webhook's message was pending, want none", n, err)
		}
		if err := s.MarkInboundDelivered(ctx, 1, "wamid.1", 42); err != nil {
			t.Fatal(err)
		}
		if n, err := s.DeleteWebhooksBefore(ctx, c.now().Add(-7*24*time.Hour)); err != nil || n != 1 {
			t.Fatalf("retention after the message was delivered deleted %d (%v), want its webhook", n, err)
		}
	})
}

// The hourly retention sweep reaches old webhooks through an index on their
// time: a scan would read every stored body (they precede received_at in the
// row) each hour. SQLite's plan is deterministic; PostgreSQL's depends on
// table statistics, so only SQLite's is pinned.
func TestRetentionSweepFindsOldWebhooksByIndex(t *testing.T) {
	t.Parallel()
	s := OpenTest(t, TestDatabases(t)["sqlite"], nil)
	plan := sqlitePlan(t, s, deleteOldWebhooks, time.Now())
	if !slices.ContainsFunc(plan, func(d string) bool {
		return strings.HasPrefix(d, "SEARCH webhooks USING ") && strings.Contains(d, "INDEX webhooks_received ")
	}) {
		t.Fatalf("retention plan = %q, want a search of webhooks by webhooks_received", plan)
	}
}

// sqlitePlan is SQLite's query plan of query, one line per step.
func sqlitePlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

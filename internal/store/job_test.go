package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

func ids(js []Job) []int64 {
	out := make([]int64, len(js))
	for i, j := range js {
		out[i] = j.ID
	}
	return out
}

func TestJobsKeepOrderPerKeyAndRunScheduledOnTime(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a1, _, _ := s.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "chat-a", Payload: []byte("1")})
		a2, _, _ := s.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "chat-a", Payload: []byte("2")})
		b1, _, _ := s.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "chat-b"})
		later, _, _ := s.InsertJob(ctx, NewJob{Kind: "resend", RunAt: c.now().Add(570 * time.Second)})

		got, err := s.ClaimJobs(ctx, "w1", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != a1 || got[1].ID != b1 || string(got[0].Payload) != "1" || got[0].Attempts != 1 {
			t.Fatalf("first claim = %v, want heads of each key [%d %d]", ids(got), a1, b1)
		}
		// a2 waits for a1 even while a1 is retried later.
		if err := s.RetryJob(ctx, a1, "w1", c.now().Add(time.Minute), "mg down"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w1", time.Minute, 10); len(got) != 0 {
			t.Fatalf("claimed %v while chat-a's head waits for its retry", ids(got))
		}
		c.add(time.Minute)
		got, _ = s.ClaimJobs(ctx, "w1", time.Minute, 10)
		if len(got) != 1 || got[0].ID != a1 || got[0].Attempts != 2 || got[0].LastError != "mg down" {
			t.Fatalf("retry claim = %+v", got)
		}
		if err := s.CompleteJob(ctx, a1, "w1"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.ClaimJobs(ctx, "w1", time.Minute, 10)
		if len(got) != 1 || got[0].ID != a2 {
			t.Fatalf("after a1 done = %v, want [%d]", ids(got), a2)
		}
		_ = s.CompleteJob(ctx, a2, "w1")
		_ = s.CompleteJob(ctx, b1, "w1")
		c.add(570*time.Second - time.Minute - time.Second)
		got, _ = s.ClaimJobs(ctx, "w1", 10*time.Minute, 10)
		if len(got) != 0 {
			t.Fatalf("scheduled job ran early: %v", ids(got))
		}
		c.add(time.Second)
		got, _ = s.ClaimJobs(ctx, "w1", time.Minute, 10)
		if len(got) != 1 || got[0].ID != later {
			t.Fatalf("scheduled job not due at its time: %v", ids(got))
		}
	})
}

func TestJobLeaseExpiryHandsJobToAnotherWorker(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		id, _, _ := s.InsertJob(ctx, NewJob{Kind: "in", QueueKey: "k"})
		if got, _ := s.ClaimJobs(ctx, "dead-worker", time.Minute, 1); len(got) != 1 {
			t.Fatal("not claimed")
		}
		if got, _ := s.ClaimJobs(ctx, "w2", time.Minute, 1); len(got) != 0 {
			t.Fatal("claimed twice under a live lease")
		}
		if err := s.ExtendJobs(ctx, "dead-worker", []int64{id}, 2*time.Minute); err != nil {
			t.Fatal(err)
		}
		c.add(90 * time.Second)
		s.RescueExpired(ctx)
		if got, _ := s.ClaimJobs(ctx, "w2", time.Minute, 1); len(got) != 0 {
			t.Fatal("extended lease ignored")
		}
		c.add(time.Minute)
		if n, err := s.RescueExpired(ctx); err != nil || n != 1 {
			t.Fatalf("rescued %d, %v", n, err)
		}
		got, _ := s.ClaimJobs(ctx, "w2", time.Minute, 1)
		if len(got) != 1 || got[0].ID != id || got[0].Attempts != 2 {
			t.Fatalf("takeover = %+v", got)
		}
		// The dead worker's late completion must not remove the job w2 now holds.
		_ = s.CompleteJob(ctx, id, "dead-worker")
		st, _ := s.JobStats(ctx)
		if st["running"] != 1 {
			t.Fatalf("stats %v", st)
		}
	})
}

func TestJobUniqueAndDead(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		runAt := c.now().Add(time.Hour)
		if _, ins, err := s.InsertJob(ctx, NewJob{Kind: "resend", UniqueKey: "resend:1", RunAt: runAt}); err != nil || !ins {
			t.Fatal(err)
		}
		if _, ins, _ := s.InsertJob(ctx, NewJob{Kind: "resend", UniqueKey: "resend:1"}); ins {
			t.Fatal("duplicate unique job inserted")
		}
		next, ok, err := s.NextJobAt(ctx)
		if err != nil || !ok || !next.Equal(runAt) {
			t.Fatalf("NextJobAt = %v %v %v", next, ok, err)
		}
		if removed, _ := s.CancelJob(ctx, "resend:1"); !removed {
			t.Fatal("cancel failed")
		}
		id, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		id2, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		s.ClaimJobs(ctx, "w", time.Minute, 1)
		if err := s.KillJob(ctx, id, "w", "poison"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.ClaimJobs(ctx, "w", time.Minute, 5)
		if len(got) != 1 || got[0].ID != id2 {
			t.Fatalf("dead job still blocks its key: %v", ids(got))
		}
	})
}

func TestBlockedJobsRunWhenTheirHeadFinishes(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		b, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		cc, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || got[0].ID != a {
			t.Fatalf("claimed %v, want only the head %d", ids(got), a)
		}
		if err := s.CompleteJob(ctx, a, "w"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || got[0].ID != b {
			t.Fatalf("claimed %v, want %d after the head finished", ids(got), b)
		}
		// A killed job unblocks its successor too.
		if err := s.KillJob(ctx, b, "w", "poison"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10)
		if len(got) != 1 || got[0].ID != cc {
			t.Fatalf("claimed %v, want %d after a dead job", ids(got), cc)
		}
		// A stranded blocked job (its predecessor finished unseen) is freed by the sweep.
		s.CompleteJob(ctx, cc, "w")
		d, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k2"})
		if _, err := s.q.ExecContext(ctx, `UPDATE jobs SET blocked = TRUE WHERE id = $1`, d); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 0 {
			t.Fatalf("claimed a blocked job %v", ids(got))
		}
		if n, err := s.UnblockStranded(ctx); err != nil || n != 1 {
			t.Fatalf("sweep freed %d, %v", n, err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || got[0].ID != d {
			t.Fatalf("claimed %v after the sweep", ids(got))
		}
	})
}

// Two transactions inserting the first jobs of one key at once (PostgreSQL)
// can each see the key idle and leave both unblocked: the claim must still
// take only the key's head, and take the jobs of other keys behind it.
func TestClaimTakesOnlyTheHeadOfAKeyWithTwoUnblockedJobs(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		b, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k"})
		other, _, _ := s.InsertJob(ctx, NewJob{Kind: "x", QueueKey: "k2"})
		if _, err := s.q.ExecContext(ctx, `UPDATE jobs SET blocked = FALSE WHERE id = $1`, b); err != nil {
			t.Fatal(err)
		}
		got, err := s.ClaimJobs(ctx, "w", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != a || got[1].ID != other {
			t.Fatalf("claimed %v, want the head %d and the other key's %d", ids(got), a, other)
		}
		if err := s.CompleteJob(ctx, a, "w"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimJobs(ctx, "w", time.Minute, 10); len(got) != 1 || got[0].ID != b {
			t.Fatalf("claimed %v after the head finished, want %d", ids(got), b)
		}
	})
}

// A claim reads the runnable jobs through jobs_claimable, in its order (no
// sort of them all), and then the listed ones by primary key. SQLite's plans
// are deterministic; PostgreSQL's depend on statistics (the bench shows them
// under a backlog: inbound-pg1 and inbound-pg2 with -c 128).
func TestClaimReadsRunnableJobsInIndexOrder(t *testing.T) {
	t.Parallel()
	s := OpenTest(t, TestDatabases(t)["sqlite"], nil)
	now := time.Now()
	window := sqlitePlan(t, s, claimWindowSQL, now, 10+claimSlack)
	if !slices.ContainsFunc(window, func(d string) bool {
		return strings.HasPrefix(d, "SEARCH jobs USING ") && strings.Contains(d, "INDEX jobs_claimable ")
	}) || slices.ContainsFunc(window, func(d string) bool { return strings.Contains(d, "TEMP B-TREE") }) {
		t.Fatalf("claim window plan = %q, want the runnable jobs read by jobs_claimable, unsorted", window)
	}
	claim := sqlitePlan(t, s, claimJobsSQL(2, ""), now, "w", now, 10, 1, 2)
	if !slices.Contains(claim, "SEARCH j USING INTEGER PRIMARY KEY (rowid=?)") {
		t.Fatalf("claim plan = %q, want the listed jobs read by primary key", claim)
	}
}

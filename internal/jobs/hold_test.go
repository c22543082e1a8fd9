package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"waba-transport/internal/store"
)

// queueHeld queues a job that may be held, with a customer's message, the
// way the relay does.
func queueHeld(t *testing.T, st *store.Store, key, payload string) {
	t.Helper()
	ctx := context.Background()
	err := st.Batch(ctx, func(tx *store.Store) error {
		return tx.AcceptInbound(ctx, store.InboundMessage{AccountID: 1, WAMID: payload, ChatKey: key,
			SentAt: time.Now()}, store.NewJob{Kind: "in", QueueKey: key, Payload: []byte(payload), Hold: true}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// heldRun starts a runner that holds jobs on a SQLite store; handle runs
// each job (its payload) and may fail it.
func heldRun(t *testing.T, handle func(payload string, attempt int) error) (*store.Store, *Runner) {
	t.Helper()
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	r := New(st, quiet(), Options{Workers: 4, Poll: 20 * time.Millisecond})
	r.Register(Kind{Name: "in", Backoff: func(int) time.Duration { return 50 * time.Millisecond },
		Handle: func(_ context.Context, j store.Job) error { return handle(string(j.Payload), j.Attempts) }})
	r.HoldJobs()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = r.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	for !r.live.Load() {
		time.Sleep(time.Millisecond)
	}
	return st, r
}

// Held jobs keep their key's order with the rows queued behind them, through
// a retry from memory, and leave no row once done.
func TestHeldJobsKeepOrderThroughRetries(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		order []string
		runs  = map[string]int{}
		gate  = make(chan struct{})
	)
	st, r := heldRun(t, func(p string, attempt int) error {
		if p == "a0" && attempt == 1 {
			<-gate // a1 and a2 arrive while a0 is held
			return errors.New("chat down")
		}
		mu.Lock()
		defer mu.Unlock()
		runs[p]++
		order = append(order, p)
		return nil
	})
	queueHeld(t, st, "a", "a0")
	queueHeld(t, st, "a", "a1")
	queueHeld(t, st, "a", "a2")
	queueHeld(t, st, "b", "b0")
	if !r.Follow("a") {
		t.Fatal("a0 is not held")
	}
	close(gate)
	eventually(t, "the four jobs", func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 4 })
	var a []string
	for _, p := range order {
		if p[0] == 'a' {
			a = append(a, p)
		}
	}
	if len(a) != 3 || a[0] != "a0" || a[1] != "a1" || a[2] != "a2" {
		t.Fatalf("key a ran %v, want a0 a1 a2", a)
	}
	for p, n := range runs {
		if n != 1 {
			t.Errorf("%s succeeded %d times", p, n)
		}
	}
	waitNoJobs(t, st)
}

// A held job that gives up leaves a dead row, and the rows behind it run.
func TestHeldJobGivenUpLeavesADeadRow(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		ran  []string
		gate = make(chan struct{})
	)
	st, _ := heldRun(t, func(p string, _ int) error {
		if p == "a0" {
			<-gate
			return Permanent(errors.New("account removed"))
		}
		mu.Lock()
		ran = append(ran, p)
		mu.Unlock()
		return nil
	})
	queueHeld(t, st, "a", "a0")
	queueHeld(t, st, "a", "a1")
	close(gate)
	eventually(t, "a1 after a0 gave up", func() bool { mu.Lock(); defer mu.Unlock(); return len(ran) == 1 })
	var rows []store.JobRow
	eventually(t, "a0's dead row only", func() bool { // a1's row goes with its commit
		var err error
		rows, err = st.JobRows(context.Background(), "in")
		return err == nil && len(rows) == 1
	})
	if rows[0].State != store.JobDead || string(rows[0].Payload) != "a0" {
		t.Fatalf("rows %+v, want a0's dead row only", rows)
	}
}

// waitNoJobs waits until the store has no job rows at all.
func waitNoJobs(t *testing.T, st *store.Store) {
	t.Helper()
	eventually(t, "no job rows", func() bool {
		stats, err := st.JobStats(context.Background())
		return err == nil && len(stats) == 0
	})
}

// eventually waits up to 10 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A row left blocked behind a held job that a crash took (its outcome
// committed, its follower not yet unblocked) runs when the runner starts
// again.
func TestStrandedRowRunsAtStart(t *testing.T) {
	t.Parallel()
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	ctx := context.Background()
	for _, kind := range []string{"gone", "in"} {
		if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: kind, QueueKey: "k", Payload: []byte(kind)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RequeueKey(ctx, "gone", "k", nil); err != nil { // the head goes, its follower stays blocked
		t.Fatal(err)
	}
	ran := make(chan string, 1)
	r := New(st, quiet(), Options{Workers: 2, Poll: 20 * time.Millisecond})
	r.Register(Kind{Name: "in", Handle: func(_ context.Context, j store.Job) error { ran <- string(j.Payload); return nil }})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = r.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	select {
	case p := <-ran:
		if p != "in" {
			t.Fatalf("ran %q", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stranded row never ran")
	}
}

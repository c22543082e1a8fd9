package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"waba-transport/internal/store"
)

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestRunnerKeepsOrderPerKeyThroughRetries: jobs of one key run in insertion
// order even when the first fails twice; jobs of other keys are not held up.
func TestRunnerKeepsOrderPerKeyThroughRetries(t *testing.T) {
	t.Parallel()
	for name, u := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			st := store.OpenTest(t, u, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()

			var (
				mu    sync.Mutex
				order = map[string][]string{}
				fails = 2
				done  = make(chan struct{}, 100)
			)
			r := New(st, quiet(), Options{Workers: 4, Poll: 20 * time.Millisecond})
			r.Register(Kind{Name: "rec", Backoff: func(int) time.Duration { return 30 * time.Millisecond },
				Handle: func(_ context.Context, j store.Job) error {
					mu.Lock()
					defer mu.Unlock()
					if string(j.Payload) == "a0" && fails > 0 {
						fails--
						return errors.New("mg down")
					}
					order[j.QueueKey] = append(order[j.QueueKey], string(j.Payload))
					done <- struct{}{}
					return nil
				}})
			for i := range 5 {
				for _, k := range []string{"a", "b"} {
					if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "rec", QueueKey: k,
						Payload: fmt.Appendf(nil, "%s%d", k, i)}); err != nil {
						t.Fatal(err)
					}
				}
			}
			go r.Run(ctx)
			r.Notify()
			for range 10 {
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatalf("timed out; order so far %v", order)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for _, k := range []string{"a", "b"} {
				for i, p := range order[k] {
					if want := fmt.Sprintf("%s%d", k, i); p != want {
						t.Fatalf("key %s ran %v, want in insertion order", k, order[k])
					}
				}
			}
			if fails != 0 {
				t.Fatal("a0 was not retried")
			}
		})
	}
}

func TestRunnerGivesUpOnPermanentAndMaxAttempts(t *testing.T) {
	t.Parallel()
	u := store.TestDatabases(t)["sqlite"]
	st := store.OpenTest(t, u, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		mu    sync.Mutex
		calls = map[string]int{}
	)
	finished := make(chan string, 10)
	r := New(st, quiet(), Options{Poll: 10 * time.Millisecond,
		OnFinish: func(kind string, attempts int, err error, _ time.Duration) {
			if err != nil {
				finished <- fmt.Sprintf("%s:%d", kind, attempts)
			}
		}})
	handle := func(perm bool) Handler {
		return func(_ context.Context, j store.Job) error {
			mu.Lock()
			calls[j.Kind]++
			mu.Unlock()
			if perm {
				return Permanent(errors.New("bad input"))
			}
			panic("boom")
		}
	}
	r.Register(Kind{Name: "perm", Handle: handle(true)})
	r.Register(Kind{Name: "twice", Handle: func(context.Context, store.Job) error { return errors.New("x") },
		MaxAttempts: 2, Backoff: func(int) time.Duration { return time.Millisecond }})
	r.Register(Kind{Name: "panics", Handle: handle(false)})
	for _, k := range []string{"perm", "twice", "panics"} {
		st.InsertJob(ctx, store.NewJob{Kind: k})
	}
	go r.Run(ctx)
	seen := map[string]bool{}
	for len(seen) < 4 {
		select {
		case f := <-finished:
			seen[f] = true
		case <-time.After(10 * time.Second):
			t.Fatalf("timeout, seen %v", seen)
		}
	}
	for _, want := range []string{"perm:1", "twice:1", "twice:2", "panics:1"} {
		if !seen[want] {
			t.Fatalf("missing %s in %v", want, seen)
		}
	}
	// Give the runner a moment to record the last result, then check all are dead.
	deadline := time.Now().Add(5 * time.Second)
	for {
		stats, _ := st.JobStats(ctx)
		if stats["dead"] == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats %v, want 3 dead", stats)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestDefaultBackoffIsBounded(t *testing.T) {
	t.Parallel()
	for a := 1; a < 50; a++ {
		d := DefaultBackoff(a)
		if d <= 0 || d > 5*time.Minute {
			t.Fatalf("attempt %d: %v", a, d)
		}
	}
	if DefaultBackoff(1) > time.Second {
		t.Fatal("first retry should come within a second")
	}
}

// TestEveryRunsOncePerPeriodAcrossRunners: two runners (two replicas) on one
// database run a periodic job once per period, not twice.
func TestEveryRunsOncePerPeriodAcrossRunners(t *testing.T) {
	t.Parallel()
	for name, u := range store.TestDatabases(t) {
		if name == "sqlite" {
			continue // one process by definition; covered by PostgreSQL
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var (
				mu   sync.Mutex
				runs int
			)
			for range 2 {
				st := store.OpenTest(t, u, nil)
				r := New(st, quiet(), Options{Poll: 10 * time.Millisecond})
				r.Every("tick", 200*time.Millisecond, func(context.Context) error {
					mu.Lock()
					runs++
					mu.Unlock()
					return nil
				})
				go r.Run(ctx)
			}
			time.Sleep(1100 * time.Millisecond)
			mu.Lock()
			defer mu.Unlock()
			if runs < 3 || runs > 6 { // about 5 periods; twice that if both replicas ran each
				t.Fatalf("%d runs in ~5 periods", runs)
			}
		})
	}
}

func TestClaimsComeInBatches(t *testing.T) {
	for _, c := range []struct {
		name        string
		free, since int // ms for since
		want        time.Duration
	}{
		{"all idle, just claimed: wait out claimEvery", 64, 1, claimEvery - time.Millisecond},
		{"all idle, claimEvery passed: claim", 64, 5, 0},
		{"a quarter free: claimEvery", 16, 2, claimEvery - 2*time.Millisecond},
		{"most busy: wait for more to free up", 3, 5, claimBatchWait - 5*time.Millisecond},
		{"most busy for claimBatchWait: claim", 3, 20, 0},
		{"long since the last claim: claim", 1, 1000, 0},
	} {
		if got := claimWait(64, c.free, time.Duration(c.since)*time.Millisecond); got != c.want {
			t.Errorf("%s: claimWait(64, %d, %dms) = %v, want %v", c.name, c.free, c.since, got, c.want)
		}
	}
}

// A worker is free for another job as soon as the handler returns; the
// job's result is recorded afterwards, in a group commit that needs no
// worker, and the job is gone once it is.
func TestWorkerIsFreeBeforeTheResultIsRecorded(t *testing.T) {
	t.Parallel()
	for name, u := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			st := store.OpenTest(t, u, nil)
			ctx := context.Background()
			var (
				mu     sync.Mutex
				events []string
			)
			note := func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
			r := New(st, quiet(), Options{Workers: 1})
			r.Register(Kind{Name: "rec", Handle: func(ctx context.Context, _ store.Job) error {
				note("handled")
				return Commit(ctx, st, func(*store.Store) error { note("recorded"); return nil })
			}})
			if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "rec"}); err != nil {
				t.Fatal(err)
			}
			claimed, err := st.ClaimJobs(ctx, r.worker, time.Minute, 1)
			if err != nil || len(claimed) != 1 {
				t.Fatalf("claimed %d jobs, %v", len(claimed), err)
			}
			r.runOne(claimed[0], func() { note("worker free") })
			if want := []string{"handled", "worker free", "recorded"}; fmt.Sprint(events) != fmt.Sprint(want) {
				t.Errorf("events %v, want %v", events, want)
			}
			stats, err := st.JobStats(ctx)
			if err != nil || stats[store.JobReady]+stats[store.JobRunning] != 0 {
				t.Errorf("jobs left after their result was recorded: %v, %v", stats, err)
			}
		})
	}
}

// While results wait for a commit that does not come, a runner starts at
// most as many further jobs as it has workers: finished jobs do not pile up
// behind a slow database. (PostgreSQL: there claims do not wait for the
// blocked transaction, as they do on SQLite's one connection.)
func TestRunnerBoundsResultsWaitingForTheirCommit(t *testing.T) {
	t.Parallel()
	u, ok := store.TestDatabases(t)["postgres"]
	if !ok {
		t.Skip("needs PostgreSQL (WABA_TEST_POSTGRES_URL)")
	}
	st := store.OpenTest(t, u, nil)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(func() { free(); cancel() }) // before the store closes, also when the test fails
	started := make(chan string, 10)
	r := New(st, quiet(), Options{Workers: 1, Poll: 10 * time.Millisecond})
	r.Register(Kind{Name: "rec", Handle: func(ctx context.Context, j store.Job) error {
		started <- string(j.Payload)
		return Commit(ctx, st, func(*store.Store) error {
			if string(j.Payload) == "a" {
				<-release // the database stalls while recording a's result
			}
			return nil
		})
	}})
	for _, p := range []string{"a", "b", "c"} {
		if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "rec", Payload: []byte(p)}); err != nil {
			t.Fatal(err)
		}
	}
	go r.Run(ctx)
	r.Notify()
	var got []string
	wait := func(d time.Duration) {
		select {
		case p := <-started:
			got = append(got, p)
		case <-time.After(d):
		}
	}
	for range 3 {
		wait(2 * time.Second)
	}
	if fmt.Sprint(got) != "[a b]" {
		t.Fatalf("while a's result waited, the runner started %v; want a, then b on the freed worker, then nothing", got)
	}
	free()
	wait(10 * time.Second)
	if fmt.Sprint(got) != "[a b c]" {
		t.Fatalf("after the commit, started %v; want c too", got)
	}
}

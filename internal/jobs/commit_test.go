package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"waba-transport/internal/store"
)

// TestCommitStoresOutcomeOnlyWithSuccess: what a handler records with Commit
// is stored when its job succeeds (together with the job's removal) and
// dropped when it fails; outside a job run Commit writes at once.
func TestCommitStoresOutcomeOnlyWithSuccess(t *testing.T) {
	t.Parallel()
	for name, u := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			st := store.OpenTest(t, u, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// A far-future job with a unique key is the witness of a write.
			witness := func(key string) func(tx *store.Store) error {
				return func(tx *store.Store) error {
					_, _, err := tx.InsertJob(ctx, store.NewJob{Kind: "witness", UniqueKey: key,
						RunAt: time.Now().Add(24 * time.Hour)})
					return err
				}
			}
			stored := func(key string) bool {
				_, inserted, err := st.InsertJob(ctx, store.NewJob{Kind: "probe", UniqueKey: key,
					RunAt: time.Now().Add(24 * time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				return !inserted
			}
			finished := make(chan string, 2)
			r := New(st, quiet(), Options{Workers: 2, Poll: 20 * time.Millisecond,
				OnFinish: func(kind string, _ int, _ error, _ time.Duration) { finished <- kind }})
			r.Register(Kind{Name: "ok", Handle: func(ctx context.Context, _ store.Job) error {
				return Commit(ctx, st, witness("ok-outcome"))
			}})
			r.Register(Kind{Name: "bad", MaxAttempts: 1, Handle: func(ctx context.Context, _ store.Job) error {
				if err := Commit(ctx, st, witness("bad-outcome")); err != nil {
					return err
				}
				return errors.New("remote refused")
			}})
			for _, k := range []string{"ok", "bad"} {
				if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: k}); err != nil {
					t.Fatal(err)
				}
			}
			go r.Run(ctx)
			for range 2 {
				select {
				case <-finished:
				case <-time.After(10 * time.Second):
					t.Fatal("jobs did not run")
				}
			}
			deadline := time.Now().Add(10 * time.Second)
			for !stored("ok-outcome") {
				if time.Now().After(deadline) {
					t.Fatal("a successful job's outcome was not stored")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if stored("bad-outcome") {
				t.Fatal("a failed job's outcome was stored")
			}
			if err := Commit(ctx, st, witness("direct")); err != nil || !stored("direct") {
				t.Fatalf("Commit outside a job: %v", err)
			}
		})
	}
}

// TestFreeWorkerClaimsWhileOthersAreBusy: claims are batched while most
// workers are busy, but a job queued then still runs at once, long before
// the next poll.
func TestFreeWorkerClaimsWhileOthersAreBusy(t *testing.T) {
	t.Parallel()
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	started := make(chan string, 16)
	r := New(st, quiet(), Options{Workers: 8, Poll: time.Hour})
	r.Register(Kind{Name: "slow", Handle: func(ctx context.Context, _ store.Job) error {
		started <- "slow"
		<-release
		return nil
	}})
	r.Register(Kind{Name: "quick", Handle: func(context.Context, store.Job) error {
		started <- "quick"
		return nil
	}})
	for range 7 {
		if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "slow"}); err != nil {
			t.Fatal(err)
		}
	}
	go r.Run(ctx)
	for range 7 {
		if k := <-started; k != "slow" {
			t.Fatalf("started %s", k)
		}
	}
	// 7 of 8 busy: fewer free than a claim batch.
	if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "quick"}); err != nil {
		t.Fatal(err)
	}
	r.Notify()
	select {
	case k := <-started:
		if k != "quick" {
			t.Fatalf("started %s", k)
		}
	case <-time.After(4 * time.Second): // before the 5 s lease sweep could wake the runner
		t.Fatal("the free worker never claimed the due job while the others were busy")
	}
}

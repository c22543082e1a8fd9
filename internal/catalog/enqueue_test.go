package catalog

import (
	"context"
	"testing"
	"time"

	"waba-transport/internal/store"
)

// TestEnqueueWhileASyncRuns: a sync asked for while one waits adds nothing
// (the waiting one will read the templates as they are); asked for while one
// runs (it may have read them before the change), a second one waits behind
// it and runs after it, never beside it.
func TestEnqueueWhileASyncRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.OpenTest(t, store.TestDatabases(t)["sqlite"], nil)
	count := func() int {
		s, err := st.JobStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s[store.JobReady] + s[store.JobRunning]
	}
	for range 2 {
		if err := Enqueue(ctx, st, 7); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("%d syncs queued, want 1", n)
	}
	first, err := st.ClaimJobs(ctx, "w", time.Minute, 10)
	if err != nil || len(first) != 1 {
		t.Fatalf("claim: %v %v", first, err)
	}
	for range 2 {
		if err := Enqueue(ctx, st, 7); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(); n != 2 {
		t.Fatalf("%d syncs while one runs, want it and one waiting", n)
	}
	if again, _ := st.ClaimJobs(ctx, "w", time.Minute, 10); len(again) != 0 {
		t.Fatal("the second sync started beside the running one")
	}
	if err := st.CompleteJob(ctx, first[0].ID, "w"); err != nil {
		t.Fatal(err)
	}
	if next, _ := st.ClaimJobs(ctx, "w", time.Minute, 10); len(next) != 1 || next[0].Kind != KindSync {
		t.Fatalf("the waiting sync did not run after the first: %v", next)
	}
}

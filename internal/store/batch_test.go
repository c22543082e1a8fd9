package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
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

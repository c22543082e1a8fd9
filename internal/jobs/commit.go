package jobs

import (
	"context"
	"sync"

	"waba-transport/internal/store"
)

// resultKey marks a context as a job run's.
type resultKey struct{}

// result collects the writes a handler leaves for its job's completion.
type result struct {
	mu     sync.Mutex
	writes []func(tx *store.Store) error
}

// Commit records what a successful job wrote down about its outcome (a
// message marked delivered, a trail event). Inside a job run, fn runs in the
// transaction that completes the job, shared with other jobs' completions:
// the outcome and the job's removal are stored together or not at all (a
// crash in between re-runs the job, and the remote side's idempotency keys
// make that harmless), and many jobs cost one commit. Outside a job run
// (tests, callers that are not jobs) fn runs in a transaction of its own now.
func Commit(ctx context.Context, st *store.Store, fn func(tx *store.Store) error) error {
	if res, ok := ctx.Value(resultKey{}).(*result); ok {
		res.mu.Lock()
		defer res.mu.Unlock()
		res.writes = append(res.writes, fn)
		return nil
	}
	return st.InTx(ctx, fn)
}

// apply runs the recorded writes in tx.
func (res *result) apply(tx *store.Store) error {
	res.mu.Lock()
	defer res.mu.Unlock()
	for _, fn := range res.writes {
		if err := fn(tx); err != nil {
			return err
		}
	}
	return nil
}

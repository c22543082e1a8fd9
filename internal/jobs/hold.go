package jobs

import (
	"context"
	"time"

	"waba-transport/internal/store"
)

// heldPerWorker bounds the jobs a runner holds (HoldJobs) per worker: past
// it, jobs get rows again, and wait in the table for a claim.
const heldPerWorker = 4

// heldKey is a queue key with a held job.
type heldKey struct {
	followed bool // a row of the key was inserted behind the held job
}

// HoldJobs makes the runner hold, on SQLite, the jobs its store would insert
// for it that allow it (store.NewJob.Hold, store.HoldIn): they run from
// memory, in order with their queue keys, and only their outcome is written.
// A held job is retried from memory, and one that gives up leaves a dead row
// for inspection; one lost with the process is the caller's to queue again
// (see OnStart). Call it once, before Run.
func (r *Runner) HoldJobs() {
	r.st.HoldIn(r)
}

// OnStart adds fn to what Run does when it starts, before it takes or holds
// any job: e.g. queue again what a previous process held when it died. An
// error is logged; Run goes on.
func (r *Runner) OnStart(fn func(ctx context.Context) error) {
	r.starts = append(r.starts, fn)
}

// HeldJobs is how many jobs the runner holds (running, waiting for a worker
// or for a retry), for metrics: they are not in the table.
func (r *Runner) HeldJobs() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.held)
}

// Follow implements store.Holder.
func (r *Runner) Follow(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.held[key]
	if h != nil {
		h.followed = true
	}
	return h != nil
}

// Hold implements store.Holder: a key is held while Run runs and the runner
// holds fewer than heldPerWorker jobs per worker.
func (r *Runner) Hold(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.live.Load() || r.held[key] != nil || len(r.held) >= cap(r.heldJobs) {
		return false
	}
	r.held[key] = &heldKey{}
	return true
}

// Unhold implements store.Holder.
func (r *Runner) Unhold(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.held, key)
}

// Take implements store.Holder. It never blocks: a held key has one job,
// and heldJobs has room for as many as keys may be held.
func (r *Runner) Take(jobs []store.Job) {
	for _, j := range jobs {
		r.heldJobs <- j
	}
	r.Notify()
}

// nextHeld returns a held job waiting for a worker, if one does.
func (r *Runner) nextHeld() (store.Job, bool) {
	select {
	case j := <-r.heldJobs:
		return j, true
	default:
		return store.Job{}, false
	}
}

// finishHeld records a held job's outcome: on success the handler's result,
// on giving up a dead row; then the key is free again. Otherwise the job runs
// again after its backoff, its key still held, so nothing of the key passes it.
func (r *Runner) finishHeld(ctx context.Context, j store.Job, k Kind, res *result, err error) {
	switch {
	case err == nil:
		err = r.st.Batch(ctx, res.apply)
		if err != nil {
			r.log.Error("jobs: record result failed; will run again", "kind", j.Kind, "error", err)
			r.retryHeld(j, k, err)
			return
		}
	case k.givesUp(j, err):
		r.log.Error("jobs: gave up", "kind", j.Kind, "queue_key", j.QueueKey, "attempts", j.Attempts, "error", err)
		if err := r.st.BuryJob(ctx, j, err.Error()); err != nil {
			r.log.Error("jobs: record of a job given up failed", "kind", j.Kind, "error", err)
		}
	default:
		r.retryHeld(j, k, err)
		return
	}
	r.mu.Lock()
	h := r.held[j.QueueKey]
	delete(r.held, j.QueueKey)
	r.mu.Unlock()
	if h != nil && h.followed {
		r.unblockAfterHeld(ctx, j.QueueKey)
	}
}

// unblockAfterHeld lets the row queued behind a finished held job run,
// trying again every second while the database refuses (no sweep would:
// see Run).
func (r *Runner) unblockAfterHeld(ctx context.Context, key string) {
	err := r.st.Batch(ctx, func(tx *store.Store) error { return tx.UnblockNext(ctx, key) })
	if err == nil {
		r.Notify()
		return
	}
	r.log.Error("jobs: unblock after a held job failed; will try again", "queue_key", key, "error", err)
	time.AfterFunc(time.Second, func() {
		if r.live.Load() {
			retry, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			r.unblockAfterHeld(retry, key)
		}
	})
}

// retryHeld runs a held job again after its kind's backoff.
func (r *Runner) retryHeld(j store.Job, k Kind, err error) {
	next := k.Backoff(j.Attempts)
	r.log.Warn("jobs: will retry", "kind", j.Kind, "queue_key", j.QueueKey, "attempts", j.Attempts,
		"retry_in", next.Round(time.Millisecond).String(), "error", err)
	j.Attempts++
	j.LastError = err.Error()
	time.AfterFunc(next, func() {
		r.heldJobs <- j
		r.Notify()
	})
}

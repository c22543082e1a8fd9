// Package jobs runs the module's durable work: relaying inbound messages,
// sending outbound ones, the one resend after a failure, template syncs. Jobs
// are rows in the module's own database (package store), inserted in the same
// transaction as the data they act on, so an accepted webhook is never lost.
//
// Why not River: the module needs strict per-chat order (a job with a queue
// key runs only after every earlier job of that key, also while it is being
// retried), which open-source River does not offer, and its SQLite driver is
// experimental. This runner is small: claims are leases in the jobs table
// (FOR UPDATE SKIP LOCKED on PostgreSQL), so several replicas share the work
// and a killed replica's jobs are taken over when their lease runs out.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// Handler does one job. Returning nil completes it; an error retries it after
// a backoff; an error wrapped by Permanent gives up at once.
type Handler func(ctx context.Context, j store.Job) error

// Kind describes one kind of job.
type Kind struct {
	Name        string
	Handle      Handler
	MaxAttempts int                             // 0: retry until it succeeds (with bounded backoff)
	Backoff     func(attempt int) time.Duration // nil: DefaultBackoff
	Timeout     time.Duration                   // per run; 0: 2 minutes
}

// DefaultBackoff doubles from one second up to five minutes, with jitter, so
// a CRM that was down is retried soon after it comes back but never hammered.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 9)
	d = min(d, 5*time.Minute)
	return d/2 + rand.N(d/2+1)
}

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks an error that no retry can fix.
func Permanent(err error) error { return permanent{err} }

// DefaultWorkers is how many job handlers a runner runs at once (a finished
// handler's result waits for its group commit without holding a worker).
// Jobs mostly wait on the network (MessageGateway, 360dialog), so many run
// on few cores; per-chat order is kept by queue keys, not by a small pool.
const DefaultWorkers = 64

// UnblockEvery is how often a runner on PostgreSQL unblocks jobs stranded
// behind a job that finished concurrently with their insertion. The store
// rechecks such keys after every commit (see store.recheck), so this is only
// the net below: it reads every blocked job, which under a backlog is work.
const UnblockEvery = 5 * time.Second

// claimBatchWait is how long free workers wait for more to free up before
// a claim (see Run).
const claimBatchWait = 20 * time.Millisecond

// claimEvery spaces a runner's claims: at a few messages per millisecond a
// claim per wake-up found one job each time, and claims took a quarter of
// the module's CPU at 1,000 messages per second; a message waits at most
// this much longer for its worker.
const claimEvery = 5 * time.Millisecond

// claimWait is how long a runner with free of its workers idle waits
// before its next claim, since the last was since ago (0: claim now). Claims
// come in batches, so one query serves many jobs: at most every claimEvery,
// and while most workers are busy, not before a quarter are free or
// claimBatchWait has passed.
func claimWait(workers, free int, since time.Duration) time.Duration {
	wait := claimEvery
	if free < max(1, workers/4) && free < workers {
		wait = claimBatchWait
	}
	return max(0, wait-since)
}

// Options tunes a Runner.
type Options struct {
	Workers  int           // concurrent handlers; default DefaultWorkers
	Poll     time.Duration // how often to look for due jobs without a wake-up; default 1s
	Lease    time.Duration // how long a claim holds without renewal; default 30s
	OnFinish func(kind string, attempts int, err error, took time.Duration)
}

// Runner claims and runs jobs.
type Runner struct {
	st     *store.Store
	log    *slog.Logger
	opts   Options
	worker string
	kinds  map[string]Kind
	wake   chan struct{}

	mu       sync.Mutex
	inFlight map[int64]bool
	periodic []periodic
	held     map[string]*heldKey // queue keys with a held job (HoldJobs)

	heldJobs chan store.Job // held jobs waiting for a worker
	live     atomic.Bool    // Run takes jobs: keys may be held
	starts   []func(context.Context) error
}

// New returns a Runner on st. Register kinds before Run.
func New(st *store.Store, log *slog.Logger, opts Options) *Runner {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 30 * time.Second
	}
	return &Runner{st: st, log: log, opts: opts, worker: secret.Token(9), kinds: map[string]Kind{},
		wake: make(chan struct{}, 1), inFlight: map[int64]bool{}, held: map[string]*heldKey{},
		heldJobs: make(chan store.Job, heldPerWorker*opts.Workers)}
}

// Register adds a kind of job.
func (r *Runner) Register(k Kind) {
	if k.Backoff == nil {
		k.Backoff = DefaultBackoff
	}
	if k.Timeout <= 0 {
		k.Timeout = 2 * time.Minute
	}
	r.kinds[k.Name] = k
}

// Notify wakes the runner: call it after committing new jobs.
func (r *Runner) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run claims and runs jobs until ctx is done, then waits for running jobs to
// finish (they keep their own timeouts) and returns.
func (r *Runner) Run(ctx context.Context) error {
	if r.st.Dialect() == store.SQLite {
		// SQLite means one process: jobs still "running" were left by a crash.
		n, err := r.st.ReleaseRunning(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			r.log.Info("jobs: resumed jobs of a previous run", "count", n)
		}
		// A row blocked behind a held job is unblocked after the held job's
		// outcome commits; a crash in between leaves it waiting for nothing.
		// Nothing is held yet, so every blocked head is such a row. (While
		// jobs are held this sweep would be wrong: the table does not see
		// them, so it runs only here.)
		if n, err := r.st.UnblockStranded(ctx); err != nil {
			return err
		} else if n > 0 {
			r.log.Info("jobs: unblocked jobs left behind a held job", "count", n)
		}
	}
	for _, fn := range r.starts {
		// A failure is logged, not fatal: the other jobs must still run, and
		// the next start tries again.
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("jobs: start step failed", "error", err)
		}
	}
	if err := r.startPeriodic(ctx); err != nil {
		return err
	}
	slots := make(chan struct{}, r.opts.Workers)
	// recording bounds the results waiting for their commit: a database
	// slower than the handlers holds workers again instead of piling up
	// finished jobs.
	recording := make(chan struct{}, r.opts.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()

	renew := time.NewTicker(r.opts.Lease / 3)
	defer renew.Stop()
	sweep := time.NewTicker(5 * time.Second)
	defer sweep.Stop()
	// PostgreSQL: the net below the store's rechecks (see UnblockEvery).
	var unblock <-chan time.Time
	if r.st.Dialect() == store.Postgres {
		t := time.NewTicker(UnblockEvery)
		defer t.Stop()
		unblock = t.C
	}
	start := func(j store.Job) {
		slots <- struct{}{}
		r.track(j.ID, true)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.runOne(j, func() {
				recording <- struct{}{}
				<-slots
				r.Notify() // a worker is free for another job
			})
			<-recording
			r.track(j.ID, false)
			r.Notify() // the job's successor in its queue may be due now
		}()
	}
	r.live.Store(true)
	defer r.live.Store(false)
	var lastClaim time.Time
	for {
		// Held jobs first: they wait for nothing but a worker.
		for len(slots) < r.opts.Workers {
			j, ok := r.nextHeld()
			if !ok {
				break
			}
			start(j)
		}
		free := r.opts.Workers - len(slots)
		claimIn := claimWait(r.opts.Workers, free, time.Since(lastClaim))
		deferred := free > 0 && claimIn > 0
		if free > 0 && !deferred {
			lastClaim = time.Now()
			jobs, err := r.st.ClaimJobs(ctx, r.worker, r.opts.Lease, free)
			if err != nil && ctx.Err() == nil {
				r.log.Error("jobs: claim failed", "error", err)
			}
			for _, j := range jobs {
				start(j)
			}
			if len(jobs) == free {
				continue // more may be waiting
			}
		}
		poll := r.opts.Poll
		if deferred {
			poll = claimIn // claim for the free workers then, even if no other finishes
		}
		wait := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			wait.Stop()
			return nil
		case <-r.wake:
		case <-renew.C:
			r.renew()
		case <-sweep.C:
			if n, err := r.st.RescueExpired(ctx); err != nil && ctx.Err() == nil {
				r.log.Error("jobs: rescue of expired leases failed", "error", err)
			} else if n > 0 {
				r.log.Warn("jobs: took over jobs whose worker stopped", "count", n)
				continue
			}
		case <-unblock:
			if n, err := r.st.UnblockStranded(ctx); err != nil && ctx.Err() == nil {
				r.log.Error("jobs: unblock sweep failed", "error", err)
			} else if n > 0 {
				continue
			}
		case <-wait.C:
		}
		wait.Stop()
	}
}

func (r *Runner) track(id int64, on bool) {
	if id == 0 {
		return // a held job has no lease to renew
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if on {
		r.inFlight[id] = true
	} else {
		delete(r.inFlight, id)
	}
}

func (r *Runner) renew() {
	r.mu.Lock()
	ids := make([]int64, 0, len(r.inFlight))
	for id := range r.inFlight {
		ids = append(ids, id)
	}
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.st.ExtendJobs(ctx, r.worker, ids, r.opts.Lease); err != nil {
		r.log.Error("jobs: renew leases failed", "error", err)
	}
}

// runOne runs a job outside the runner's context, so a shutdown lets it
// finish. It calls free when the handler has returned: recording the result
// waits for a group commit, which needs no worker, so another job may start.
func (r *Runner) runOne(j store.Job, free func()) {
	ctx, cancel := context.WithTimeout(context.Background(), r.kindOf(j).Timeout)
	defer cancel()
	res := &result{}
	ctx = context.WithValue(ctx, resultKey{}, res)
	start := time.Now()
	err := r.call(ctx, j)
	free()
	if r.opts.OnFinish != nil {
		r.opts.OnFinish(j.Kind, j.Attempts, err, time.Since(start))
	}
	done, cancelDone := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelDone()
	k := r.kindOf(j)
	if j.ID == 0 {
		r.finishHeld(done, j, k, res, err)
		return
	}
	switch {
	case err == nil:
		err = r.st.Batch(done, func(tx *store.Store) error {
			if err := res.apply(tx); err != nil {
				return err
			}
			return tx.CompleteJob(done, j.ID, r.worker)
		})
	case k.givesUp(j, err):
		r.log.Error("jobs: gave up", "kind", j.Kind, "job_id", j.ID, "attempts", j.Attempts, "error", err)
		err = r.st.KillJob(done, j.ID, r.worker, err.Error())
	default:
		next := k.Backoff(j.Attempts)
		r.log.Warn("jobs: will retry", "kind", j.Kind, "job_id", j.ID, "attempts", j.Attempts,
			"retry_in", next.Round(time.Millisecond).String(), "error", err)
		err = r.st.RetryJob(done, j.ID, r.worker, r.st.Now().Add(next), err.Error())
	}
	if err != nil {
		r.log.Error("jobs: record result failed", "kind", j.Kind, "job_id", j.ID, "error", err)
	}
}

// givesUp reports whether a run of j that failed with err is its last: the
// error is permanent or the kind's attempts are spent.
func (k Kind) givesUp(j store.Job, err error) bool {
	return errors.As(err, new(permanent)) || (k.MaxAttempts > 0 && j.Attempts >= k.MaxAttempts)
}

func (r *Runner) kindOf(j store.Job) Kind {
	if k, ok := r.kinds[j.Kind]; ok {
		return k
	}
	return Kind{Name: j.Kind, Backoff: DefaultBackoff, Timeout: time.Minute, MaxAttempts: 1}
}

func (r *Runner) call(ctx context.Context, j store.Job) (err error) {
	k, ok := r.kinds[j.Kind]
	if !ok {
		return Permanent(fmt.Errorf("unknown job kind %q", j.Kind))
	}
	defer func() {
		if p := recover(); p != nil {
			err = Permanent(fmt.Errorf("panic in %s job: %v", j.Kind, p))
		}
	}()
	return k.Handle(ctx, j)
}

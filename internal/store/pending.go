package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// pendingWrites are writes a transaction makes at its end, in bulk: under
// group commit one transaction carries hundreds of webhooks or job results,
// and these writes then cost a few statements for all of them instead of
// one round trip each (see InTx).
type pendingWrites struct {
	webhooks  []pendingWebhook
	inbound   []pendingInbound
	jobs      []NewJob
	delivered []deliveredMsg
	complete  []doneJob
	recheck   map[string]bool // PostgreSQL: queue keys to unblock again after the commit
	held      []Job           // jobs held instead of inserted (HoldIn), their keys marked held, for the holder
}

// doneJob is a job completed inside a transaction, deleted at its end.
type doneJob struct {
	id     int64
	worker string
}

// deliveredMsg is an inbound message marked delivered inside a transaction.
type deliveredMsg struct {
	accountID int64
	wamid     string
	mgID      int64
}

// flushPending runs the transaction's pending writes: webhooks first (the
// messages they brought refer to them), inbound messages (their jobs join
// the queued ones), then new jobs, so a completion in the same transaction
// unblocks a job queued behind it.
func (s *Store) flushPending(ctx context.Context) error {
	p := s.pending
	if p == nil {
		return nil
	}
	webhooks, inbound := p.webhooks, p.inbound
	p.webhooks, p.inbound = nil, nil
	if err := s.insertWebhooks(ctx, webhooks); err != nil {
		return err
	}
	if err := s.insertInbound(ctx, inbound); err != nil {
		return err
	}
	jobs, delivered, done := p.jobs, p.delivered, p.complete
	p.jobs, p.delivered, p.complete = nil, nil, nil
	if err := s.insertJobs(ctx, jobs); err != nil {
		return err
	}
	if err := s.markDelivered(ctx, delivered); err != nil {
		return err
	}
	return s.completeJobs(ctx, done)
}

// insertJobs inserts queued jobs: one query finds which of their keys have
// unfinished jobs, one multi-row INSERT per chunk adds them, blocked behind
// those, behind held ones (HoldIn) and behind earlier jobs of the same key in
// the list. A job that may be held, and waits for none, is held instead.
func (s *Store) insertJobs(ctx context.Context, jobs []NewJob) error {
	if len(jobs) == 0 {
		return nil
	}
	busy, err := s.busyKeys(ctx, jobs)
	if err != nil {
		return err
	}
	now := s.now()
	rows := make([]jobRow, 0, len(jobs))
	for _, j := range jobs {
		r := jobRow{NewJob: j, runAt: j.RunAt}
		if r.runAt.IsZero() {
			r.runAt = now
		}
		key := j.QueueKey
		r.blocked = key != "" && (busy[key] || s.holder != nil && s.holder.Follow(key))
		if !r.blocked && !r.runAt.After(now) && s.holds(j) {
			s.pending.held = append(s.pending.held, Job{Kind: j.Kind, QueueKey: key, Payload: j.Payload, Attempts: 1,
				RunAt: r.runAt.UTC(), Webhook: j.Webhook.saved()})
			continue
		}
		if r.blocked {
			s.recheck(ctx, key)
		}
		if key != "" {
			busy[key] = true // the next job of this key waits for this one
		}
		rows = append(rows, r)
	}
	for part := range chunks(s.dialect, rows) {
		args := []any{now}
		values := make([]string, len(part))
		for i, r := range part {
			var unique any
			if r.UniqueKey != "" {
				unique = r.UniqueKey
			}
			args = append(args, r.Kind, r.QueueKey, string(r.Payload), r.runAt.UTC(), unique, r.blocked, r.Webhook.id())
			values[i] = valuesRow(args, 7, ", $1, 'ready'")
		}
		_, err := s.listOf(len(part)).ExecContext(ctx, `INSERT INTO jobs (kind, queue_key, payload, run_at, unique_key,
			blocked, webhook_id, created_at, state) VALUES `+strings.Join(values, ", ")+` ON CONFLICT DO NOTHING`, args...)
		if err != nil {
			return fmt.Errorf("store: insert jobs: %w", err)
		}
	}
	return nil
}

// jobRow is a job to insert, with what insertJobs decided for it.
type jobRow struct {
	NewJob
	runAt   time.Time
	blocked bool
}

// busyKeys returns which of the jobs' queue keys have unfinished jobs.
func (s *Store) busyKeys(ctx context.Context, jobs []NewJob) (map[string]bool, error) {
	busy := map[string]bool{}
	var keys []any
	seen := map[string]bool{}
	for _, j := range jobs {
		if j.QueueKey != "" && !seen[j.QueueKey] {
			seen[j.QueueKey] = true
			keys = append(keys, j.QueueKey)
		}
	}
	for part := range chunks(s.dialect, keys) {
		found, err := column[string](s.listOf(len(part)).QueryContext(ctx, `SELECT DISTINCT queue_key FROM jobs
			WHERE queue_key IN (`+placeholders(1, len(part))+`) AND state IN ('ready', 'running')`, part...))
		if err != nil {
			return nil, fmt.Errorf("store: busy queue keys: %w", err)
		}
		for _, k := range found {
			busy[k] = true
		}
	}
	return busy, nil
}

// recheck notes that key's head must be unblocked again once the current
// transaction has committed (or now, outside one). Only PostgreSQL needs it:
// there a job inserted blocked, while its predecessor completes in another
// transaction, is invisible to that completion and sees the predecessor
// still there. Whichever of the two transactions commits last unblocks it
// in its recheck, as both are then visible; UnblockStranded is the net below.
func (s *Store) recheck(ctx context.Context, key string) {
	if s.dialect != Postgres || key == "" {
		return
	}
	if s.pending == nil {
		_ = s.unblockHeads(ctx, []any{key}) // the statement has committed; the sweep covers an error
		return
	}
	if s.pending.recheck == nil {
		s.pending.recheck = map[string]bool{}
	}
	s.pending.recheck[key] = true
}

// unblockAfterCommit runs the rechecks of a committed transaction.
func (s *Store) unblockAfterCommit(ctx context.Context, p *pendingWrites) {
	if len(p.recheck) == 0 {
		return
	}
	keys := make([]any, 0, len(p.recheck))
	for k := range p.recheck {
		keys = append(keys, k)
	}
	for part := range chunks(s.dialect, keys) {
		_ = s.unblockHeads(ctx, part) // best effort: UnblockStranded sweeps what this misses
	}
}

package store

import (
	"context"
	"fmt"
	"strings"
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
// those and behind earlier jobs of the same key in the list.
func (s *Store) insertJobs(ctx context.Context, jobs []NewJob) error {
	if len(jobs) == 0 {
		return nil
	}
	busy, err := s.busyKeys(ctx, jobs)
	if err != nil {
		return err
	}
	const cols = 8 // values per row; state is the constant 'ready'
	now := s.now()
	for part := range chunks(s.dialect, jobs) {
		n := len(part)
		args := make([]any, 0, cols*n)
		rows := make([]string, n)
		for i, j := range part {
			runAt := j.RunAt
			if runAt.IsZero() {
				runAt = now
			}
			var unique any
			if j.UniqueKey != "" {
				unique = j.UniqueKey
			}
			blocked := j.QueueKey != "" && busy[j.QueueKey]
			if blocked {
				s.recheck(ctx, j.QueueKey)
			}
			if j.QueueKey != "" {
				busy[j.QueueKey] = true // the next job of this key waits for this one
			}
			args = append(args, j.Kind, j.QueueKey, string(j.Payload), runAt.UTC(), unique, now, blocked,
				j.Webhook.id())
			rows[i] = valuesRow(args, cols, ", 'ready'")
		}
		_, err := s.listOf(n).ExecContext(ctx, `INSERT INTO jobs (kind, queue_key, payload, run_at, unique_key,
			created_at, blocked, webhook_id, state) VALUES `+strings.Join(rows, ", ")+` ON CONFLICT DO NOTHING`, args...)
		if err != nil {
			return fmt.Errorf("store: insert jobs: %w", err)
		}
	}
	return nil
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

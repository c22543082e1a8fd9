package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// Job states. A finished job is deleted; a job that gave up is "dead" and kept
// for inspection (it no longer blocks its queue key). A new state must join
// the claim's "NOT IN" (claimJobsSQL), which means "ready".
const (
	JobReady   = "ready"
	JobRunning = "running"
	JobDead    = "dead"
)

// NewJob is a job to insert.
type NewJob struct {
	Kind      string
	QueueKey  string // jobs with the same non-empty key run one at a time, in insertion order
	Payload   []byte
	RunAt     time.Time // zero: now
	UniqueKey string    // non-empty: a second job with the same key is not inserted
	// Webhook, if set, is the stored webhook holding the job's input: the
	// claim returns its body (Job.Webhook) and retention keeps it while the
	// job exists. Only jobs inserted at a transaction's end take a
	// reference not yet saved (QueueWebhook).
	Webhook *WebhookRef
	// Hold allows the job to be held in memory instead of inserted, when
	// queued at a transaction's end (see HoldIn): its caller can queue it
	// again if the process dies before it is done.
	Hold bool
}

// Job is a claimed job, or a held one (ID 0, see HoldIn).
type Job struct {
	ID        int64
	Kind      string
	QueueKey  string
	Payload   []byte
	Attempts  int // including this run
	RunAt     time.Time
	LastError string
	Webhook   []byte // the body of NewJob.Webhook; nil without one, or when it is gone
}

// InsertJob adds a job; inserted is false when a job with the same UniqueKey exists.
func (s *Store) InsertJob(ctx context.Context, j NewJob) (id int64, inserted bool, err error) {
	runAt := j.RunAt
	now := s.now()
	if runAt.IsZero() {
		runAt = now
	}
	var unique any
	if j.UniqueKey != "" {
		unique = j.UniqueKey
	}
	var blocked bool
	// A job behind an unfinished one of its key starts blocked (see migration 00009).
	err = s.q.QueryRowContext(ctx, `INSERT INTO jobs (kind, queue_key, payload, state, run_at, unique_key, created_at,
		webhook_id, blocked)
		SELECT $1, $2, $3, 'ready', $4, $5, $6, $7, $2 <> '' AND EXISTS (
			SELECT 1 FROM jobs p WHERE p.queue_key = $2 AND p.state IN ('ready', 'running'))
		ON CONFLICT DO NOTHING RETURNING id, blocked`,
		j.Kind, j.QueueKey, string(j.Payload), runAt.UTC(), unique, now, j.Webhook.id()).Scan(&id, &blocked)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: insert job %s: %w", j.Kind, err)
	}
	if blocked {
		s.recheck(ctx, j.QueueKey)
	}
	return id, true, nil
}

// claimSlack is how many runnable jobs beyond its limit a claim looks at: a
// job another replica is claiming at the same moment (skipped, locked), or
// one inserted unblocked behind an unfinished job of its key by a concurrent
// transaction (not its key's head), takes no place in the claim.
const claimSlack = 64

// claimWindowSQL reads the earliest runnable jobs, through jobs_claimable in
// its order: it reads about as many index entries as it returns.
const claimWindowSQL = `SELECT id FROM jobs WHERE blocked = FALSE AND state = 'ready' AND run_at <= $1
	ORDER BY run_at, id LIMIT $2`

// ClaimJobs leases up to limit due jobs to worker until now+lease. A job is due
// when it is ready, not blocked, and its time has come; of each queue key only
// the earliest unfinished job is due, which keeps per-key order across retries
// and replicas. Jobs whose worker died are made ready again by RescueExpired.
//
// A claim takes two statements. The first reads the earliest runnable jobs,
// limit+claimSlack of them; the second locks those, checks each again and
// that it is its key's head, and leases up to limit. In one statement the
// head test ran for every runnable job of a backlog before the sort and the
// limit (2,000 chats: 5,800 pages and 4.5 ms per claim) and the runner fell
// behind the intake; and a join of the window to the jobs, whatever its
// form, let PostgreSQL, which sees this table as it was at its last ANALYZE
// (a few rows, in a young or quiet queue), loop over every runnable job once
// per job of the window (200 ms). So the second statement takes a list of
// ids, and spells its checks so that no index but the primary key serves
// them ("blocked IS NOT TRUE", "state NOT IN ('running', 'dead')": the same,
// for a NOT NULL flag and the three states, as the window's): spelled like
// the window's, they let PostgreSQL scan jobs_claimable and compare every
// runnable job with the list (4 ms at 2,000 runnable jobs).
func (s *Store) ClaimJobs(ctx context.Context, worker string, lease time.Duration, limit int) ([]Job, error) {
	now := s.now()
	window, err := column[int64](s.async().QueryContext(ctx, claimWindowSQL, now, limit+claimSlack))
	if err != nil {
		return nil, fmt.Errorf("store: claim jobs: %w", err)
	}
	if len(window) == 0 {
		return nil, nil
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	// A power-of-two list (the last id repeated) keeps the statement texts few.
	n := 1 << bits.Len(uint(len(window)-1))
	args := []any{now.Add(lease), worker, now, limit}
	for i := range n {
		args = append(args, window[min(i, len(window)-1)])
	}
	rows, err := s.async().QueryContext(ctx, claimJobsSQL(n, lock), args...)
	if err != nil {
		return nil, fmt.Errorf("store: claim jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var (
			j       Job
			payload string
			webhook sql.NullString
		)
		if err := rows.Scan(&j.ID, &j.Kind, &j.QueueKey, &payload, &j.Attempts, &j.RunAt, &j.LastError,
			&webhook); err != nil {
			return nil, fmt.Errorf("store: claim jobs: %w", err)
		}
		j.Payload = []byte(payload)
		if webhook.Valid {
			j.Webhook = []byte(webhook.String)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// claimJobsSQL is the statement that leases the due jobs among n listed ids
// ($5 on), with lock (PostgreSQL's row locks) after their choice.
func claimJobsSQL(n int, lock string) string {
	return `UPDATE jobs SET state = 'running', locked_until = $1, locked_by = $2, attempts = attempts + 1
		WHERE id IN (
			SELECT j.id FROM jobs j
			WHERE j.id IN (` + placeholders(5, n) + `) AND j.blocked IS NOT TRUE AND j.state NOT IN ('running', 'dead')
			AND j.run_at <= $3
			AND (j.queue_key = '' OR j.id = (
				SELECT MIN(p.id) FROM jobs p WHERE p.queue_key = j.queue_key AND p.state IN ('ready', 'running')))
			ORDER BY j.run_at, j.id LIMIT $4` + lock + `)
		RETURNING id, kind, queue_key, payload, attempts, run_at, last_error,
			(SELECT w.body FROM webhooks w WHERE w.id = jobs.webhook_id)`
}

// CompleteJob deletes a finished job, if worker still holds its lease, and
// unblocks the next job of its queue key. Inside a transaction the deletion
// waits for the transaction's end, where all jobs completed in it are
// deleted and their successors unblocked by two statements (see
// completeJobs): a group commit of many jobs' results costs two round trips
// more, not two per job.
func (s *Store) CompleteJob(ctx context.Context, id int64, worker string) error {
	return s.InTx(ctx, func(tx *Store) error {
		tx.pending.complete = append(tx.pending.complete, doneJob{id: id, worker: worker})
		return nil
	})
}

// completeJobs deletes jobs still leased by their workers and unblocks the
// next job of each of their queue keys.
func (s *Store) completeJobs(ctx context.Context, done []doneJob) error {
	byWorker := map[string][]any{} // one runner per process: usually one worker
	for _, d := range done {
		byWorker[d.worker] = append(byWorker[d.worker], d.id)
	}
	var keys []any
	for worker, ids := range byWorker {
		for part := range chunks(s.dialect, ids) {
			deleted, err := column[string](s.listOf(len(part)).QueryContext(ctx, `DELETE FROM jobs
				WHERE locked_by = $1 AND id IN (`+placeholders(2, len(part))+`) RETURNING queue_key`,
				append([]any{worker}, part...)...))
			if err != nil {
				return fmt.Errorf("store: complete jobs: %w", err)
			}
			for _, k := range deleted {
				if k != "" {
					keys = append(keys, k)
				}
			}
		}
	}
	for _, k := range keys {
		s.recheck(ctx, k.(string))
	}
	for part := range chunks(s.dialect, keys) {
		if err := s.unblockHeads(ctx, part); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "$from, $from+1, ..." for n values.
func placeholders(from, n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ph, ", ")
}

// maxInList bounds the values of one IN list (SQLite allows 32,766 bound
// parameters; PostgreSQL 65,535).
const maxInList = 500

// unblockHeads lets the earliest unfinished job of each key run.
func (s *Store) unblockHeads(ctx context.Context, keys []any) error {
	if len(keys) == 0 {
		return nil
	}
	_, err := s.listOf(len(keys)).ExecContext(ctx, `UPDATE jobs SET blocked = FALSE WHERE blocked AND id IN (
		SELECT MIN(id) FROM jobs WHERE queue_key IN (`+placeholders(1, len(keys))+`) AND state IN ('ready', 'running')
		GROUP BY queue_key)`, keys...)
	if err != nil {
		return fmt.Errorf("store: unblock next jobs: %w", err)
	}
	return nil
}

// UnblockNext lets the earliest unfinished job of key run: after a job of
// key finished, was killed or cancelled, or a held one was done (see
// Holder.Follow).
func (s *Store) UnblockNext(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	s.recheck(ctx, key)
	return s.unblockHeads(ctx, []any{key})
}

// UnblockStranded unblocks jobs that wait for nothing: on PostgreSQL a job
// can be inserted blocked while its predecessor finishes in a concurrent
// transaction that could not see it. Cheap to run every few seconds.
func (s *Store) UnblockStranded(ctx context.Context) (int64, error) {
	res, err := s.async().ExecContext(ctx, `UPDATE jobs SET blocked = FALSE WHERE blocked AND id = (
		SELECT MIN(p.id) FROM jobs p WHERE p.queue_key = jobs.queue_key AND p.state IN ('ready', 'running'))`)
	if err != nil {
		return 0, fmt.Errorf("store: unblock stranded jobs: %w", err)
	}
	return res.RowsAffected()
}

// notFoundNil treats "no row" as success (the job was already taken over).
func notFoundNil(err error) error {
	if err == sql.ErrNoRows {
		return nil
	}
	return err
}

// RetryJob puts a job back to run at runAt, recording why it failed.
func (s *Store) RetryJob(ctx context.Context, id int64, worker string, runAt time.Time, lastErr string) error {
	_, err := s.q.ExecContext(ctx, `UPDATE jobs SET state = 'ready', run_at = $3, last_error = $4, locked_by = '',
		locked_until = NULL WHERE id = $1 AND locked_by = $2`, id, worker, runAt.UTC(), truncate(lastErr, 2000))
	return err
}

// KillJob marks a job dead: it will not run again.
func (s *Store) KillJob(ctx context.Context, id int64, worker string, lastErr string) error {
	return s.InTx(ctx, func(tx *Store) error {
		var key string
		err := tx.q.QueryRowContext(ctx, `UPDATE jobs SET state = 'dead', last_error = $3, locked_by = '',
			locked_until = NULL, unique_key = NULL WHERE id = $1 AND locked_by = $2 RETURNING queue_key`,
			id, worker, truncate(lastErr, 2000)).Scan(&key)
		if err != nil {
			return notFoundNil(err)
		}
		return tx.UnblockNext(ctx, key)
	})
}

// ExtendJobs renews the lease of jobs a worker is still running.
func (s *Store) ExtendJobs(ctx context.Context, worker string, ids []int64, lease time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{s.now().Add(lease), worker}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := s.async().ExecContext(ctx, `UPDATE jobs SET locked_until = $1 WHERE locked_by = $2 AND id IN (`+
		placeholders(3, len(ids))+`)`, args...)
	return err
}

// CancelJob deletes a job that has not started, by unique key. It reports
// whether a job was removed.
func (s *Store) CancelJob(ctx context.Context, uniqueKey string) (bool, error) {
	var key string
	err := s.q.QueryRowContext(ctx, `DELETE FROM jobs WHERE unique_key = $1 AND state = 'ready' RETURNING queue_key`,
		uniqueKey).Scan(&key)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, s.UnblockNext(ctx, key)
}

// JobStats counts jobs by state (ready, running, dead), for metrics.
func (s *Store) JobStats(ctx context.Context) (map[string]int, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			st string
			n  int
		)
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// NextJobAt returns when the earliest ready job is due, or false when none is.
func (s *Store) NextJobAt(ctx context.Context) (time.Time, bool, error) {
	// ORDER BY + LIMIT rather than MIN(): SQLite loses the column type in aggregates.
	var t time.Time
	err := s.q.QueryRowContext(ctx, `SELECT run_at FROM jobs WHERE state = 'ready' ORDER BY run_at LIMIT 1`).Scan(&t)
	if err == sql.ErrNoRows {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return t, true, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// ReleaseRunning returns every running job to ready. Only a process that
// knows it is alone may call it: the SQLite default is one process, so at
// start any running job belongs to a process that died.
func (s *Store) ReleaseRunning(ctx context.Context) (int64, error) {
	res, err := s.q.ExecContext(ctx, `UPDATE jobs SET state = 'ready', locked_by = '', locked_until = NULL
		WHERE state = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("store: release running jobs: %w", err)
	}
	return res.RowsAffected()
}

// RescueExpired makes jobs whose lease ran out (their worker died) ready
// again, so any worker can claim them. It runs every few seconds, apart from
// the claim, so the claim itself stays an index lookup.
func (s *Store) RescueExpired(ctx context.Context) (int64, error) {
	res, err := s.async().ExecContext(ctx, `UPDATE jobs SET state = 'ready', locked_by = '', locked_until = NULL
		WHERE state = 'running' AND locked_until < $1`, s.now())
	if err != nil {
		return 0, fmt.Errorf("store: rescue expired jobs: %w", err)
	}
	return res.RowsAffected()
}

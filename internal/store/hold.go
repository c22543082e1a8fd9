package store

import (
	"context"
	"fmt"
)

// Holder is a job runner in this process that holds jobs in memory instead
// of their rows (see Store.HoldIn).
type Holder interface {
	// Follow reports whether a job of key is held, and if so notes that a
	// row of key is being inserted behind it, blocked: once the held job is
	// done, the key's next row must be unblocked (UnblockNext). One call
	// does both, so that the held job cannot end in between unnoticed.
	Follow(key string) bool
	// Hold asks to hold a job of key, not held yet; true marks key held.
	Hold(key string) bool
	// Unhold forgets key marked by Hold in a transaction that failed.
	Unhold(key string)
	// Take runs the jobs held by a transaction that committed.
	Take(jobs []Job)
}

// HoldIn makes jobs that allow it (NewJob.Hold), are due now and wait for no
// other job of their queue key, be handed to h after their transaction's
// commit instead of being inserted, as far as h has room: such a job then
// costs no row, no claim and no deletion. SQLite only: its writes are
// serialized, so the check that a key waits for nothing is exact, and its
// single process can keep what it holds in order. The caller of HoldIn
// answers for a held job lost with its process (the module queues again, at
// start, the inbound messages that were held and not delivered). Call it
// before the store is used.
func (s *Store) HoldIn(h Holder) {
	if s.dialect == SQLite {
		s.holder = h
	}
}

// holds reports whether job j, due now and waiting for no other, may be
// held, and marks its key held if so.
func (s *Store) holds(j NewJob) bool {
	if s.holder == nil || s.pending == nil || !j.Hold || j.UniqueKey != "" || j.QueueKey == "" {
		return false
	}
	return s.holder.Hold(j.QueueKey)
}

// endHold hands a committed transaction's held jobs to the holder, or
// unmarks their keys when the transaction failed.
func (s *Store) endHold(p *pendingWrites, committed bool) {
	if s.holder == nil || p == nil || len(p.held) == 0 {
		return
	}
	if !committed {
		for _, j := range p.held {
			s.holder.Unhold(j.QueueKey)
		}
		return
	}
	s.holder.Take(p.held)
}

// BuryJob records a held job that gave up as a dead row, for inspection
// like any job that gave up (it does not block its queue key).
func (s *Store) BuryJob(ctx context.Context, j Job, lastErr string) error {
	now := s.now()
	_, err := s.q.ExecContext(ctx, `INSERT INTO jobs (kind, queue_key, payload, state, attempts, run_at, last_error,
		created_at) VALUES ($1, $2, $3, 'dead', $4, $5, $6, $7)`, j.Kind, j.QueueKey, string(j.Payload), j.Attempts,
		j.RunAt.UTC(), truncate(lastErr, 2000), now)
	if err != nil {
		return fmt.Errorf("store: record a job given up: %w", err)
	}
	return nil
}

// PendingInbound lists the inbound messages not yet delivered, oldest first,
// through the index of pending messages.
func (s *Store) PendingInbound(ctx context.Context) ([]InboundMessage, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, account_id, wamid, chat_key, webhook_id FROM inbound_messages
		WHERE state = 'pending' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: pending inbound messages: %w", err)
	}
	defer rows.Close()
	var out []InboundMessage
	for rows.Next() {
		m := InboundMessage{State: "pending"}
		if err := rows.Scan(&m.ID, &m.AccountID, &m.WAMID, &m.ChatKey, &m.WebhookID); err != nil {
			return nil, fmt.Errorf("store: pending inbound messages: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// JobRow is a job's row as JobRows lists it.
type JobRow struct {
	QueueKey string
	Payload  []byte
	State    string
}

// JobRows lists the rows of a kind of job: unfinished and dead ones.
func (s *Store) JobRows(ctx context.Context, kind string) ([]JobRow, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT queue_key, payload, state FROM jobs WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: job rows: %w", err)
	}
	defer rows.Close()
	var out []JobRow
	for rows.Next() {
		var (
			r       JobRow
			payload string
		)
		if err := rows.Scan(&r.QueueKey, &payload, &r.State); err != nil {
			return nil, fmt.Errorf("store: job rows: %w", err)
		}
		r.Payload = []byte(payload)
		out = append(out, r)
	}
	return out, rows.Err()
}

// RequeueKey replaces the unfinished jobs of kind and key by jobs, in their
// order, in one transaction (or the caller's). Only a process alone with the
// database, before it runs jobs, may call it (the module at start on SQLite).
func (s *Store) RequeueKey(ctx context.Context, kind, key string, jobs []NewJob) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM jobs WHERE kind = $1 AND queue_key = $2
			AND state IN ('ready', 'running')`, kind, key); err != nil {
			return fmt.Errorf("store: requeue %s: %w", key, err)
		}
		for _, j := range jobs {
			if _, _, err := tx.InsertJob(ctx, j); err != nil {
				return err
			}
		}
		return nil
	})
}

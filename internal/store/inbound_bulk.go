package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// WebhookRef names a stored webhook; for one saved at the end of a
// transaction (QueueWebhook), ID is set when it has been inserted.
type WebhookRef struct {
	ID   int64
	body []byte // as saved in this process, for a held job (Job.Webhook)
}

// saved is the body saved under this reference in this process, or nil.
func (r *WebhookRef) saved() []byte {
	if r == nil {
		return nil
	}
	return r.body
}

// id is the saved webhook's id for a job's webhook_id, or nil (NULL).
func (r *WebhookRef) id() any {
	if r == nil || r.ID == 0 {
		return nil
	}
	return r.ID
}

// pendingWebhook is a webhook body saved at the end of a transaction.
type pendingWebhook struct {
	accountID int64
	source    string
	body      []byte
	ref       *WebhookRef
}

// pendingInbound is an inbound message accepted inside a transaction, with
// the job to queue if it is new.
type pendingInbound struct {
	msg   InboundMessage
	job   NewJob
	isNew func()
}

// QueueWebhook stores a raw webhook body at the end of the transaction (or
// now, outside one), with the others saved in it. Messages accepted with
// the returned reference (InboundMessage.Webhook) get its id.
func (s *Store) QueueWebhook(ctx context.Context, accountID int64, source string, body []byte) (*WebhookRef, error) {
	ref := &WebhookRef{}
	err := s.InTx(ctx, func(tx *Store) error {
		tx.pending.webhooks = append(tx.pending.webhooks, pendingWebhook{accountID: accountID, source: source,
			body: body, ref: ref})
		return nil
	})
	return ref, err
}

// insertWebhooks inserts saved webhooks and sets their references' ids.
// A multi-row INSERT draws the ids from the sequence row by row, so the ids
// it returns, sorted, belong to the rows in the order they were listed.
func (s *Store) insertWebhooks(ctx context.Context, hooks []pendingWebhook) error {
	const cols = 4
	now := s.now()
	for part := range chunks(s.dialect, hooks) {
		n := len(part)
		args := make([]any, 0, cols*n)
		rows := make([]string, n)
		for i, h := range part {
			args = append(args, h.accountID, h.source, string(h.body), now)
			rows[i] = valuesRow(args, cols, "")
		}
		ids, err := column[int64](s.listOf(n).QueryContext(ctx, `INSERT INTO webhooks (account_id, source, body,
			received_at) VALUES `+strings.Join(rows, ", ")+` RETURNING id`, args...))
		if err != nil {
			return fmt.Errorf("store: save webhooks: %w", err)
		}
		if len(ids) != n {
			return fmt.Errorf("store: save webhooks: %d ids for %d rows", len(ids), n)
		}
		slices.Sort(ids)
		for i, h := range part {
			h.ref.ID, h.ref.body = ids[i], h.body
		}
	}
	return nil
}

// AcceptInbound records an inbound message at the end of the transaction
// (or now, outside one), with the others accepted in it, and queues job for
// it unless the message was recorded before (a redelivered webhook). isNew,
// if set, is called for a new message when the transaction ends.
func (s *Store) AcceptInbound(ctx context.Context, m InboundMessage, job NewJob, isNew func()) error {
	return s.InTx(ctx, func(tx *Store) error {
		tx.pending.inbound = append(tx.pending.inbound, pendingInbound{msg: m, job: job, isNew: isNew})
		return nil
	})
}

// insertInbound inserts accepted inbound messages and queues the jobs of
// those that are new, in the order they were accepted.
func (s *Store) insertInbound(ctx context.Context, msgs []pendingInbound) error {
	type key struct {
		account int64
		wamid   string
	}
	const cols = 7
	now := s.now()
	for part := range chunks(s.dialect, msgs) {
		n := len(part)
		args := make([]any, 0, cols*n)
		rows := make([]string, n)
		for i, p := range part {
			m := p.msg
			if m.Webhook != nil {
				m.WebhookID = m.Webhook.ID
			}
			args = append(args, m.AccountID, m.WAMID, m.ChatKey, m.WebhookID, m.SentAt.UTC(), now, m.Kind)
			rows[i] = valuesRow(args, cols, ", 'pending'")
		}
		res, err := s.listOf(n).QueryContext(ctx, `INSERT INTO inbound_messages (account_id, wamid, chat_key,
			webhook_id, sent_at, created_at, kind, state) VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT DO NOTHING RETURNING account_id, wamid`, args...)
		if err != nil {
			return fmt.Errorf("store: insert inbound: %w", err)
		}
		inserted := map[key]bool{}
		for res.Next() {
			var k key
			if err := res.Scan(&k.account, &k.wamid); err != nil {
				res.Close()
				return fmt.Errorf("store: insert inbound: %w", err)
			}
			inserted[k] = true
		}
		res.Close()
		if err := res.Err(); err != nil {
			return fmt.Errorf("store: insert inbound: %w", err)
		}
		for _, p := range part {
			k := key{p.msg.AccountID, p.msg.WAMID}
			if !inserted[k] {
				continue // recorded before, or twice in this transaction
			}
			delete(inserted, k)
			s.pending.jobs = append(s.pending.jobs, p.job)
			if p.isNew != nil {
				p.isNew()
			}
		}
	}
	return nil
}

// markDelivered records the MessageGateway ids of relayed inbound messages.
func (s *Store) markDelivered(ctx context.Context, msgs []deliveredMsg) error {
	now := s.now()
	for part := range chunks(s.dialect, msgs) {
		n := len(part)
		args := []any{now}
		rows := make([]string, n)
		for i, m := range part {
			args = append(args, m.accountID, m.wamid, m.mgID)
			// CAST: PostgreSQL types VALUES parameters as text otherwise.
			rows[i] = fmt.Sprintf("(CAST($%d AS BIGINT), $%d, CAST($%d AS BIGINT))", len(args)-2, len(args)-1, len(args))
		}
		// VALUES columns are column1..column3 on both databases.
		_, err := s.listOf(n).ExecContext(ctx, `UPDATE inbound_messages SET state = 'delivered',
			mg_message_id = v.column3, delivered_at = $1
			FROM (VALUES `+strings.Join(rows, ", ")+`) AS v
			WHERE inbound_messages.account_id = v.column1 AND inbound_messages.wamid = v.column2`, args...)
		if err != nil {
			return fmt.Errorf("store: mark inbound delivered: %w", err)
		}
	}
	return nil
}

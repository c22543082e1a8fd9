package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// InboundMessage is one WhatsApp message received for an account.
type InboundMessage struct {
	ID          int64
	AccountID   int64
	WAMID       string
	ChatKey     string
	MGMessageID int64
	State       string // pending, delivered
	WebhookID   int64
	Webhook     *WebhookRef // instead of WebhookID: a webhook saved in the same transaction (QueueWebhook)
	Kind        string      // WhatsApp's message type (text, image, ...)
	SentAt      time.Time   // WhatsApp's own timestamp
	CreatedAt   time.Time   // when the module took it
	DeliveredAt *time.Time  // when it reached the chat (or needed nothing there)
}

// MarkInboundDelivered records the MessageGateway id of a relayed message
// (0: it needed no chat message). Inside a transaction the write is made at
// its end, with the others of the transaction (see pendingWrites).
func (s *Store) MarkInboundDelivered(ctx context.Context, accountID int64, wamid string, mgID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		tx.pending.delivered = append(tx.pending.delivered, deliveredMsg{accountID: accountID, wamid: wamid, mgID: mgID})
		return nil
	})
}

// InboundByWAMID finds an inbound message.
func (s *Store) InboundByWAMID(ctx context.Context, accountID int64, wamid string) (InboundMessage, error) {
	var m InboundMessage
	var delivered sql.NullTime
	err := s.q.QueryRowContext(ctx, `SELECT id, account_id, wamid, chat_key, mg_message_id, state, webhook_id, kind,
		sent_at, created_at, delivered_at FROM inbound_messages WHERE account_id = $1 AND wamid = $2`, accountID, wamid).
		Scan(&m.ID, &m.AccountID, &m.WAMID, &m.ChatKey, &m.MGMessageID, &m.State, &m.WebhookID, &m.Kind, &m.SentAt,
			&m.CreatedAt, &delivered)
	m.DeliveredAt = nullTime(delivered)
	return m, notFound(err)
}

// OutboundMessage is one operator message from MessageGateway.
type OutboundMessage struct {
	ID          int64
	AccountID   int64
	MGMessageID int64
	ChatKey     string
	Payload     []byte // the MessageGateway webhook data, kept to send it a second time
	State       string // see package delivery
	Attempt     int
	ErrorCode   int
	ErrorText   string
	FailedAt    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

const outboundCols = `id, account_id, mg_message_id, chat_key, payload, state, attempt, error_code, error_text,
	failed_at, created_at, updated_at`

func scanOutbound(row interface{ Scan(...any) error }) (OutboundMessage, error) {
	var (
		m       OutboundMessage
		payload string
		failed  sql.NullTime
	)
	err := row.Scan(&m.ID, &m.AccountID, &m.MGMessageID, &m.ChatKey, &payload, &m.State, &m.Attempt, &m.ErrorCode,
		&m.ErrorText, &failed, &m.CreatedAt, &m.UpdatedAt)
	m.Payload, m.FailedAt = []byte(payload), nullTime(failed)
	return m, notFound(err)
}

// InsertOutbound records an operator message once; inserted is false when
// MessageGateway delivered the same message before.
func (s *Store) InsertOutbound(ctx context.Context, m OutboundMessage) (id int64, inserted bool, err error) {
	now := s.now()
	err = s.q.QueryRowContext(ctx, `INSERT INTO outbound_messages (account_id, mg_message_id, chat_key, payload, state,
		attempt, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6) ON CONFLICT DO NOTHING RETURNING id`,
		m.AccountID, m.MGMessageID, m.ChatKey, string(m.Payload), m.State, now).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: insert outbound: %w", err)
	}
	return id, true, nil
}

// OutboundByID finds an outbound message.
func (s *Store) OutboundByID(ctx context.Context, id int64) (OutboundMessage, error) {
	return scanOutbound(s.q.QueryRowContext(ctx, `SELECT `+outboundCols+` FROM outbound_messages WHERE id = $1`, id))
}

// OutboundByMGID finds an outbound message by its MessageGateway id.
func (s *Store) OutboundByMGID(ctx context.Context, accountID, mgID int64) (OutboundMessage, error) {
	return scanOutbound(s.q.QueryRowContext(ctx, `SELECT `+outboundCols+` FROM outbound_messages
		WHERE account_id = $1 AND mg_message_id = $2`, accountID, mgID))
}

// UpdateOutboundState writes the state, attempt and error of a message.
func (s *Store) UpdateOutboundState(ctx context.Context, m OutboundMessage) error {
	var failed any
	if m.FailedAt != nil {
		failed = m.FailedAt.UTC()
	}
	return s.exec1(ctx, `UPDATE outbound_messages SET state = $2, attempt = $3, error_code = $4, error_text = $5,
		failed_at = $6, updated_at = $7 WHERE id = $1`,
		m.ID, m.State, m.Attempt, m.ErrorCode, m.ErrorText, failed, s.now())
}

// Attempt is one send of an outbound message.
type Attempt struct {
	OutboundID int64
	Attempt    int
	WAMID      string
	SentAt     time.Time
}

// InsertAttempt records the WhatsApp id of a send.
func (s *Store) InsertAttempt(ctx context.Context, a Attempt) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO outbound_attempts (outbound_id, attempt, wamid, sent_at)
		VALUES ($1, $2, $3, $4)`, a.OutboundID, a.Attempt, a.WAMID, a.SentAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert attempt: %w", err)
	}
	return nil
}

// AttemptByWAMID finds the send a status refers to.
func (s *Store) AttemptByWAMID(ctx context.Context, wamid string) (Attempt, error) {
	var a Attempt
	err := s.q.QueryRowContext(ctx, `SELECT outbound_id, attempt, wamid, sent_at FROM outbound_attempts
		WHERE wamid = $1`, wamid).Scan(&a.OutboundID, &a.Attempt, &a.WAMID, &a.SentAt)
	return a, notFound(err)
}

// Attempts lists the sends of a message, first first.
func (s *Store) Attempts(ctx context.Context, outboundID int64) ([]Attempt, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT outbound_id, attempt, wamid, sent_at FROM outbound_attempts
		WHERE outbound_id = $1 ORDER BY attempt`, outboundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := rows.Scan(&a.OutboundID, &a.Attempt, &a.WAMID, &a.SentAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// StatusEvent is one status webhook of an outbound WhatsApp message.
type StatusEvent struct {
	AccountID  int64
	WAMID      string
	Status     string
	ErrorCode  int
	OccurredAt time.Time
}

// InsertStatus records a status once; inserted is false for a redelivery.
func (s *Store) InsertStatus(ctx context.Context, e StatusEvent) (inserted bool, err error) {
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO status_events (account_id, wamid, status, error_code, occurred_at,
		received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
		e.AccountID, e.WAMID, e.Status, e.ErrorCode, e.OccurredAt.UTC(), s.now()).Scan(&id)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: insert status: %w", err)
	}
	return true, nil
}

// SetOutboundStateIf writes m's state, attempt and error only if the row still
// has fromState and fromAttempt; ok is false when another job changed it
// first (the caller reloads and decides again). This keeps the state machine
// correct when status and resend jobs of one message run at once.
func (s *Store) SetOutboundStateIf(ctx context.Context, m OutboundMessage, fromState string, fromAttempt int) (ok bool, err error) {
	var failed any
	if m.FailedAt != nil {
		failed = m.FailedAt.UTC()
	}
	res, err := s.q.ExecContext(ctx, `UPDATE outbound_messages SET state = $2, attempt = $3, error_code = $4,
		error_text = $5, failed_at = $6, updated_at = $7 WHERE id = $1 AND state = $8 AND attempt = $9`,
		m.ID, m.State, m.Attempt, m.ErrorCode, m.ErrorText, failed, s.now(), fromState, fromAttempt)
	if err != nil {
		return false, fmt.Errorf("store: set outbound state: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Webhook is a stored raw webhook body.
type Webhook struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	Source     string    `json:"source"`
	Body       []byte    `json:"-"`
	ReceivedAt time.Time `json:"received_at"`
}

// Webhooks lists an account's stored webhooks received in [from, to), oldest
// first, at most limit; id > 0 selects that one webhook instead.
func (s *Store) Webhooks(ctx context.Context, accountID, id int64, from, to time.Time, limit int) ([]Webhook, error) {
	// Two statements, so that each is one index search: by primary key, or
	// through webhooks_received for the range, the account's rows kept.
	const cols = `SELECT id, account_id, source, body, received_at FROM webhooks `
	var (
		rows *sql.Rows
		err  error
	)
	if id > 0 {
		rows, err = s.q.QueryContext(ctx, cols+`WHERE id = $1 AND account_id = $2`, id, accountID)
	} else {
		rows, err = s.q.QueryContext(ctx, cols+`WHERE received_at >= $1 AND received_at < $2 AND account_id = $3
			ORDER BY id LIMIT $4`, from.UTC(), to.UTC(), accountID, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		var (
			w    Webhook
			body string
		)
		if err := rows.Scan(&w.ID, &w.AccountID, &w.Source, &body, &w.ReceivedAt); err != nil {
			return nil, fmt.Errorf("store: webhooks: %w", err)
		}
		w.Body = []byte(body)
		out = append(out, w)
	}
	return out, rows.Err()
}

// deleteOldWebhooks is the retention sweep's statement: it finds the old
// rows through the webhooks_received index (a test checks the plan), where a
// scan would read every stored body, hourly. It keeps the webhooks a job
// reads and those of messages not delivered yet (a held job's, see HoldIn).
const deleteOldWebhooks = `DELETE FROM webhooks WHERE received_at < $1
	AND id NOT IN (SELECT webhook_id FROM jobs WHERE webhook_id IS NOT NULL)
	AND id NOT IN (SELECT webhook_id FROM inbound_messages WHERE state = 'pending')`

// DeleteWebhooksBefore removes raw webhooks older than t (retention),
// except those a job still reads its input from (NewJob.Webhook) or that
// brought a message not delivered yet: a message that waits longer than the
// retention, MessageGateway being down, is kept.
func (s *Store) DeleteWebhooksBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.q.ExecContext(ctx, deleteOldWebhooks, t.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: delete old webhooks: %w", err)
	}
	return res.RowsAffected()
}

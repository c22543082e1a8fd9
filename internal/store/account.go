package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Account is one WhatsApp number (a 360dialog API key) of a connection.
type Account struct {
	ID                int64
	ConnectionID      int64
	Ref               string // unguessable id in this service's callback URL
	Name              string
	D360KeyEnc        string
	KeyHint           string
	WebhookSecretHash string
	ChannelID         int64
	PhoneNumberID     string
	WABAID            string
	DisplayPhone      string
	Active            bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
	LastInboundAt     *time.Time
	LastStatusAt      *time.Time
	LastError         string
	LastErrorAt       *time.Time
	HealthStatus      string // 360dialog's can_send_message: AVAILABLE, LIMITED, BLOCKED; or KEY_INVALID
	HealthDetail      string
	HealthCheckedAt   *time.Time
	WebhookOK         bool // the callback registered at 360dialog was ours at the last check
}

const accountCols = `id, connection_id, ref, name, d360_key_enc, key_hint, webhook_secret_hash, channel_id,
	phone_number_id, waba_id, display_phone, active, created_at, updated_at, last_inbound_at, last_status_at,
	last_error, last_error_at, health_status, health_detail, health_checked_at, webhook_ok`

func scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var (
		a                          Account
		inb, stat, errted, checked sql.NullTime
	)
	err := row.Scan(&a.ID, &a.ConnectionID, &a.Ref, &a.Name, &a.D360KeyEnc, &a.KeyHint, &a.WebhookSecretHash,
		&a.ChannelID, &a.PhoneNumberID, &a.WABAID, &a.DisplayPhone, &a.Active, &a.CreatedAt, &a.UpdatedAt,
		&inb, &stat, &a.LastError, &errted, &a.HealthStatus, &a.HealthDetail, &checked, &a.WebhookOK)
	a.LastInboundAt, a.LastStatusAt, a.LastErrorAt = nullTime(inb), nullTime(stat), nullTime(errted)
	a.HealthCheckedAt = nullTime(checked)
	return a, notFound(err)
}

// CreateAccount inserts a and returns its id.
func (s *Store) CreateAccount(ctx context.Context, a Account) (int64, error) {
	now := s.now()
	id, err := s.insertID(ctx, `INSERT INTO accounts (connection_id, ref, name, d360_key_enc, key_hint,
		webhook_secret_hash, channel_id, phone_number_id, waba_id, display_phone, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		a.ConnectionID, a.Ref, a.Name, a.D360KeyEnc, a.KeyHint, a.WebhookSecretHash, a.ChannelID, a.PhoneNumberID,
		a.WABAID, a.DisplayPhone, a.Active, now)
	if err != nil {
		return 0, fmt.Errorf("store: create account: %w", err)
	}
	return id, nil
}

// UpdateAccount writes the editable columns of a.
func (s *Store) UpdateAccount(ctx context.Context, a Account) error {
	return s.exec1(ctx, `UPDATE accounts SET name = $2, d360_key_enc = $3, key_hint = $4, webhook_secret_hash = $5,
		channel_id = $6, phone_number_id = $7, waba_id = $8, display_phone = $9, active = $10, updated_at = $11
		WHERE id = $1`,
		a.ID, a.Name, a.D360KeyEnc, a.KeyHint, a.WebhookSecretHash, a.ChannelID, a.PhoneNumberID, a.WABAID,
		a.DisplayPhone, a.Active, s.now())
}

// DeleteAccount removes an account.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	return s.exec1(ctx, `DELETE FROM accounts WHERE id = $1`, id)
}

// AccountByID finds an account by id.
func (s *Store) AccountByID(ctx context.Context, id int64) (Account, error) {
	return scanAccount(s.q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = $1`, id))
}

// AccountByRef finds an account by the id in its callback URL.
func (s *Store) AccountByRef(ctx context.Context, ref string) (Account, error) {
	return scanAccount(s.q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE ref = $1`, ref))
}

// AccountByChannel finds the account of a MessageGateway channel within a connection.
func (s *Store) AccountByChannel(ctx context.Context, connectionID, channelID int64) (Account, error) {
	return scanAccount(s.q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts
		WHERE connection_id = $1 AND channel_id = $2`, connectionID, channelID))
}

// Accounts lists the accounts of a connection, oldest first.
func (s *Store) Accounts(ctx context.Context, connectionID int64) ([]Account, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE connection_id = $1 ORDER BY id`,
		connectionID)
	if err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TouchAccountInbound records the time of the last inbound message.
func (s *Store) TouchAccountInbound(ctx context.Context, id int64, at time.Time) error {
	_, err := s.async().ExecContext(ctx, `UPDATE accounts SET last_inbound_at = $2 WHERE id = $1`, id, at.UTC())
	return err
}

// TouchAccountStatus records the time of the last delivery status.
func (s *Store) TouchAccountStatus(ctx context.Context, id int64, at time.Time) error {
	_, err := s.async().ExecContext(ctx, `UPDATE accounts SET last_status_at = $2 WHERE id = $1`, id, at.UTC())
	return err
}

// SetAccountError records the last error of an account ("" clears it).
func (s *Store) SetAccountError(ctx context.Context, id int64, msg string) error {
	var at any
	if msg != "" {
		at = s.now()
	}
	_, err := s.q.ExecContext(ctx, `UPDATE accounts SET last_error = $2, last_error_at = $3 WHERE id = $1`, id, msg, at)
	return err
}

// SetAccountHealth records a health check.
func (s *Store) SetAccountHealth(ctx context.Context, id int64, status, detail string, webhookOK bool) error {
	return s.exec1(ctx, `UPDATE accounts SET health_status = $2, health_detail = $3, health_checked_at = $4,
		webhook_ok = $5 WHERE id = $1`, id, status, truncate(detail, 1000), s.now(), webhookOK)
}

// AccountIDs lists every account of every connection, for periodic checks.
func (s *Store) AccountIDs(ctx context.Context) ([]int64, error) {
	return s.ids(ctx, `SELECT id FROM accounts ORDER BY id`)
}

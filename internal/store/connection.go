package store

import (
	"context"
	"fmt"
	"time"
)

// Connection is a connected CRM. Secret columns hold sealed values (package secret).
type Connection struct {
	ID           int64
	ClientIDHash string
	ClientIDEnc  string
	CRMURL       string
	CRMKeyEnc    string
	MGURL        string
	MGTokenEnc   string
	Active       bool
	Frozen       bool
	Lang         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

const connectionCols = `id, client_id_hash, client_id_enc, crm_url, crm_key_enc, mg_url, mg_token_enc,
	active, frozen, lang, created_at, updated_at`

func scanConnection(row interface{ Scan(...any) error }) (Connection, error) {
	var c Connection
	err := row.Scan(&c.ID, &c.ClientIDHash, &c.ClientIDEnc, &c.CRMURL, &c.CRMKeyEnc, &c.MGURL, &c.MGTokenEnc,
		&c.Active, &c.Frozen, &c.Lang, &c.CreatedAt, &c.UpdatedAt)
	return c, notFound(err)
}

// CreateConnection inserts c and returns its id. Sealed columns that are bound
// to the row id are written afterwards with UpdateConnectionSecrets.
func (s *Store) CreateConnection(ctx context.Context, c Connection) (int64, error) {
	now := s.now()
	id, err := s.insertID(ctx, `INSERT INTO connections (client_id_hash, client_id_enc, crm_url, crm_key_enc,
		mg_url, mg_token_enc, active, frozen, lang, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		c.ClientIDHash, c.ClientIDEnc, c.CRMURL, c.CRMKeyEnc, c.MGURL, c.MGTokenEnc, c.Active, c.Frozen, c.Lang, now)
	if err != nil {
		return 0, fmt.Errorf("store: create connection: %w", err)
	}
	return id, nil
}

// UpdateConnection writes every column of c except id and created_at.
func (s *Store) UpdateConnection(ctx context.Context, c Connection) error {
	_, err := s.q.ExecContext(ctx, `UPDATE connections SET client_id_hash = $2, client_id_enc = $3, crm_url = $4,
		crm_key_enc = $5, mg_url = $6, mg_token_enc = $7, active = $8, frozen = $9, lang = $10, updated_at = $11
		WHERE id = $1`,
		c.ID, c.ClientIDHash, c.ClientIDEnc, c.CRMURL, c.CRMKeyEnc, c.MGURL, c.MGTokenEnc, c.Active, c.Frozen, c.Lang, s.now())
	if err != nil {
		return fmt.Errorf("store: update connection %d: %w", c.ID, err)
	}
	return nil
}

// ConnectionByClientHash finds a connection by the hash of its client id.
func (s *Store) ConnectionByClientHash(ctx context.Context, hash string) (Connection, error) {
	return scanConnection(s.q.QueryRowContext(ctx,
		`SELECT `+connectionCols+` FROM connections WHERE client_id_hash = $1`, hash))
}

// ConnectionByCRMURL finds the connection of a CRM address.
func (s *Store) ConnectionByCRMURL(ctx context.Context, crmURL string) (Connection, error) {
	return scanConnection(s.q.QueryRowContext(ctx,
		`SELECT `+connectionCols+` FROM connections WHERE crm_url = $1`, crmURL))
}

// ConnectionByID finds a connection by id.
func (s *Store) ConnectionByID(ctx context.Context, id int64) (Connection, error) {
	return scanConnection(s.q.QueryRowContext(ctx, `SELECT `+connectionCols+` FROM connections WHERE id = $1`, id))
}

// SetConnectionActivity records the CRM's activity callback.
func (s *Store) SetConnectionActivity(ctx context.Context, id int64, active, frozen bool) error {
	return s.exec1(ctx, `UPDATE connections SET active = $2, frozen = $3, updated_at = $4 WHERE id = $1`,
		id, active, frozen, s.now())
}

// SetConnectionLang stores the page language of a connection.
func (s *Store) SetConnectionLang(ctx context.Context, id int64, lang string) error {
	return s.exec1(ctx, `UPDATE connections SET lang = $2, updated_at = $3 WHERE id = $1`, id, lang, s.now())
}

// exec1 runs an UPDATE/DELETE that must touch exactly one row.
func (s *Store) exec1(ctx context.Context, query string, args ...any) error {
	res, err := s.q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ConnectionIDs lists every connection, for maintenance passes.
func (s *Store) ConnectionIDs(ctx context.Context) ([]int64, error) {
	return s.ids(ctx, `SELECT id FROM connections ORDER BY id`)
}

// ids runs a query that selects one id column.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

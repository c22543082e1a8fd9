package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Template origins: where a template in a MessageGateway channel came from.
const (
	TemplateFromSync = "sync" // an approved template copied from 360dialog
	TemplateFromCRM  = "crm"  // created in the CRM chat and submitted by the module
)

// Template is a template the module put into an account's MessageGateway
// channel. Hash identifies the MessageGateway template last sent (a sync
// updates it when the hash of the new mapping differs; "" forces an update);
// Components are the 360dialog components as JSON, which template sends are
// checked against.
type Template struct {
	AccountID  int64
	Code       string
	Name       string
	Language   string
	Status     string // the verification_status put into MessageGateway
	Origin     string // TemplateFromSync or TemplateFromCRM
	Hash       string
	Components []byte
	UpdatedAt  time.Time
}

const templateCols = `account_id, code, name, language, status, origin, hash, components, updated_at`

func scanTemplate(row interface{ Scan(...any) error }) (Template, error) {
	var (
		t    Template
		comp string
	)
	err := row.Scan(&t.AccountID, &t.Code, &t.Name, &t.Language, &t.Status, &t.Origin, &t.Hash, &comp, &t.UpdatedAt)
	t.Components = []byte(comp)
	t.UpdatedAt = t.UpdatedAt.UTC()
	return t, notFound(err)
}

// PutTemplate inserts or replaces the template (account, code).
func (s *Store) PutTemplate(ctx context.Context, t Template) error {
	if t.Origin == "" {
		t.Origin = TemplateFromSync
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO templates (`+templateCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (account_id, code) DO UPDATE SET name = excluded.name, language = excluded.language,
		status = excluded.status, origin = excluded.origin, hash = excluded.hash,
		components = excluded.components, updated_at = excluded.updated_at`,
		t.AccountID, t.Code, t.Name, t.Language, t.Status, t.Origin, t.Hash, string(t.Components), s.now())
	if err != nil {
		return fmt.Errorf("store: put template: %w", err)
	}
	return nil
}

// DeleteTemplate forgets a template; a missing one is not an error.
func (s *Store) DeleteTemplate(ctx context.Context, accountID int64, code string) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM templates WHERE account_id = $1 AND code = $2`, accountID, code)
	if err != nil {
		return fmt.Errorf("store: delete template: %w", err)
	}
	return nil
}

// TemplateByCode finds an account's template by its MessageGateway code.
func (s *Store) TemplateByCode(ctx context.Context, accountID int64, code string) (Template, error) {
	return scanTemplate(s.q.QueryRowContext(ctx, `SELECT `+templateCols+` FROM templates
		WHERE account_id = $1 AND code = $2`, accountID, code))
}

// Templates lists an account's templates by code.
func (s *Store) Templates(ctx context.Context, accountID int64) ([]Template, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+templateCols+` FROM templates WHERE account_id = $1 ORDER BY code`,
		accountID)
	if err != nil {
		return nil, fmt.Errorf("store: list templates: %w", err)
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TemplateSync is the result of an account's last template sync.
type TemplateSync struct {
	AccountID int64
	At        time.Time // when it finished
	OK        bool
	Error     string // for people, in the connection's language
	Approved  int    // approved templates in MessageGateway after it
	Created   int
	Updated   int
	Removed   int
}

// SetTemplateSync records the result of an account's template sync.
func (s *Store) SetTemplateSync(ctx context.Context, r TemplateSync) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO template_syncs
		(account_id, last_sync_at, ok, error, approved, created, updated, removed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (account_id) DO UPDATE SET last_sync_at = excluded.last_sync_at, ok = excluded.ok,
		error = excluded.error, approved = excluded.approved, created = excluded.created,
		updated = excluded.updated, removed = excluded.removed`,
		r.AccountID, r.At.UTC(), r.OK, truncate(r.Error, 1000), r.Approved, r.Created, r.Updated, r.Removed)
	if err != nil {
		return fmt.Errorf("store: set template sync: %w", err)
	}
	return nil
}

// TemplateSyncOf returns an account's last template sync; ErrNotFound when
// none has finished yet.
func (s *Store) TemplateSyncOf(ctx context.Context, accountID int64) (TemplateSync, error) {
	var r TemplateSync
	err := s.q.QueryRowContext(ctx, `SELECT account_id, last_sync_at, ok, error, approved, created, updated, removed
		FROM template_syncs WHERE account_id = $1`, accountID).Scan(&r.AccountID, &r.At, &r.OK, &r.Error,
		&r.Approved, &r.Created, &r.Updated, &r.Removed)
	r.At = r.At.UTC()
	return r, notFound(err)
}

// SyncCandidate is an account that may be due for a template sync.
type SyncCandidate struct {
	AccountID  int64
	LastSyncAt *time.Time // nil: never synced
	Pending    bool       // it has templates created in the CRM still under review
}

// TemplateSyncCandidates lists the active accounts of active connections
// whose last template sync finished before before (or never), and those with
// templates under review whose last sync finished before pendingBefore. The
// caller decides which are due; the bounds only keep the list short.
func (s *Store) TemplateSyncCandidates(ctx context.Context, before, pendingBefore time.Time) ([]SyncCandidate, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT a.id, ts.last_sync_at,
		EXISTS (SELECT 1 FROM templates t WHERE t.account_id = a.id AND t.status = 'pending')
		FROM accounts a
		JOIN connections c ON c.id = a.connection_id
		LEFT JOIN template_syncs ts ON ts.account_id = a.id
		WHERE a.active AND c.active AND NOT c.frozen AND (ts.last_sync_at IS NULL OR ts.last_sync_at <= $1
			OR (ts.last_sync_at <= $2 AND EXISTS (SELECT 1 FROM templates t WHERE t.account_id = a.id
				AND t.status = 'pending')))
		ORDER BY a.id`, before.UTC(), pendingBefore.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: template sync candidates: %w", err)
	}
	defer rows.Close()
	var out []SyncCandidate
	for rows.Next() {
		var (
			c    SyncCandidate
			last sql.NullTime
		)
		if err := rows.Scan(&c.AccountID, &last, &c.Pending); err != nil {
			return nil, fmt.Errorf("store: template sync candidates: %w", err)
		}
		c.LastSyncAt = nullTime(last)
		out = append(out, c)
	}
	return out, rows.Err()
}

// JobWaiting reports whether a job with this unique key waits to start.
func (s *Store) JobWaiting(ctx context.Context, uniqueKey string) (bool, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE unique_key = $1 AND state = 'ready'`,
		uniqueKey).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: job waiting: %w", err)
	}
	return n > 0, nil
}

// JobPending reports whether a job with this unique key is waiting or running.
func (s *Store) JobPending(ctx context.Context, uniqueKey string) (bool, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE unique_key = $1 AND state IN ('ready', 'running')`,
		uniqueKey).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: job pending: %w", err)
	}
	return n > 0, nil
}

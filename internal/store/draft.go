package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrDuplicate is returned when a draft would take a name and language that
// another draft of the same number already has.
var ErrDuplicate = errors.New("store: duplicate")

// Draft is a message template saved in the template manager but not yet
// submitted to 360dialog. Content is the whole draft as JSON, owned by the
// authoring package; Name, Language and Category are copies of its fields
// that the database indexes and lists.
type Draft struct {
	ID        int64
	AccountID int64
	Name      string
	Language  string
	Category  string
	Content   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const draftCols = `id, account_id, name, language, category, content, created_at, updated_at`

func scanDraft(row interface{ Scan(...any) error }) (Draft, error) {
	var d Draft
	err := row.Scan(&d.ID, &d.AccountID, &d.Name, &d.Language, &d.Category, &d.Content, &d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, notFound(err)
}

// CreateDraft inserts d and returns its id; ErrDuplicate when the number
// already has a draft with d's name and language.
func (s *Store) CreateDraft(ctx context.Context, d Draft) (int64, error) {
	now := s.now()
	id, err := s.insertID(ctx, `INSERT INTO template_drafts (account_id, name, language, category, content,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (account_id, name, language) DO NOTHING`,
		d.AccountID, d.Name, d.Language, d.Category, d.Content, now)
	switch err := notFound(err); {
	case errors.Is(err, ErrNotFound) || uniqueViolation(err):
		return 0, ErrDuplicate
	case err != nil:
		return 0, fmt.Errorf("store: create draft: %w", err)
	}
	return id, nil
}

// UpdateDraft writes d's name, language, category and content; ErrNotFound
// when the draft is gone, ErrDuplicate when another draft of the number
// already has the new name and language.
func (s *Store) UpdateDraft(ctx context.Context, d Draft) error {
	return s.InTx(ctx, func(tx *Store) error {
		var other int64
		err := tx.q.QueryRowContext(ctx, `SELECT o.id FROM template_drafts o JOIN template_drafts d
			ON o.account_id = d.account_id WHERE d.id = $1 AND o.id <> $1 AND o.name = $2 AND o.language = $3`,
			d.ID, d.Name, d.Language).Scan(&other)
		switch err := notFound(err); {
		case err == nil:
			return ErrDuplicate
		case !errors.Is(err, ErrNotFound):
			return fmt.Errorf("store: update draft: %w", err)
		}
		err = tx.exec1(ctx, `UPDATE template_drafts SET name = $2, language = $3, category = $4, content = $5,
			updated_at = $6 WHERE id = $1`, d.ID, d.Name, d.Language, d.Category, d.Content, tx.now())
		if uniqueViolation(err) { // a concurrent save took the name first
			return ErrDuplicate
		}
		return err
	})
}

// DraftByID finds a draft by id.
func (s *Store) DraftByID(ctx context.Context, id int64) (Draft, error) {
	return scanDraft(s.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM template_drafts WHERE id = $1`, id))
}

// Drafts lists a number's drafts by name, then language.
func (s *Store) Drafts(ctx context.Context, accountID int64) ([]Draft, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+draftCols+` FROM template_drafts WHERE account_id = $1
		ORDER BY name, language`, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: list drafts: %w", err)
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteDraft removes one draft; ErrNotFound when it does not exist.
func (s *Store) DeleteDraft(ctx context.Context, id int64) error {
	return s.exec1(ctx, `DELETE FROM template_drafts WHERE id = $1`, id)
}

// DeleteDraftsByName removes every language of a name's drafts, as deleting
// a template at 360dialog does, and returns how many were removed.
func (s *Store) DeleteDraftsByName(ctx context.Context, accountID int64, name string) (int64, error) {
	res, err := s.q.ExecContext(ctx, `DELETE FROM template_drafts WHERE account_id = $1 AND name = $2`,
		accountID, name)
	if err != nil {
		return 0, fmt.Errorf("store: delete drafts: %w", err)
	}
	return res.RowsAffected()
}

// uniqueViolation reports whether err is a unique-key violation, in the
// words of SQLite ("UNIQUE constraint failed") or PostgreSQL (SQLSTATE 23505).
func uniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "23505")
}

package store

import (
	"context"
	"fmt"
)

// SetReaction remembers the customer's reaction on a message ("" forgets it)
// and returns the reaction it replaces.
func (s *Store) SetReaction(ctx context.Context, accountID int64, targetWAMID, emoji string) (old string, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		err := tx.q.QueryRowContext(ctx, `SELECT emoji FROM reactions WHERE account_id = $1 AND target_wamid = $2`,
			accountID, targetWAMID).Scan(&old)
		if err != nil && notFound(err) != ErrNotFound {
			return err
		}
		if emoji == "" {
			_, err = tx.q.ExecContext(ctx, `DELETE FROM reactions WHERE account_id = $1 AND target_wamid = $2`,
				accountID, targetWAMID)
			return err
		}
		_, err = tx.q.ExecContext(ctx, `INSERT INTO reactions (account_id, target_wamid, emoji, updated_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, target_wamid)
			DO UPDATE SET emoji = excluded.emoji, updated_at = excluded.updated_at`,
			accountID, targetWAMID, emoji, s.now())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: set reaction: %w", err)
	}
	return old, nil
}

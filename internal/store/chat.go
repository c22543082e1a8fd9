package store

import (
	"context"
	"fmt"
)

// SaveChat remembers the full WhatsApp id behind a shortened chat key.
func (s *Store) SaveChat(ctx context.Context, accountID int64, chatKey, recipient string) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO chats (account_id, chat_key, recipient) VALUES ($1, $2, $3)
		ON CONFLICT (account_id, chat_key) DO NOTHING`, accountID, chatKey, recipient)
	if err != nil {
		return fmt.Errorf("store: save chat: %w", err)
	}
	return nil
}

// ChatRecipient returns the full WhatsApp id behind a shortened chat key.
func (s *Store) ChatRecipient(ctx context.Context, accountID int64, chatKey string) (string, error) {
	var r string
	err := s.q.QueryRowContext(ctx, `SELECT recipient FROM chats WHERE account_id = $1 AND chat_key = $2`,
		accountID, chatKey).Scan(&r)
	return r, notFound(err)
}

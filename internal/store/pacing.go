package store

import (
	"context"
	"fmt"
	"time"
)

// ReserveSendSlot reserves the account's next send slot: the later of now and
// the end of the previous slot. Slots are step apart, and the reservation is
// one atomic UPDATE, so concurrent senders on any number of replicas never
// exceed one send per step for the account.
func (s *Store) ReserveSendSlot(ctx context.Context, accountID int64, step time.Duration) (time.Time, error) {
	now := s.now().UnixNano()
	var next int64
	err := s.q.QueryRowContext(ctx, `UPDATE accounts SET next_send_ns =
		CASE WHEN next_send_ns > $2 THEN next_send_ns ELSE $2 END + $3
		WHERE id = $1 RETURNING next_send_ns`, accountID, now, int64(step)).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: reserve send slot: %w", notFound(err))
	}
	return time.Unix(0, next-int64(step)).UTC(), nil
}

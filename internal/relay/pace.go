package relay

import (
	"context"
	"time"

	"waba-transport/internal/delivery"
)

// pace waits for the account's next send slot (delivery.SendInterval apart,
// shared by all replicas through the database).
func (r *Relay) pace(ctx context.Context, accountID int64) error {
	at, err := r.st.ReserveSendSlot(ctx, accountID, delivery.SendInterval)
	if err != nil {
		return err
	}
	wait := at.Sub(r.st.Now())
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

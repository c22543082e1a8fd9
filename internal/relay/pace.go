package relay

import (
	"context"
	"time"

	"waba-transport/internal/delivery"
)

// pace waits for the account's next send slot (delivery.SendInterval apart,
// shared by all replicas through the database). A worker that wakes more
// than delivery.SlotLateness after its slot (a busy machine) does not send
// in it: the slots after it are already given out, and sending late would
// pack more than the limit into one second. It takes a new slot instead.
func (r *Relay) pace(ctx context.Context, accountID int64) error {
	for {
		at, err := r.st.ReserveSendSlot(ctx, accountID, delivery.SendInterval)
		if err != nil {
			return err
		}
		if wait := at.Sub(r.st.Now()); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
		}
		if !delivery.MissedSlot(at, r.st.Now()) {
			return nil
		}
	}
}

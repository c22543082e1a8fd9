package relay

import (
	"context"
	"sync"
	"time"
)

// TouchEvery is how often, at most, the relay records an account's "last
// inbound message" and "last status" times. Written for every message, the
// account row would be a point every concurrent intake transaction waits on;
// the settings page needs it only to the second or so.
const TouchEvery = 2 * time.Second

// toucher throttles the writes of one of the accounts' last activity times.
type toucher struct {
	mu   sync.Mutex
	last map[int64]time.Time // account id → when it was last written
}

// due reports whether account id's time should be written now, and if so
// counts it as written.
func (t *toucher) due(id int64, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = map[int64]time.Time{}
	}
	if at, ok := t.last[id]; ok && now.Sub(at) < TouchEvery {
		return false
	}
	if len(t.last) > maxHotAccounts {
		clear(t.last)
	}
	t.last[id] = now
	return true
}

// maxHotAccounts bounds the toucher's memory.
const maxHotAccounts = 100_000

// touchAccount records an account's last activity time at (a message or a
// status) with write, at most every TouchEvery per account and kind (t).
func (r *Relay) touchAccount(ctx context.Context, t *toucher, id int64, at time.Time,
	write func(context.Context, int64, time.Time) error) {
	if !t.due(id, time.Now()) {
		return
	}
	if err := write(ctx, id, at); err != nil {
		r.log.Warn("could not record the account's last activity time", "account_id", id, "error", err)
	}
}

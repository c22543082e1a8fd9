package relay

import (
	"context"
	"sync"
	"time"
)

// TouchEvery is how often, at most, the relay records an account's "last
// inbound message" and "last status" times. Written for every message it would make each
// number's account row a point every concurrent intake transaction waits
// on; the settings page needs it only to the second or so.
const TouchEvery = 2 * time.Second

// toucher throttles the writes of accounts' last inbound time.
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

// touchInbound records that account id received a message sent at at.
func (r *Relay) touchInbound(ctx context.Context, id int64, at time.Time) {
	if !r.touch.due(id, time.Now()) {
		return
	}
	if err := r.st.TouchAccountInbound(ctx, id, at); err != nil {
		r.log.Warn("could not record the last inbound time", "account_id", id, "error", err)
	}
}

// touchStatus records that account id got a delivery status dated at.
func (r *Relay) touchStatus(ctx context.Context, id int64, at time.Time) {
	if !r.touchedStatus.due(id, time.Now()) {
		return
	}
	if err := r.st.TouchAccountStatus(ctx, id, at); err != nil {
		r.log.Warn("could not record the last status time", "account_id", id, "error", err)
	}
}

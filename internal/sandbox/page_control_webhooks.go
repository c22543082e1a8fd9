package sandbox

import (
	"net/http"
	"time"

	"waba-transport/internal/sim"
)

// maxDelaySeconds bounds the webhook delay the page sets.
const maxDelaySeconds = 60

// controlWebhooksIn is how 360dialog's webhooks misbehave.
type controlWebhooksIn struct {
	DelaySeconds      int    `json:"delay_seconds"`
	StatusMode        string `json:"status_mode"`
	DuplicateMessages bool   `json:"duplicate_messages"`
}

// handleControlWebhooks sets the webhook behaviour of the simulated
// 360dialog: a delay before every webhook (customer messages and statuses),
// statuses duplicated, out of order, stopping at delivered or missing, and
// customer messages delivered twice. Webhooks are at-least-once and
// unordered in reality; the module must act on each message and status once.
func (p *page) handleControlWebhooks(w http.ResponseWriter, r *http.Request) {
	var in controlWebhooksIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	if in.DelaySeconds < 0 || in.DelaySeconds > maxDelaySeconds {
		writeError(w, bad("delay_seconds must be 0 to %d", maxDelaySeconds))
		return
	}
	mode := sim.StatusMode(in.StatusMode)
	switch mode {
	case sim.StatusNormal, sim.StatusDuplicate, sim.StatusOutOfOrder, sim.StatusDelivered, sim.StatusNone:
	default:
		writeError(w, bad("status_mode must be normal, duplicate, out_of_order, delivered or none"))
		return
	}
	delay := time.Duration(in.DelaySeconds) * time.Second
	p.mu.Lock()
	p.msgDelay, p.dupMessages = delay, in.DuplicateMessages
	p.mu.Unlock()
	if delay == 0 {
		delay = p.statusDelay
	}
	p.e.D360.SetWebhookDelay(delay)
	p.e.D360.SetStatusMode(D360Key, mode)
	ok(w, nil)
}

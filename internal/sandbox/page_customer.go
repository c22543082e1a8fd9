package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"time"

	"waba-transport/internal/sim"
)

// maxAgeHours bounds how far back a customer message may be dated.
const maxAgeHours = 240

// sent is the answer to a customer's message.
type sent struct {
	WAMID string `json:"wamid"`
	// Delivered is false while the module has not accepted the webhook (the
	// simulated 360dialog keeps retrying) or while the page holds it back.
	Delivered bool   `json:"delivered"`
	Problem   string `json:"problem,omitempty"`
}

// customerSend delivers the customer's message to the module as 360dialog
// would: now, or after the page's webhook delay, and twice when duplicates
// are switched on. age dates the message back (WhatsApp's timestamp), which
// is what the 24-hour window is measured from.
func (p *page) customerSend(msg map[string]any, age time.Duration, opts ...sim.MsgOpt) sent {
	id := "wamid." + base64.StdEncoding.EncodeToString([]byte("SANDBOX"+rand.Text()))
	now := time.Now()
	opts = append(opts, sim.WithWAMID(id), sim.At(now.Add(-age)))
	p.mu.Lock()
	delay, dup := p.msgDelay, p.dupMessages
	p.mu.Unlock()
	deliver := func() error {
		_, err := p.e.D360.CustomerMessage(D360Key, Customer, msg, opts...)
		if dup {
			_, _ = p.e.D360.CustomerMessage(D360Key, Customer, msg, opts...)
		}
		return err
	}
	if delay > 0 {
		shown := cloneJSON(msg)
		shown["id"] = id
		p.mu.Lock()
		p.waiting = append(p.waiting, waitingMessage{ID: id, At: now, Msg: shown})
		p.mu.Unlock()
		time.AfterFunc(delay, func() {
			_ = deliver()
			p.unwait(id)
		})
		return sent{WAMID: id}
	}
	if err := deliver(); err != nil {
		return sent{WAMID: id, Problem: err.Error()}
	}
	return sent{WAMID: id, Delivered: true}
}

// unwait forgets a held-back message once its webhook went out.
func (p *page) unwait(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, w := range p.waiting {
		if w.ID == id {
			p.waiting = append(p.waiting[:i:i], p.waiting[i+1:]...)
			return
		}
	}
}

// age converts the page's "written N hours ago" into a duration.
func age(hours float64) (time.Duration, error) {
	if hours < 0 || hours > maxAgeHours {
		return 0, bad("age_hours must be between 0 and %d", maxAgeHours)
	}
	return time.Duration(hours * float64(time.Hour)), nil
}

// businessMessage is the business message wamid as the phone shows it; ok is
// false when no such message reached the phone.
func (p *page) businessMessage(wamid string) (phoneItem, bool) {
	d := p.e.D360
	if wamid == "" || d.FailCode(D360Key, wamid) != 0 {
		return phoneItem{}, false
	}
	for _, s := range d.Sent(D360Key) {
		if s.WAMID == wamid {
			return businessItem(s.Body, d.Templates(D360Key)), true
		}
	}
	return phoneItem{}, false
}

// cloneJSON copies a message object the page built (shallowly nested maps).
func cloneJSON(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

package sim

import "time"

// This file lets a viewer (the sandbox page) show what the simulated
// 360dialog holds and which injected behaviour is in force, without reaching
// into its state.

// Media returns a file of apiKey's media store (sent by the customer or
// uploaded by the module), unless it was deleted.
func (d *Dialog360) Media(apiKey, id string) (Media, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return Media{}, false
	}
	m, ok := n.media[id]
	if !ok || m.deleted {
		return Media{}, false
	}
	return Media{Data: append([]byte(nil), m.data...), Filename: m.filename, ID: m.id, MIME: m.mime, SHA256: m.sha256}, true
}

// FailCode is the Meta error code the accepted send wamid was (or will be)
// reported "failed" with through FailNextSends; 0 when it is delivered
// normally or unknown. The customer's phone never shows such a message.
func (d *Dialog360) FailCode(apiKey, wamid string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.numbers[apiKey]; ok {
		return n.outbound[wamid].failCode
	}
	return 0
}

// PendingFailures counts the injected failures not used yet: sends that will
// be accepted and then reported failed (FailNextSends), and sends that will
// be refused (RejectNextSends).
func (d *Dialog360) PendingFailures(apiKey string) (failed, rejected int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.numbers[apiKey]; ok {
		return len(n.failNext), len(n.rejectNext)
	}
	return 0, 0
}

// StatusModeOf is the status mode of apiKey's number ("" for an unknown key).
func (d *Dialog360) StatusModeOf(apiKey string) StatusMode {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.numbers[apiKey]; ok {
		return n.mode
	}
	return ""
}

// WebhookDelay is the current wait before each status webhook.
func (d *Dialog360) WebhookDelay() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.statusDelay
}

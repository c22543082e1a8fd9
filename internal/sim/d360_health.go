package sim

// SetHealth sets what GET /health_status says of a number: can_send_message
// (AVAILABLE, LIMITED or BLOCKED) and, when not available, the reason given
// on the phone-number entity.
func (d *Dialog360) SetHealth(apiKey, canSend, reason string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, err := d.lookup(apiKey); err == nil {
		n.health, n.healthWhy = canSend, reason
	}
}

// SetWebhook changes a number's registered callback as someone else would
// (e.g. the merchant in the 360dialog hub, or a regenerated key losing it).
func (d *Dialog360) SetWebhook(apiKey, url string, headers map[string]string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, err := d.lookup(apiKey); err == nil {
		n.hookURL, n.hookHdrs, n.hasHook = url, headers, url != ""
	}
}

// healthState is the number's can_send_message and reason; callers hold d.mu.
func (n *number) healthState() (string, string) {
	if n.health == "" {
		return "AVAILABLE", ""
	}
	return n.health, n.healthWhy
}

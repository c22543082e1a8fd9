package sim

import "net/url"

// This file lets a viewer (the sandbox page) show what the simulated CRM
// holds, the way the CRM's own chat would.

// IsDown reports whether SetDown(true) is in force.
func (c *CRM) IsDown() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.down
}

// FileURL is the signed download URL of a stored file, the one GET
// /files/{id} hands out and the CRM chat shows images from. ok is false for
// an unknown file or when the CRM's address is not known yet (no BaseURL and
// no request seen).
func (c *CRM) FileURL(id string) (string, bool) {
	base := c.systemURL()
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.files[id]
	if !ok || base == "" {
		return "", false
	}
	return base + "/mg/storage/" + f.ID + "?sig=" + url.QueryEscape(f.sig), true
}

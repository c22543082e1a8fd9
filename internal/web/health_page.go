package web

import "waba-transport/internal/account"

// healthKeys name a number's health states (package account) for its badge;
// tone is the badge's colour.
var healthKeys = map[string]struct{ key, tone string }{
	"":                        {"web.health.unchecked", "off"},
	"AVAILABLE":               {"web.health.available", "ok"},
	"LIMITED":                 {"web.health.limited", "warn"},
	"BLOCKED":                 {"web.health.blocked", "bad"},
	account.HealthKeyInvalid:  {"web.health.key_invalid", "bad"},
	account.HealthUnreachable: {"web.health.unreachable", "warn"},
}

// healthBadge is what the settings page shows about a number's last health
// check.
type healthBadge struct {
	Label   string // the state in the page language
	Tone    string // ok, warn, bad or off
	Detail  string // Meta's reasons or what went wrong, as 360dialog gave them
	Checked string // when it was checked; empty: never
	// Reregistered: the callback at 360dialog was not this service's any
	// more (e.g. the key was regenerated) and was registered again.
	Reregistered bool
}

// HealthOf describes a number's last health check. A state this module has
// no word for is shown as 360dialog wrote it.
func (p *page) HealthOf(h account.Health) healthBadge {
	b := healthBadge{Label: h.Status, Tone: "off", Detail: h.Detail}
	if k, ok := healthKeys[h.Status]; ok {
		b.Label, b.Tone = p.T(k.key), k.tone
	}
	if h.CheckedAt != nil {
		b.Checked = p.T("web.health.checked", "At", p.When(h.CheckedAt))
		b.Reregistered = !h.WebhookOK
	}
	return b
}

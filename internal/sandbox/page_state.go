package sandbox

import (
	"net/http"
	"strings"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/config"
	"waba-transport/internal/sim"
)

// pageState is everything the page shows, answered to each poll.
type pageState struct {
	Now          time.Time             `json:"now"`
	CustomerName string                `json:"customer_name"`
	BusinessName string                `json:"business_name"`
	Phone        string                `json:"phone"`
	SettingsURL  string                `json:"settings_url"`
	Timers       timers                `json:"timers"`
	Customer     []phoneItem           `json:"customer"`
	Operator     []chatItem            `json:"operator"`
	Window       window                `json:"window"`
	Templates    []crmTplView          `json:"templates"`
	WATemplates  []waTplView           `json:"wa_templates"`
	Sync         *account.TemplateSync `json:"sync,omitempty"`
	Controls     controls              `json:"controls"`
}

// timers says whether --speed shortened the module's timers.
type timers struct {
	Speed            float64 `json:"speed"`
	Shortened        bool    `json:"shortened"`
	ResendDelay      string  `json:"resend_delay"`
	ResendDelayReal  string  `json:"resend_delay_real"`
	TemplateSync     string  `json:"template_sync"`
	TemplateSyncReal string  `json:"template_sync_real"`
}

// controls is the injected behaviour in force.
type controls struct {
	MGDown            bool   `json:"mg_down"`
	StatusMode        string `json:"status_mode"`
	DelaySeconds      int    `json:"delay_seconds"`
	DuplicateMessages bool   `json:"duplicate_messages"`
	FailPending       int    `json:"fail_pending"`
	RejectPending     int    `json:"reject_pending"`
}

// handleState answers both sides: the customer's phone (built from the
// simulated 360dialog), the CRM chat (from the simulated MessageGateway, with
// the module's own view of each operator message) and the controls.
func (p *page) handleState(w http.ResponseWriter, r *http.Request) {
	e := p.e
	now := time.Now()
	s := pageState{Now: now, CustomerName: Customer.Name, BusinessName: "Sandbox shop", Phone: DisplayPhone,
		SettingsURL: e.ModuleURL + "/settings/" + e.ClientID}
	if e.App != nil {
		cfg := e.App.Config
		s.Timers = timers{Speed: e.Speed, Shortened: e.Speed > 1,
			ResendDelay: short(cfg.ResendDelay), ResendDelayReal: short(config.DefaultResendDelay),
			TemplateSync: short(cfg.TemplateSyncInterval), TemplateSyncReal: short(config.DefaultTemplateSyncInterval)}
	}
	s.Customer = p.phoneView()
	s.Operator = p.chatView(r.Context(), now)
	s.Window = windowOf(e.CRM.Messages(e.ChannelID), now)
	s.Templates = crmTemplates(e.CRM.Templates(e.ChannelID))
	s.WATemplates = waTemplates(e.D360.Templates(D360Key))
	if e.App != nil && e.App.Templates != nil {
		if sync, err := e.App.Templates.SyncStatus(r.Context(), e.ClientID, e.AccountID); err == nil {
			s.Sync = &sync
		}
	}
	failed, rejected := e.D360.PendingFailures(D360Key)
	p.mu.Lock()
	s.Controls = controls{MGDown: e.CRM.IsDown(), StatusMode: string(e.D360.StatusModeOf(D360Key)),
		DelaySeconds: int(p.msgDelay / time.Second), DuplicateMessages: p.dupMessages,
		FailPending: failed, RejectPending: rejected}
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, s)
}

// short writes a duration without zero units: 9m30s, 2h, 4.75s.
func short(d time.Duration) string {
	s := d.Round(10 * time.Millisecond).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// window is the WhatsApp 24-hour customer service window as the CRM knows
// it: from reply_deadline, which the module sends with every customer
// message (the customer's message time + 24 h).
type window struct {
	Known       bool       `json:"known"`
	Open        bool       `json:"open"`
	LastMessage *time.Time `json:"last_message,omitempty"`
	Deadline    *time.Time `json:"deadline,omitempty"`
	RemainingMS int64      `json:"remaining_ms"`
}

// windowOf reads the deadline of the last customer message that has one: the
// chat keeps the deadline of its newest message, as MessageGateway does.
func windowOf(msgs []sim.Message, now time.Time) window {
	var deadline time.Time
	for _, m := range msgs {
		if !m.ReplyDeadline.IsZero() {
			deadline = m.ReplyDeadline
		}
	}
	if deadline.IsZero() {
		return window{}
	}
	last := deadline.Add(-24 * time.Hour)
	w := window{Known: true, Open: now.Before(deadline), LastMessage: &last, Deadline: &deadline}
	if w.Open {
		w.RemainingMS = deadline.Sub(now).Milliseconds()
	}
	return w
}

package sandbox

import (
	"context"
	"time"

	"waba-transport/internal/delivery"
	"waba-transport/internal/sim"
)

// chatItem is one message in the operator's CRM chat.
type chatItem struct {
	ID         int64      `json:"id"` // MessageGateway id
	ExternalID string     `json:"external_id,omitempty"`
	At         time.Time  `json:"at"`
	From       string     `json:"from"` // customer or operator
	Type       string     `json:"type"`
	Text       string     `json:"text,omitempty"`
	Template   string     `json:"template,omitempty"` // code of a template message
	Images     []string   `json:"images,omitempty"`   // MessageGateway file URLs
	Files      []chatFile `json:"files,omitempty"`
	Quote      string     `json:"quote,omitempty"`
	Status     string     `json:"status,omitempty"` // sending, sent, seen, failed
	Error      *chatError `json:"error,omitempty"`
	Module     *outView   `json:"module,omitempty"`
	Reactions  []string   `json:"reactions,omitempty"`
	Read       bool       `json:"read,omitempty"`
	Deleted    bool       `json:"deleted,omitempty"`
	quoteID    string
}

// chatFile is a non-image file in the chat.
type chatFile struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// chatError is the reason the chat shows for a message not delivered.
type chatError struct {
	Code         string `json:"code"`
	ExternalCode string `json:"external_code,omitempty"`
	Message      string `json:"message"`
}

// outView is the module's own record of an operator message: the state
// machine's state, which attempt, the WhatsApp error, and when the one
// resend is due. The CRM does not see the first failure; the page shows it
// so the resend rule can be watched.
type outView struct {
	State      string `json:"state"`
	Attempt    int    `json:"attempt"`
	ErrorCode  int    `json:"error_code,omitempty"`
	ErrorText  string `json:"error_text,omitempty"`
	ResendDue  bool   `json:"resend_due"`
	ResendInMS int64  `json:"resend_in_ms"`
}

// chatView builds the chat from what the module posted to MessageGateway
// and what the operator sent, in time order.
func (p *page) chatView(ctx context.Context, now time.Time) []chatItem {
	e := p.e
	var items []chatItem
	for _, m := range e.CRM.Messages(e.ChannelID) {
		it := chatItem{ID: m.ID, ExternalID: m.ExternalID, At: m.At, From: "customer", Type: m.Type,
			Text: m.Text, quoteID: m.QuoteExternalID, Deleted: m.Deleted}
		if m.Note != "" {
			it.Text = m.Note
		}
		p.attach(&it, m.Items)
		items = append(items, it)
	}
	p.mu.Lock()
	readUpTo := -1
	for i, it := range items {
		if p.opRead[it.ExternalID] {
			readUpTo = i
		}
	}
	p.mu.Unlock()
	for i := range items {
		items[i].Read = i <= readUpTo
	}
	for _, op := range e.CRM.OperatorMessages(e.ChannelID) {
		it := chatItem{ID: op.ID, ExternalID: op.ExternalID, At: op.At, From: "operator", Type: op.Type,
			Text: op.Text, Status: op.Status, quoteID: op.QuoteExternalID}
		if op.Template != nil {
			it.Template = str(op.Template, "code")
		}
		if op.Error != nil {
			it.Error = &chatError{Code: op.Error.Code, ExternalCode: op.Error.ExternalCode, Message: op.Error.Message}
		}
		p.attach(&it, op.Items)
		it.Module = p.outbound(ctx, op.ID, now)
		items = append(items, it)
	}
	chatReactions(items, e.CRM.Reactions(), e.ChannelID)
	texts := map[string]string{}
	for _, it := range items {
		if it.ExternalID != "" {
			texts[it.ExternalID] = it.Text
		}
	}
	for i := range items {
		if id := items[i].quoteID; id != "" {
			if items[i].Quote = texts[id]; items[i].Quote == "" {
				items[i].Quote = "…"
			}
		}
	}
	sortByTime(items, func(it chatItem) time.Time { return it.At })
	return items
}

// attach adds a message's files: images by their MessageGateway URL.
func (p *page) attach(it *chatItem, files []sim.Item) {
	for _, f := range files {
		stored, ok := p.e.CRM.File(f.ID)
		link, hasLink := p.e.CRM.FileURL(f.ID)
		switch {
		case !ok || !hasLink:
		case stored.Type == "image":
			it.Images = append(it.Images, link)
		default:
			name := stored.Name
			if name == "" {
				name = stored.Type
			}
			it.Files = append(it.Files, chatFile{Name: name, URL: link})
		}
		if it.Text == "" {
			it.Text = f.Caption
		}
	}
}

// outbound reads the module's state of an operator message; nil until the
// module has recorded it.
func (p *page) outbound(ctx context.Context, mgID int64, now time.Time) *outView {
	e := p.e
	if e.App == nil {
		return nil
	}
	o, err := e.App.Store.OutboundByMGID(ctx, e.AccountID, mgID)
	if err != nil {
		return nil
	}
	v := &outView{State: o.State, Attempt: o.Attempt, ErrorCode: o.ErrorCode, ErrorText: o.ErrorText}
	if delivery.ShouldResend(delivery.State(o.State), o.Attempt) && o.FailedAt != nil {
		at := delivery.ResendAt(*o.FailedAt, e.App.Config.ResendDelay)
		v.ResendDue, v.ResendInMS = true, max(at.Sub(now), 0).Milliseconds()
	}
	return v
}

// chatReactions puts the customer's current reaction on each message.
func chatReactions(items []chatItem, reactions []sim.Reaction, channelID int64) {
	last := map[int64]string{}
	for _, r := range reactions {
		if r.ChannelID != channelID {
			continue
		}
		if r.Removed {
			last[r.MessageID] = ""
		} else {
			last[r.MessageID] = r.Reaction
		}
	}
	for i := range items {
		if emoji := last[items[i].ID]; emoji != "" {
			items[i].Reactions = []string{emoji}
		}
	}
}

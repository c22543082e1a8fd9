package relay

import (
	"strings"
	"time"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// ReplyWindow is WhatsApp's customer-service window: free text may be sent
// until 24 hours after the customer's last message; after it, only templates.
const ReplyWindow = 24 * time.Hour

type planKind int

const (
	planSend     planKind = iota // POST /messages with Data
	planReaction                 // add (Reaction set) or remove a reaction on ReactionTo
	planSkip                     // nothing to show (e.g. request_welcome)
)

// inboundPlan is what one WhatsApp message becomes in MessageGateway. It is
// computed by the pure function planInbound, so the whole mapping is tested
// without network.
type inboundPlan struct {
	Kind        planKind
	Data        mg.SendData
	Media       *mediaRef // to fetch from 360dialog and attach as the message's item
	Quote       string    // wamid of the message this one answers
	ReactionTo  string    // wamid of the message reacted to
	Reaction    string    // emoji; "" removes
	OldReaction string
}

// mediaRef names a 360dialog media object to move to MessageGateway.
type mediaRef struct {
	ID       string
	MimeType string
	Filename string
	Caption  string
}

// translator localizes the few words the module adds to customers' messages
// (e.g. "Location") in the connection's language.
type translator func(key string, args map[string]any) string

func (r *Relay) translator(lang string) translator {
	return func(key string, args map[string]any) string { return r.cat.T(lang, key, args) }
}

// planInbound maps a WhatsApp message to MessageGateway.
func planInbound(m *dialog360.Message, c *dialog360.Contact, channelID int64, t translator) inboundPlan {
	sent := m.Time()
	deadline := sent.Add(ReplyWindow)
	p := inboundPlan{Kind: planSend, Data: mg.SendData{
		Channel:        channelID,
		ExternalChatID: chatKey(m.FromUserID, m.From, c),
		Originator:     mg.OriginatorCustomer,
		Customer:       customer(m, c),
		Message:        mg.Message{ExternalID: m.ID, CreatedAt: &sent},
		ReplyDeadline:  &deadline,
	}}
	if m.Context != nil && m.Context.ID != "" {
		p.Quote = m.Context.ID
	}
	switch {
	case m.Type == "text" && m.Text != nil:
		p.Data.Message.Type = "text"
		p.Data.Message.Text = m.Text.Body
	case m.Type == "request_welcome":
		p.Kind = planSkip
	default:
		p.Data.Message.Type = "text"
		p.Data.Message.Text = t("relay.unsupported", map[string]any{"Type": m.Type})
	}
	return p
}

// customer describes the sender: the BSUID (or phone) as the stable id, the
// WhatsApp profile name as nickname, the phone when WhatsApp shares it.
func customer(m *dialog360.Message, c *dialog360.Contact) mg.Customer {
	cu := mg.Customer{ExternalID: chatKey(m.FromUserID, m.From, c)}
	phone := m.From
	if c != nil {
		if phone == "" {
			phone = c.WaID
		}
		cu.Nickname = strings.TrimSpace(c.Profile.Name)
		if cu.Nickname == "" && c.Profile.Username != "" {
			cu.Nickname = "@" + c.Profile.Username
		}
		first, last, _ := strings.Cut(cu.Nickname, " ")
		if c.Profile.Name != "" {
			cu.FirstName, cu.LastName = first, strings.TrimSpace(last)
		}
	}
	if phone != "" {
		cu.Phone = "+" + strings.TrimPrefix(phone, "+")
	}
	if cu.Nickname == "" {
		cu.Nickname = cu.Phone
	}
	if cu.Nickname == "" {
		cu.Nickname = cu.ExternalID
	}
	return cu
}

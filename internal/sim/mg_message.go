package sim

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is a message the transport posted to MG (POST /messages).
type Message struct {
	At                 time.Time
	Body               map[string]any // the whole request, parsed
	ChannelID          int64
	CustomerExternalID string
	CustomerNickname   string
	Deleted            bool
	Edits              []string // texts from PUT /messages, in order
	ExternalChatID     string
	ExternalID         string
	ID                 int64
	Items              []Item
	Note               string
	Originator         string
	QuoteExternalID    string
	QuoteID            int64
	ReplyDeadline      time.Time
	Text               string
	Type               string
}

// Item is a file attached to a message.
type Item struct {
	Caption string `json:"caption,omitempty"`
	ID      string `json:"id"`
}

// msgRef is MG's MessageIdentifier.
type msgRef struct {
	ExternalID *string `json:"external_id"`
	ID         *int64  `json:"id"`
}

type customerBody struct {
	ExternalID string `json:"external_id"`
	Nickname   string `json:"nickname"`
}

type sendBody struct {
	Channel        int64         `json:"channel"`
	Customer       *customerBody `json:"customer"`
	ExternalChatID string        `json:"external_chat_id"`
	Message        struct {
		ExternalID *string        `json:"external_id"`
		Items      []Item         `json:"items"`
		Note       string         `json:"note"`
		Order      map[string]any `json:"order"`
		Product    map[string]any `json:"product"`
		Text       string         `json:"text"`
		Type       string         `json:"type"`
	} `json:"message"`
	Originator    string        `json:"originator"`
	Quote         *msgRef       `json:"quote"`
	ReplyDeadline *time.Time    `json:"reply_deadline"`
	User          *customerBody `json:"user"` // deprecated name of customer
}

// Messages lists what the transport posted to channelID, in order.
func (c *CRM) Messages(channelID int64) []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Message
	for _, m := range c.messages {
		if m.ChannelID == channelID {
			cp := *m
			cp.Body = cloneMap(m.Body)
			cp.Edits = slices.Clone(m.Edits)
			cp.Items = slices.Clone(m.Items)
			out = append(out, cp)
		}
	}
	return out
}

// WaitMessages waits until the transport posted at least n messages to channelID.
func (c *CRM) WaitMessages(ctx context.Context, channelID int64, n int) ([]Message, error) {
	var got []Message
	err := c.Wait(ctx, func() bool {
		got = c.Messages(channelID)
		return len(got) >= n
	})
	return got, err
}

// sendMessage handles POST /messages.
func (c *CRM) sendMessage(w http.ResponseWriter, r *http.Request, code string) {
	raw, err := readBody(r, maxJSONBody)
	var b sendBody
	var body map[string]any
	if err == nil {
		err = jsonUnmarshal(raw, &b, &body)
	}
	if err != nil {
		writeMGError(w, http.StatusBadRequest, "Invalid JSON body: "+err.Error())
		return
	}
	if b.Customer == nil {
		b.Customer = b.User
	}
	c.mu.Lock()
	if msg := c.checkSend(code, &b); msg != "" {
		if strings.HasPrefix(msg, "Message with passed external_id") {
			c.refusedDuplicates++
		}
		c.mu.Unlock()
		writeMGError(w, http.StatusBadRequest, msg)
		return
	}
	m := &Message{
		At: c.now(), Body: body, ChannelID: b.Channel, CustomerExternalID: b.Customer.ExternalID,
		CustomerNickname: b.Customer.Nickname, ExternalChatID: b.ExternalChatID, ExternalID: *b.Message.ExternalID,
		ID: c.id(), Items: b.Message.Items, Note: b.Message.Note, Originator: b.Originator,
		Text: b.Message.Text, Type: b.Message.Type,
	}
	if m.ExternalChatID == "" {
		m.ExternalChatID = m.CustomerExternalID // MG's default chat per customer
	}
	if b.ReplyDeadline != nil {
		m.ReplyDeadline = *b.ReplyDeadline
	}
	resp := map[string]any{"message_id": m.ID, "time": mgTime(m.At)}
	if b.Quote != nil {
		if b.Quote.ExternalID != nil {
			m.QuoteExternalID = *b.Quote.ExternalID
		}
		in, op := c.findMessage(b.Channel, *b.Quote)
		switch {
		case in != nil:
			m.QuoteID = in.ID
		case op != nil:
			m.QuoteID = op.ID
		default:
			resp["warnings"] = []string{"quoted message not found"}
		}
	}
	c.messages = append(c.messages, m)
	c.msgIndex.add(m)
	c.mu.Unlock()
	c.changed()
	writeJSON(w, http.StatusOK, resp)
}

// checkSend validates a send request; callers hold c.mu.
func (c *CRM) checkSend(code string, b *sendBody) string {
	ch := c.channel(code, b.Channel)
	msg := b.Message
	switch {
	case ch == nil:
		return "Channel not found"
	case !ch.Active:
		return "Channel is not active"
	case b.Customer == nil || b.Customer.ExternalID == "" || len(b.Customer.ExternalID) > 64:
		return "customer.external_id: required, at most 64 characters"
	case b.Customer.Nickname == "" || utf8.RuneCountInString(b.Customer.Nickname) > 255:
		return "customer.nickname: required, at most 255 characters"
	case len(b.ExternalChatID) > 64:
		return "external_chat_id: at most 64 characters"
	case !slices.Contains([]string{"", "customer", "channel", "user"}, b.Originator):
		return "originator: must be customer, channel or user"
	case msg.ExternalID == nil || *msg.ExternalID == "" || len(*msg.ExternalID) > 255:
		return "message.external_id: required, at most 255 characters"
	case utf8.RuneCountInString(msg.Text) > 65535 || utf8.RuneCountInString(msg.Note) > 64000:
		return "message.text or message.note is too long"
	}
	if c.msgIndex.byExternal[msgKey{b.Channel, *msg.ExternalID}] != nil {
		return "Message with passed external_id already exists"
	}
	switch msg.Type {
	case "text", "system", "command":
		if msg.Text == "" {
			return "message.text: required for type " + msg.Type
		}
	case "file", "image", "audio":
		if len(msg.Items) < 1 || len(msg.Items) > 20 {
			return "message.items: 1 to 20 items required for type " + msg.Type
		}
		for _, it := range msg.Items {
			if _, ok := c.files[it.ID]; !ok {
				return "message.items: file " + it.ID + " not found"
			}
			if utf8.RuneCountInString(it.Caption) > 1024 {
				return "message.items: caption is longer than 1024 characters"
			}
		}
	case "product":
		if msg.Product == nil {
			return "message.product: required for type product"
		}
	case "order":
		if msg.Order == nil {
			return "message.order: required for type order"
		}
	default:
		return "message.type: unknown type"
	}
	return ""
}

// findMessage finds an inbound or operator message of a channel by MG id or
// external id; callers hold c.mu.
func (c *CRM) findMessage(channelID int64, ref msgRef) (*Message, *OperatorMessage) {
	if m := c.msgIndex.find(channelID, ref); m != nil {
		return m, nil
	}
	for _, op := range c.ops {
		if op.ChannelID == channelID && refMatches(ref, op.ID, op.ExternalID) {
			return nil, op
		}
	}
	return nil, nil
}

func refMatches(ref msgRef, id int64, externalID string) bool {
	if ref.ID != nil {
		return *ref.ID == id
	}
	return ref.ExternalID != nil && *ref.ExternalID != "" && *ref.ExternalID == externalID
}

// editMessage handles PUT /messages (the customer edited a message).
func (c *CRM) editMessage(w http.ResponseWriter, r *http.Request, _ string) {
	var b struct {
		Channel int64 `json:"channel"`
		Message struct {
			msgRef
			Text string `json:"text"`
		} `json:"message"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	if b.Message.Text == "" {
		writeMGError(w, http.StatusBadRequest, "message.text: required")
		return
	}
	c.mu.Lock()
	in, _ := c.findMessage(b.Channel, b.Message.msgRef)
	if in != nil {
		in.Edits = append(in.Edits, b.Message.Text)
		in.Text = b.Message.Text
	}
	c.mu.Unlock()
	if in == nil {
		writeMGError(w, http.StatusNotFound, "Message not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// deleteMessage handles DELETE /messages (the customer deleted a message).
func (c *CRM) deleteMessage(w http.ResponseWriter, r *http.Request, _ string) {
	var b struct {
		Channel int64  `json:"channel"`
		Message msgRef `json:"message"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	c.mu.Lock()
	in, _ := c.findMessage(b.Channel, b.Message)
	var resp map[string]any
	if in != nil {
		in.Deleted = true
		resp = map[string]any{"id": in.ID, "type": in.Type, "content": in.Text, "time": mgTime(in.At)}
	}
	c.mu.Unlock()
	if in == nil {
		writeMGError(w, http.StatusNotFound, "Message not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, resp)
}

package dialog360

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// OutMessage is the body of POST /messages. Set exactly one of To (phone
// digits, no "+") or Recipient (BSUID), the Type and the object it names;
// messaging_product and recipient_type are always added.
type OutMessage struct {
	To        string `json:"to,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Type      string `json:"type"`

	Audio       *OutMedia        `json:"audio,omitempty"`
	Contacts    []ContactCard    `json:"contacts,omitempty"`
	Document    *OutMedia        `json:"document,omitempty"`
	Image       *OutMedia        `json:"image,omitempty"`
	Interactive *Interactive     `json:"interactive,omitempty"`
	Location    *Location        `json:"location,omitempty"`
	Reaction    *Reaction        `json:"reaction,omitempty"`
	Sticker     *OutMedia        `json:"sticker,omitempty"`
	Template    *TemplateMessage `json:"template,omitempty"`
	Text        *Text            `json:"text,omitempty"`
	Video       *OutMedia        `json:"video,omitempty"`

	// Context makes the message a reply quoting Context.MessageID.
	Context *OutContext `json:"context,omitempty"`
	// BizOpaqueCallbackData (≤512 chars) is echoed back in the statuses.
	BizOpaqueCallbackData string `json:"biz_opaque_callback_data,omitempty"`
}

// MarshalJSON adds the constant fields every send body carries.
func (m OutMessage) MarshalJSON() ([]byte, error) {
	type plain OutMessage
	return json.Marshal(struct {
		MessagingProduct string `json:"messaging_product"`
		RecipientType    string `json:"recipient_type"`
		plain
	}{"whatsapp", "individual", plain(m)})
}

// validate catches the mistakes the API would answer with an opaque 400.
func (m *OutMessage) validate() error {
	if (m.To == "") == (m.Recipient == "") {
		return errors.New("dialog360: send: set exactly one of to (phone) and recipient (BSUID)")
	}
	if m.Type == "" {
		return errors.New("dialog360: send: message type is empty")
	}
	return nil
}

// OutContext quotes an earlier message (reply).
type OutContext struct {
	MessageID string `json:"message_id"`
}

// OutMedia is a media object to send, by uploaded ID (preferred) or public
// Link. Caption is not allowed for audio and stickers; Filename only for documents.
type OutMedia struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// SendResult is the accepted message. 200 means accepted, not delivered:
// delivery arrives later as a Status with ID MessageID.
type SendResult struct {
	MessageID string // wamid
	WaID      string // phone, when sent to a phone number
	UserID    string // BSUID, when sent to a BSUID
	Status    string // message_status: accepted, held_for_quality_assessment (mainly templates)
}

// sendAnswer is the documented 200 body of POST /messages.
type sendAnswer struct {
	Contacts []struct {
		Input  string `json:"input"`
		WaID   string `json:"wa_id"`
		UserID string `json:"user_id"`
	} `json:"contacts"`
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
}

// Send sends m with the number's key (POST /messages). A leading "+" in To is
// dropped since the API wants digits only.
func (c *Client) Send(ctx context.Context, key string, m OutMessage) (SendResult, error) {
	m.To = strings.TrimPrefix(strings.TrimSpace(m.To), "+")
	if err := m.validate(); err != nil {
		return SendResult{}, err
	}
	var a sendAnswer
	if err := c.call(ctx, key, request{method: "POST", path: "/messages", json: m}, &a); err != nil {
		return SendResult{}, err
	}
	if len(a.Messages) == 0 || a.Messages[0].ID == "" {
		return SendResult{}, fmt.Errorf("dialog360: POST /messages: answer has no message id")
	}
	r := SendResult{MessageID: a.Messages[0].ID, Status: a.Messages[0].MessageStatus}
	if len(a.Contacts) > 0 {
		r.WaID, r.UserID = a.Contacts[0].WaID, a.Contacts[0].UserID
	}
	return r, nil
}

// MarkRead marks wamid (and all earlier messages of the chat) as read, which
// shows blue ticks to the user.
func (c *Client) MarkRead(ctx context.Context, key, wamid string) error {
	if wamid == "" {
		return errors.New("dialog360: mark read: empty message id")
	}
	body := struct {
		MessagingProduct string `json:"messaging_product"`
		Status           string `json:"status"`
		MessageID        string `json:"message_id"`
	}{"whatsapp", "read", wamid}
	var a struct {
		Success *bool `json:"success"`
	}
	if err := c.call(ctx, key, request{method: "POST", path: "/messages", json: body}, &a); err != nil {
		return err
	}
	if a.Success != nil && !*a.Success {
		return errors.New("dialog360: mark read: API answered success=false")
	}
	return nil
}

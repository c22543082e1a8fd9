package mg

import (
	"context"
	"encoding/json"
	"time"
)

// The message types of the spec (MessageType).
const (
	MessageText    = "text"
	MessageFile    = "file"
	MessageImage   = "image"
	MessageAudio   = "audio"
	MessageProduct = "product"
	MessageOrder   = "order"
	MessageSystem  = "system"
	MessageCommand = "command"
)

// The originators of an inbound message: the customer, or the channel itself
// (a message typed on the business phone). The spec also allows "user".
const (
	OriginatorCustomer = "customer"
	OriginatorChannel  = "channel"
)

// MessageRef names one message either by its MG id (the "id" of webhooks and
// of SendResult.MessageID) or by its external id; set exactly one.
type MessageRef struct {
	ID         int64  `json:"id,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
}

// SendData is the body of POST /messages: one message from a customer (or
// from the business phone) into a chat.
type SendData struct {
	Channel                  int64       `json:"channel"`
	ExternalChatID           string      `json:"external_chat_id"` // ≤64
	Originator               string      `json:"originator,omitempty"`
	Customer                 Customer    `json:"customer"`
	Message                  Message     `json:"message"`
	Quote                    *MessageRef `json:"quote,omitempty"`
	ReplyDeadline            *time.Time  `json:"reply_deadline,omitempty"` // end of the WhatsApp 24 h window
	SecondaryExternalChatIDs []string    `json:"secondary_external_chat_ids,omitempty"`
}

// Customer is the sender of an inbound message. ExternalID (≤64) and
// Nickname (≤255) are required by MG.
type Customer struct {
	ExternalID           string   `json:"external_id"`
	Nickname             string   `json:"nickname"`
	FirstName            string   `json:"first_name,omitempty"`
	LastName             string   `json:"last_name,omitempty"`
	Avatar               string   `json:"avatar,omitempty"`
	ProfileURL           string   `json:"profile_url,omitempty"`
	Country              string   `json:"country,omitempty"`
	Language             string   `json:"language,omitempty"`
	Phone                string   `json:"phone,omitempty"`
	Email                string   `json:"email,omitempty"`
	SecondaryExternalIDs []string `json:"secondary_external_ids,omitempty"`
}

// Message is the content of an inbound message. Items are uploaded file ids
// (1..20); Note is the caption of a media message.
type Message struct {
	Type       string     `json:"type"`
	ExternalID string     `json:"external_id,omitempty"` // ≤255; makes resends idempotent (see IsDuplicate)
	Text       string     `json:"text,omitempty"`        // ≤65535
	Note       string     `json:"note,omitempty"`
	Items      []Item     `json:"items,omitempty"`
	PageLink   string     `json:"page_link,omitempty"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
}

// Item attaches one uploaded file to a message.
type Item struct {
	ID      string `json:"id"` // file uuid from UploadFile/UploadFileByURL
	Caption string `json:"caption,omitempty"`
}

// SendResult is MG's answer to POST /messages.
type SendResult struct {
	MessageID int64     `json:"message_id"`
	Time      time.Time `json:"time"`
	Warnings  []string  `json:"warnings,omitempty"`
}

// EditMessage is an edit of an inbound message's text (PUT /messages).
type EditMessage struct {
	Channel  int64
	Ref      MessageRef
	Text     string
	EditedAt time.Time // sent as unix seconds (see MarshalJSON)
	PageLink string
}

// MarshalJSON writes the spec's EditMessageRequest. edited_at is an integer;
// the reference says unix seconds, while the v1 client's example passes its
// MakeTimestamp (milliseconds), so this one place decides: seconds.
func (e EditMessage) MarshalJSON() ([]byte, error) {
	type msg struct {
		ID         int64  `json:"id,omitempty"`
		ExternalID string `json:"external_id,omitempty"`
		Text       string `json:"text"`
		EditedAt   int64  `json:"edited_at,omitempty"`
		PageLink   string `json:"page_link,omitempty"`
	}
	m := msg{ID: e.Ref.ID, ExternalID: e.Ref.ExternalID, Text: e.Text, PageLink: e.PageLink}
	if !e.EditedAt.IsZero() {
		m.EditedAt = e.EditedAt.Unix()
	}
	return json.Marshal(struct {
		Channel int64 `json:"channel"`
		Message msg   `json:"message"`
	}{e.Channel, m})
}

// SendMessage delivers an inbound message to MG (POST /messages). A resend of
// the same Message.ExternalID fails with an error for which IsDuplicate is true.
func (c *Client) SendMessage(ctx context.Context, d SendData) (SendResult, error) {
	var r SendResult
	err := c.doJSON(ctx, "POST", "/messages", nil, d, &r)
	return r, err
}

// UpdateMessage edits the text of an inbound message (PUT /messages).
func (c *Client) UpdateMessage(ctx context.Context, e EditMessage) error {
	return c.doJSON(ctx, "PUT", "/messages", nil, e, nil)
}

// channelMessage is the {channel, message} body of DELETE /messages.
type channelMessage struct {
	Channel int64      `json:"channel"`
	Message MessageRef `json:"message"`
}

// DeleteMessage deletes a message in MG (DELETE /messages with a JSON body).
func (c *Client) DeleteMessage(ctx context.Context, channelID int64, ref MessageRef) error {
	return c.doJSON(ctx, "DELETE", "/messages", nil, channelMessage{channelID, ref}, nil)
}

// reaction is the body of POST/DELETE /messages/reaction. The key is
// "channel" as in the generated client; the v1 client sends "channel_id"
// (unverified which one MG reads).
type reaction struct {
	Channel  int64      `json:"channel"`
	Message  MessageRef `json:"message"`
	Reaction string     `json:"reaction"`
}

// AddReaction puts the customer's reaction on a message (POST /messages/reaction).
func (c *Client) AddReaction(ctx context.Context, channelID int64, ref MessageRef, r string) error {
	return c.doJSON(ctx, "POST", "/messages/reaction", nil, reaction{channelID, ref, r}, nil)
}

// DeleteReaction removes the customer's reaction (DELETE /messages/reaction).
func (c *Client) DeleteReaction(ctx context.Context, channelID int64, ref MessageRef, r string) error {
	return c.doJSON(ctx, "DELETE", "/messages/reaction", nil, reaction{channelID, ref, r}, nil)
}

package mg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The webhook types MG sends to integrations.mgTransport.webhookUrl.
const (
	WebhookMessageSent    = "message_sent"
	WebhookMessageUpdated = "message_updated"
	WebhookMessageDeleted = "message_deleted"
	WebhookMessageRead    = "message_read"
	WebhookReactionAdd    = "reaction_add"
	WebhookReactionDelete = "reaction_delete"
	WebhookTemplateCreate = "template_create"
	WebhookTemplateUpdate = "template_update"
	WebhookTemplateDelete = "template_delete"
)

// Webhook is one request from MG. Data stays raw until the caller picks the
// typed payload that matches Type (MessageData, ReactionData, ...).
type Webhook struct {
	Type string          `json:"type"`
	Meta WebhookMeta     `json:"meta"`
	Data json.RawMessage `json:"data"`
}

// WebhookMeta identifies the delivery. ID is sent by MG per the v1 client but
// is absent from the spec, so it may be 0.
type WebhookMeta struct {
	ID        uint64 `json:"id"`
	Timestamp int64  `json:"timestamp"`
}

// ParseWebhook decodes a webhook body. It fails on anything that is not a
// JSON object with a non-empty string "type" and an object (or absent) "data",
// so handlers can answer 400 without looking further.
func ParseWebhook(body []byte) (*Webhook, error) {
	var w Webhook
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("mg: webhook: %w", err)
	}
	if w.Type == "" {
		return nil, errors.New("mg: webhook: missing type")
	}
	if d := bytes.TrimSpace(w.Data); len(d) > 0 && !bytes.Equal(d, []byte("null")) && d[0] != '{' {
		return nil, errors.New("mg: webhook: data is not an object")
	}
	return &w, nil
}

// decode unmarshals Data into v, naming the expected type on failure.
func (w *Webhook) decode(v any) error {
	if len(w.Data) == 0 {
		return fmt.Errorf("mg: webhook %s: no data", w.Type)
	}
	if err := json.Unmarshal(w.Data, v); err != nil {
		return fmt.Errorf("mg: webhook %s: %w", w.Type, err)
	}
	return nil
}

// MessageData decodes the payload of message_sent, message_updated,
// message_deleted and message_read (the last two carry only the chat, channel,
// user and external message ids).
func (w *Webhook) MessageData() (*MessageWebhookData, error) {
	var d MessageWebhookData
	return &d, w.decode(&d)
}

// ReactionData decodes the payload of reaction_add and reaction_delete.
func (w *Webhook) ReactionData() (*ReactionWebhookData, error) {
	var d ReactionWebhookData
	return &d, w.decode(&d)
}

// TemplateCreateData decodes the payload of template_create.
func (w *Webhook) TemplateCreateData() (*TemplateCreateData, error) {
	var d TemplateCreateData
	return &d, w.decode(&d)
}

// TemplateUpdateData decodes the payload of template_update.
func (w *Webhook) TemplateUpdateData() (*TemplateUpdateData, error) {
	var d TemplateUpdateData
	return &d, w.decode(&d)
}

// TemplateDeleteData decodes the payload of template_delete.
func (w *Webhook) TemplateDeleteData() (*TemplateDeleteData, error) {
	var d TemplateDeleteData
	return &d, w.decode(&d)
}

// MessageWebhookData is an operator's (or bot's) message to the customer.
// ID is MG's message id, to be used in MessageRef for acks and read marks.
// Nullable strings of the spec (content, quote_*) decode to "".
type MessageWebhookData struct {
	ID                int64               `json:"id"`
	ExternalUserID    string              `json:"external_user_id"`
	ExternalMessageID string              `json:"external_message_id,omitempty"`
	ExternalChatID    string              `json:"external_chat_id"`
	ChannelID         int64               `json:"channel_id"`
	Content           string              `json:"content"`
	QuoteExternalID   string              `json:"quote_external_id,omitempty"`
	QuoteContent      string              `json:"quote_content,omitempty"`
	Type              string              `json:"type"`
	User              *WebhookUser        `json:"user,omitempty"`
	Bot               *WebhookBot         `json:"bot,omitempty"`
	Product           json.RawMessage     `json:"product,omitempty"` // not used by a WhatsApp transport; kept raw
	Order             json.RawMessage     `json:"order,omitempty"`
	Items             []WebhookItem       `json:"items,omitempty"`
	Template          *WebhookTemplate    `json:"template,omitempty"`
	Attachments       *WebhookAttachments `json:"attachments,omitempty"`
	InAppID           int32               `json:"in_app_id,omitempty"`
}

// WebhookUser is the CRM operator who wrote the message.
type WebhookUser struct {
	ID        int64  `json:"id,omitempty"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Avatar    string `json:"avatar"`
}

// WebhookBot is the bot that wrote the message.
type WebhookBot struct {
	ID     int64  `json:"id,omitempty"`
	Name   string `json:"name"`
	Avatar string `json:"avatar"`
}

// WebhookItem is one attached file; fetch its URL with Client.File(ID).
type WebhookItem struct {
	ID      string `json:"id"`
	Size    int64  `json:"size"`
	Caption string `json:"caption,omitempty"`
	Height  int    `json:"height,omitempty"`
	Width   int    `json:"width,omitempty"`
}

// WebhookTemplate says the operator sent a template, with its arguments.
type WebhookTemplate struct {
	Code      string            `json:"code"`
	Category  string            `json:"category,omitempty"`
	Args      []string          `json:"args,omitempty"` // deprecated by MG in favour of Variables
	Variables TemplateVariables `json:"variables,omitzero"`
}

// TemplateVariables are the values for a template's placeholders.
type TemplateVariables struct {
	Header  *TemplateHeaderArgs `json:"header,omitempty"`
	Body    TemplateBodyArgs    `json:"body,omitzero"`
	Buttons []TemplateButtonArg `json:"buttons,omitempty"`
}

// TemplateHeaderArgs fill the header: Args for a text header, Attachments
// (uploaded files) for a media header.
type TemplateHeaderArgs struct {
	Type        string               `json:"type"`
	Args        []string             `json:"args,omitempty"`
	Attachments []TemplateAttachment `json:"attachments,omitempty"`
}

// TemplateBodyArgs fill the body's {{1}}, {{2}}, ... in order.
type TemplateBodyArgs struct {
	Args []string `json:"args"`
}

// TemplateButtonArg fills one button (e.g. the suffix of a url button).
type TemplateButtonArg struct {
	Type  string   `json:"type"`
	Title string   `json:"title"`
	Args  []string `json:"args,omitempty"`
}

// WebhookAttachments carries quick replies the operator attached.
type WebhookAttachments struct {
	Suggestions []Suggestion `json:"suggestions,omitempty"`
}

// Suggestion is a quick reply: Type text|email|phone|url.
type Suggestion struct {
	Type    string `json:"type"`
	Title   string `json:"title,omitempty"`
	Payload string `json:"payload,omitempty"`
}

// ReactionWebhookData is an operator's reaction change on a message.
type ReactionWebhookData struct {
	ExternalUserID    string         `json:"external_user_id"`
	ExternalChatID    string         `json:"external_chat_id"`
	ChannelID         int64          `json:"channel_id"`
	ExternalMessageID string         `json:"external_message_id"`
	NewReaction       string         `json:"new_reaction,omitempty"`
	OldReaction       string         `json:"old_reaction,omitempty"`
	AllReactions      []ReactionInfo `json:"all_reactions,omitempty"`
}

// ReactionInfo is one reaction present on the message.
type ReactionInfo struct {
	Reaction string `json:"reaction"`
}

// TemplateContent is what a CRM user typed when creating or editing a template.
type TemplateContent struct {
	Name     string           `json:"name"`
	Lang     string           `json:"lang"`
	Category string           `json:"category"`
	Body     string           `json:"body"`
	Header   *TemplateHeader  `json:"header,omitempty"`
	Footer   string           `json:"footer,omitempty"`
	Buttons  *TemplateButtons `json:"buttons,omitempty"`
	Example  *TemplateExample `json:"example,omitempty"`
}

// TemplateCreateData asks the transport to create a template; answer with
// TemplateCreateResponse.
type TemplateCreateData struct {
	TemplateContent
	ChannelID int64 `json:"channel_id"`
}

// TemplateUpdateData asks the transport to change template Code.
type TemplateUpdateData struct {
	TemplateContent
	ChannelID int64  `json:"channel_id"`
	Code      string `json:"code"`
}

// TemplateDeleteData asks the transport to delete template Code in Lang.
type TemplateDeleteData struct {
	ChannelID int64  `json:"channel_id"`
	Code      string `json:"code"`
	Lang      string `json:"lang"`
}

// MessageSentResponse is the reply to message_sent. Success: set
// ExternalMessageID (or Async true, then Ack later). Failure: set Error.
type MessageSentResponse struct {
	ExternalMessageID  string     `json:"external_message_id,omitempty"`
	Async              bool       `json:"async"`
	Error              *SentError `json:"error,omitempty"`
	ExternalCustomerID string     `json:"external_customer_id,omitempty"`
	ExternalChatID     string     `json:"external_chat_id,omitempty"`
}

// TemplateCreateResponse is the reply to template_create; the spec requires
// only Code.
type TemplateCreateResponse struct {
	Code               string `json:"code"`
	VerificationStatus string `json:"verification_status,omitempty"`
}

package sim

import (
	"errors"
	"slices"
	"time"
)

// OperatorMessage is a message an operator sent from the CRM chat.
type OperatorMessage struct {
	At                 time.Time
	ChannelID          int64
	ChatExternalID     string
	CustomerExternalID string
	Error              *SendError
	ExternalID         string // the transport's id (external_message_id / transport_message_id)
	ID                 int64
	Items              []Item
	QuoteExternalID    string
	Result             OperatorResult
	Status             string // MGSending, MGSent, MGSeen or MGFailed
	Template           map[string]any
	Text               string
	Type               string
}

// OpOpt changes an operator message.
type OpOpt func(*opOpts)

type opOpts struct {
	customer string
	quote    string
}

// Quote makes the operator's message quote the message with this external id
// (e.g. the customer's wamid).
func Quote(externalID string) OpOpt { return func(o *opOpts) { o.quote = externalID } }

// ToCustomer sets external_user_id, for chats the transport never posted to.
func ToCustomer(externalID string) OpOpt { return func(o *opOpts) { o.customer = externalID } }

// TemplateSend describes an operator's template message.
type TemplateSend struct {
	BodyArgs []string // shorthand for Variables {"body":{"args":...}}
	Category string
	Code     string
	Content  string // the rendered text MG shows
	// Variables is MG's template.variables (header, body, buttons).
	Variables map[string]any
}

// FileSend is a file an operator attaches.
type FileSend struct {
	Caption string
	Data    []byte
	MIME    string
	Name    string
}

// OperatorSend makes an operator write text in chatExternalID: MG posts a
// message_sent webhook to the module and records its synchronous answer.
func (c *CRM) OperatorSend(channelID int64, chatExternalID, text string, opts ...OpOpt) (int64, OperatorResult, error) {
	op := &OperatorMessage{Text: text, Type: "text"}
	return c.operatorSend(channelID, chatExternalID, op, map[string]any{"content": text}, opts)
}

// OperatorSendTemplate makes an operator send a template message.
func (c *CRM) OperatorSendTemplate(channelID int64, chatExternalID string, t TemplateSend, opts ...OpOpt) (int64, OperatorResult, error) {
	vars := cloneMap(t.Variables)
	if vars == nil {
		vars = map[string]any{"body": map[string]any{"args": nonNil(t.BodyArgs)}}
	}
	tpl := map[string]any{"code": t.Code, "variables": vars}
	if t.Category != "" {
		tpl["category"] = t.Category
	}
	op := &OperatorMessage{Template: tpl, Text: t.Content, Type: "text"}
	return c.operatorSend(channelID, chatExternalID, op, map[string]any{"content": t.Content, "template": tpl}, opts)
}

// OperatorSendFile makes an operator send a file: it is stored in the MG file
// store (GET /files/{id} describes it) and announced as an image or file item.
func (c *CRM) OperatorSendFile(channelID int64, chatExternalID string, f FileSend, opts ...OpOpt) (int64, OperatorResult, error) {
	c.mu.Lock()
	stored := c.storeFile(f.Data, f.MIME, f.Name, "")
	c.mu.Unlock()
	typ := "file"
	if stored.Type == "image" {
		typ = "image"
	}
	// As RetailCRM's own transport reads it: the operator's words are the
	// message content and an item's caption is the file's name.
	item := Item{Caption: f.Name, ID: stored.ID}
	op := &OperatorMessage{Items: []Item{item}, Type: typ, Text: f.Caption}
	var content any
	if f.Caption != "" {
		content = f.Caption
	}
	data := map[string]any{
		"content": content,
		"items":   []any{map[string]any{"id": stored.ID, "size": len(stored.Data), "caption": f.Name}},
	}
	return c.operatorSend(channelID, chatExternalID, op, data, opts)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// operatorSend records op, posts message_sent and applies the answer.
func (c *CRM) operatorSend(channelID int64, chat string, op *OperatorMessage, data map[string]any, opts []OpOpt) (int64, OperatorResult, error) {
	var o opOpts
	for _, f := range opts {
		f(&o)
	}
	c.mu.Lock()
	hook, clientID, err := c.hookOf(channelID)
	if err == nil && !c.activeChannel(channelID) {
		err = errors.New("sim: channel is not active")
	}
	if err != nil {
		c.mu.Unlock()
		return 0, OperatorResult{}, err
	}
	op.At, op.ChannelID, op.ChatExternalID, op.ID, op.Status = c.now(), channelID, chat, c.id(), MGSending
	op.CustomerExternalID = o.customer
	if op.CustomerExternalID == "" {
		op.CustomerExternalID = c.customerOf(channelID, chat)
	}
	data["id"], data["type"], data["channel_id"] = op.ID, op.Type, channelID
	data["external_chat_id"], data["external_user_id"] = chat, op.CustomerExternalID
	data["user"] = map[string]any{"id": 1, "first_name": "Olga", "last_name": "Operator", "avatar": ""}
	data["quote_external_id"], data["quote_content"] = nil, nil
	if o.quote != "" {
		op.QuoteExternalID = o.quote
		data["quote_external_id"] = o.quote
		if in, qop := c.findMessage(channelID, msgRef{ExternalID: &o.quote}); in != nil {
			data["quote_content"] = in.Text
		} else if qop != nil {
			data["quote_content"] = qop.Text
		}
	}
	c.ops = append(c.ops, op)
	c.mu.Unlock()
	c.changed()

	res, err := c.post(hook, clientID, "message_sent", data)
	c.mu.Lock()
	op.Result = res
	if res.ExternalMessageID != "" {
		op.ExternalID = res.ExternalMessageID
	}
	op.Status, op.Error = outcome(op.Status, res, err)
	c.mu.Unlock()
	c.changed()
	return op.ID, res, err
}

// activeChannel reports whether a channel is active; callers hold c.mu.
func (c *CRM) activeChannel(id int64) bool {
	for _, ch := range c.channels {
		if ch.ID == id {
			return ch.Active
		}
	}
	return false
}

// customerOf is the customer of a chat, from the transport's messages;
// callers hold c.mu.
func (c *CRM) customerOf(channelID int64, chat string) string {
	if m := c.msgIndex.lastOfChat[msgKey{channelID, chat}]; m != nil {
		return m.CustomerExternalID
	}
	return chat
}

// OperatorMessages lists the operator's messages in channelID, in order.
func (c *CRM) OperatorMessages(channelID int64) []OperatorMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []OperatorMessage
	for _, op := range c.ops {
		if op.ChannelID == channelID {
			cp := *op
			cp.Items, cp.Template = slices.Clone(op.Items), cloneMap(op.Template)
			out = append(out, cp)
		}
	}
	return out
}

// MessageStatus is the MG status of operator message mgMessageID ("" if unknown).
func (c *CRM) MessageStatus(mgMessageID int64) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, op := range c.ops {
		if op.ID == mgMessageID {
			return op.Status
		}
	}
	return ""
}

// MessageError is the error MG shows for operator message mgMessageID.
func (c *CRM) MessageError(mgMessageID int64) *SendError {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, op := range c.ops {
		if op.ID == mgMessageID && op.Error != nil {
			e := *op.Error
			return &e
		}
	}
	return nil
}

// chatOf returns chat and customer of the message with an external id;
// callers hold c.mu.
func (c *CRM) chatOf(channelID int64, externalID string) (string, string, bool) {
	in, op := c.findMessage(channelID, msgRef{ExternalID: &externalID})
	switch {
	case in != nil:
		return in.ExternalChatID, in.CustomerExternalID, true
	case op != nil:
		return op.ChatExternalID, op.CustomerExternalID, true
	}
	return "", "", false
}

// messageEvent posts a message_updated/deleted/read or reaction webhook about
// the message with externalID.
func (c *CRM) messageEvent(channelID int64, typ, externalID string, extra map[string]any) (OperatorResult, error) {
	c.mu.Lock()
	chat, user, ok := c.chatOf(channelID, externalID)
	c.mu.Unlock()
	if !ok {
		return OperatorResult{}, errors.New("sim: no message with external id " + externalID)
	}
	data := map[string]any{"external_chat_id": chat, "external_user_id": user, "external_message_id": externalID}
	for k, v := range extra {
		data[k] = v
	}
	return c.PostWebhook(channelID, typ, data)
}

// OperatorEdit makes the operator edit their message mgMessageID.
func (c *CRM) OperatorEdit(channelID, mgMessageID int64, text string) (OperatorResult, error) {
	ext := c.externalOf(mgMessageID, text)
	return c.messageEvent(channelID, "message_updated", ext, map[string]any{"id": mgMessageID, "content": text, "type": "text"})
}

// OperatorDelete makes the operator delete their message mgMessageID.
func (c *CRM) OperatorDelete(channelID, mgMessageID int64) (OperatorResult, error) {
	return c.messageEvent(channelID, "message_deleted", c.externalOf(mgMessageID, ""), map[string]any{"id": mgMessageID})
}

// OperatorRead makes the operator read the customer's message externalID.
func (c *CRM) OperatorRead(channelID int64, externalID string) (OperatorResult, error) {
	return c.messageEvent(channelID, "message_read", externalID, nil)
}

// OperatorReact sets the operator's reaction on message externalID; an empty
// reaction removes old (reaction_delete).
func (c *CRM) OperatorReact(channelID int64, externalID, reaction, old string) (OperatorResult, error) {
	extra := map[string]any{"all_reactions": []any{}}
	if old != "" {
		extra["old_reaction"] = old
	}
	if reaction == "" {
		return c.messageEvent(channelID, "reaction_delete", externalID, extra)
	}
	extra["new_reaction"] = reaction
	extra["all_reactions"] = []any{map[string]any{"reaction": reaction}}
	return c.messageEvent(channelID, "reaction_add", externalID, extra)
}

// externalOf returns the transport id of an operator message and, for
// edits, records the new text.
func (c *CRM) externalOf(mgMessageID int64, newText string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, op := range c.ops {
		if op.ID == mgMessageID {
			if newText != "" {
				op.Text = newText
			}
			return op.ExternalID
		}
	}
	return ""
}

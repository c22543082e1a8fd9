package sim

import (
	"net/http"
	"slices"
	"time"
)

// The statuses MG gives an operator's message (MG has no separate
// "delivered"; the transport reports sent with an ack and read with
// /messages/read).
const (
	MGFailed  = "failed"
	MGSeen    = "seen"
	MGSending = "sending"
	MGSent    = "sent"
)

// sendingErrorCodes are the error codes a transport may report.
var sendingErrorCodes = []string{"general", "customer_not_exists", "reply_timed_out", "spam_suspicion", "access_restricted"}

// SendError is an error the transport reported for an operator's message.
type SendError struct {
	Code         string `json:"code"`
	ExternalCode string `json:"external_code,omitempty"`
	Message      string `json:"message"`
}

// Ack is one POST /messages/ack.
type Ack struct {
	At                 time.Time
	Body               map[string]any
	ChannelID          int64
	Error              *SendError
	MessageID          int64 // the operator message it resolved to
	TransportMessageID string
}

// Read is one POST /messages/read (the customer read a message).
type Read struct {
	At        time.Time
	ChannelID int64
	MessageID int64
}

// Reaction is one reaction the transport added or removed.
type Reaction struct {
	At        time.Time
	ChannelID int64
	MessageID int64
	Reaction  string
	Removed   bool
}

// Acks lists every ack, in order.
func (c *CRM) Acks() []Ack {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.acks)
}

// Reads lists every read report, in order.
func (c *CRM) Reads() []Read {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reads)
}

// Reactions lists every reaction change, in order.
func (c *CRM) Reactions() []Reaction {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reactions)
}

// ackMessage handles POST /messages/ack: no error marks the operator's
// message sent, an error marks it failed.
func (c *CRM) ackMessage(w http.ResponseWriter, r *http.Request, _ string) {
	raw, err := readBody(r, maxJSONBody)
	var b struct {
		Channel            int64      `json:"channel"`
		Error              *SendError `json:"error"`
		ExternalMessageID  string     `json:"external_message_id"`
		Message            *msgRef    `json:"message"`
		TransportMessageID string     `json:"transport_message_id"`
	}
	var body map[string]any
	if err == nil {
		err = jsonUnmarshal(raw, &b, &body)
	}
	switch {
	case err != nil:
		writeMGError(w, http.StatusBadRequest, "Invalid JSON body: "+err.Error())
		return
	case b.Channel == 0:
		writeMGError(w, http.StatusBadRequest, "channel: field is required")
		return
	case b.Error != nil && !slices.Contains(sendingErrorCodes, b.Error.Code):
		writeMGError(w, http.StatusBadRequest, "error.code: unknown code")
		return
	case b.Error != nil && len(b.Error.ExternalCode) > 100:
		writeMGError(w, http.StatusBadRequest, "error.external_code: at most 100 characters")
		return
	}
	ref := msgRef{ExternalID: &b.ExternalMessageID} // deprecated way
	if b.Message != nil {
		ref = *b.Message
	}
	c.mu.Lock()
	_, op := c.findMessage(b.Channel, ref)
	if op != nil {
		if b.TransportMessageID != "" {
			op.ExternalID = b.TransportMessageID
		}
		switch {
		case b.Error != nil:
			op.Status, op.Error = MGFailed, b.Error
		case op.Status != MGSeen:
			op.Status, op.Error = MGSent, nil
		}
		c.acks = append(c.acks, Ack{At: c.now(), Body: body, ChannelID: b.Channel, Error: b.Error, MessageID: op.ID, TransportMessageID: b.TransportMessageID})
	}
	c.mu.Unlock()
	if op == nil {
		writeMGError(w, http.StatusNotFound, "Message not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// readMessage handles POST /messages/read: the customer read the message.
func (c *CRM) readMessage(w http.ResponseWriter, r *http.Request, _ string) {
	var b struct {
		ChannelID int64  `json:"channel_id"`
		Message   msgRef `json:"message"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	c.mu.Lock()
	in, op := c.findMessage(b.ChannelID, b.Message)
	id := int64(0)
	switch {
	case op != nil:
		id = op.ID
		if op.Status != MGFailed {
			op.Status = MGSeen
		}
	case in != nil:
		id = in.ID
	}
	if id != 0 {
		c.reads = append(c.reads, Read{At: c.now(), ChannelID: b.ChannelID, MessageID: id})
	}
	c.mu.Unlock()
	if id == 0 {
		writeMGError(w, http.StatusNotFound, "Message not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// readUntil handles POST /messages/read_until.
func (c *CRM) readUntil(w http.ResponseWriter, r *http.Request, _ string) {
	var b struct {
		ChannelID          int64     `json:"channel_id"`
		CustomerExternalID string    `json:"customer_external_id"`
		Until              time.Time `json:"until"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	if b.ChannelID == 0 || b.CustomerExternalID == "" || b.Until.IsZero() {
		writeMGError(w, http.StatusBadRequest, "channel_id, customer_external_id and until are required")
		return
	}
	ids := []int64{}
	c.mu.Lock()
	for _, op := range c.ops {
		if op.ChannelID == b.ChannelID && op.CustomerExternalID == b.CustomerExternalID &&
			!op.At.After(b.Until) && op.Status != MGFailed && op.Status != MGSeen {
			op.Status = MGSeen
			ids = append(ids, op.ID)
			c.reads = append(c.reads, Read{At: c.now(), ChannelID: b.ChannelID, MessageID: op.ID})
		}
	}
	c.mu.Unlock()
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{"ids": ids})
}

// addReaction handles POST /messages/reaction.
func (c *CRM) addReaction(w http.ResponseWriter, r *http.Request, _ string) {
	c.reaction(w, r, false)
}

// deleteReaction handles DELETE /messages/reaction.
func (c *CRM) deleteReaction(w http.ResponseWriter, r *http.Request, _ string) {
	c.reaction(w, r, true)
}

func (c *CRM) reaction(w http.ResponseWriter, r *http.Request, remove bool) {
	var b struct {
		Channel  int64  `json:"channel"`
		Message  msgRef `json:"message"`
		Reaction string `json:"reaction"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	if !remove && b.Reaction == "" {
		writeMGError(w, http.StatusBadRequest, "reaction: field is required")
		return
	}
	c.mu.Lock()
	in, op := c.findMessage(b.Channel, b.Message)
	id := int64(0)
	switch {
	case op != nil:
		id = op.ID
	case in != nil:
		id = in.ID
	}
	if id != 0 {
		c.reactions = append(c.reactions, Reaction{At: c.now(), ChannelID: b.Channel, MessageID: id, Reaction: b.Reaction, Removed: remove})
	}
	c.mu.Unlock()
	if id == 0 {
		writeMGError(w, http.StatusNotFound, "Message not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

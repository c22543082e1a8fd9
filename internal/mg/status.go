package mg

import (
	"context"
	"time"
)

// ErrorCode classifies why an outbound message could not be sent; MG shows a
// matching text in the chat. MG itself also uses async_send_timeout,
// network_error, malformed_response and unknown, which a transport never sends.
type ErrorCode string

// The codes a transport may report (SendingErrorCode in the spec).
const (
	ErrorGeneral           ErrorCode = "general"
	ErrorCustomerNotExists ErrorCode = "customer_not_exists"
	ErrorReplyTimedOut     ErrorCode = "reply_timed_out" // outside the 24 h window
	ErrorSpamSuspicion     ErrorCode = "spam_suspicion"
	ErrorAccessRestricted  ErrorCode = "access_restricted"
)

// SentError reports a failed outbound message, in the message_sent reply or
// in an ack. ExternalCode carries the upstream code (e.g. WhatsApp "131047"),
// at most 100 characters.
type SentError struct {
	Code         ErrorCode `json:"code"`
	Message      string    `json:"message"`
	ExternalCode string    `json:"external_code,omitempty"`
}

// AckError is the error of an ack; the spec uses the same SendingError object.
type AckError = SentError

// AckRequest is the body of POST /messages/ack: the late result of an
// outbound message whose message_sent webhook was answered with async:true.
// Message names it (preferably by MG id = webhook data.id). Without Error the
// message becomes "sent"; with Error it becomes "failed" and the chat shows it.
type AckRequest struct {
	Channel            int64      `json:"channel"`
	Message            MessageRef `json:"message"`
	TransportMessageID string     `json:"transport_message_id,omitempty"` // e.g. the WhatsApp wamid, ≤255
	CreatedAt          *time.Time `json:"created_at,omitempty"`
	Error              *AckError  `json:"error,omitempty"`
}

// Ack reports the result of an asynchronously sent message (POST /messages/ack).
func (c *Client) Ack(ctx context.Context, a AckRequest) error {
	return c.doJSON(ctx, "POST", "/messages/ack", nil, a, nil)
}

// readRequest is the body of POST /messages/read. Unlike most endpoints it
// says "channel_id", not "channel" (both clients agree).
type readRequest struct {
	ChannelID int64      `json:"channel_id"`
	Message   MessageRef `json:"message"`
}

// MarkRead tells MG that the customer read an outbound message
// (POST /messages/read, MarkMessageRead in both clients; answer {}). This is
// how a transport with settings status.read = "send" reports "read": it is the
// only per-message read endpoint in the spec (MG's status enum is sending,
// sent, received, seen, failed; "seen" is presumably what this sets).
func (c *Client) MarkRead(ctx context.Context, channelID int64, ref MessageRef) error {
	return c.doJSON(ctx, "POST", "/messages/read", nil, readRequest{channelID, ref}, nil)
}

// readUntilRequest is the body of POST /messages/read_until.
type readUntilRequest struct {
	CustomerExternalID string    `json:"customer_external_id"`
	ChannelID          int64     `json:"channel_id"`
	Until              time.Time `json:"until"`
}

// MarkReadUntil marks every message to the customer up to until as read
// (POST /messages/read_until) and returns the MG ids it marked. WhatsApp's
// "read" implies every earlier message was read too, so one call can replace
// several MarkRead calls.
func (c *Client) MarkReadUntil(ctx context.Context, channelID int64, customerExternalID string, until time.Time) ([]int64, error) {
	var r struct {
		IDs []int64 `json:"ids"`
	}
	err := c.doJSON(ctx, "POST", "/messages/read_until", nil, readUntilRequest{customerExternalID, channelID, until.UTC()}, &r)
	return r.IDs, err
}

// MarkDelivered reports that an outbound message reached the customer.
//
// MG documents no "delivered" endpoint. The generated client (all 21
// operations of the spec) has only /messages/ack, /messages/read and
// /messages/read_until for message status, and no webhook or field is named
// delivered. mg-transport-telegram declares status.delivered = "send" yet
// never calls anything for it: for MG, the transport's successful answer to
// message_sent (or its ack) is the delivery report. MarkDelivered therefore
// sends an ack without error, stamped with the delivery time, which moves a
// still "sending" message to "sent". Send it once per message: whether MG
// accepts a second ack for an already acknowledged message is unverified, so
// callers that already acked on WhatsApp's "sent" should not call this.
func (c *Client) MarkDelivered(ctx context.Context, channelID int64, ref MessageRef, transportMessageID string, at time.Time) error {
	a := AckRequest{Channel: channelID, Message: ref, TransportMessageID: transportMessageID}
	if !at.IsZero() {
		t := at.UTC()
		a.CreatedAt = &t
	}
	return c.Ack(ctx, a)
}

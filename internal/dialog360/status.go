package dialog360

import (
	"encoding/json"
	"fmt"
	"time"
)

// Delivery states of an outbound message (Status.Status). Order of arrival is
// not guaranteed: a read may come without a delivered.
const (
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusPlayed    = "played" // voice message listened to
	StatusFailed    = "failed"
)

// Status is a delivery report for an outbound message (value.statuses[]). ID
// is the wamid returned by Send. RecipientID (phone) is absent when the
// message was sent to a BSUID. Failed statuses carry Errors and no Pricing.
type Status struct {
	ID                    string        `json:"id"`
	Status                string        `json:"status"`
	Timestamp             string        `json:"timestamp"` // unix seconds, as a string
	RecipientID           string        `json:"recipient_id,omitempty"`
	RecipientUserID       string        `json:"recipient_user_id,omitempty"`
	RecipientParentUserID string        `json:"recipient_parent_user_id,omitempty"`
	RecipientType         string        `json:"recipient_type,omitempty"`
	BizOpaqueCallbackData string        `json:"biz_opaque_callback_data,omitempty"`
	Pricing               *Pricing      `json:"pricing,omitempty"`
	Conversation          *Conversation `json:"conversation,omitempty"`
	Errors                []ErrorDetail `json:"errors,omitempty"`

	// Raw is the status exactly as received.
	Raw json.RawMessage `json:"-"`
	// DecodeError is set when a known field had an unexpected JSON type.
	DecodeError error `json:"-"`
}

// UnmarshalJSON decodes a status like Message.UnmarshalJSON: raw JSON kept,
// odd field types tolerated. It also accepts "parent_recipient_user_id", the
// spelling one source uses for recipient_parent_user_id.
func (s *Status) UnmarshalJSON(b []byte) error {
	type plain Status
	var p plain
	err := json.Unmarshal(b, &p)
	var loose map[string]json.RawMessage
	if lerr := json.Unmarshal(b, &loose); lerr != nil {
		return fmt.Errorf("dialog360: status is not an object: %w", lerr)
	}
	if err != nil {
		fillStrings(loose, map[string]*string{
			"id": &p.ID, "status": &p.Status, "timestamp": &p.Timestamp,
			"recipient_id": &p.RecipientID, "recipient_user_id": &p.RecipientUserID,
		})
		p.DecodeError = err
	}
	fillStrings(loose, map[string]*string{"parent_recipient_user_id": &p.RecipientParentUserID})
	*s = Status(p)
	s.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// Time returns Timestamp as a UTC time, or the zero time if it is not a number.
func (s *Status) Time() time.Time { return unixTime(s.Timestamp) }

// Pricing says how a message is billed (per-message pricing, "PMP", since
// July 2025; "CBP" before).
type Pricing struct {
	PricingModel string `json:"pricing_model,omitempty"`
	Type         string `json:"type,omitempty"`     // regular, free_customer_service, free_entry_point
	Category     string `json:"category,omitempty"` // marketing, utility, authentication, service, ...
	Billable     *bool  `json:"billable,omitempty"` // deprecated by Meta
}

// Conversation is the legacy conversation-based billing window.
type Conversation struct {
	ID                  string             `json:"id,omitempty"`
	ExpirationTimestamp string             `json:"expiration_timestamp,omitempty"`
	Origin              ConversationOrigin `json:"origin,omitzero"`
}

// ConversationOrigin tells what opened a Conversation.
type ConversationOrigin struct {
	Type string `json:"type,omitempty"`
}

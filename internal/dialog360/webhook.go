package dialog360

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ObjectWABA is the only webhook "object" the Cloud API sends for WhatsApp.
const ObjectWABA = "whatsapp_business_account"

// FieldMessages is the change field that carries messages, statuses and errors.
const FieldMessages = "messages"

// Webhook is one delivery in the Cloud API format:
// {"object":"whatsapp_business_account","entry":[{"id","changes":[{"field","value"}]}]}.
type Webhook struct {
	Object string  `json:"object"`
	Entry  []Entry `json:"entry"`
}

// Entry groups the changes of one WhatsApp Business Account (ID is the WABA id).
type Entry struct {
	ID      string   `json:"id"`
	Changes []Change `json:"changes"`
}

// Change is one event. Value is decoded only for Field "messages"; other
// fields (template status, account updates) keep their JSON in Raw.
type Change struct {
	Field string          `json:"field"`
	Value Value           `json:"-"`
	Raw   json.RawMessage `json:"value"`
}

// Value is the payload of a "messages" change: exactly one of Messages,
// Statuses or Errors is normally set; Contacts describe the senders.
type Value struct {
	MessagingProduct string        `json:"messaging_product"`
	Metadata         Metadata      `json:"metadata"`
	Contacts         []Contact     `json:"contacts,omitempty"`
	Messages         []Message     `json:"messages,omitempty"`
	Statuses         []Status      `json:"statuses,omitempty"`
	Errors           []ErrorDetail `json:"errors,omitempty"`
}

// Metadata names the business number the event belongs to.
type Metadata struct {
	DisplayPhoneNumber string `json:"display_phone_number"`
	PhoneNumberID      string `json:"phone_number_id"`
}

// Contact is a sender profile. WaID (phone) is absent for username users who
// hide their number; UserID (BSUID, e.g. "ES.1502576394655843") is the stable key.
type Contact struct {
	Profile         Profile `json:"profile"`
	WaID            string  `json:"wa_id,omitempty"`
	UserID          string  `json:"user_id,omitempty"`
	ParentUserID    string  `json:"parent_user_id,omitempty"`
	IdentityKeyHash string  `json:"identity_key_hash,omitempty"`
	CountryCode     string  `json:"country_code,omitempty"`
}

// Profile is the sender's WhatsApp display name and, if enabled, username.
type Profile struct {
	Name     string `json:"name,omitempty"`
	Username string `json:"username,omitempty"`
}

// ErrorDetail is an error object inside webhooks (value.errors, message.errors,
// status.errors).
type ErrorDetail struct {
	Code      int       `json:"code"`
	Title     string    `json:"title,omitempty"`
	Message   string    `json:"message,omitempty"`
	ErrorData ErrorData `json:"error_data,omitzero"`
	Href      string    `json:"href,omitempty"`
	// Details is the older, flat place of the explanation (type "unknown").
	Details string `json:"details,omitempty"`
}

// ErrorData holds the human-readable explanation of an ErrorDetail.
type ErrorData struct {
	Details string `json:"details,omitempty"`
}

// ParseWebhook decodes a Cloud API webhook body. It fails on non-JSON and on a
// body that is not {"object":"whatsapp_business_account","entry":[...]} (for
// example the flat legacy On-Premise format). Unknown fields and message types
// are kept, not rejected; a single message or status whose known fields have an
// unexpected type is kept with DecodeError set instead of failing the batch.
func ParseWebhook(body []byte) (*Webhook, error) {
	// One pass for the valid case; the head is looked at again only to say
	// what is wrong with a body that failed (every pass of encoding/json
	// scans the whole body, and this runs for each webhook and each job).
	var doc struct {
		Object *string  `json:"object"`
		Entry  *[]Entry `json:"entry"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, whatIsWrong(body, err)
	}
	if doc.Object == nil || *doc.Object != ObjectWABA {
		return nil, errNotWABA
	}
	if doc.Entry == nil {
		return nil, errNoEntry
	}
	w := Webhook{Object: *doc.Object, Entry: *doc.Entry}
	for i := range w.Entry {
		for j := range w.Entry[i].Changes {
			ch := &w.Entry[i].Changes[j]
			if ch.Field != FieldMessages && ch.Field != "" {
				continue
			}
			if len(ch.Raw) == 0 || bytes.Equal(bytes.TrimSpace(ch.Raw), []byte("null")) {
				continue
			}
			if err := json.Unmarshal(ch.Raw, &ch.Value); err != nil {
				return nil, fmt.Errorf("dialog360: decode webhook entry %d change %d: %w", i, j, err)
			}
		}
	}
	return &w, nil
}

var (
	errNotWABA = errors.New(`dialog360: webhook has no "object":"whatsapp_business_account"`)
	errNoEntry = errors.New(`dialog360: webhook has no "entry" list`)
)

// whatIsWrong explains why body did not decode as a webhook (err).
func whatIsWrong(body []byte, err error) error {
	var head struct {
		Object *string          `json:"object"`
		Entry  *json.RawMessage `json:"entry"`
	}
	if herr := json.Unmarshal(body, &head); herr != nil {
		return fmt.Errorf("dialog360: webhook is not a JSON object: %w", herr)
	}
	if head.Object == nil || *head.Object != ObjectWABA {
		return errNotWABA
	}
	if head.Entry == nil || !bytes.HasPrefix(bytes.TrimSpace(*head.Entry), []byte("[")) {
		return errNoEntry
	}
	return fmt.Errorf("dialog360: decode webhook: %w", err)
}

// Values returns the decoded "messages" changes of all entries, in order.
func (w *Webhook) Values() []*Value {
	var vs []*Value
	for i := range w.Entry {
		for j := range w.Entry[i].Changes {
			ch := &w.Entry[i].Changes[j]
			if ch.Field == FieldMessages || ch.Field == "" && len(ch.Raw) > 0 {
				vs = append(vs, &ch.Value)
			}
		}
	}
	return vs
}

// Contact returns the contact entry that describes the sender of m (matched by
// BSUID, then by phone), or nil.
func (v *Value) Contact(m *Message) *Contact {
	for i := range v.Contacts {
		if m.FromUserID != "" && v.Contacts[i].UserID == m.FromUserID {
			return &v.Contacts[i]
		}
	}
	for i := range v.Contacts {
		if m.From != "" && v.Contacts[i].WaID == m.From {
			return &v.Contacts[i]
		}
	}
	return nil
}

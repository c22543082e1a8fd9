// Package account connects a CRM to the module and manages the WhatsApp
// numbers (360dialog accounts) of each connection: checking keys, registering
// the module in the CRM, registering this service's callback at 360dialog and
// activating the MessageGateway channel. It never stores a secret in clear.
package account

import "time"

// ConnectInput is what a merchant submits to connect a CRM.
type ConnectInput struct {
	CRMURL string `json:"crm_url"`
	APIKey string `json:"api_key"`
	Lang   string `json:"-"` // page language, remembered for the connection
}

// Connected is the result of a successful connect.
type Connected struct {
	ClientID    string `json:"client_id"`
	SettingsURL string `json:"settings_url"`
}

// Connection is what the settings page shows about a connected CRM.
type Connection struct {
	ID        int64     `json:"-"`
	CRMURL    string    `json:"crm_url"`
	Active    bool      `json:"active"`
	Frozen    bool      `json:"frozen"`
	Lang      string    `json:"lang"`
	CreatedAt time.Time `json:"created_at"`
}

// AddInput is what a merchant submits to add a WhatsApp number.
type AddInput struct {
	APIKey string `json:"api_key"`
	Name   string `json:"name"`
}

// Account is one WhatsApp number of a connection, as pages and the API show it.
// The key is only ever shown masked.
type Account struct {
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	ChannelID     int64      `json:"channel_id"`
	PhoneNumberID string     `json:"phone_number_id,omitempty"`
	DisplayPhone  string     `json:"display_phone,omitempty"`
	KeyHint       string     `json:"key_hint"` // e.g. "••••3f9a"
	Active        bool       `json:"active"`
	CreatedAt     time.Time  `json:"created_at"`
	LastInboundAt *time.Time `json:"last_inbound_at,omitempty"`
	LastStatusAt  *time.Time `json:"last_status_at,omitempty"` // the last delivery status of an outbound message
	LastError     string     `json:"last_error,omitempty"`
	// Health is the last check of the number (see CheckHealth).
	Health Health `json:"health"`
}

// Health is a number's last health check: 360dialog's can_send_message
// (AVAILABLE, LIMITED, BLOCKED) or KEY_INVALID / UNREACHABLE, Meta's reasons,
// and whether the callback registered at 360dialog was still this service's.
type Health struct {
	Status    string     `json:"status,omitempty"`
	Detail    string     `json:"detail,omitempty"`
	CheckedAt *time.Time `json:"checked_at,omitempty"`
	WebhookOK bool       `json:"webhook_ok"`
}

// Activity is the CRM's activity callback: the module switched on or off, or
// the account frozen (unpaid).
type Activity struct {
	ClientID  string
	Active    bool
	Freeze    bool
	SystemURL string
}

// TemplateSync is what the settings page shows about an account's last
// template sync (templates loaded from 360dialog into the CRM).
type TemplateSync struct {
	At       *time.Time `json:"at,omitempty"`    // when the last sync finished; nil: never
	OK       bool       `json:"ok"`              // whether it succeeded
	Error    string     `json:"error,omitempty"` // why it failed, for people
	Approved int        `json:"approved"`        // approved templates (name × language) now in the CRM
	Created  int        `json:"created"`
	Updated  int        `json:"updated"`
	Removed  int        `json:"removed"`
	Pending  bool       `json:"pending"` // a sync is queued or running
}

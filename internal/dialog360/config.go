package dialog360

import (
	"context"
	"errors"
	"net/http"
)

// WebhookConfig is the number's callback: 360dialog POSTs every event to URL
// and sends Headers with each delivery, which is how we authenticate it.
type WebhookConfig struct {
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
}

// Webhook returns the number's callback (GET /v1/configs/webhook). A 404
// means "no webhook set, key valid" and gives a zero config and nil error; a
// bad key gives an *Error with InvalidKey() true. This makes it a cheap key check.
func (c *Client) Webhook(ctx context.Context, key string) (WebhookConfig, error) {
	var cfg WebhookConfig
	err := c.call(ctx, key, request{method: "GET", path: "/v1/configs/webhook"}, &cfg)
	if e, ok := errors.AsType[*Error](err); ok && e.HTTPStatus == http.StatusNotFound {
		return WebhookConfig{}, nil
	}
	return cfg, err
}

// SetWebhook sets the number's callback (POST /v1/configs/webhook), replacing
// the previous one. It must be set again after a key is regenerated.
func (c *Client) SetWebhook(ctx context.Context, key string, cfg WebhookConfig) error {
	if cfg.URL == "" {
		return errors.New("dialog360: set webhook: empty URL")
	}
	return c.call(ctx, key, request{method: "POST", path: "/v1/configs/webhook", json: cfg}, nil)
}

// HealthStatus says whether the number can send (GET /health_status):
// CanSendMessage is "AVAILABLE", "LIMITED" or "BLOCKED" overall and per entity
// (PHONE_NUMBER, WABA, BUSINESS, APP). It also reveals the phone_number_id and
// WABA id behind a key.
type HealthStatus struct {
	CanSendMessage string         `json:"can_send_message"`
	Entities       []HealthEntity `json:"entities"`
}

// HealthEntity is the health of one layer; Errors explain a LIMITED/BLOCKED state.
type HealthEntity struct {
	EntityType     string        `json:"entity_type"`
	ID             string        `json:"id"`
	CanSendMessage string        `json:"can_send_message"`
	AdditionalInfo []string      `json:"additional_info,omitempty"`
	Errors         []HealthError `json:"errors,omitempty"`
}

// HealthError is one reason an entity cannot (fully) send.
type HealthError struct {
	ErrorCode        int    `json:"error_code"`
	ErrorDescription string `json:"error_description"`
	PossibleSolution string `json:"possible_solution"`
}

// PhoneNumberID returns the id of the PHONE_NUMBER entity, or "".
func (h HealthStatus) PhoneNumberID() string { return h.entityID("PHONE_NUMBER") }

// WABAID returns the id of the WABA entity, or "".
func (h HealthStatus) WABAID() string { return h.entityID("WABA") }

// entityID finds the id of the first entity of type t.
func (h HealthStatus) entityID(t string) string {
	for _, e := range h.Entities {
		if e.EntityType == t {
			return e.ID
		}
	}
	return ""
}

// HealthStatus reads the messaging health of the key's number.
func (c *Client) HealthStatus(ctx context.Context, key string) (HealthStatus, error) {
	var a struct {
		HealthStatus HealthStatus `json:"health_status"`
	}
	err := c.call(ctx, key, request{method: "GET", path: "/health_status"}, &a)
	return a.HealthStatus, err
}

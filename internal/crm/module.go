package crm

import (
	"bytes"
	"encoding/json"
)

// IntegrationModule is the module's registration in the CRM, sent as the
// integrationModule form field. ClientID is the module's secret for this
// account: the CRM sends it back on callbacks. BaseURL is this service's
// public URL; AccountURL and Actions are relative to it.
type IntegrationModule struct {
	Code               string            `json:"code"`
	IntegrationCode    string            `json:"integrationCode"`
	Active             *bool             `json:"active,omitempty"`
	Name               string            `json:"name"`
	Logo               string            `json:"logo,omitempty"` // URL of an SVG/PNG logo
	ClientID           string            `json:"clientId"`
	BaseURL            string            `json:"baseUrl"`
	AccountURL         string            `json:"accountUrl"`
	Actions            map[string]string `json:"actions,omitempty"` // e.g. {"activity": "/actions/activity"}
	AvailableCountries []string          `json:"availableCountries,omitempty"`
	Integrations       Integrations      `json:"integrations,omitzero"`
}

// Integrations lists the CRM features the module plugs into; only the chat
// transport is used here.
type Integrations struct {
	MgTransport *MgTransport `json:"mgTransport,omitempty"`
}

// MgTransport registers the module as a MessageGateway transport. WebhookURL
// receives MG's webhooks; Actions (visits, online, manualTemplatesSync) are
// optional callback paths added by the CRM in 2024-12.
type MgTransport struct {
	WebhookURL string            `json:"webhookUrl"`
	Actions    map[string]string `json:"actions,omitempty"`
}

// IntegrationResult is what the CRM granted in its answer to
// EditIntegrationModule ({"success":..., "info":{"mgTransport":{...}}}).
// MGTransport.Token is a secret.
type IntegrationResult struct {
	Success     bool
	MGTransport MgTransportInfo // from info.mgTransport
}

// MgTransportInfo is where and how to call MessageGateway for this account.
type MgTransportInfo struct {
	EndpointURL string `json:"endpointUrl"`
	Token       string `json:"token"`
}

// UnmarshalJSON reads the CRM's nesting and accepts [] for an empty info or
// mgTransport, as PHP APIs encode empty maps that way.
func (r *IntegrationResult) UnmarshalJSON(b []byte) error {
	var w struct {
		Success bool            `json:"success"`
		Info    json.RawMessage `json:"info"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = IntegrationResult{Success: w.Success}
	if isEmpty(w.Info) {
		return nil
	}
	var info struct {
		MgTransport json.RawMessage `json:"mgTransport"`
	}
	if err := json.Unmarshal(w.Info, &info); err != nil {
		return err
	}
	if isEmpty(info.MgTransport) {
		return nil
	}
	return json.Unmarshal(info.MgTransport, &r.MGTransport)
}

// isEmpty reports an absent value, null or [].
func isEmpty(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.Equal(b, []byte("null")) || isEmptyArray(b)
}

func isEmptyArray(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '[' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 && b[len(b)-1] == ']'
}

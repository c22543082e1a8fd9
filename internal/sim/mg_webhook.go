package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// WebhookCall is one webhook MG posted to the module.
type WebhookCall struct {
	At       time.Time
	Body     []byte
	Err      string // transport error
	Response []byte
	Status   int
	Type     string
	URL      string
}

// OperatorResult is the module's synchronous answer to a webhook.
type OperatorResult struct {
	Async              bool
	Body               []byte
	Error              *SendError
	ExternalChatID     string
	ExternalCustomerID string
	ExternalMessageID  string
	HTTPStatus         int
}

// Webhooks lists every webhook posted to the module, in order.
func (c *CRM) Webhooks() []WebhookCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.webhooks)
}

// PostWebhook posts an MG webhook of type typ (e.g. "template_create") for
// channelID's module with data as its "data" object (channel_id is filled in
// when absent) and returns the module's answer.
func (c *CRM) PostWebhook(channelID int64, typ string, data map[string]any) (OperatorResult, error) {
	data = cloneMap(data)
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["channel_id"]; !ok {
		data["channel_id"] = channelID
	}
	c.mu.Lock()
	hook, clientID, err := c.hookOf(channelID)
	c.mu.Unlock()
	if err != nil {
		return OperatorResult{}, err
	}
	return c.post(hook, clientID, typ, data)
}

// hookOf returns the webhook URL and clientId of the module owning a channel;
// callers hold c.mu.
func (c *CRM) hookOf(channelID int64) (string, string, error) {
	var ch *Channel
	for _, x := range c.channels {
		if x.ID == channelID {
			ch = x
		}
	}
	if ch == nil {
		return "", "", fmt.Errorf("sim: no channel %d", channelID)
	}
	m, ok := c.modules[ch.Module]
	if !ok {
		return "", "", errors.New("sim: channel has no module")
	}
	hook := str(obj(obj(m.data, "integrations"), "mgTransport"), "webhookUrl")
	if hook == "" {
		return "", "", errors.New("sim: module has no mgTransport.webhookUrl")
	}
	return hook, str(m.data, "clientId"), nil
}

// post sends one webhook with the Clientid header and records it. A non-2xx
// answer is not an error; a transport failure is.
func (c *CRM) post(hook, clientID, typ string, data map[string]any) (OperatorResult, error) {
	c.mu.Lock()
	metaID := c.id()
	c.mu.Unlock()
	body := marshal(map[string]any{
		"type": typ,
		"meta": map[string]any{"id": metaID, "timestamp": c.now().Unix()},
		"data": data,
	})
	status, answer, err := postJSON(c.bg.ctx, c.client, hook, map[string]string{"Clientid": clientID}, body)
	call := WebhookCall{At: c.now(), Body: body, Response: answer, Status: status, Type: typ, URL: hook}
	if err != nil {
		call.Err = err.Error()
	}
	c.log.Debug("crm sim: webhook", "type", typ, "status", status, "err", call.Err)
	c.mu.Lock()
	c.webhooks = append(c.webhooks, call)
	c.mu.Unlock()
	c.changed()
	res := OperatorResult{Body: answer, HTTPStatus: status}
	if err != nil {
		return res, err
	}
	var parsed struct {
		Async              bool       `json:"async"`
		Error              *SendError `json:"error"`
		ExternalChatID     string     `json:"external_chat_id"`
		ExternalCustomerID string     `json:"external_customer_id"`
		ExternalMessageID  string     `json:"external_message_id"`
	}
	if json.Unmarshal(answer, &parsed) == nil {
		res.Async, res.Error, res.ExternalMessageID = parsed.Async, parsed.Error, parsed.ExternalMessageID
		res.ExternalChatID, res.ExternalCustomerID = parsed.ExternalChatID, parsed.ExternalCustomerID
	}
	return res, nil
}

// outcome is what MG makes of a message_sent answer: the new status and
// error, given the current status (acks may already have arrived).
func outcome(current string, res OperatorResult, err error) (string, *SendError) {
	switch {
	case err != nil:
		return MGFailed, &SendError{Code: "network_error", Message: err.Error()}
	case res.Error != nil:
		return MGFailed, res.Error
	case res.HTTPStatus/100 != 2:
		return MGFailed, &SendError{Code: "unknown", Message: fmt.Sprintf("transport answered %d", res.HTTPStatus)}
	case res.Async:
		return current, nil
	case res.ExternalMessageID == "":
		return MGFailed, &SendError{Code: "malformed_response", Message: "no external_message_id in the answer"}
	case current == MGSending:
		return MGSent, nil
	default:
		return current, nil
	}
}

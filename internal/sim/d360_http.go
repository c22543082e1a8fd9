package sim

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// d360Handler is a handler that already knows the caller's number.
type d360Handler func(w http.ResponseWriter, r *http.Request, n *number)

// Handler serves the documented 360dialog paths. Its base URL is what the
// module gets as WABA_D360_URL.
func (d *Dialog360) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /health_status", d.auth(d.health))
	mux.Handle("GET /v1/configs/webhook", d.auth(d.getWebhook))
	mux.Handle("POST /v1/configs/webhook", d.auth(d.setWebhook))
	mux.Handle("POST /messages", d.auth(d.postMessages))
	mux.Handle("POST /media", d.auth(d.uploadMedia))
	mux.Handle("GET /whatsapp_business/attachments/", d.auth(d.downloadMedia))
	mux.Handle("GET /v1/configs/templates", d.auth(d.listTemplates))
	mux.Handle("POST /v1/configs/templates", d.auth(d.createTemplate))
	mux.Handle("DELETE /v1/configs/templates/{name}", d.auth(d.deleteTemplate))
	mux.Handle("GET /{media_id}", d.auth(d.getMedia))
	mux.Handle("DELETE /{media_id}", d.auth(d.deleteMedia))
	return mux
}

// auth resolves D360-API-KEY to a number; unknown keys get 360dialog's 401.
func (d *Dialog360) auth(h d360Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		n, ok := d.numbers[r.Header.Get("D360-API-KEY")]
		d.mu.Unlock()
		if !ok {
			d.log.Debug("d360 sim: unknown api key", "method", r.Method, "path", r.URL.Path)
			writeD360Error(w, http.StatusUnauthorized, "Invalid api_key")
			return
		}
		d.log.Debug("d360 sim: request", "method", r.Method, "path", r.URL.Path, "phone_number_id", n.PhoneNumberID)
		h(w, r, n)
	})
}

// writeD360Error writes 360dialog's own error shape (as opposed to Meta's).
func writeD360Error(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{
		"meta": map[string]any{"success": false, "http_code": status, "developer_message": msg},
	})
}

// writeMetaError writes a Meta Cloud API error, which 360dialog passes through.
func writeMetaError(w http.ResponseWriter, status, code int, details string) {
	writeJSON(w, status, map[string]any{"error": metaError(code, details)})
}

// metaError is the "error" object of a Meta error response.
func metaError(code int, details string) map[string]any {
	return map[string]any{
		"message":    errorTitle(code),
		"type":       "OAuthException",
		"code":       code,
		"error_data": map[string]any{"messaging_product": "whatsapp", "details": details},
		"fbtrace_id": "ASimulatedTrace",
	}
}

// errorTitle is Meta's title for the codes the simulator produces or that
// tests commonly inject.
func errorTitle(code int) string {
	switch code {
	case 100:
		return "(#100) Invalid parameter"
	case 131000:
		return "Something went wrong"
	case 131008:
		return "Required parameter is missing"
	case 131009:
		return "Parameter value is not valid"
	case 131026:
		return "Message undeliverable"
	case 131047:
		return "Re-engagement message"
	case 131048:
		return "Spam rate limit hit"
	case 131049:
		return "This message was not delivered to maintain healthy ecosystem engagement."
	case 131050:
		return "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business."
	case 131051:
		return "Unsupported message type"
	case 131052:
		return "Media download error"
	case 131053:
		return "Media upload error"
	case 131056:
		return "(Business Account, Consumer Account) pair rate limit hit"
	case 130429:
		return "Rate limit hit"
	case 132000:
		return "Number of parameters does not match the expected number of params"
	case 132001:
		return "Template name does not exist in the translation"
	case 132012:
		return "Parameter format does not match format in the created template"
	case 132015:
		return "Template is Paused"
	case 132016:
		return "Template is Disabled"
	default:
		return "Simulated error"
	}
}

// health answers GET /health_status with the number's entities.
func (d *Dialog360) health(w http.ResponseWriter, _ *http.Request, n *number) {
	d.mu.Lock()
	can, reason := n.healthState()
	d.mu.Unlock()
	entity := func(typ, id string) map[string]any {
		return map[string]any{"entity_type": typ, "id": id, "can_send_message": "AVAILABLE"}
	}
	phone := entity("PHONE_NUMBER", n.PhoneNumberID)
	phone["can_send_message"] = can
	if reason != "" {
		phone["errors"] = []any{map[string]any{"error_code": 141006, "error_description": reason,
			"possible_solution": "Add business information in the Meta Business Manager."}}
	}
	writeJSON(w, http.StatusOK, map[string]any{"health_status": map[string]any{
		"can_send_message": can,
		"entities": []any{
			phone,
			entity("WABA", n.WABAID),
			entity("BUSINESS", "sim-business"),
			entity("APP", "sim-app"),
		},
	}})
}

// getWebhook answers the registered webhook, or 404 when none is set (clients
// in the wild treat that as "key valid, no webhook").
func (d *Dialog360) getWebhook(w http.ResponseWriter, _ *http.Request, n *number) {
	d.mu.Lock()
	has, u, hdrs := n.hasHook, n.hookURL, cloneHeaders(n.hookHdrs)
	d.mu.Unlock()
	if !has {
		writeD360Error(w, http.StatusNotFound, "Webhook URL is not set")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"url": u, "headers": hdrs})
}

// setWebhook stores url and headers, replacing the previous webhook.
func (d *Dialog360) setWebhook(w http.ResponseWriter, r *http.Request, n *number) {
	var body struct {
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
	}
	raw, err := readBody(r, maxJSONBody)
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil {
		writeD360Error(w, http.StatusBadRequest, "Invalid JSON body")
		return
	}
	u, err := url.Parse(body.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeD360Error(w, http.StatusBadRequest, "Invalid webhook url")
		return
	}
	if body.Headers == nil {
		body.Headers = map[string]string{}
	}
	d.mu.Lock()
	n.hasHook, n.hookURL, n.hookHdrs = true, body.URL, cloneHeaders(body.Headers)
	d.mu.Unlock()
	d.changed()
	writeJSON(w, http.StatusOK, map[string]any{"url": body.URL, "headers": body.Headers})
}

// Webhook returns what the module registered for apiKey ("" when nothing).
func (d *Dialog360) Webhook(apiKey string) (string, map[string]string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return "", nil
	}
	return n.hookURL, cloneHeaders(n.hookHdrs)
}

func cloneHeaders(h map[string]string) map[string]string {
	if h == nil {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

package sim

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// SentMessage is one POST /messages send the simulator received (mark-read
// bodies are recorded as ReadMarks instead).
type SentMessage struct {
	At   time.Time
	Body map[string]any
	// ErrorCode is the Meta error code of a refused send, 0 when accepted.
	ErrorCode int
	// HTTPStatus is what the simulator answered.
	HTTPStatus int
	// WAMID is the id given to an accepted send, "" when refused.
	WAMID string
}

// ReadMark is a business "mark as read" of a customer message.
type ReadMark struct {
	At        time.Time
	MessageID string
}

// Sent lists the sends received for apiKey, in order.
func (d *Dialog360) Sent(apiKey string) []SentMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil
	}
	out := make([]SentMessage, len(n.sent))
	for i, s := range n.sent {
		s.Body = cloneMap(s.Body)
		out[i] = s
	}
	return out
}

// WaitSent waits until at least n sends were received for apiKey.
func (d *Dialog360) WaitSent(ctx context.Context, apiKey string, n int) ([]SentMessage, error) {
	var got []SentMessage
	err := d.Wait(ctx, func() bool {
		got = d.Sent(apiKey)
		return len(got) >= n
	})
	return got, err
}

// ReadMarks lists the customer messages the business marked as read.
func (d *Dialog360) ReadMarks(apiKey string) []ReadMark {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil
	}
	return append([]ReadMark(nil), n.readMarks...)
}

// postMessages handles sends and mark-read bodies.
func (d *Dialog360) postMessages(w http.ResponseWriter, r *http.Request, n *number) {
	raw, err := readBody(r, maxJSONBody)
	var body map[string]any
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || body == nil {
		writeMetaError(w, http.StatusBadRequest, 100, "Request body is not a JSON object")
		return
	}
	if str(body, "messaging_product") != "whatsapp" {
		writeMetaError(w, http.StatusBadRequest, 100, "The parameter messaging_product is required and must be whatsapp")
		return
	}
	if str(body, "status") == "read" {
		d.markRead(w, body, n)
		return
	}

	d.mu.Lock()
	code, details := d.validateSend(n, body)
	status := http.StatusBadRequest
	if code == 0 && len(n.rejectNext) > 0 {
		rej := n.rejectNext[0]
		n.rejectNext = n.rejectNext[1:]
		status, code, details = rej.httpStatus, rej.code, "Injected rejection"
	}
	rec := SentMessage{At: d.now(), Body: body, ErrorCode: code, HTTPStatus: status}
	if code != 0 {
		n.sent = append(n.sent, rec)
		d.mu.Unlock()
		d.changed()
		writeMetaError(w, status, code, details)
		return
	}
	out := d.accept(n, body)
	rec.HTTPStatus, rec.WAMID = http.StatusOK, out.wamid
	n.sent = append(n.sent, rec)
	mode, num := n.mode, n.Number
	d.mu.Unlock()
	d.changed()

	resp := sendResponse(body, out)
	writeJSON(w, http.StatusOK, resp)
	d.scheduleStatuses(n.APIKey, num, out, mode)
}

// accept assigns a wamid and remembers the send for status webhooks; callers
// hold d.mu.
func (d *Dialog360) accept(n *number, body map[string]any) outbound {
	out := outbound{wamid: d.ids.wamid(), category: "service", bizData: str(body, "biz_opaque_callback_data")}
	to, recipient := str(body, "to"), str(body, "recipient")
	if to != "" {
		out.phone = to
		out.userID = n.customers[to].UserID
	} else {
		out.userID = recipient // sent to a BSUID: Meta leaves recipient_id out
	}
	if str(body, "type") == "template" {
		if tpl := findTemplate(n, obj(body, "template")); tpl != nil {
			out.category = strings.ToLower(str(tpl, "category"))
		}
	}
	if len(n.failNext) > 0 {
		out.failCode = n.failNext[0]
		n.failNext = n.failNext[1:]
	}
	n.outbound[out.wamid] = out
	return out
}

// sendResponse is Meta's answer to an accepted send.
func sendResponse(body map[string]any, out outbound) map[string]any {
	contact := map[string]any{}
	if to := str(body, "to"); to != "" {
		contact["input"], contact["wa_id"] = to, to
	} else {
		contact["input"] = str(body, "recipient")
	}
	if out.userID != "" {
		contact["user_id"] = out.userID
	}
	msg := map[string]any{"id": out.wamid}
	if str(body, "type") == "template" {
		msg["message_status"] = "accepted"
	}
	return map[string]any{"messaging_product": "whatsapp", "contacts": []any{contact}, "messages": []any{msg}}
}

// markRead handles {"status":"read","message_id":...}.
func (d *Dialog360) markRead(w http.ResponseWriter, body map[string]any, n *number) {
	id := str(body, "message_id")
	d.mu.Lock()
	known := n.inbound[id]
	if known {
		n.readMarks = append(n.readMarks, ReadMark{At: d.now(), MessageID: id})
	}
	d.mu.Unlock()
	if !known {
		writeMetaError(w, http.StatusBadRequest, 131009, "Invalid message_id")
		return
	}
	d.changed()
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// validateSend checks a send body like the Cloud API does and returns a Meta
// error code and details, or 0; callers hold d.mu.
func (d *Dialog360) validateSend(n *number, body map[string]any) (int, string) {
	if str(body, "to") == "" && str(body, "recipient") == "" {
		return 100, "The parameter to is required"
	}
	typ := str(body, "type")
	if typ == "" {
		typ = "text" // Meta's default type
	}
	if typ == "contacts" {
		if len(list(body, "contacts")) == 0 {
			return 100, "The parameter contacts is required"
		}
		return 0, ""
	}
	o := obj(body, typ)
	if o == nil {
		if !knownSendType(typ) {
			return 100, "Invalid parameter type: " + typ
		}
		return 100, "The parameter " + typ + " is required"
	}
	switch typ {
	case "text":
		b := str(o, "body")
		if b == "" {
			return 100, "The parameter text['body'] is required"
		}
		if utf8.RuneCountInString(b) > 4096 {
			return 100, "text['body'] is longer than 4096 characters"
		}
	case "image", "video", "audio", "document", "sticker":
		return checkMedia(n, typ, o)
	case "location":
		if _, ok := o["latitude"]; !ok {
			return 100, "The parameter location['latitude'] is required"
		}
		if _, ok := o["longitude"]; !ok {
			return 100, "The parameter location['longitude'] is required"
		}
	case "reaction":
		if str(o, "message_id") == "" {
			return 100, "The parameter reaction['message_id'] is required"
		}
	case "interactive":
		return checkInteractive(o)
	case "template":
		return checkTemplateSend(n, o)
	default:
		return 100, "Invalid parameter type: " + typ
	}
	return 0, ""
}

func knownSendType(t string) bool {
	switch t {
	case "text", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction", "interactive", "template":
		return true
	}
	return false
}

// checkMedia validates an outbound media object.
func checkMedia(n *number, typ string, o map[string]any) (int, string) {
	id, link := str(o, "id"), str(o, "link")
	if id == "" && link == "" {
		return 100, "The parameter " + typ + "['id'] or " + typ + "['link'] is required"
	}
	if id != "" {
		if md, ok := n.media[id]; !ok || md.deleted {
			return 131009, "Invalid media id"
		}
	}
	if typ == "audio" || typ == "sticker" {
		if _, ok := o["caption"]; ok {
			return 100, "The parameter caption is not allowed for " + typ
		}
	}
	if utf8.RuneCountInString(str(o, "caption")) > 1024 {
		return 100, "caption is longer than 1024 characters"
	}
	return 0, ""
}

// checkInteractive validates the interactive kinds the module sends.
func checkInteractive(o map[string]any) (int, string) {
	action := obj(o, "action")
	if str(obj(o, "body"), "text") == "" && str(o, "type") != "product" {
		return 100, "The parameter interactive['body']['text'] is required"
	}
	switch str(o, "type") {
	case "button":
		if b := len(list(action, "buttons")); b < 1 || b > 3 {
			return 100, "interactive buttons must have 1 to 3 buttons"
		}
	case "list":
		if len(list(action, "sections")) == 0 || str(action, "button") == "" {
			return 100, "interactive list needs action.button and sections"
		}
	case "cta_url":
		if str(obj(action, "parameters"), "url") == "" {
			return 100, "interactive cta_url needs action.parameters.url"
		}
	case "":
		return 100, "The parameter interactive['type'] is required"
	}
	return 0, ""
}

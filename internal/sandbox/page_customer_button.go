package sandbox

import (
	"net/http"

	"waba-transport/internal/sim"
)

// customerButtonIn is a tap on a business message's button.
type customerButtonIn struct {
	MessageID string `json:"message_id"`
	Kind      string `json:"kind"` // quick_reply, button_reply or list_reply
	ID        string `json:"id"`
	Title     string `json:"title"`
}

// handleCustomerButton makes the customer tap a button: a template's quick
// reply arrives as a "button" message with its payload, an interactive
// message's reply button or list row as an "interactive" reply; both answer
// (quote) the message that carried the button, as WhatsApp does.
func (p *page) handleCustomerButton(w http.ResponseWriter, r *http.Request) {
	var in customerButtonIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	it, found := p.businessMessage(in.MessageID)
	if !found {
		writeError(w, bad("message_id is not a business message on the phone"))
		return
	}
	var button *phoneButton
	for i, b := range it.Buttons {
		if b.Kind == in.Kind && b.Title == in.Title && (in.Kind == "quick_reply" || b.ID == in.ID) {
			button = &it.Buttons[i]
		}
	}
	if button == nil {
		writeError(w, bad("that message has no %q button %q", in.Kind, in.Title))
		return
	}
	var msg map[string]any
	if button.Kind == "quick_reply" {
		msg = map[string]any{"type": "button", "button": map[string]any{"text": button.Title, "payload": button.Payload}}
	} else {
		msg = map[string]any{"type": "interactive", "interactive": map[string]any{"type": button.Kind,
			button.Kind: map[string]any{"id": button.ID, "title": button.Title}}}
	}
	ok(w, p.customerSend(msg, 0, sim.ReplyTo(in.MessageID)))
}

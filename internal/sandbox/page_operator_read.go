package sandbox

import "net/http"

// operatorReadIn names the customer message the operator has seen.
type operatorReadIn struct {
	ExternalID string `json:"external_id"`
}

// handleOperatorRead makes the operator read a customer message (the page
// does it when the chat is open): MessageGateway posts message_read, and the
// module marks the message read at WhatsApp, so the customer sees blue ticks.
func (p *page) handleOperatorRead(w http.ResponseWriter, r *http.Request) {
	var in operatorReadIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	if !p.customerMessage(in.ExternalID) {
		writeError(w, bad("external_id is not a customer message of this chat"))
		return
	}
	if _, err := p.e.CRM.OperatorRead(p.e.ChannelID, in.ExternalID); err != nil {
		writeError(w, upstream(err))
		return
	}
	p.mu.Lock()
	p.opRead[in.ExternalID] = true
	p.mu.Unlock()
	ok(w, nil)
}

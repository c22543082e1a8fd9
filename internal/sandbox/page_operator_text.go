package sandbox

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"waba-transport/internal/sim"
)

// operatorTextIn is what the CRM chat's composer posts.
type operatorTextIn struct {
	Text  string `json:"text"`
	Quote string `json:"quote"` // external id of the message answered
}

// handleOperatorText makes the operator write in the chat, optionally
// quoting a message: MessageGateway posts message_sent to the module.
func (p *page) handleOperatorText(w http.ResponseWriter, r *http.Request) {
	var in operatorTextIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	text := strings.TrimSpace(in.Text)
	if text == "" || utf8.RuneCountInString(text) > maxText {
		writeError(w, bad("text is required and at most %d characters", maxText))
		return
	}
	opts := []sim.OpOpt{sim.ToCustomer(Customer.UserID)}
	if in.Quote != "" {
		if !p.quotable(in.Quote) {
			writeError(w, bad("quote is not a message of this chat"))
			return
		}
		opts = append(opts, sim.Quote(in.Quote))
	}
	out, err := operatorResult(p.e.CRM.OperatorSend(p.e.ChannelID, p.chat(), text, opts...))
	if err != nil {
		writeError(w, err)
		return
	}
	ok(w, out)
}

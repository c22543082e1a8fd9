package sandbox

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// customerReactionIn is the customer's reaction to a business message.
type customerReactionIn struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// handleCustomerReaction makes the customer react to a message the business
// sent (the page offers the last one).
func (p *page) handleCustomerReaction(w http.ResponseWriter, r *http.Request) {
	var in customerReactionIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	emoji := strings.TrimSpace(in.Emoji)
	if emoji == "" || utf8.RuneCountInString(emoji) > 8 {
		writeError(w, bad("emoji is required (one emoji)"))
		return
	}
	if _, found := p.businessMessage(in.MessageID); !found {
		writeError(w, bad("message_id is not a business message on the phone"))
		return
	}
	ok(w, p.customerSend(map[string]any{"type": "reaction",
		"reaction": map[string]any{"message_id": in.MessageID, "emoji": emoji}}, 0))
}

package sandbox

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// maxText is WhatsApp's limit for a text message.
const maxText = 4096

// customerTextIn is what the phone's composer posts.
type customerTextIn struct {
	Text     string  `json:"text"`
	AgeHours float64 `json:"age_hours"`
}

// handleCustomerText makes the customer write a text message.
func (p *page) handleCustomerText(w http.ResponseWriter, r *http.Request) {
	var in customerTextIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	text := strings.TrimSpace(in.Text)
	if text == "" || utf8.RuneCountInString(text) > maxText {
		writeError(w, bad("text is required and at most %d characters", maxText))
		return
	}
	a, err := age(in.AgeHours)
	if err != nil {
		writeError(w, err)
		return
	}
	ok(w, p.customerSend(map[string]any{"type": "text", "text": map[string]any{"body": text}}, a))
}

package sandbox

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"waba-transport/internal/sim"
)

// operatorImageIn is the operator's picture: always the built-in sample.
type operatorImageIn struct {
	Caption string `json:"caption"`
}

// handleOperatorImage makes the operator send the sample picture: it is
// stored in MessageGateway's files and announced to the module, which moves
// it to WhatsApp.
func (p *page) handleOperatorImage(w http.ResponseWriter, r *http.Request) {
	var in operatorImageIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	caption := strings.TrimSpace(in.Caption)
	if utf8.RuneCountInString(caption) > 1024 {
		writeError(w, bad("caption is at most 1024 characters"))
		return
	}
	f := sim.FileSend{Caption: caption, Data: sampleImage(), MIME: "image/png", Name: "sample.png"}
	out, err := operatorResult(p.e.CRM.OperatorSendFile(p.e.ChannelID, p.chat(), f, sim.ToCustomer(Customer.UserID)))
	if err != nil {
		writeError(w, err)
		return
	}
	ok(w, out)
}

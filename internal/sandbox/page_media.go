package sandbox

import (
	"net/http"
	"strconv"
)

// handleMedia serves a file of the simulated 360dialog's media store (what
// the customer sent, or what the module uploaded to send), for the phone.
func (p *page) handleMedia(w http.ResponseWriter, r *http.Request) {
	m, found := p.e.D360.Media(D360Key, r.PathValue("id"))
	if !found {
		var out apiError
		out.Error.Code, out.Error.Message = "not_found", "no such media"
		writeJSON(w, http.StatusNotFound, out)
		return
	}
	w.Header().Set("Content-Type", m.MIME)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.Data)))
	_, _ = w.Write(m.Data)
}

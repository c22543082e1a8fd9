package sandbox

import "net/http"

// controlMGIn takes MessageGateway down or brings it back.
type controlMGIn struct {
	Down *bool `json:"down"`
}

// handleControlMG makes the simulated MessageGateway answer 503 to the
// module (or serve again). The module keeps every customer message and
// status in its database and delivers them, in order, when it is back.
func (p *page) handleControlMG(w http.ResponseWriter, r *http.Request) {
	var in controlMGIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	if in.Down == nil {
		writeError(w, bad("down (true or false) is required"))
		return
	}
	p.e.CRM.SetDown(*in.Down)
	ok(w, nil)
}

package sandbox

import "net/http"

// controlFailIn makes 360dialog fail the next sends.
type controlFailIn struct {
	Count int    `json:"count"`
	Code  int    `json:"code"`
	Mode  string `json:"mode"` // "status": accepted, then a failed status webhook; "reject": refused at once
}

// handleControlFail makes the simulated 360dialog fail the next sends with a
// WhatsApp error code, either the way most failures arrive (the send is
// accepted and a "failed" status webhook follows) or as a refusal of the
// send itself.
func (p *page) handleControlFail(w http.ResponseWriter, r *http.Request) {
	var in controlFailIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	switch {
	case in.Count < 1 || in.Count > 10:
		writeError(w, bad("count must be 1 to 10"))
		return
	case in.Code < 1 || in.Code > 999999:
		writeError(w, bad("code must be a WhatsApp error code, e.g. 131026"))
		return
	}
	switch in.Mode {
	case "status":
		p.e.D360.FailNextSends(D360Key, in.Count, in.Code)
	case "reject":
		p.e.D360.RejectNextSends(D360Key, in.Count, rejectStatus(in.Code), in.Code)
	default:
		writeError(w, bad(`mode must be "status" or "reject"`))
		return
	}
	ok(w, nil)
}

// rejectStatus is the HTTP status Meta answers a refused send with.
func rejectStatus(code int) int {
	switch code {
	case 130429, 131056, 4, 80007:
		return http.StatusTooManyRequests
	case 1, 2, 131000, 131016, 131057:
		return http.StatusInternalServerError
	case 190, 401:
		return http.StatusUnauthorized
	}
	return http.StatusBadRequest
}

package sandbox

import "net/http"

// handleControlSync loads the number's approved templates into the CRM chat
// now, as the settings page's "sync now" does, instead of waiting for the
// periodic sync (body: {}).
func (p *page) handleControlSync(w http.ResponseWriter, r *http.Request) {
	var in struct{}
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	if err := p.e.App.Templates.SyncNow(r.Context(), p.e.ClientID, p.e.AccountID); err != nil {
		writeError(w, upstream(err))
		return
	}
	ok(w, nil)
}

package web

import (
	"net/http"

	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// handleAPIMessageShow returns the trail of one message of a number, found by
// its MessageGateway id (digits) or any of its WhatsApp ids:
// GET .../accounts/{id}/messages/{ref} -> 200 {direction, mg_message_id,
// wamids, state, error_code, events}; an unknown ref is a 404.
func handleAPIMessageShow(u *ui, msgs Messages) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		ref := r.PathValue("ref")
		if ref == "" || len(ref) > maxRef {
			u.writeError(w, r, problem.New(problem.NotFound, "relay.message_not_found"))
			return
		}
		t, err := msgs.Trail(r.Context(), r.PathValue("clientID"), id, ref)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if t.WAMIDs == nil {
			t.WAMIDs = []string{}
		}
		if t.Events == nil {
			t.Events = []store.Event{}
		}
		writeJSON(w, http.StatusOK, t)
	})
}

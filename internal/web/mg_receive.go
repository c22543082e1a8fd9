package web

import "net/http"

// handleMGReceive takes a MessageGateway callback (a message sent by an
// operator, a template change...). The client id comes from the URL we
// register (/webhooks/mg/{clientID}); MessageGateway's own Clientid header
// is the fallback. The reply is MG.Handle's value with 200.
func handleMGReceive(u *ui, mg MGWebhook) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clientID := r.PathValue("clientID")
		if clientID == "" {
			clientID = r.Header.Get("Clientid")
		}
		body, err := readBody(w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		reply, err := mg.Handle(r.Context(), clientID, body)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if reply == nil {
			reply = struct{}{}
		}
		writeJSON(w, http.StatusOK, reply)
	})
}

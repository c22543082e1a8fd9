package web

import "net/http"

// secretHeader carries an account's webhook secret; this service asks
// 360dialog to send it with every callback when it registers the URL.
const secretHeader = "X-Waba-Secret"

// handleDialog360Receive takes a 360dialog callback for one account:
// 200 {} when accepted; 401 for a wrong secret, 413 over 1 MiB.
func handleDialog360Receive(u *ui, inbound InboundWebhook) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if err := inbound.Accept(r.Context(), r.PathValue("accountRef"), r.Header.Get(secretHeader), body); err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, struct{}{})
	})
}

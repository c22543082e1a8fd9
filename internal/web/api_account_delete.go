package web

import "net/http"

// handleAPIAccountDelete removes a number: DELETE -> 204.
func handleAPIAccountDelete(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if err := accounts.RemoveAccount(r.Context(), r.PathValue("clientID"), id); err != nil {
			u.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

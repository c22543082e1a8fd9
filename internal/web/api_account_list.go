package web

import (
	"net/http"

	"waba-transport/internal/account"
)

// handleAPIAccountList lists a connection's numbers: 200 [...], never null.
func handleAPIAccountList(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		list, err := accounts.Accounts(r.Context(), r.PathValue("clientID"))
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if list == nil {
			list = []account.Account{}
		}
		writeJSON(w, http.StatusOK, list)
	})
}

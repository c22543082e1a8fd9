package web

import "net/http"

// rekeyInput is the body of PUT .../accounts/{id}/key.
type rekeyInput struct {
	APIKey string `json:"api_key"`
}

// handleAPIAccountRekey replaces a number's 360dialog key:
// PUT {"api_key"} -> 200 with the account.
func handleAPIAccountRekey(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		in, err := decodeJSON[rekeyInput](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		a, err := accounts.RekeyAccount(r.Context(), r.PathValue("clientID"), id, in.APIKey)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, a)
	})
}

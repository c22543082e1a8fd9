package web

import (
	"net/http"

	"waba-transport/internal/account"
)

// handleAPIAccountCreate adds a number:
// POST {"api_key","name"} -> 201 {"id","channel_id",...}.
func handleAPIAccountCreate(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := decodeJSON[account.AddInput](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		a, err := accounts.AddAccount(r.Context(), r.PathValue("clientID"), in)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, a)
	})
}

package web

import (
	"net/http"

	"waba-transport/internal/account"
)

// handleAPIConnectionCreate connects a CRM:
// POST {"crm_url","api_key"} -> 201 {"client_id","settings_url"}.
func handleAPIConnectionCreate(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := decodeJSON[account.ConnectInput](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		in.Lang = apiLang(r)
		c, err := accounts.Connect(r.Context(), in)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, c)
	})
}

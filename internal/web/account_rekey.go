package web

import (
	"net/http"
	"strings"
)

// handleAccountRekey replaces a number's 360dialog API key (after the
// merchant rotated it at 360dialog). After a failure the number's
// replace-key form stays open.
func handleAccountRekey(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		clientID := r.PathValue("clientID")
		id, err := accountID(r)
		if err != nil {
			u.settingsFailed(w, r, accounts, err, nil)
			return
		}
		if _, err := accounts.RekeyAccount(r.Context(), clientID, id, strings.TrimSpace(r.PostForm.Get("api_key"))); err != nil {
			u.settingsFailed(w, r, accounts, err, func(p *page) { p.RekeyOpen = id })
			return
		}
		http.Redirect(w, r, settingsPath(clientID, "key_replaced"), http.StatusSeeOther)
	})
}

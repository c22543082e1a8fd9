package web

import (
	"net/http"
	"strings"

	"waba-transport/internal/account"
)

// handleAccountAdd adds a WhatsApp number from the settings page's form.
// The entered name is kept after a failure; the key is not.
func handleAccountAdd(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		clientID := r.PathValue("clientID")
		name := strings.TrimSpace(r.PostForm.Get("name"))
		_, err := accounts.AddAccount(r.Context(), clientID, account.AddInput{
			APIKey: strings.TrimSpace(r.PostForm.Get("api_key")),
			Name:   name,
		})
		if err != nil {
			u.settingsFailed(w, r, accounts, err, func(p *page) { p.AddName = name })
			return
		}
		http.Redirect(w, r, settingsPath(clientID, "account_added"), http.StatusSeeOther)
	})
}

package web

import (
	"net/http"

	"waba-transport/internal/problem"
)

// handleAccountRemove removes a number. Removal needs confirm=yes: the
// page's script sets it after a confirm() dialog; without script (or where
// the CRM's iframe blocks dialogs) the first post shows a confirmation box
// whose button posts again with confirm=yes.
func handleAccountRemove(u *ui, accounts Accounts) http.Handler {
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
		if r.PostForm.Get("confirm") != "yes" {
			askRemoval(u, w, r, accounts, id)
			return
		}
		if err := accounts.RemoveAccount(r.Context(), clientID, id); err != nil {
			u.settingsFailed(w, r, accounts, err, nil)
			return
		}
		http.Redirect(w, r, settingsPath(clientID, "account_removed"), http.StatusSeeOther)
	})
}

// askRemoval shows the settings page with the confirmation box for id.
func askRemoval(u *ui, w http.ResponseWriter, r *http.Request, accounts Accounts, id int64) {
	p, err := loadSettings(r, accounts, r.PathValue("clientID"))
	if err != nil {
		u.writeError(w, r, err)
		return
	}
	p.Lang, _ = pickLang(r, p.Conn.Lang)
	p.Confirm = findAccount(p.Accounts, id)
	if p.Confirm == nil {
		v := u.judge(r, problem.New(problem.NotFound, "error.not_found"), p.Lang)
		p.Error = v.Message
		u.renderSettings(w, r, v.Status, p)
		return
	}
	u.renderSettings(w, r, http.StatusOK, p)
}

package web

import (
	"net/http"

	"waba-transport/internal/problem"
)

// handleAccountCheck checks a number at 360dialog now (the settings page's
// "Check now") and returns to the page, whose badge shows the result. The
// health check takes only the number's id, so the number must first be
// found among the connection's own: another connection's number is a 404
// and is not checked.
func handleAccountCheck(u *ui, accounts Accounts, health HealthCheck) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		clientID := r.PathValue("clientID")
		id, err := accountID(r)
		if err == nil {
			list, lerr := accounts.Accounts(r.Context(), clientID)
			switch {
			case lerr != nil:
				err = lerr
			case findAccount(list, id) == nil:
				err = problem.New(problem.NotFound, "account.not_found")
			}
		}
		if err == nil {
			err = health.CheckHealth(r.Context(), id)
		}
		if err != nil {
			u.settingsFailed(w, r, accounts, err, nil)
			return
		}
		http.Redirect(w, r, settingsPath(clientID, "health_checked"), http.StatusSeeOther)
	})
}

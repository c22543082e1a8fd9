package web

import "net/http"

// handleTemplateSync starts a template sync of a number from the settings
// page ("Sync templates now") and returns there; the number's sync line
// shows the progress.
func handleTemplateSync(u *ui, accounts Accounts, sync TemplateSync) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		clientID := r.PathValue("clientID")
		id, err := accountID(r)
		if err == nil {
			err = sync.SyncNow(r.Context(), clientID, id)
		}
		if err != nil {
			u.settingsFailed(w, r, accounts, err, nil)
			return
		}
		http.Redirect(w, r, settingsPath(clientID, "templates_sync"), http.StatusSeeOther)
	})
}

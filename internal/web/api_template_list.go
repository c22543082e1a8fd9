package web

import "net/http"

// handleAPITemplateList lists a number's templates and drafts, with live
// statuses from 360dialog: 200 [{"name","language","status","color",...}].
// When 360dialog cannot be asked the call fails rather than answer a list
// that silently lacks the submitted templates.
func handleAPITemplateList(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		l, err := tm.List(r.Context(), r.PathValue("clientID"), id)
		if err == nil {
			err = l.Remote
		}
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, l.Entries)
	})
}

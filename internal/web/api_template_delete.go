package web

import "net/http"

// handleAPITemplateDelete deletes a template name in all its languages, at
// 360dialog and among the drafts: DELETE -> 204.
func handleAPITemplateDelete(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if err := tm.Delete(r.Context(), r.PathValue("clientID"), id, r.PathValue("name")); err != nil {
			u.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

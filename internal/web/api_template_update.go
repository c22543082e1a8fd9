package web

import (
	"net/http"

	"waba-transport/internal/template"
)

// handleAPITemplateUpdate replaces a draft: PUT a template.Draft as JSON ->
// 200 with the draft and its remaining issues, as on creation.
func handleAPITemplateUpdate(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		did, err := draftID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		d, err := decodeJSON[template.Draft](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		s, err := tm.Save(r.Context(), r.PathValue("clientID"), id, did, d)
		if err != nil {
			u.tplAPIError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, u.apiDraft(r, s))
	})
}

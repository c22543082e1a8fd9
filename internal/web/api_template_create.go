package web

import (
	"net/http"

	"waba-transport/internal/template"
)

// handleAPITemplateCreate saves a draft: POST a template.Draft as JSON ->
// 201 {"id","status":"draft","template",...,"issues":[...]}. A draft may
// still have issues (listed, with messages in the Accept-Language); a name
// or language it cannot be stored under is a 422 with the issues.
func handleAPITemplateCreate(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		d, err := decodeJSON[template.Draft](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		s, err := tm.Save(r.Context(), r.PathValue("clientID"), id, 0, d)
		if err != nil {
			u.tplAPIError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, u.apiDraft(r, s))
	})
}

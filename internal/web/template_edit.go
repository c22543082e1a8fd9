package web

import "net/http"

// handleTemplateEdit shows a saved draft in the editor, with the issues
// that still keep it from being submitted.
func handleTemplateEdit(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.tplLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		id, err := draftID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		s, err := tm.Draft(r.Context(), p.ClientID, p.Tpl.Account.ID, id)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		u.tplShowForm(w, r, p, http.StatusOK, s.ID, s.Template, s.Issues)
	})
}

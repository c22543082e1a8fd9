package web

import (
	"net/http"
	"strings"
)

// handleTemplateCopy copies one language of a template under a new name, as
// a draft, and opens it in the editor.
func handleTemplateCopy(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		p, err := u.tplLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		f := r.PostForm
		s, err := tm.Copy(r.Context(), p.ClientID, p.Tpl.Account.ID, f.Get("name"), f.Get("language"),
			strings.TrimSpace(f.Get("new_name")))
		if err != nil {
			u.tplListFailed(w, r, tm, p, err)
			return
		}
		http.Redirect(w, r, p.Tpl.Base+"/drafts/"+itoa(s.ID)+"?done=copied", http.StatusSeeOther)
	})
}

package web

import (
	"net/http"
	"strings"
)

// handleTemplateTranslate adds a language to a template: a draft in the new
// language, prefilled with the texts of an existing one, opened in the
// editor for the merchant to translate.
func handleTemplateTranslate(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
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
		s, err := tm.AddLanguage(r.Context(), p.ClientID, p.Tpl.Account.ID, f.Get("name"), f.Get("language"),
			strings.TrimSpace(f.Get("new_language")))
		if err != nil {
			u.tplListFailed(w, r, tm, p, err)
			return
		}
		http.Redirect(w, r, p.Tpl.Base+"/drafts/"+itoa(s.ID)+"?done=translated", http.StatusSeeOther)
	})
}

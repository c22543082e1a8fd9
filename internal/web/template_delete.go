package web

import "net/http"

// handleTemplateDelete deletes a template name in all its languages, as
// 360dialog does. It needs confirm=yes: the page's script sets it after a
// confirm() dialog; without script (or where the CRM's iframe blocks
// dialogs) the first post shows a confirmation box whose button posts again.
func handleTemplateDelete(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
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
		name := r.PostForm.Get("name")
		if r.PostForm.Get("confirm") != "yes" {
			p.Tpl.Confirm = name
			p.LangPath = p.Tpl.Base
			u.tplShowList(w, r, tm, p, http.StatusOK, "", "")
			return
		}
		if err := tm.Delete(r.Context(), p.ClientID, p.Tpl.Account.ID, name); err != nil {
			u.tplListFailed(w, r, tm, p, err)
			return
		}
		http.Redirect(w, r, p.Tpl.Base+"?done=deleted", http.StatusSeeOther)
	})
}

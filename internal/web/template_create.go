package web

import "net/http"

// handleTemplateCreate saves the editor's new template as a draft, and
// submits it for review when the merchant pressed "Submit".
func handleTemplateCreate(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.tplPost(w, r, accounts, tm, 0)
	})
}

package web

import "net/http"

// handleConnectShow shows the connect form: CRM address and CRM API key.
func handleConnectShow(u *ui) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, explicit := pickLang(r, "")
		if explicit {
			u.setLangCookie(w, lang)
		}
		u.render(w, r, http.StatusOK, "connect", &page{Lang: lang, TitleKey: "web.connect.title"}, anyAncestor)
	})
}

package web

import (
	"net/http"
	"net/url"
	"strings"

	"waba-transport/internal/account"
)

// handleConnectSave connects a CRM from the connect form and sends the
// merchant (303) to the new connection's settings page. On failure the form is
// shown again with the reason and the CRM address kept; the key is never
// echoed back into the page.
func handleConnectSave(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		lang, _ := pickLang(r, "")
		crmURL := strings.TrimSpace(r.PostForm.Get("crm_url"))
		c, err := accounts.Connect(r.Context(), account.ConnectInput{
			CRMURL: crmURL,
			APIKey: strings.TrimSpace(r.PostForm.Get("api_key")),
			Lang:   lang,
		})
		if err != nil {
			v := u.judge(r, err, lang)
			u.render(w, r, v.Status, "connect", &page{Lang: lang, TitleKey: "web.connect.title", Error: v.Message, CRMURL: crmURL}, anyAncestor)
			return
		}
		http.Redirect(w, r, settingsPath(c.ClientID, "connected"), http.StatusSeeOther)
	})
}

// settingsPath is a connection's settings page, relative to this service:
// the form was posted to this origin, so the same origin is always right,
// even when the public URL names a proxy.
func settingsPath(clientID, done string) string {
	p := "/settings/" + url.PathEscape(clientID)
	if done != "" {
		p += "?" + url.Values{"done": {done}}.Encode()
	}
	return p
}

package web

import (
	"net/http"

	"waba-transport/internal/account"
)

// flashKeys maps the ?done= marker of a redirect to its message. Only these
// values show anything, so a link cannot put arbitrary text on the page.
var flashKeys = map[string]string{
	"connected":       "web.flash.connected",
	"account_added":   "web.flash.account_added",
	"account_removed": "web.flash.account_removed",
	"key_replaced":    "web.flash.key_replaced",
	"health_checked":  "web.flash.health_checked",
}

// handleSettingsShow shows a connection: its CRM, its WhatsApp numbers and
// the forms to add, re-key and remove numbers. A language picked with the
// switcher is saved on the connection, so the next visit (and the CRM's
// iframe, where cookies may be blocked) keeps it.
func handleSettingsShow(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clientID := r.PathValue("clientID")
		p, err := loadSettings(r, accounts, clientID)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		lang, explicit := pickLang(r, p.Conn.Lang)
		if explicit {
			u.setLangCookie(w, lang)
			if lang != p.Conn.Lang {
				if err := accounts.SetLanguage(r.Context(), clientID, lang); err != nil {
					// The page still shows in the picked language; only
					// remembering it failed.
					u.judge(r, err, lang)
				}
			}
		}
		p.Lang = lang
		if key, ok := flashKeys[r.URL.Query().Get("done")]; ok {
			p.Flash = u.cat.T(lang, key, nil)
		}
		u.renderSettings(w, r, http.StatusOK, p)
	})
}

// loadSettings reads what the settings page shows. The page language is not
// set yet: it depends on the connection.
func loadSettings(r *http.Request, accounts Accounts, clientID string) (*page, error) {
	conn, err := accounts.Connection(r.Context(), clientID)
	if err != nil {
		return nil, err
	}
	list, err := accounts.Accounts(r.Context(), clientID)
	if err != nil {
		return nil, err
	}
	return &page{TitleKey: "web.settings.title", ClientID: clientID, Conn: conn, Accounts: list}, nil
}

// renderSettings writes the settings page, embeddable only by the
// connection's CRM.
func (u *ui) renderSettings(w http.ResponseWriter, r *http.Request, status int, p *page) {
	u.render(w, r, status, "settings", p, frameAncestorsFor(p.Conn.CRMURL))
}

// settingsFailed shows the settings page again after a failed form post,
// with the localized reason. When the page itself cannot be loaded (e.g. an
// unknown client id) the error page is shown instead.
func (u *ui) settingsFailed(w http.ResponseWriter, r *http.Request, accounts Accounts, err error, keep func(*page)) {
	clientID := r.PathValue("clientID")
	p, lerr := loadSettings(r, accounts, clientID)
	if lerr != nil {
		u.writeError(w, r, lerr)
		return
	}
	p.Lang, _ = pickLang(r, p.Conn.Lang)
	v := u.judge(r, err, p.Lang)
	p.Error = v.Message
	if keep != nil {
		keep(p)
	}
	u.renderSettings(w, r, v.Status, p)
}

// findAccount returns the account with id from the list, or nil.
func findAccount(list []account.Account, id int64) *account.Account {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

package web

import (
	"net/http"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// numberPage is what every page about one of a connection's numbers starts
// from: the connection, the number and the page language.
type numberPage struct {
	clientID string
	conn     account.Connection
	acc      account.Account
	lang     string
}

// loadNumberPage authenticates the page's connection, finds its number {id}
// (unknown: NotFound with notFoundKey) and picks the page language; a
// language picked with the switcher is remembered, as on the settings page.
// Forms must be parsed before.
func (u *ui) loadNumberPage(w http.ResponseWriter, r *http.Request, accounts Accounts, notFoundKey string) (numberPage, error) {
	clientID := r.PathValue("clientID")
	id, err := accountID(r)
	if err != nil {
		return numberPage{}, err
	}
	conn, err := accounts.Connection(r.Context(), clientID)
	if err != nil {
		return numberPage{}, err
	}
	list, err := accounts.Accounts(r.Context(), clientID)
	if err != nil {
		return numberPage{}, err
	}
	acc := findAccount(list, id)
	if acc == nil {
		return numberPage{}, problem.New(problem.NotFound, notFoundKey)
	}
	lang, explicit := pickLang(r, conn.Lang)
	if explicit && r.Method == http.MethodGet {
		u.setLangCookie(w, lang)
		if lang != conn.Lang {
			if err := accounts.SetLanguage(r.Context(), clientID, lang); err != nil {
				u.judge(r, err, lang) // the page still shows in the picked language
			}
		}
	}
	return numberPage{clientID: clientID, conn: conn, acc: *acc, lang: lang}, nil
}

package web

import (
	"net/http"

	"waba-transport/internal/authoring"
)

// handleTemplateList shows a number's templates: each name with its
// languages, a status colour per language (read live from 360dialog) and
// the drafts saved here, with a status filter and a name search.
func handleTemplateList(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.tplLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		q := r.URL.Query()
		u.tplShowList(w, r, tm, p, http.StatusOK, q.Get("status"), q.Get("q"))
	})
}

// tplShowList renders the list on p with status (after a failed action, p
// already holds its error).
func (u *ui) tplShowList(w http.ResponseWriter, r *http.Request, tm TemplateManager, p *page, status int, filter, query string) {
	l, err := tm.List(r.Context(), p.ClientID, p.Tpl.Account.ID)
	if err != nil {
		u.writeError(w, r, err)
		return
	}
	if l.Remote != nil {
		p.Tpl.Remote = u.judge(r, l.Remote, p.Lang).Message
	}
	t := p.Tpl
	t.Total, t.Filter, t.Query = len(authoring.GroupByName(l.Entries)), filter, query
	t.Groups = authoring.GroupByName(authoring.Filter(l.Entries, filter, query))
	for _, f := range authoring.Filters {
		t.Filters = append(t.Filters, f.Value)
	}
	u.renderTpl(w, r, status, "template_list", p)
}

// tplListFailed shows the list again after a failed action, with the
// reason and, for a refused name or language, what to change.
func (u *ui) tplListFailed(w http.ResponseWriter, r *http.Request, tm TemplateManager, p *page, err error) {
	v := u.judge(r, err, p.Lang)
	p.Error = v.Message
	for _, is := range u.localIssues(p.Lang, authoring.IssuesOf(err)) {
		p.Error += " " + is.Message
	}
	p.LangPath = p.Tpl.Base
	u.tplShowList(w, r, tm, p, v.Status, "", "")
}

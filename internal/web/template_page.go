package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"waba-transport/internal/account"
	"waba-transport/internal/authoring"
	"waba-transport/internal/problem"
	"waba-transport/internal/template"
)

// tplFlashKeys maps the ?done= marker of the template manager's redirects
// (and of the settings page's sync button) to its message.
var tplFlashKeys = map[string]string{
	"draft_saved":    "authoring.flash.draft_saved",
	"submitted":      "authoring.flash.submitted",
	"deleted":        "authoring.flash.deleted",
	"copied":         "authoring.flash.copied",
	"translated":     "authoring.flash.translated",
	"templates_sync": "authoring.flash.sync_started",
}

// tplContext is what the settings page's template lines need while the page
// renders: the request's context and the sync service.
type tplContext struct {
	ctx    context.Context
	sync   TemplateSync
	assets map[string]string
}

// tplRender prepares any page for the template manager's parts: the
// settings page's links and sync lines, and the manager's own flashes.
func (u *ui) tplRender(r *http.Request, p *page) {
	p.TemplatesOn = u.templatesOn
	p.tplCtx = tplContext{ctx: r.Context(), sync: u.sync, assets: u.assets}
	if p.Flash == "" && r.Method == http.MethodGet {
		if key, ok := tplFlashKeys[r.URL.Query().Get("done")]; ok {
			p.Flash = u.cat.T(p.Lang, key, nil)
		}
	}
}

// Asset is the URL of an embedded static file, with its content hash.
func (p *page) Asset(name string) string { return p.tplCtx.assets[name] }

// SyncOn reports whether the settings page offers a template sync.
func (p *page) SyncOn() bool { return p.tplCtx.sync != nil }

// syncLine is what the settings page says about a number's last sync.
type syncLine struct {
	Text            string
	Failed, Pending bool
}

// SyncOf describes the last template sync of a number, or nil when there is
// no sync service or it cannot tell (the page then shows nothing).
func (p *page) SyncOf(accountID int64) *syncLine {
	if p.tplCtx.sync == nil {
		return nil
	}
	st, err := p.tplCtx.sync.SyncStatus(p.tplCtx.ctx, p.ClientID, accountID)
	if err != nil {
		return nil
	}
	switch {
	case st.Pending:
		return &syncLine{Text: p.T("authoring.settings.sync_pending"), Pending: true}
	case st.At == nil:
		return &syncLine{Text: p.T("authoring.settings.sync_never")}
	case !st.OK:
		return &syncLine{Text: p.T("authoring.settings.sync_failed", "At", p.When(st.At), "Error", p.Msg(st.Error)), Failed: true}
	}
	return &syncLine{Text: p.T("authoring.settings.sync_ok", "At", p.When(st.At), "Approved", st.Approved)}
}

// StatusName names a template status in the page language; statuses this
// module has no word for are shown as 360dialog wrote them.
func (p *page) StatusName(s string) string {
	if key := "authoring.status." + s; p.cat.Has(key) {
		return p.T(key)
	}
	return s
}

// Category names a template category in the page language.
func (p *page) Category(c string) string {
	if key := "authoring.category." + c; p.cat.Has(key) {
		return p.T(key)
	}
	return c
}

// tplPage is the data of the template manager's pages.
type tplPage struct {
	Account   account.Account
	Base      string // the list's path: /settings/{clientID}/accounts/{id}/templates
	Settings  string // the settings page's path
	Languages []langOption

	// list
	Groups  []authoring.Group
	Total   int    // entries before filtering
	Filter  string // status filter
	Query   string // name search
	Filters []string
	Remote  string // why 360dialog's list is missing, localized
	Confirm string // a name waiting for the deletion to be confirmed

	// create and edit form
	Form *tplForm
}

// langOption is one template language in a picker, named in the page language.
type langOption struct{ Code, Label string }

// templateLanguages names Meta's template languages in lang.
func templateLanguages(lang string) []langOption {
	names := display.Tags(language.Make(lang))
	codes := template.Languages()
	out := make([]langOption, len(codes))
	for i, c := range codes {
		label := c
		if n := names.Name(language.Make(strings.ReplaceAll(c, "_", "-"))); n != "" {
			label = n + " · " + c
		}
		out[i] = langOption{Code: c, Label: label}
	}
	return out
}

// tplBase is the path of a number's template list.
func tplBase(clientID string, accountID int64) string {
	return "/settings/" + url.PathEscape(clientID) + "/accounts/" + strconv.FormatInt(accountID, 10) + "/templates"
}

// tplLoad loads a template manager page of a number (see loadNumberPage).
func (u *ui) tplLoad(w http.ResponseWriter, r *http.Request, accounts Accounts) (*page, error) {
	np, err := u.loadNumberPage(w, r, accounts, "authoring.account_not_found")
	if err != nil {
		return nil, err
	}
	clientID, conn, acc, lang := np.clientID, np.conn, &np.acc, np.lang
	id := acc.ID
	base := tplBase(clientID, id)
	return &page{
		Lang: lang, TitleKey: "authoring.title", ClientID: clientID, Conn: conn, LangPath: r.URL.EscapedPath(),
		Tpl: &tplPage{Account: *acc, Base: base, Settings: settingsPath(clientID, ""), Languages: templateLanguages(lang)},
	}, nil
}

// renderTpl writes a template manager page, embeddable by the connection's CRM.
func (u *ui) renderTpl(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	u.render(w, r, status, name, p, frameAncestorsFor(p.Conn.CRMURL))
}

// tplGate returns a route wrapper that keeps a handler when on, and
// otherwise answers 404: the template manager and the sync are optional.
func tplGate(u *ui, on bool) func(http.Handler) http.Handler {
	off := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.writeError(w, r, problem.New(problem.NotFound, "error.not_found"))
	})
	return func(h http.Handler) http.Handler {
		if !on {
			return off
		}
		return h
	}
}

// localIssue is a validation issue with its message in the page language.
type localIssue struct {
	Field   string `json:"field"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// localIssues translates issues into lang.
func (u *ui) localIssues(lang string, issues []template.Issue) []localIssue {
	out := make([]localIssue, len(issues))
	for i, is := range issues {
		out[i] = localIssue{Field: is.Field, Key: is.Key, Message: u.cat.T(lang, is.Key, is.Args)}
	}
	return out
}

// draftID reads the {draftID} path value; a malformed id names no draft.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("draftID"), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem.New(problem.NotFound, "authoring.draft_not_found")
	}
	return id, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TplCategories are the categories a new template may have.
func (p *page) TplCategories() []string {
	return []string{template.CategoryMarketing, template.CategoryUtility, template.CategoryAuthentication}
}

// TplHeaderFormats are the header formats the editor offers.
func (p *page) TplHeaderFormats() []string {
	return []string{template.HeaderText, template.HeaderImage, template.HeaderVideo, template.HeaderDocument,
		template.HeaderLocation}
}

// TplButtonTypes are the button types the editor offers.
func (p *page) TplButtonTypes() []string { return buttonField{}.Types() }

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/locale"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames lists the pages; each is parsed together with layout.html.
var pageNames = []string{"connect", "settings", "error", "template_list", "template_form", "message_trail"}

// langLabels are the switcher's entries in the order the product shows them
// (ES, EN, RU, PT). Names are endonyms, so they need no translation.
var langLabels = []struct{ Code, Label, Name string }{
	{"es", "ES", "Español"},
	{"en", "EN", "English"},
	{"ru", "RU", "Русский"},
	{"pt", "PT", "Português"},
}

// ui holds what every handler needs to answer a person or a program:
// templates, messages, the logger and the cookie policy. It is built once in
// NewServer and passed to the handler makers.
type ui struct {
	log          *slog.Logger
	cat          *locale.Catalog
	pages        map[string]*template.Template
	secureCookie bool
	assets       map[string]string // file name -> URL with content hash
	templatesOn  bool              // the template manager is on (Deps.Templates)
	sync         TemplateSync      // nil: no template sync on the settings page
	messagesOn   bool              // the message trail is on (Deps.Messages)
	healthOn     bool              // the health check button is on (Deps.Health)
}

func newUI(log *slog.Logger, cat *locale.Catalog, publicURL string) *ui {
	if cat == nil {
		panic("web: Deps.Catalog is required")
	}
	u := &ui{
		log:          log,
		cat:          cat,
		pages:        map[string]*template.Template{},
		secureCookie: strings.HasPrefix(strings.ToLower(publicURL), "https://"),
		assets:       map[string]string{},
	}
	for _, name := range pageNames {
		u.pages[name] = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	// A content hash in the URL lets browsers cache the files for a year and
	// still pick up a new release at once.
	for _, f := range []string{"app.css", "app.js", "icon.svg", "template.css", "template.js"} {
		b, err := fs.ReadFile(staticFS, "static/"+f)
		if err != nil {
			panic(fmt.Sprintf("web: embedded %s: %v", f, err))
		}
		sum := sha256.Sum256(b)
		u.assets[f] = "/static/" + f + "?v=" + hex.EncodeToString(sum[:6])
	}
	return u
}

// langLink is one entry of the language switcher.
type langLink struct {
	Code, Label, Name, URL string
	Current                bool
}

// page is the data of every template. Fields a page does not use stay empty.
type page struct {
	cat *locale.Catalog

	Lang     string
	TitleKey string
	Langs    []langLink
	CSS, JS  string
	Icon     string
	Flash    string // localized success message
	Error    string // localized error message

	// connect page
	CRMURL string

	// settings page
	ClientID  string
	Conn      account.Connection
	Accounts  []account.Account
	AddName   string           // the name entered in the add form, kept after an error
	RekeyOpen int64            // account whose replace-key form stays open after an error
	Confirm   *account.Account // account waiting for a removal confirmation

	// error page
	Problem string // localized message, shown in the page's card
	Status  int

	// template manager (template_page.go)
	Tpl         *tplPage
	TemplatesOn bool   // settings page: link each number to its templates
	LangPath    string // where the language switcher leads, when not the current page (may hold a query)
	tplCtx      tplContext

	// settings page: operations (message_page.go)
	MessagesOn bool // link each number to its message trail
	HealthOn   bool // offer "Check now" per number

	// message trail page (message_page.go)
	Trail *trailPage
}

// T translates key into the page language. args are name, value pairs.
func (p *page) T(key string, args ...any) string {
	var m map[string]any
	if len(args) > 0 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p.cat.T(p.Lang, key, m)
}

// Msg shows text that may be a message key (e.g. an account's last error
// stored as "dialog360.key_invalid") translated, and anything else as is.
func (p *page) Msg(s string) string {
	if p.cat.Has(s) {
		return p.cat.T(p.Lang, s, nil)
	}
	return s
}

// When formats a time for a table cell; nil reads "never".
func (p *page) When(t *time.Time) string {
	if t == nil || t.IsZero() {
		return p.T("web.time.never")
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// Date formats a day.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02")
}

// render writes page name with status. frameAncestors is the CSP source list
// of who may embed the page. The page is rendered into a buffer first so a
// template failure becomes a clean 500, not half a page.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page, frameAncestors string) {
	p.cat = u.cat
	p.CSS, p.JS, p.Icon = u.assets["app.css"], u.assets["app.js"], u.assets["icon.svg"]
	u.tplRender(r, p)
	p.MessagesOn, p.HealthOn = u.messagesOn, u.healthOn
	p.Langs = langLinks(r, p.Lang)
	if p.LangPath != "" {
		sep := "?"
		if strings.Contains(p.LangPath, "?") {
			sep = "&"
		}
		for i := range p.Langs {
			p.Langs[i].URL = p.LangPath + sep + url.Values{"lang": {p.Langs[i].Code}}.Encode()
		}
	}
	var buf bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		u.log.Error("web: render page", "page", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages may show a secret (the settings URL carries the client id), so
	// nothing is cached and no inline script or style is allowed.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors "+frameAncestors)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// langLinks builds the switcher: the current page with ?lang=xx. After a
// failed form post the links lead to the page the form is on, so switching
// language never repeats the post.
func langLinks(r *http.Request, current string) []langLink {
	path := r.URL.EscapedPath()
	switch id := r.PathValue("clientID"); {
	case id != "" && strings.HasPrefix(path, "/settings/"):
		path = "/settings/" + url.PathEscape(id)
	case r.Method != http.MethodGet:
		path = "/"
	}
	out := make([]langLink, 0, len(langLabels))
	for _, l := range langLabels {
		out = append(out, langLink{
			Code: l.Code, Label: l.Label, Name: l.Name,
			URL:     path + "?" + url.Values{"lang": {l.Code}}.Encode(),
			Current: l.Code == current,
		})
	}
	return out
}

// frameAncestorsFor allows the CRM that owns a connection (and this service
// itself, for the sandbox page) to embed its settings page. Anything else
// gets only 'self', so a stolen-looking page cannot be framed elsewhere.
func frameAncestorsFor(crmURL string) string {
	u, err := url.Parse(crmURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		strings.ContainsAny(u.Host, " ;,'\"") {
		return "'self'"
	}
	return "'self' " + u.Scheme + "://" + u.Host
}

// anyAncestor is used for pages without secrets (connect, errors): the CRM
// opens them from its marketplace inside an iframe whose origin we cannot
// know before the merchant connects.
const anyAncestor = "*"

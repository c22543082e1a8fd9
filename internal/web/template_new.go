package web

import (
	"net/http"

	"waba-transport/internal/authoring"
	"waba-transport/internal/template"
)

// newTemplateLanguage is the template language a new template starts with:
// the page's own, in Meta's spelling.
var newTemplateLanguage = map[string]string{"en": "en", "es": "es", "ru": "ru", "pt": "pt_BR"}

// handleTemplateNew shows the editor for a new template. Nothing is checked
// yet: a blank form is not a list of mistakes.
func handleTemplateNew(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.tplLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		d := template.Draft{Language: newTemplateLanguage[p.Lang], Kind: template.KindBasic,
			ParameterFormat: template.FormatPositional}
		u.tplShowForm(w, r, p, http.StatusOK, 0, d, nil)
	})
}

// tplShowForm renders the editor for draft draftID (0: a new one) with d as
// typed; issues nil shows none (a blank new form).
func (u *ui) tplShowForm(w http.ResponseWriter, r *http.Request, p *page, status int, draftID int64, d template.Draft,
	issues []template.Issue) {
	action := p.Tpl.Base
	p.TitleKey = "authoring.form.title_new"
	p.LangPath = p.Tpl.Base + "/new"
	if draftID > 0 {
		action = p.Tpl.Base + "/drafts/" + itoa(draftID)
		p.TitleKey = "authoring.form.title_edit"
		p.LangPath = action
	}
	f := newTplForm(action, draftID, d, authoring.Check(asTyped(d)), u.localIssues(p.Lang, issues))
	f.All = issues != nil
	for i := range f.Buttons {
		f.Buttons[i].p = p
	}
	f.Blank = buttonField{Button: template.Button{Type: template.ButtonQuickReply}, Index: -1, p: p}
	p.Tpl.Form = f
	u.renderTpl(w, r, status, "template_form", p)
}

package web

import (
	"net/http"

	"waba-transport/internal/authoring"
	"waba-transport/internal/template"
)

// handleTemplateSave saves an edited draft, and submits it for review when
// the merchant pressed "Submit".
func handleTemplateSave(u *ui, accounts Accounts, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := draftID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		u.tplPost(w, r, accounts, tm, id)
	})
}

// tplPost saves the editor's form over draftID (0: a new draft) and, for
// action=submit, submits it. The draft is saved first so nothing typed is
// lost when the submission is refused; the editor then shows the draft
// again with every issue beside its field.
func (u *ui) tplPost(w http.ResponseWriter, r *http.Request, accounts Accounts, tm TemplateManager, draftID int64) {
	if err := parseForm(w, r); err != nil {
		u.writeError(w, r, err)
		return
	}
	p, err := u.tplLoad(w, r, accounts)
	if err != nil {
		u.writeError(w, r, err)
		return
	}
	typed := draftFromForm(r.PostForm)
	saved, err := tm.Save(r.Context(), p.ClientID, p.Tpl.Account.ID, draftID, asTyped(typed))
	if err != nil {
		u.tplFormFailed(w, r, p, draftID, typed, err)
		return
	}
	if r.PostForm.Get("action") != "submit" {
		http.Redirect(w, r, p.Tpl.Base+"?done=draft_saved", http.StatusSeeOther)
		return
	}
	if _, err := tm.Submit(r.Context(), p.ClientID, p.Tpl.Account.ID, saved.ID); err != nil {
		u.tplFormFailed(w, r, p, saved.ID, typed, err)
		return
	}
	http.Redirect(w, r, p.Tpl.Base+"?done=submitted", http.StatusSeeOther)
}

// tplFormFailed shows the editor again with the reason and every issue of
// the draft as typed.
func (u *ui) tplFormFailed(w http.ResponseWriter, r *http.Request, p *page, draftID int64, typed template.Draft, err error) {
	v := u.judge(r, err, p.Lang)
	p.Error = v.Message
	u.tplShowForm(w, r, p, v.Status, draftID, typed, authoring.Check(asTyped(typed)).Issues)
}

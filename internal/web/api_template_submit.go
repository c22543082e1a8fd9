package web

import (
	"net/http"

	"waba-transport/internal/authoring"
)

// handleAPITemplateSubmit submits a draft to 360dialog for review:
// POST -> 200 {"name","language","status":"submitted",...}; a draft with
// issues is a 422 whose body lists them beside the error.
func handleAPITemplateSubmit(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		did, err := draftID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		e, err := tm.Submit(r.Context(), r.PathValue("clientID"), id, did)
		if err != nil {
			u.tplAPIError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, e)
	})
}

// apiDraftBody is a draft as the JSON API shows it: its issues carry
// messages in the caller's Accept-Language.
type apiDraftBody struct {
	authoring.Saved
	Issues []localIssue `json:"issues"`
}

func (u *ui) apiDraft(r *http.Request, s authoring.Saved) apiDraftBody {
	return apiDraftBody{Saved: s, Issues: u.localIssues(apiLang(r), s.Issues)}
}

// apiIssuesBody is the error shape of CONTRACT.md plus the issues that
// caused it.
type apiIssuesBody struct {
	errorBody
	Issues []localIssue `json:"issues"`
}

// tplAPIError answers a template manager error; when it carries a draft's
// issues they are listed beside the error, each with its field.
func (u *ui) tplAPIError(w http.ResponseWriter, r *http.Request, err error) {
	issues := authoring.IssuesOf(err)
	if issues == nil {
		u.writeError(w, r, err)
		return
	}
	lang := apiLang(r)
	v := u.judge(r, err, lang)
	var body apiIssuesBody
	body.Error.Code, body.Error.Message = v.Code, v.Message
	body.Issues = u.localIssues(lang, issues)
	writeJSON(w, v.Status, body)
}

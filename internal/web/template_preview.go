package web

import (
	"net/http"

	"waba-transport/internal/authoring"
)

// previewBody is the editor's live check: the issues in the page language,
// the bubble as the server renders it, and the variables that need an
// example input.
type previewBody struct {
	Issues     []localIssue     `json:"issues"`
	Summary    string           `json:"summary"` // e.g. "The template has 2 problems…"; the ready message when none
	OK         bool             `json:"ok"`
	Bubble     authoring.Bubble `json:"bubble"`
	BodyVars   []string         `json:"body_vars"`
	HeaderVar  string           `json:"header_var,omitempty"`
	URLExample []bool           `json:"url_example,omitempty"`
}

// handleTemplatePreview checks the editor's form as the merchant types
// (POST of the same fields as a save, from the page's script) and answers
// JSON, so the rules and their wording stay in package template.
func handleTemplatePreview(u *ui, tm TemplateManager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		c, err := tm.Preview(r.Context(), r.PathValue("clientID"), id, asTyped(draftFromForm(r.PostForm)))
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		lang, _ := pickLang(r, "")
		body := previewBody{Issues: u.localIssues(lang, c.Issues), OK: len(c.Issues) == 0, Bubble: c.Bubble,
			BodyVars: c.BodyVars, HeaderVar: c.HeaderVar, URLExample: c.URLExample}
		body.Summary = u.cat.T(lang, "authoring.form.ready", nil)
		if !body.OK {
			body.Summary = u.cat.T(lang, "authoring.draft_invalid", map[string]any{"Count": len(c.Issues)})
		}
		writeJSON(w, http.StatusOK, body)
	})
}

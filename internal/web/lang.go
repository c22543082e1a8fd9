package web

import (
	"net/http"

	"waba-transport/internal/locale"
)

// langCookie remembers the language a person picked with the switcher.
const langCookie = "lang"

// pickLang chooses the page language: an explicit ?lang= (or the hidden lang
// field of a posted form), then the lang cookie, then saved (the connection's
// language, on settings pages), then Accept-Language. explicit reports whether
// the person just picked it, so the caller can remember the choice.
func pickLang(r *http.Request, saved string) (lang string, explicit bool) {
	v := r.URL.Query().Get("lang")
	if v == "" && r.PostForm != nil {
		v = r.PostForm.Get("lang")
	}
	if locale.Valid(v) {
		return v, true
	}
	if c, err := r.Cookie(langCookie); err == nil && locale.Valid(c.Value) {
		return c.Value, false
	}
	if locale.Valid(saved) {
		return saved, false
	}
	return locale.Match(r.Header.Get("Accept-Language")), false
}

// setLangCookie stores the picked language for a year. The pages live inside
// the CRM's iframe, i.e. on a third-party site, where browsers only send a
// cookie marked SameSite=None; Secure, and Secure needs https. Over plain
// http (local runs, the sandbox) Lax is the best that works; the connection's
// saved language covers the settings pages there.
func (u *ui) setLangCookie(w http.ResponseWriter, lang string) {
	c := &http.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	if u.secureCookie {
		c.SameSite = http.SameSiteNoneMode
		c.Secure = true
	}
	http.SetCookie(w, c)
}

// apiLang is the language of JSON error messages: programs say what they
// want with Accept-Language only.
func apiLang(r *http.Request) string { return locale.Match(r.Header.Get("Accept-Language")) }

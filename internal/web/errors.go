package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"waba-transport/internal/problem"
)

// verdict is what the caller sees of an error.
type verdict struct {
	Status  int
	Code    string // the problem key, e.g. "crm.key_invalid"; "error.internal" for anything unexpected
	Message string // localized
}

// errorBody is the JSON error shape of CONTRACT.md.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// judge maps err to a status and a message in lang, and logs it. It is the
// one place that decides what callers see of an error: internal errors show a
// generic message, their detail goes only to the log.
func (u *ui) judge(r *http.Request, err error, lang string) verdict {
	pe := problem.As(err)
	kind := problem.KindOf(err)
	v := verdict{Status: statusOf(pe, kind), Code: "error.internal"}
	if pe != nil && kind != problem.Internal && pe.Key != "" {
		v.Code = pe.Key
		v.Message = u.cat.T(lang, pe.Key, u.localArgs(lang, pe.Args))
	} else {
		v.Message = u.cat.T(lang, "error.internal", nil)
	}
	u.logError(r, err, v)
	return v
}

// localArgs translates argument values that are lists of message keys
// (problem.Keys, e.g. the scopes a CRM key lacks) and joins them.
func (u *ui) localArgs(lang string, args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		if keys, ok := v.(problem.Keys); ok {
			parts := make([]string, len(keys))
			for i, key := range keys {
				parts[i] = u.cat.T(lang, key, nil)
			}
			v = strings.Join(parts, "; ")
		}
		out[k] = v
	}
	return out
}

// statusOf is problem.HTTPStatus, except for a malformed JSON body: that is a
// 400 (the request itself is broken) while other Invalid input is a 422.
func statusOf(pe *problem.Error, kind problem.Kind) int {
	if pe != nil && pe.Key == "error.bad_json" {
		return http.StatusBadRequest
	}
	return problem.HTTPStatus(kind)
}

// writeError answers r with err: JSON for programs (the API, webhooks, or
// Accept: application/json), an HTML error page for people.
func (u *ui) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if wantsJSON(r) {
		v := u.judge(r, err, apiLang(r))
		var body errorBody
		body.Error.Code, body.Error.Message = v.Code, v.Message
		writeJSON(w, v.Status, body)
		return
	}
	lang, _ := pickLang(r, "")
	v := u.judge(r, err, lang)
	u.render(w, r, v.Status, "error", &page{Lang: lang, TitleKey: "web.error.title", Problem: v.Message, Status: v.Status}, anyAncestor)
}

// wantsJSON reports whether the caller is a program.
func wantsJSON(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/webhooks/") || strings.HasPrefix(p, "/actions/") ||
		strings.Contains(r.Header.Get("Accept"), "application/json")
}

// logError logs an answered error. Internal errors are logged as errors with
// their detail; failures of a dependency as warnings; the caller's mistakes
// at info. The route pattern is logged instead of the path, and the client id
// only redacted, because both path and id carry the connection's secret.
func (u *ui) logError(r *http.Request, err error, v verdict) {
	level := slog.LevelInfo
	switch {
	case problem.KindOf(err) == problem.Internal:
		level = slog.LevelError
	case v.Status >= 500:
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", r.Pattern),
		slog.Int("status", v.Status),
		slog.String("code", v.Code),
		slog.String("error", err.Error()),
	}
	if id := requestClientID(r); id != "" {
		attrs = append(attrs, slog.String("client_id", redact(id)))
	}
	u.log.LogAttrs(context.WithoutCancel(r.Context()), level, "web: request failed", attrs...)
}

// requestClientID is the connection's secret named by r, if any.
func requestClientID(r *http.Request) string {
	if id := r.PathValue("clientID"); id != "" {
		return id
	}
	return r.Header.Get("Clientid")
}

// redact keeps the first 6 characters of a secret, enough to tell
// connections apart in logs and too few to use. Short values keep less.
func redact(s string) string {
	n := 6
	if len(s) < 2*n {
		n = len(s) / 2
	}
	return s[:n] + "…"
}

package dialog360

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a non-2xx answer of the API. It is filled from whichever of the
// documented error shapes the body has: Meta's {"error":{...}}, 360dialog's
// {"meta":{"developer_message":...}}, the newer {"error":"..."}, or the legacy
// On-Premise {"errors":[...]}. Callers branch on Code (Meta error code, e.g.
// 131047) and HTTPStatus, never on the text.
type Error struct {
	HTTPStatus int
	Code       int    // Meta / legacy error code; 0 if the body had none
	Subcode    int    // Meta error_subcode
	Title      string // short title (legacy "title", Meta "error_user_title")
	Message    string // main text
	Details    string // Meta error_data.details or legacy "details"
	Type       string // Meta error type, e.g. "OAuthException"
	TraceID    string // Meta fbtrace_id, for support tickets

	retryAfter time.Duration
}

// Error describes the failure for logs. It holds only what the server said,
// with the caller's API key redacted from it.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("dialog360: HTTP ")
	b.WriteString(strconv.Itoa(e.HTTPStatus))
	if e.Code != 0 {
		b.WriteString(" code ")
		b.WriteString(strconv.Itoa(e.Code))
		if e.Subcode != 0 {
			b.WriteString("/")
			b.WriteString(strconv.Itoa(e.Subcode))
		}
	}
	for _, s := range []string{e.Title, e.Message, e.Details} {
		if s != "" && !strings.Contains(b.String(), s) {
			b.WriteString(": ")
			b.WriteString(s)
		}
	}
	return b.String()
}

// RetryAfter is the wait the server asked for in a Retry-After header, or 0
// when there was none.
func (e *Error) RetryAfter() time.Duration { return e.retryAfter }

// InvalidKey reports whether the API key was refused (HTTP 401, or Meta code
// 190 for an invalid access token), which needs a new key, not a retry.
func (e *Error) InvalidKey() bool { return e.HTTPStatus == http.StatusUnauthorized || e.Code == 190 }

// redact removes the API key from every text field, in case a server echoes it.
func (e *Error) redact(key string) {
	if key == "" {
		return
	}
	for _, s := range []*string{&e.Title, &e.Message, &e.Details, &e.Type, &e.TraceID} {
		*s = strings.ReplaceAll(*s, key, "[redacted]")
	}
}

// errorBody covers all documented error shapes at once; "error" is an object
// in Meta's shape and a string in 360dialog's newer one, so it stays raw.
type errorBody struct {
	Error  json.RawMessage `json:"error"`
	Errors []struct {
		Code    int    `json:"code"`
		Title   string `json:"title"`
		Message string `json:"message"`
		Details string `json:"details"`
	} `json:"errors"`
	Meta *struct {
		HTTPCode         int    `json:"http_code"`
		DeveloperMessage string `json:"developer_message"`
	} `json:"meta"`
}

// metaError is the object form of "error" (Meta Graph API errors).
type metaError struct {
	Message      string `json:"message"`
	Type         string `json:"type"`
	Code         int    `json:"code"`
	Subcode      int    `json:"error_subcode"`
	UserTitle    string `json:"error_user_title"`
	UserMessage  string `json:"error_user_msg"`
	FBTraceID    string `json:"fbtrace_id"`
	ErrorDetails struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

// parseError builds an *Error from a non-2xx answer; it never fails, a body
// that is not one of the known shapes becomes the (trimmed) message.
func parseError(status int, h http.Header, body []byte) *Error {
	e := &Error{HTTPStatus: status, retryAfter: retryAfter(h)}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		var me metaError
		var s string
		switch {
		case len(eb.Error) > 0 && json.Unmarshal(eb.Error, &me) == nil && (me.Code != 0 || me.Message != ""):
			e.Code, e.Subcode, e.Type, e.TraceID = me.Code, me.Subcode, me.Type, me.FBTraceID
			e.Title, e.Message, e.Details = me.UserTitle, me.Message, me.ErrorDetails.Details
			if e.Details == "" {
				e.Details = me.UserMessage
			}
			return e
		case len(eb.Error) > 0 && json.Unmarshal(eb.Error, &s) == nil && s != "":
			e.Message = s
			return e
		case len(eb.Errors) > 0:
			x := eb.Errors[0]
			e.Code, e.Title, e.Message, e.Details = x.Code, x.Title, x.Message, x.Details
			return e
		case eb.Meta != nil && eb.Meta.DeveloperMessage != "":
			e.Message = eb.Meta.DeveloperMessage
			return e
		}
	}
	e.Message = trimBody(body)
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// trimBody turns an unknown body (HTML error page, plain text) into one short line.
func trimBody(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	const limit = 200
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return s
}

// retryAfter reads Retry-After as seconds or an HTTP date; dates are measured
// against the answer's own Date header when present, so clock skew between us
// and the server does not distort the wait.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	now := time.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	if w := at.Sub(now); w > 0 {
		return w
	}
	return 0
}

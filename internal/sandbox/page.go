package sandbox

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"sync"
	"time"
)

//go:embed page
var pageFS embed.FS

// maxPageJSON bounds the page's JSON requests; images have their own limit.
const maxPageJSON = 64 << 10

// page is the sandbox page: one screen with the customer's phone, the
// operator's CRM chat and the controls, over one running sandbox. Everything
// it shows is read from the simulators (and, for the resend countdown, the
// module's store) on each poll; it keeps only what no simulator records.
type page struct {
	e *Env

	mu sync.Mutex
	// opRead holds the customer messages (wamids) the operator has read.
	opRead map[string]bool
	// dupMessages makes every customer message webhook be delivered twice.
	dupMessages bool
	// msgDelay holds customer message webhooks back (status webhooks are held
	// back by the simulated 360dialog itself).
	msgDelay time.Duration
	// waiting are customer messages held back by msgDelay, shown with a clock.
	waiting []waitingMessage
	// samples counts the sample templates submitted for review.
	samples int
	// statusDelay is the simulated 360dialog's own status pace, restored
	// when the page's delay is set back to 0.
	statusDelay time.Duration
}

// waitingMessage is a customer message whose webhook has not been posted yet.
type waitingMessage struct {
	ID  string
	At  time.Time
	Msg map[string]any
}

// mountPage adds the sandbox page and its small JSON API to the module's
// server. It runs while the module is being built, so handlers must read
// e.App and the ids set by Connect only when they are called.
func mountPage(e *Env, mux *http.ServeMux) {
	p := &page{e: e, opRead: map[string]bool{}, statusDelay: e.D360.WebhookDelay()}
	seedTemplates(e)
	routes := map[string]http.HandlerFunc{
		"GET /sandbox/api/state":              p.handleState,
		"GET /sandbox/api/media/{id}":         p.handleMedia,
		"POST /sandbox/api/customer/text":     p.handleCustomerText,
		"POST /sandbox/api/customer/image":    p.handleCustomerImage,
		"POST /sandbox/api/customer/location": p.handleCustomerLocation,
		"POST /sandbox/api/customer/reaction": p.handleCustomerReaction,
		"POST /sandbox/api/customer/button":   p.handleCustomerButton,
		"POST /sandbox/api/operator/text":     p.handleOperatorText,
		"POST /sandbox/api/operator/image":    p.handleOperatorImage,
		"POST /sandbox/api/operator/template": p.handleOperatorTemplate,
		"POST /sandbox/api/operator/read":     p.handleOperatorRead,
		"POST /sandbox/api/control/fail":      p.handleControlFail,
		"POST /sandbox/api/control/webhooks":  p.handleControlWebhooks,
		"POST /sandbox/api/control/mg":        p.handleControlMG,
		"POST /sandbox/api/control/template":  p.handleControlTemplate,
		"POST /sandbox/api/control/sample":    p.handleControlSample,
		"POST /sandbox/api/control/sync":      p.handleControlSync,
	}
	for pattern, h := range routes {
		mux.Handle(pattern, p.headers(h))
	}
	mux.Handle("GET /sandbox", http.RedirectHandler("/sandbox/", http.StatusFound))
	mux.Handle("GET /sandbox/", p.headers(http.StripPrefix("/sandbox/",
		http.FileServerFS(mustSub(pageFS, "page"))).ServeHTTP))
}

// headers sets the page's Content-Security-Policy: scripts and styles only
// from files (as on the module's own pages), images also from the simulated
// CRM, because the operator's chat shows files by their MessageGateway URL.
func (p *page) headers(next http.HandlerFunc) http.Handler {
	csp := "default-src 'self'; img-src 'self' data: " + p.e.CRMURL + "; style-src 'self'; script-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Cache-Control", "no-store")
		next(w, r)
	})
}

// apiError is the page API's error answer, shaped like the module's JSON API.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// badRequest is input the page API refuses; its text is shown on the page.
type badRequest string

func (b badRequest) Error() string { return string(b) }

// bad formats a badRequest.
func bad(format string, args ...any) error { return badRequest(fmt.Sprintf(format, args...)) }

// writeError answers 400 for a badRequest, 502 when a simulator or the module
// refused (the sandbox's parts, not the caller, are at fault), else 500.
func writeError(w http.ResponseWriter, err error) {
	var out apiError
	status := http.StatusInternalServerError
	out.Error.Code, out.Error.Message = "internal", err.Error()
	var br badRequest
	var up upstreamError
	switch {
	case errors.As(err, &br):
		status, out.Error.Code = http.StatusBadRequest, "bad_request"
	case errors.As(err, &up):
		status, out.Error.Code = http.StatusBadGateway, "upstream"
	}
	writeJSON(w, status, out)
}

// upstreamError wraps a failure of a simulator call.
type upstreamError struct{ err error }

func (u upstreamError) Error() string { return u.err.Error() }
func (u upstreamError) Unwrap() error { return u.err }

// upstream marks err (if any) as the sandbox's fault.
func upstream(err error) error {
	if err == nil {
		return nil
	}
	return upstreamError{err}
}

// decode reads one JSON object into v, refusing unknown fields so that a
// misspelt field is an error rather than silently ignored.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPageJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bad("invalid JSON body: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return bad("invalid JSON body: more than one value")
	}
	return nil
}

// ok answers a successful action with what it produced.
func ok(w http.ResponseWriter, v any) {
	if v == nil {
		v = map[string]bool{"ok": true}
	}
	writeJSON(w, http.StatusOK, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func mustSub(fsys embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

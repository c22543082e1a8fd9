package web

import (
	"net/http"
	"net/url"

	"waba-transport/internal/problem"
)

// baseHeaders sets the headers every response carries. no-referrer matters
// most: the settings URL holds the connection's secret and must not leak to
// the CRM or to links the page shows.
func baseHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a handler panic into an internal error answer, logged
// once through our logger, instead of a dropped connection.
func recoverPanics(u *ui, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if rec == http.ErrAbortHandler {
				panic(rec)
			}
			u.writeError(w, r, problem.New(problem.Internal, "error.internal").WithDetail("panic: %v", rec))
		}()
		next.ServeHTTP(w, r)
	})
}

// newFormGuard returns the CSRF check for the pages' form posts. The pages
// run inside the CRM's iframe, but their forms post to this service's own
// origin, so a genuine post carries Sec-Fetch-Site: same-origin and passes;
// a post made by another site is refused with a localized 403. The public
// URL's origin is trusted too, for browsers that send only Origin while a
// proxy rewrites Host.
func newFormGuard(u *ui, publicURL string) func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if o, err := url.Parse(publicURL); err == nil && o.Scheme != "" && o.Host != "" {
		if err := cop.AddTrustedOrigin(o.Scheme + "://" + o.Host); err != nil {
			u.log.Warn("web: public URL is not a valid origin", "error", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.writeError(w, r, problem.New(problem.Forbidden, "web.error.cross_origin").
			WithDetail("sec-fetch-site=%q origin=%q", r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin")))
	}))
	return cop.Handler
}

package web

import (
	"net"
	"net/http"
	"strings"

	"waba-transport/internal/limit"
	"waba-transport/internal/problem"
)

// Pages and the JSON API are used by people and scripts of one CRM at a
// time: 20 requests per second with bursts of 60 per connection is generous
// for them and stops a flood. Webhooks have their own limits (package relay).
const (
	pageRate  = 20
	pageBurst = 60
)

// rateLimited answers 429 when one connection (the client id in the path) or,
// for the connect endpoints, one address sends too many requests.
func rateLimited(u *ui, next http.Handler) http.Handler {
	lim := limit.NewKeyed(pageRate, pageBurst, 100_000)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if key := rateKey(r); key != "" && !lim.Allow(key) {
			u.writeError(w, r, problem.New(problem.RateLimited, "error.rate_limited"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rateKey names who a page or API request counts against; "" for the
// callbacks and operational endpoints, which are limited elsewhere or not at all.
func rateKey(r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) >= 2 && parts[0] == "settings":
		return "c:" + parts[1]
	case len(parts) >= 4 && parts[0] == "api" && parts[2] == "connections":
		return "c:" + parts[3]
	case r.URL.Path == "/connect" || r.URL.Path == "/api/v1/connections":
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		return "ip:" + host
	}
	return ""
}

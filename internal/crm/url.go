package crm

import (
	"net/url"
	"strconv"
	"strings"

	"waba-transport/internal/problem"
)

// NormalizeURL turns what a merchant typed as their CRM address into the
// canonical base URL "scheme://host[:port]": spaces trimmed, https:// added
// when no scheme is given, scheme and host lowercased, default ports, path,
// query, fragment and trailing slash dropped. It rejects empty input, schemes
// other than http and https, user:password@ and a missing or malformed host
// with problem.Invalid "crm.url_invalid". Whether http:// and private hosts
// are acceptable is the caller's policy (WABA_ALLOW_PRIVATE_URLS), not this
// function's.
func NormalizeURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", invalidURL("empty")
	}
	switch {
	case strings.HasPrefix(s, "//"):
		s = "https:" + s
	case !strings.Contains(s, "://"):
		// "shop.retailcrm.ru:8443" would otherwise parse as scheme "shop.retailcrm.ru".
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", invalidURL("parse: %v", err)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", invalidURL("scheme %q", u.Scheme)
	}
	if u.User != nil {
		return "", invalidURL("userinfo")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || strings.ContainsAny(host, " %") {
		return "", invalidURL("host %q", u.Host)
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", invalidURL("port %q", port)
		}
		if (scheme == "https" && n == 443) || (scheme == "http" && n == 80) {
			port = ""
		}
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, nil
}

func invalidURL(format string, args ...any) error {
	return problem.New(problem.Invalid, "crm.url_invalid").WithDetail(format, args...)
}

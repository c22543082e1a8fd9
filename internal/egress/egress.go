// Package egress guards the module's requests to addresses that users give
// it (the CRM address, the MessageGateway endpoint the CRM returns, media
// URLs): https only, and never to loopback, private, link-local or otherwise
// internal networks, checked on the resolved IP at connect time (so DNS
// rebinding and redirects are covered too). WABA_ALLOW_PRIVATE_URLS=true lifts
// both rules for the sandbox and tests.
package egress

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrBlocked is returned for a destination the guard refuses.
var ErrBlocked = errors.New("egress: destination not allowed")

// Guard decides which destinations are allowed.
type Guard struct {
	AllowPrivate bool
}

// CheckURL checks a URL before use: absolute, https (http only when private
// addresses are allowed), no user info, and a host that is not a literal
// internal address.
func (g Guard) CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: not an absolute URL", ErrBlocked)
	}
	if u.User != nil {
		return fmt.Errorf("%w: URL with user info", ErrBlocked)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !g.AllowPrivate {
			return fmt.Errorf("%w: http is not allowed, use https", ErrBlocked)
		}
	default:
		return fmt.Errorf("%w: scheme %q", ErrBlocked, u.Scheme)
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !g.allowedIP(ip) {
		return fmt.Errorf("%w: internal address %s", ErrBlocked, ip)
	}
	if !g.AllowPrivate && (u.Hostname() == "localhost" || hasSuffixFold(u.Hostname(), ".localhost")) {
		return fmt.Errorf("%w: localhost", ErrBlocked)
	}
	return nil
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFold(s[len(s)-len(suffix):], suffix)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

func (g Guard) allowedIP(ip netip.Addr) bool {
	if g.AllowPrivate {
		return true
	}
	ip = ip.Unmap()
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() ||
		cgnat.Contains(ip) || benchmark.Contains(ip) || ip == metadataV4)
}

var (
	cgnat      = netip.MustParsePrefix("100.64.0.0/10")
	benchmark  = netip.MustParsePrefix("198.18.0.0/15")
	metadataV4 = netip.MustParseAddr("169.254.169.254")
)

// Client returns an HTTP client whose every connection, including after a
// redirect, goes only to allowed addresses, with a total timeout.
func (g Guard) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !g.allowedIP(ip) {
				return fmt.Errorf("%w: %s", ErrBlocked, host)
			}
			return nil
		}}
	tr := &http.Transport{
		Proxy:                 nil, // user-given destinations never go through an environment proxy
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          512,
		MaxIdleConnsPerHost:   128, // a CRM's MessageGateway gets every job worker's calls at once
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("egress: too many redirects")
			}
			return g.CheckURL(req.URL.String())
		}}
}

// Blocked reports whether err comes from the guard.
func Blocked(err error) bool { return errors.Is(err, ErrBlocked) }

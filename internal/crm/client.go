// Package crm is the small part of the RetailCRM/Simla.com API v5 this module
// needs: checking an API key (/api/credentials) and registering the module
// (/api/v5/integration-modules/{code}/edit), which returns the MessageGateway
// endpoint and token. Every failure is a *problem.Error whose message tells
// the merchant what to do; the API key never appears in errors or logs.
package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"waba-transport/internal/problem"
)

// maxResponseBytes caps a response body; the answers used here are tiny.
const maxResponseBytes = 1 << 20

// defaultTimeout applies only when New is given a nil *http.Client.
const defaultTimeout = 30 * time.Second

// maxRedirects bounds same-host redirects (e.g. http -> https).
const maxRedirects = 5

// Client calls one CRM account with one API key. It is safe for concurrent use.
type Client struct {
	base string // normalized, no trailing slash
	key  string
	hc   *http.Client
}

// New returns a client for the CRM at baseURL (pass it through NormalizeURL
// first) authenticating with apiKey. hc may be nil (a 30 s timeout is used).
// The client follows redirects only within the same host and never from
// https to http, because the X-API-KEY header would travel with them.
func New(baseURL, apiKey string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	own := *hc
	own.CheckRedirect = sameHostRedirect
	return &Client{base: strings.TrimRight(baseURL, "/"), key: apiKey, hc: &own}
}

func sameHostRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if len(via) >= maxRedirects || !strings.EqualFold(req.URL.Host, first.Host) ||
		(first.Scheme == "https" && req.URL.Scheme != "https") {
		return http.ErrUseLastResponse
	}
	return nil
}

// Credentials is the answer of GET /api/credentials: what the API key may do.
type Credentials struct {
	Success        bool     `json:"success"`
	Credentials    []string `json:"credentials"` // deprecated method paths of old keys
	Scopes         []string `json:"scopes"`
	SiteAccess     string   `json:"siteAccess"` // "access_full" or "access_selective"
	SitesAvailable []string `json:"sitesAvailable"`
}

// Credentials checks the API key (GET /api/credentials, outside /api/v5).
func (c *Client) Credentials(ctx context.Context) (Credentials, error) {
	var r Credentials
	err := c.do(ctx, http.MethodGet, "/api/credentials", nil, &r)
	return r, err
}

// EditIntegrationModule creates or updates the module's registration in the
// CRM (POST /api/v5/integration-modules/{code}/edit, form field
// integrationModule=<JSON>; 201 on creation, 200 on update). The result holds
// the MessageGateway endpoint and token, which are secrets: store, never log.
// When the module registers as a chat transport but the CRM returns no
// endpoint or token, the error is problem.Upstream "crm.chat_unavailable".
func (c *Client) EditIntegrationModule(ctx context.Context, m IntegrationModule) (IntegrationResult, error) {
	var r IntegrationResult
	b, err := json.Marshal(m)
	if err != nil {
		return r, fmt.Errorf("crm: encode integration module: %w", err)
	}
	form := url.Values{"integrationModule": {string(b)}}
	path := "/api/v5/integration-modules/" + url.PathEscape(m.Code) + "/edit"
	if err := c.do(ctx, http.MethodPost, path, form, &r); err != nil {
		return r, err
	}
	if m.Integrations.MgTransport != nil && (r.MGTransport.EndpointURL == "" || r.MGTransport.Token == "") {
		// Accepted, but no chat credentials: the account has no chat (MessageGateway).
		return r, problem.New(problem.Upstream, "crm.chat_unavailable").WithDetail("POST %s: no info.mgTransport", path)
	}
	return r, nil
}

// apiError is the CRM's error body. "errors" is an object or an array
// depending on the endpoint, so it stays raw and goes only to the log detail.
type apiError struct {
	Success  *bool           `json:"success"`
	ErrorMsg string          `json:"errorMsg"`
	Errors   json.RawMessage `json:"errors"`
}

// do sends a request (form-encoded when form is not nil) and decodes a 2xx
// JSON answer into out, mapping every failure to a user-facing problem.
func (c *Client) do(ctx context.Context, method, path string, form url.Values, out any) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		// Only a malformed base URL gets here; NormalizeURL prevents it.
		return problem.Wrap(err, problem.Invalid, "crm.url_invalid")
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-API-KEY", c.key)

	resp, err := c.hc.Do(req)
	if err != nil {
		// The error names the URL, which holds no key (the key is a header).
		return problem.Wrap(err, problem.Unavailable, "crm.unreachable").WithDetail("%s %s", method, path)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return problem.Wrap(err, problem.Unavailable, "crm.unreachable").WithDetail("read %s %s", method, path)
	}
	if perr := statusProblem(resp.StatusCode, data); perr != nil {
		return perr.WithDetail("%s %s: HTTP %d: %s", method, path, resp.StatusCode, snippet(data))
	}
	var e apiError
	if err := json.Unmarshal(data, &e); err != nil {
		// A 2xx that is not JSON is a web page, not the CRM API.
		return problem.Wrap(err, problem.Unavailable, "crm.unreachable").
			WithDetail("%s %s: HTTP %d: not JSON: %s", method, path, resp.StatusCode, snippet(data))
	}
	if e.Success != nil && !*e.Success {
		return refused(e, resp.StatusCode).WithDetail("%s %s: success=false: %s", method, path, snippet(data))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return problem.Wrap(err, problem.Unavailable, "crm.unreachable").WithDetail("%s %s: decode", method, path)
	}
	return nil
}

// statusProblem maps a non-2xx status to the merchant's problem; nil for 2xx.
func statusProblem(status int, data []byte) *problem.Error {
	switch {
	case status >= 200 && status <= 299:
		return nil
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return problem.New(problem.Forbidden, "crm.key_invalid")
	case status == http.StatusPaymentRequired:
		return problem.New(problem.PaymentRequired, "crm.payment_required")
	case status == http.StatusNotFound, status >= 300 && status <= 399:
		// A refused cross-host redirect also means "no API here".
		return problem.New(problem.Invalid, "crm.not_found")
	case status >= 400 && status <= 499:
		var e apiError
		_ = json.Unmarshal(data, &e)
		return refused(e, status)
	default:
		return problem.New(problem.Unavailable, "crm.unreachable")
	}
}

// refused carries the CRM's own errorMsg, which describes the request and is
// safe to show; without one the status stands in.
func refused(e apiError, status int) *problem.Error {
	msg := strings.TrimSpace(e.ErrorMsg)
	if msg == "" {
		msg = "HTTP " + strconv.Itoa(status)
	}
	return problem.New(problem.Upstream, "crm.refused", "Message", msg)
}

// snippet shortens a body for log details.
func snippet(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 300 {
		b = append(b[:300:300], "..."...)
	}
	return string(b)
}

// Package mg is a thin client for the RetailCRM/Simla MessageGateway (MG)
// Transport API plus the types of the webhooks MG sends to a transport.
//
// Field names follow the OpenAPI-generated client
// (github.com/retailcrm/transport-api-client-go, mgnode_transportapi_client.gen.go),
// which is generated from MG's own spec; where it disagrees with the older
// hand-written client (github.com/retailcrm/mg-transport-api-client-go/v1) the
// choice is documented at the type. Every request is recorded as a golden file
// in testdata/requests, so the wire format is reviewable in one place.
//
// The package knows nothing about accounts, storage or localization: callers
// map *Error to their own user-facing errors.
package mg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxResponseBytes caps how much of a response body is read; the largest
// legitimate answer (the template list of a busy account) is far below it.
const maxResponseBytes = 8 << 20

// defaultTimeout applies only when New is given a nil *http.Client.
const defaultTimeout = 30 * time.Second

// Client calls one MG transport endpoint with one transport token. It is safe
// for concurrent use.
type Client struct {
	base  string // {endpointUrl}/api/transport/v1, no trailing slash
	token string
	hc    *http.Client
}

// New returns a client for the MG endpoint URL returned by the CRM at module
// registration (info.mgTransport.endpointUrl) and its token. A trailing slash
// on endpointURL is ignored. hc may be nil, which means a client with a 30 s
// timeout; pass your own to control timeouts, proxies and tests.
func New(endpointURL, token string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	return &Client{
		base:  strings.TrimRight(endpointURL, "/") + "/api/transport/v1",
		token: token,
		hc:    hc,
	}
}

// Error is a non-2xx answer from MG. Errors holds MG's {"errors":[...]} list
// (empty when the body was not that shape). RetryAfter is set from the
// Retry-After header of a 429 when MG sends one.
type Error struct {
	HTTPStatus int
	Errors     []string
	RetryAfter time.Duration
}

// Error implements error. The text holds only MG's own messages, never the token.
func (e *Error) Error() string {
	s := "mg: HTTP " + strconv.Itoa(e.HTTPStatus)
	if len(e.Errors) > 0 {
		s += ": " + strings.Join(e.Errors, "; ")
	}
	return s
}

// duplicateText is MG's message for a second POST /messages with a known
// external_id. mg-transport-telegram treats it as success (PR #78), which makes
// resending after a timeout idempotent.
const duplicateText = "message with passed external_id already exists"

// IsDuplicate reports whether err is MG's 400 "Message with passed external_id
// already exists", i.e. the message was already delivered to MG by an earlier
// attempt and the caller should treat the send as done.
func IsDuplicate(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != http.StatusBadRequest {
		return false
	}
	for _, m := range e.Errors {
		if strings.Contains(strings.ToLower(m), duplicateText) {
			return true
		}
	}
	return false
}

// doJSON sends in (nil for no body) as JSON and decodes a 2xx answer into out
// (nil to ignore it).
func (c *Client) doJSON(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body io.Reader
	hdr := http.Header{}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("mg: encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
		hdr.Set("Content-Type", "application/json")
	}
	return c.do(ctx, method, path, query, body, hdr, out)
}

// do performs one request. It never retries: the caller (a durable job) owns
// the retry policy and can read RetryAfter from *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body io.Reader, hdr http.Header, out any) error {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("mg: build %s %s: %w", method, path, err)
	}
	for k, vs := range hdr {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Transport-Token", c.token)

	resp, err := c.hc.Do(req)
	if err != nil {
		// The error names the URL, which holds no secret (the token is a header).
		return fmt.Errorf("mg: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("mg: read %s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(resp, data)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("mg: decode %s %s: %w", method, path, err)
	}
	return nil
}

func newError(resp *http.Response, data []byte) *Error {
	e := &Error{HTTPStatus: resp.StatusCode}
	var body struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(data, &body) == nil {
		e.Errors = body.Errors
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// parseRetryAfter reads delay-seconds or an HTTP-date; 0 when absent or bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

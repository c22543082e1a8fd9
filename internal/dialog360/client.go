// Package dialog360 is a thin typed client for the 360dialog WhatsApp Cloud API
// (https://waba-v2.360dialog.io) and the types of the webhooks it delivers.
//
// The API is Meta's Cloud API without the /{version}/{phone_number_id} prefix:
// the D360-API-KEY header selects the phone number. A key belongs to one number
// and keys rotate, so every call takes the key explicitly and the Client holds
// none. Failures with an HTTP answer are *Error; transport failures are wrapped
// errors that still match context.Canceled / context.DeadlineExceeded.
package dialog360

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is the production Cloud API host of 360dialog.
const DefaultBaseURL = "https://waba-v2.360dialog.io"

// keyHeader carries the per-number API key on every request.
const keyHeader = "D360-API-KEY"

// maxJSONBody caps API answers read into memory; the largest expected answer is
// a page of 1000 templates, well below this.
const maxJSONBody = 32 << 20

// Client calls the 360dialog API. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	baseErr error
	hc      *http.Client
}

// New returns a client for baseURL ("" means DefaultBaseURL). hc nil gives a
// client with a 15 s timeout. The given *http.Client is copied, not changed:
// the copy refuses to forward the API key on redirects to another host,
// because net/http only strips its own well-known secret headers.
func New(baseURL string, hc *http.Client) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	cp := *hc
	cp.CheckRedirect = keepKeyOnHost(hc.CheckRedirect)
	c := &Client{hc: &cp}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	switch {
	case err != nil:
		c.baseErr = fmt.Errorf("dialog360: bad base URL: %w", err)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		c.baseErr = fmt.Errorf("dialog360: bad base URL %q: need http(s)://host", baseURL)
	default:
		u.RawQuery, u.Fragment = "", ""
		c.base = u
	}
	return c
}

// BaseURL returns the base URL the client talks to, without trailing slash.
func (c *Client) BaseURL() string {
	if c.base == nil {
		return ""
	}
	return c.base.String()
}

// keepKeyOnHost wraps a redirect policy so the API key header is dropped when a
// redirect leaves the host of the original request.
func keepKeyOnHost(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			req.Header.Del(keyHeader)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// endpoint joins the base URL with an escaped API path and a query.
func (c *Client) endpoint(path string, q url.Values) (*url.URL, error) {
	if c.baseErr != nil {
		return nil, c.baseErr
	}
	u, err := url.Parse(c.BaseURL() + path)
	if err != nil {
		return nil, fmt.Errorf("dialog360: build URL for %s: %w", path, err)
	}
	u.RawQuery = q.Encode()
	return u, nil
}

// request is one API call: the body is JSON when json is set, else raw with the
// given content type.
type request struct {
	method      string
	path        string // escaped path, starting with "/"
	query       url.Values
	json        any
	body        []byte
	contentType string
}

// send performs r with key and returns the response with its body still open.
// Non-2xx answers are turned into *Error here and the body closed.
func (c *Client) send(ctx context.Context, key string, r request) (*http.Response, error) {
	u, err := c.endpoint(r.path, r.query)
	if err != nil {
		return nil, err
	}
	return c.sendURL(ctx, key, u, r)
}

// sendURL is send for an already built URL (media downloads use their own).
func (c *Client) sendURL(ctx context.Context, key string, u *url.URL, r request) (*http.Response, error) {
	if key == "" {
		return nil, errors.New("dialog360: empty API key")
	}
	body, ctype := r.body, r.contentType
	if r.json != nil {
		b, err := json.Marshal(r.json)
		if err != nil {
			return nil, fmt.Errorf("dialog360: encode %s %s: %w", r.method, r.path, err)
		}
		body, ctype = b, "application/json"
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("dialog360: build %s %s: %w", r.method, r.path, err)
	}
	req.Header.Set(keyHeader, key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "waba-transport")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		// *url.Error names the URL only (never headers), and unwraps to the
		// context error, so errors.Is(err, context.Canceled) holds.
		return nil, fmt.Errorf("dialog360: %s %s: %w", r.method, r.path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		e := parseError(resp.StatusCode, resp.Header, b)
		e.redact(key)
		return nil, e
	}
	return resp, nil
}

// call performs r and decodes a JSON answer into out (nil: body discarded).
func (c *Client) call(ctx context.Context, key string, r request, out any) error {
	resp, err := c.send(ctx, key, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONBody))
	if err != nil {
		return fmt.Errorf("dialog360: %s %s: read answer: %w", r.method, r.path, err)
	}
	if out == nil || len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("dialog360: %s %s: decode answer: %w", r.method, r.path, err)
	}
	return nil
}

package dialog360

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
)

// lookasideHost is Meta's media CDN host; 360dialog serves the same path and
// query on its own host, authenticated with the API key.
const lookasideHost = "lookaside.fbsbx.com"

// sentinel is a constant error value.
type sentinel string

// Error returns the message.
func (s sentinel) Error() string { return string(s) }

// Errors of Download, comparable with errors.Is.
const (
	// ErrTooLarge means the media is bigger than the caller's limit.
	ErrTooLarge = sentinel("dialog360: media is larger than the allowed size")
	// ErrForeignHost means the media URL is neither on lookaside.fbsbx.com nor
	// on the API host, so the API key must not be sent there.
	ErrForeignHost = sentinel("dialog360: media URL host is not allowed")
)

// MediaInfo describes an uploaded or received media object. URL is short-lived
// (minutes): download right after asking for it.
type MediaInfo struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	FileSize Number `json:"file_size"`
}

// UploadMedia uploads r as a multipart form (messaging_product=whatsapp, file)
// and returns the media ID to send by id. Media is kept 30 days, at most 100 MB.
// Meta's media endpoint also names the MIME type in a "type" field, so it is sent too.
func (c *Client) UploadMedia(ctx context.Context, key, filename, mimeType string, r io.Reader) (string, error) {
	if mimeType == "" {
		return "", errors.New("dialog360: upload media: empty MIME type")
	}
	if filename == "" {
		filename = "file"
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("messaging_product", "whatsapp")
	_ = w.WriteField("type", mimeType)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+escapeQuotes(filename)+`"`)
	h.Set("Content-Type", mimeType)
	part, err := w.CreatePart(h)
	if err != nil {
		return "", fmt.Errorf("dialog360: upload media: %w", err)
	}
	if _, err := io.Copy(part, r); err != nil {
		return "", fmt.Errorf("dialog360: upload media: read file: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("dialog360: upload media: %w", err)
	}
	var a struct {
		ID string `json:"id"`
	}
	req := request{method: "POST", path: "/media", body: buf.Bytes(), contentType: w.FormDataContentType()}
	if err := c.call(ctx, key, req, &a); err != nil {
		return "", err
	}
	if a.ID == "" {
		return "", errors.New("dialog360: POST /media: answer has no media id")
	}
	return a.ID, nil
}

// escapeQuotes escapes a file name for a Content-Disposition header, as
// mime/multipart does internally.
func escapeQuotes(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "").Replace(s)
}

// Media asks for the download URL and metadata of mediaID (GET /{media_id}).
// 360dialog blocks a number's media endpoint after repeated errors, so callers
// must not retry failures blindly.
func (c *Client) Media(ctx context.Context, key, mediaID string) (MediaInfo, error) {
	if mediaID == "" || strings.ContainsAny(mediaID, "/?#") {
		return MediaInfo{}, fmt.Errorf("dialog360: media: bad media id %q", mediaID)
	}
	var m MediaInfo
	err := c.call(ctx, key, request{method: "GET", path: "/" + url.PathEscape(mediaID)}, &m)
	return m, err
}

// Download fetches media bytes from mediaURL as returned by Media or found in
// an inbound message. A lookaside.fbsbx.com URL is rewritten to the API host
// (path and query kept); a URL already on the API host is used as is; any other
// host is refused with ErrForeignHost so the key never leaves 360dialog. More
// than maxBytes (which must be positive) gives ErrTooLarge.
func (c *Client) Download(ctx context.Context, key, mediaURL string, maxBytes int64) ([]byte, error) {
	if maxBytes <= 0 {
		return nil, errors.New("dialog360: download media: size limit must be positive")
	}
	u, err := c.mediaURL(mediaURL)
	if err != nil {
		return nil, err
	}
	resp, err := c.sendURL(ctx, key, u, request{method: "GET", path: u.EscapedPath()})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.ContentLength > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, resp.ContentLength, maxBytes)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("dialog360: download media: %w", err)
	}
	if int64(len(b)) > maxBytes {
		return nil, fmt.Errorf("%w: limit %d bytes", ErrTooLarge, maxBytes)
	}
	return b, nil
}

// mediaURL maps a media URL onto the API host, or refuses it.
func (c *Client) mediaURL(raw string) (*url.URL, error) {
	if c.baseErr != nil {
		return nil, c.baseErr
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("dialog360: bad media URL: %w", err)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: URL carries credentials", ErrForeignHost)
	}
	switch {
	case strings.EqualFold(u.Scheme, "https") && strings.EqualFold(u.Host, lookasideHost):
		out := *c.base
		prefix := strings.TrimRight(c.base.Path, "/")
		out.Path, out.RawPath = prefix+u.Path, ""
		if u.RawPath != "" {
			out.RawPath = prefix + u.RawPath
		}
		out.RawQuery = u.RawQuery
		return &out, nil
	case strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Host, c.base.Host):
		u.Fragment = ""
		return u, nil
	default:
		return nil, fmt.Errorf("%w: %s", ErrForeignHost, strconv.Quote(u.Host))
	}
}

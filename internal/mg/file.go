package mg

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// FileSizeLimit is MG's upload limit (FileSizeLimit in the v1 client).
const FileSizeLimit = 20 << 20

// File is MG's answer to an upload: the id to put in Item.ID.
type File struct {
	ID        string    `json:"id"` // uuid
	Hash      string    `json:"hash,omitempty"`
	Type      string    `json:"type"` // file|image|audio|video|none
	MimeType  string    `json:"mime_type,omitempty"`
	Size      int64     `json:"size"`
	Meta      FileMeta  `json:"meta,omitzero"`
	SourceURL string    `json:"source_url,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// FileMeta holds image dimensions when MG could read them.
type FileMeta struct {
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
}

// FileInfo is MG's answer to GET /files/{id}; URL is where the operator's
// attachment can be downloaded.
type FileInfo struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Size     int64  `json:"size"`
	URL      string `json:"url"`
	MimeType string `json:"mime_type,omitempty"`
}

// UploadFile uploads a file's bytes to MG (POST /files/upload).
//
// Body format: the raw bytes, not multipart. The spec declares
// multipart/form-data, but its schema is a bare binary string
// (UploadFileMultipartBody = openapi_types.File in the generated client), so it
// names no form field and a multipart request cannot be built from it; the
// generated client itself takes a ready body and a content type. The
// hand-written v1 client, used by RetailCRM's transports for years, posts the
// raw bytes (with Content-Type application/json), which shows MG reads the body
// as is. Here Content-Type is the file's own MIME type (octet-stream when
// unknown) and the name travels in Content-Disposition, which MG is not known
// to read. Unverified against live MG: if uploads fail with 4xx, this is the
// first place to look.
func (c *Client) UploadFile(ctx context.Context, filename, mimeType string, r io.Reader) (File, error) {
	hdr := http.Header{}
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	hdr.Set("Content-Type", mimeType)
	if cd := mime.FormatMediaType("attachment", map[string]string{"filename": filename}); filename != "" && cd != "" {
		hdr.Set("Content-Disposition", cd)
	}
	var f File
	err := c.do(ctx, "POST", "/files/upload", nil, r, hdr, &f)
	return f, err
}

// UploadFileByURL makes MG fetch a public URL itself (POST /files/upload_by_url).
func (c *Client) UploadFileByURL(ctx context.Context, fileURL string) (File, error) {
	var f File
	err := c.doJSON(ctx, "POST", "/files/upload_by_url", nil, struct {
		URL string `json:"url"`
	}{fileURL}, &f)
	return f, err
}

// File returns an uploaded file's metadata and download URL (GET /files/{id}).
func (c *Client) File(ctx context.Context, id string) (FileInfo, error) {
	var f FileInfo
	err := c.doJSON(ctx, "GET", "/files/"+url.PathEscape(id), nil, nil, &f)
	return f, err
}

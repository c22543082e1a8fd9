package sim

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxMGFile is MG's file size limit (FileSizeLimit in the reference client).
const maxMGFile = 20 << 20

// File is a file in MG's file store.
type File struct {
	CreatedAt time.Time
	Data      []byte
	ID        string
	MIME      string
	Name      string
	SourceURL string // set for upload_by_url
	Type      string // file, image, audio, video
}

type mgFile struct {
	File
	sig string // the secret in download URLs
}

// Files lists the MG file store (uploads by the transport and operator files).
func (c *CRM) Files() []File {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]File, 0, len(c.files))
	for _, f := range c.files {
		cp := f.File
		cp.Data = append([]byte(nil), f.Data...)
		out = append(out, cp)
	}
	return out
}

// File returns one stored file.
func (c *CRM) File(id string) (File, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.files[id]
	if !ok {
		return File{}, false
	}
	cp := f.File
	cp.Data = append([]byte(nil), f.Data...)
	return cp, true
}

// storeFile adds a file; callers hold c.mu.
func (c *CRM) storeFile(data []byte, mimeType, name, source string) *mgFile {
	if mimeType == "" || mimeType == "application/octet-stream" {
		mimeType = http.DetectContentType(data)
	}
	if base, _, err := mime.ParseMediaType(mimeType); err == nil {
		mimeType = base
	}
	f := &mgFile{File: File{
		CreatedAt: c.now(), Data: append([]byte(nil), data...), ID: newUUID(), MIME: mimeType,
		Name: name, SourceURL: source, Type: fileType(mimeType),
	}, sig: randomToken()}
	c.files[f.ID] = f
	return f
}

// fileType is MG's FileType for a MIME type.
func fileType(mimeType string) string {
	switch {
	case strings.HasPrefix(mimeType, "image/"):
		return "image"
	case strings.HasPrefix(mimeType, "audio/"):
		return "audio"
	case strings.HasPrefix(mimeType, "video/"):
		return "video"
	default:
		return "file"
	}
}

// newUUID returns a random (version 4) UUID, the id format of MG files.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// uploadResponse is the answer to both upload endpoints.
func uploadResponse(f *mgFile) map[string]any {
	sum := sha256.Sum256(f.Data)
	var src any
	if f.SourceURL != "" {
		src = f.SourceURL
	}
	return map[string]any{
		"id": f.ID, "hash": hex.EncodeToString(sum[:]), "type": f.Type, "meta": map[string]any{},
		"mime_type": f.MIME, "size": len(f.Data), "source_url": src, "created_at": mgTime(f.CreatedAt),
	}
}

// uploadFile handles POST /files/upload: a multipart field "file" (the spec)
// or the raw bytes as the body (the v1 client).
func (c *CRM) uploadFile(w http.ResponseWriter, r *http.Request, _ string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxMGFile+1<<20)
	var data []byte
	var mt, name string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			writeMGError(w, http.StatusBadRequest, "file: field is required")
			return
		}
		defer f.Close()
		data, _ = io.ReadAll(f)
		mt, name = hdr.Header.Get("Content-Type"), hdr.Filename
	} else {
		var err error
		if data, err = io.ReadAll(r.Body); err != nil {
			writeMGError(w, http.StatusRequestEntityTooLarge, "File is too large")
			return
		}
		mt = r.Header.Get("Content-Type")
		// A raw upload may name its file the way HTTP does.
		if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = params["filename"]
		}
	}
	c.finishUpload(w, data, mt, name, "")
}

func (c *CRM) finishUpload(w http.ResponseWriter, data []byte, mt, name, source string) {
	switch {
	case len(data) == 0:
		writeMGError(w, http.StatusBadRequest, "File is empty")
		return
	case len(data) > maxMGFile:
		writeMGError(w, http.StatusRequestEntityTooLarge, "File is too large")
		return
	}
	c.mu.Lock()
	f := c.storeFile(data, mt, name, source)
	c.mu.Unlock()
	c.changed()
	writeJSON(w, http.StatusOK, uploadResponse(f))
}

// uploadFileByURL handles POST /files/upload_by_url {"url"}: MG fetches it.
func (c *CRM) uploadFileByURL(w http.ResponseWriter, r *http.Request, _ string) {
	var b struct {
		URL string `json:"url"`
	}
	if !decodeMG(w, r, &b) {
		return
	}
	if !absoluteURL(b.URL) {
		writeMGError(w, http.StatusBadRequest, "url: must be a web URL")
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, b.URL, nil)
	if err != nil {
		writeMGError(w, http.StatusBadRequest, "url: must be a web URL")
		return
	}
	resp, err := c.client.Do(req)
	if err != nil {
		writeMGError(w, http.StatusBadRequest, "Could not download the file")
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		writeMGError(w, http.StatusBadRequest, fmt.Sprintf("Could not download the file: status %d", resp.StatusCode))
		return
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxMGFile+1))
	u, _ := url.Parse(b.URL)
	name := u.Path[strings.LastIndex(u.Path, "/")+1:]
	c.finishUpload(w, data, resp.Header.Get("Content-Type"), name, b.URL)
}

// getFile handles GET /files/{id}: metadata and a download URL.
func (c *CRM) getFile(w http.ResponseWriter, r *http.Request, _ string) {
	c.mu.Lock()
	f, ok := c.files[r.PathValue("id")]
	var id, sig, mt, typ string
	var size int
	if ok {
		id, sig, mt, typ, size = f.ID, f.sig, f.MIME, f.Type, len(f.Data)
	}
	c.mu.Unlock()
	if !ok {
		writeMGError(w, http.StatusNotFound, "File not found")
		return
	}
	link := c.base(r) + "/mg/storage/" + id + "?sig=" + url.QueryEscape(sig)
	// The spec's File model spells the key "Url"; the v1 client reads "url".
	// Both are sent so either reading works (see the package report).
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "type": typ, "size": size, "url": link, "Url": link, "mime_type": mt})
}

// downloadFile serves a stored file to whoever holds the signed URL, like a
// pre-signed object-storage link.
func (c *CRM) downloadFile(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	f, ok := c.files[r.PathValue("id")]
	var data []byte
	var mt, name string
	if ok && r.URL.Query().Get("sig") == f.sig {
		data, mt, name = f.Data, f.MIME, f.Name
	} else {
		ok = false
	}
	c.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mt)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if name != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	_, _ = w.Write(data)
}

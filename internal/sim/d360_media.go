package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxMedia is 360dialog's upload limit.
const maxMedia = 100 << 20

// mediaURLLifetime is how long a media download URL works (Meta: ~5 min).
const mediaURLLifetime = 5 * time.Minute

// Media is a file in a number's media store.
type Media struct {
	Data     []byte
	Filename string
	ID       string
	MIME     string
	SHA256   string
}

type media struct {
	data     []byte
	deleted  bool
	filename string
	hash     string // the secret in download URLs
	id       string
	mime     string
	sha256   string
}

// AddMedia stores a file the customer sends (e.g. an image or voice note)
// and returns its media id; "" for an unknown key.
func (d *Dialog360) AddMedia(apiKey string, data []byte, mimeType string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return ""
	}
	return d.storeMedia(n, data, mimeType, "").id
}

// Uploaded lists the files the module uploaded with POST /media, in order.
func (d *Dialog360) Uploaded(apiKey string) []Media {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil
	}
	out := make([]Media, 0, len(n.uploaded))
	for _, id := range n.uploaded {
		m := n.media[id]
		out = append(out, Media{Data: append([]byte(nil), m.data...), Filename: m.filename, ID: m.id, MIME: m.mime, SHA256: m.sha256})
	}
	return out
}

// storeMedia adds a file; callers hold d.mu.
func (d *Dialog360) storeMedia(n *number, data []byte, mimeType, filename string) *media {
	sum := sha256.Sum256(data)
	m := &media{
		data:     append([]byte(nil), data...),
		filename: filename,
		hash:     randomToken(),
		id:       d.ids.numeric(),
		mime:     mimeType,
		sha256:   hex.EncodeToString(sum[:]),
	}
	n.media[m.id] = m
	return m
}

// uploadMedia handles POST /media (multipart: messaging_product, file, type).
func (d *Dialog360) uploadMedia(w http.ResponseWriter, r *http.Request, n *number) {
	r.Body = http.MaxBytesReader(w, r.Body, maxMedia+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeMetaError(w, http.StatusBadRequest, 100, "Expected a multipart/form-data body")
		return
	}
	if r.FormValue("messaging_product") != "whatsapp" {
		writeMetaError(w, http.StatusBadRequest, 100, "The parameter messaging_product is required and must be whatsapp")
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeMetaError(w, http.StatusBadRequest, 100, "The parameter file is required")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		writeMetaError(w, http.StatusBadRequest, 131053, "Could not read the uploaded file")
		return
	}
	mt := r.FormValue("type")
	if mt == "" {
		mt = hdr.Header.Get("Content-Type")
	}
	if mt == "" || mt == "application/octet-stream" {
		mt = http.DetectContentType(data)
	}
	if base, _, err := mime.ParseMediaType(mt); err == nil {
		mt = base
	}
	d.mu.Lock()
	m := d.storeMedia(n, data, mt, hdr.Filename)
	n.uploaded = append(n.uploaded, m.id)
	d.mu.Unlock()
	d.changed()
	writeJSON(w, http.StatusOK, map[string]any{"id": m.id})
}

// getMedia handles GET /{media_id}: a short-lived download URL on this server.
func (d *Dialog360) getMedia(w http.ResponseWriter, r *http.Request, n *number) {
	m, ok := d.mediaCopy(n, r.PathValue("media_id"))
	if !ok {
		writeMetaError(w, http.StatusNotFound, 100, "Unsupported get request. Object does not exist")
		return
	}
	base := d.baseURL
	if base == "" {
		base = requestBase(r)
	}
	q := url.Values{
		"mid":  {m.id},
		"ext":  {strconv.FormatInt(d.now().Add(mediaURLLifetime).Unix(), 10)},
		"hash": {m.hash},
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"url":               base + "/whatsapp_business/attachments/?" + q.Encode(),
		"mime_type":         m.mime,
		"sha256":            m.sha256,
		"file_size":         len(m.data),
		"id":                m.id,
	})
}

// downloadMedia handles GET /whatsapp_business/attachments/?mid&ext&hash.
func (d *Dialog360) downloadMedia(w http.ResponseWriter, r *http.Request, n *number) {
	q := r.URL.Query()
	m, ok := d.mediaCopy(n, q.Get("mid"))
	ext, err := strconv.ParseInt(q.Get("ext"), 10, 64)
	switch {
	case !ok || q.Get("hash") != m.hash || err != nil:
		writeMetaError(w, http.StatusNotFound, 131052, "Media not found")
	case d.now().Unix() > ext:
		writeMetaError(w, http.StatusNotFound, 131052, "Media URL expired")
	default:
		w.Header().Set("Content-Type", m.mime)
		w.Header().Set("Content-Length", strconv.Itoa(len(m.data)))
		_, _ = w.Write(m.data)
	}
}

// mediaCopy returns a snapshot of a media file that was not deleted.
func (d *Dialog360) mediaCopy(n *number, id string) (media, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	m, ok := n.media[id]
	if !ok || m.deleted {
		return media{}, false
	}
	return *m, true
}

// deleteMedia handles DELETE /{media_id}.
func (d *Dialog360) deleteMedia(w http.ResponseWriter, r *http.Request, n *number) {
	d.mu.Lock()
	m, ok := n.media[r.PathValue("media_id")]
	if ok {
		m.deleted = true
	}
	d.mu.Unlock()
	if !ok {
		writeMetaError(w, http.StatusNotFound, 100, "Unsupported delete request. Object does not exist")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

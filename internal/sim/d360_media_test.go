package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// upload posts a file to POST /media the way the documentation shows.
func upload(t *testing.T, b *d360Bundle, data []byte, mimeType string) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("messaging_product", "whatsapp")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="photo.jpg"`)
	h.Set("Content-Type", mimeType)
	fw, _ := mw.CreatePart(h)
	_, _ = fw.Write(data)
	_ = mw.Close()
	hdr := b.key()
	hdr["Content-Type"] = mw.FormDataContentType()
	return call(t, "POST", b.url+"/media", hdr, buf.Bytes())
}

// download GETs url with headers and returns status and bytes.
func download(t *testing.T, url string, headers map[string]string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func TestDialog360MediaRoundTrip(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	data := []byte("\xff\xd8\xff fake jpeg")
	st, resp := upload(t, b, data, "image/jpeg")
	id, _ := resp["id"].(string)
	if st != 200 || id == "" {
		t.Fatalf("upload: %d %v", st, resp)
	}
	up := b.sim.Uploaded(testKey)
	if len(up) != 1 || up[0].ID != id || up[0].MIME != "image/jpeg" || up[0].Filename != "photo.jpg" || !bytes.Equal(up[0].Data, data) {
		t.Errorf("Uploaded: %+v", up)
	}
	st, meta := call(t, "GET", b.url+"/"+id, b.key(), nil)
	sum := sha256.Sum256(data)
	if st != 200 || meta["sha256"] != hex.EncodeToString(sum[:]) || meta["file_size"] != float64(len(data)) || meta["mime_type"] != "image/jpeg" {
		t.Fatalf("GET media: %d %v", st, meta)
	}
	link := meta["url"].(string)
	if !strings.HasPrefix(link, b.url+"/whatsapp_business/attachments/?") {
		t.Errorf("url %s", link)
	}
	if st, got := download(t, link, b.key()); st != 200 || !bytes.Equal(got, data) {
		t.Errorf("download: %d %q", st, got)
	}
	if st, _ := download(t, link, nil); st != 401 {
		t.Errorf("download without key: %d, want 401", st)
	}
	if st, _ := download(t, strings.Replace(link, "hash=", "hash=x", 1), b.key()); st != 404 {
		t.Errorf("download with a wrong hash: %d, want 404", st)
	}
	b.clock.advance(6 * time.Minute)
	if st, _ := download(t, link, b.key()); st != 404 {
		t.Errorf("download after expiry: %d, want 404", st)
	}
	if st, _ := call(t, "DELETE", b.url+"/"+id, b.key(), nil); st != 200 {
		t.Errorf("delete: %d", st)
	}
	if st, _ := call(t, "GET", b.url+"/"+id, b.key(), nil); st != 404 {
		t.Errorf("GET deleted media: %d, want 404", st)
	}
	b.sim.AddNumber("key-2", "34911000000")
	if st, _ := call(t, "GET", b.url+"/"+up[0].ID, map[string]string{"D360-API-KEY": "key-2"}, nil); st != 404 {
		t.Errorf("another number's key must not see the media: %d", st)
	}
}

func TestDialog360UploadNeedsMessagingProduct(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "a.txt")
	_, _ = fw.Write([]byte("x"))
	_ = mw.Close()
	hdr := b.key()
	hdr["Content-Type"] = mw.FormDataContentType()
	if st, resp := call(t, "POST", b.url+"/media", hdr, buf.Bytes()); st != 400 || dig(resp, "error", "code") != 100.0 {
		t.Errorf("upload without messaging_product: %d %v", st, resp)
	}
}

func TestDialog360CustomerImage(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	data := []byte("\x89PNG customer photo")
	id := b.sim.AddMedia(testKey, data, "image/png")
	_, err := b.sim.CustomerMessage(testKey, ana, map[string]any{"type": "image", "image": map[string]any{"id": id, "caption": "Factura"}})
	if err != nil {
		t.Fatal(err)
	}
	img := dig(parse(t, b.hook.requests()[0].Body), "entry", 0, "changes", 0, "value", "messages", 0, "image")
	sum := sha256.Sum256(data)
	if dig(img, "mime_type") != "image/png" || dig(img, "sha256") != hex.EncodeToString(sum[:]) || dig(img, "caption") != "Factura" {
		t.Errorf("image object: %v", img)
	}
	_, meta := call(t, "GET", b.url+"/"+id, b.key(), nil)
	if st, got := download(t, meta["url"].(string), b.key()); st != 200 || !bytes.Equal(got, data) {
		t.Errorf("module download of customer media: %d", st)
	}
}

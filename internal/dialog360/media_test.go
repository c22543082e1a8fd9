package dialog360

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestUploadMedia checks the multipart form (golden, as JSON) and the returned id.
func TestUploadMedia(t *testing.T) {
	t.Parallel()
	srv := newFakeAPI(t, ok(t, "responses/upload.json"))
	id, err := New(srv.URL, nil).UploadMedia(t.Context(), testKey, `factura "octubre".pdf`, "application/pdf", strings.NewReader("%PDF-1.7 demo"))
	if err != nil {
		t.Fatal(err)
	}
	if id != "1254879621405589" {
		t.Errorf("id = %q", id)
	}
	r := srv.requests()[0]
	if r.Method != "POST" || r.Path != "/media" || r.Header.Get("D360-API-KEY") != testKey {
		t.Errorf("request %s %s key %q", r.Method, r.Path, r.Header.Get("D360-API-KEY"))
	}
	assertGoldenJSON(t, "upload_media", multipartAsJSON(t, r))
}

// multipartAsJSON turns a captured multipart form into comparable JSON.
func multipartAsJSON(t *testing.T, r captured) []byte {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type %q: %v", r.Header.Get("Content-Type"), err)
	}
	type part struct {
		Name        string `json:"name"`
		Filename    string `json:"filename,omitempty"`
		ContentType string `json:"content_type,omitempty"`
		Content     string `json:"content"`
	}
	var parts []part
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(b)})
	}
	out, _ := json.Marshal(map[string]any{"parts": parts})
	return out
}

// TestDownload covers the lookaside rewrite, same-host URLs, refused hosts and
// the size limit.
func TestDownload(t *testing.T) {
	t.Parallel()
	payload := bytes.Repeat([]byte("x"), 1000)
	tests := []struct {
		name     string
		basePath string // appended to the server URL to form the client's base URL
		url      func(base string) string
		chunked  bool
		max      int64
		wantPath string // "" = no request may be made
		wantErr  error
	}{
		{
			name: "lookaside rewritten",
			url: func(string) string {
				return "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1013859600285441&ext=1767017200&hash=ATuK"
			},
			max:      1000,
			wantPath: "/whatsapp_business/attachments/?mid=1013859600285441&ext=1767017200&hash=ATuK",
		},
		{
			name:     "lookaside rewritten under base path",
			basePath: "/d360",
			url: func(string) string {
				return "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=7&ext=1&hash=Z"
			},
			max:      1000,
			wantPath: "/d360/whatsapp_business/attachments/?mid=7&ext=1&hash=Z",
		},
		{
			name: "same host kept", url: func(b string) string { return b + "/media/dl/55?sig=1" },
			max: 1000, wantPath: "/media/dl/55?sig=1",
		},
		{
			name: "foreign host refused", url: func(string) string { return "https://evil.example.com/whatsapp_business/attachments/?mid=1" },
			max: 1000, wantErr: ErrForeignHost,
		},
		{
			name: "lookaside over http refused", url: func(string) string { return "http://lookaside.fbsbx.com/x" },
			max: 1000, wantErr: ErrForeignHost,
		},
		{
			name: "lookaside look-alike refused", url: func(string) string { return "https://lookaside.fbsbx.com.evil.example/x" },
			max: 1000, wantErr: ErrForeignHost,
		},
		{
			name: "credentials in URL refused", url: func(b string) string { return strings.Replace(b, "://", "://u:p@", 1) + "/x" },
			max: 1000, wantErr: ErrForeignHost,
		},
		{
			name: "too large by length", url: func(b string) string { return b + "/big" },
			max: 999, wantPath: "/big", wantErr: ErrTooLarge,
		},
		{
			name: "too large streamed", url: func(b string) string { return b + "/big" }, chunked: true,
			max: 999, wantPath: "/big", wantErr: ErrTooLarge,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.URL.RequestURI()+" key="+r.Header.Get("D360-API-KEY"))
				if tt.chunked {
					w.(http.Flusher).Flush() // no Content-Length: the limit must hold while reading
				}
				_, _ = w.Write(payload)
			}))
			t.Cleanup(srv.Close)
			b, err := New(srv.URL+tt.basePath, nil).Download(t.Context(), testKey, tt.url(srv.URL), tt.max)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && !bytes.Equal(b, payload) {
				t.Errorf("got %d bytes, want %d", len(b), len(payload))
			}
			srv.Close() // waits for the handler, so got is complete
			switch {
			case tt.wantPath == "" && len(got) != 0:
				t.Errorf("requests %v, want none", got)
			case tt.wantPath != "" && (len(got) != 1 || got[0] != tt.wantPath+" key="+testKey):
				t.Errorf("requests %v, want [%s key=<key>]", got, tt.wantPath)
			}
		})
	}
}

// TestDownloadAPIError checks a refused download is an *Error (e.g. expired URL).
func TestDownloadAPIError(t *testing.T) {
	t.Parallel()
	srv := newFakeAPI(t, reply{status: http.StatusNotFound, body: readFile(t, "errors/legacy.json")})
	_, err := New(srv.URL, nil).Download(t.Context(), testKey, srv.URL+"/whatsapp_business/attachments/?mid=1", 100)
	if e, ok := errors.AsType[*Error](err); !ok || e.HTTPStatus != 404 {
		t.Errorf("err = %v, want *Error 404", err)
	}
}

// TestRedirectDropsKey checks the key is not forwarded when the API redirects
// to another host, but still reaches the same host.
func TestRedirectDropsKey(t *testing.T) {
	t.Parallel()
	keys := make(chan string, 2)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys <- "other:" + r.Header.Get("D360-API-KEY")
		_, _ = w.Write([]byte("media"))
	}))
	t.Cleanup(other.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys <- "api:" + r.Header.Get("D360-API-KEY")
		http.Redirect(w, r, other.URL+"/file", http.StatusFound)
	}))
	t.Cleanup(api.Close)
	b, err := New(api.URL, nil).Download(t.Context(), testKey, api.URL+"/whatsapp_business/attachments/?mid=1", 100)
	if err != nil || string(b) != "media" {
		t.Fatalf("Download = %q, %v", b, err)
	}
	if a, o := <-keys, <-keys; a != "api:"+testKey || o != "other:" {
		t.Errorf("keys seen %q, %q; want the key at the API only", a, o)
	}
}

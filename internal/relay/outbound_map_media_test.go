package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/locale"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// outMediaWorld stands in for MessageGateway (file info), the host serving the
// operator's files, and 360dialog's /media, all used through the real clients.
type outMediaWorld struct {
	r *Relay
	l loaded

	mu        sync.Mutex
	infos     map[string]mg.FileInfo // by MessageGateway file id; URL is set to the file host
	contents  map[string][]byte      // by MessageGateway file id
	downloads int
	uploads   []outUpload
}

// outUpload is what 360dialog's /media received.
type outUpload struct {
	MIME, Filename string
	Size           int
}

func newOutMediaWorld(t *testing.T) *outMediaWorld {
	t.Helper()
	w := &outMediaWorld{infos: map[string]mg.FileInfo{}, contents: map[string][]byte{}}
	files := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		w.mu.Lock()
		w.downloads++
		b, ok := w.contents[strings.TrimPrefix(req.URL.Path, "/f/")]
		w.mu.Unlock()
		if !ok {
			http.NotFound(rw, req)
			return
		}
		_, _ = rw.Write(b)
	}))
	t.Cleanup(files.Close)
	mgSrv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		id := strings.TrimPrefix(req.URL.Path, "/api/transport/v1/files/")
		w.mu.Lock()
		info, ok := w.infos[id]
		w.mu.Unlock()
		if req.Method != http.MethodGet || !ok {
			rw.WriteHeader(http.StatusNotFound)
			_, _ = rw.Write([]byte(`{"errors":["file not found"]}`))
			return
		}
		info.ID, info.URL = id, files.URL+"/f/"+id
		_ = json.NewEncoder(rw).Encode(info)
	}))
	t.Cleanup(mgSrv.Close)
	d360 := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost || req.URL.Path != "/media" {
			http.NotFound(rw, req)
			return
		}
		f, hdr, err := req.FormFile("file")
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(f)
		w.mu.Lock()
		w.uploads = append(w.uploads, outUpload{MIME: hdr.Header.Get("Content-Type"), Filename: hdr.Filename, Size: len(b)})
		n := len(w.uploads)
		w.mu.Unlock()
		fmt.Fprintf(rw, `{"id":"media-%d"}`, n)
	}))
	t.Cleanup(d360.Close)

	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	w.r = &Relay{cat: cat, d360: dialog360.New(d360.URL, nil), opts: Options{MediaHTTP: files.Client()}}
	w.l = loaded{key: "test-key", sess: &account.Session{Conn: store.Connection{Lang: "es"},
		MG: mg.New(mgSrv.URL, "test-token", nil)}}
	return w
}

// file makes an operator's file known to MessageGateway.
func (w *outMediaWorld) file(id, mime string, infoSize int64, content []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.infos[id] = mg.FileInfo{Type: "file", Size: infoSize, MimeType: mime}
	w.contents[id] = content
}

var outPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

func TestMoveMedia(t *testing.T) {
	t.Parallel()
	item := func(id, name string) []mg.WebhookItem { return []mg.WebhookItem{{ID: id, Caption: name, Size: 100}} }
	cases := []struct {
		name    string
		d       mg.MessageWebhookData
		mime    string // MessageGateway's file info
		size    int64  // MessageGateway's file info
		content []byte
		// want
		msg        string // the send body after the move, as JSON; "" when refused
		upload     *outUpload
		refusalKey string
		args       map[string]any
		downloaded bool
	}{
		{name: "an MP4 sent as a file becomes a video with its caption",
			d:    mg.MessageWebhookData{Type: "file", Content: "Cómo doblarla", Items: item("f-video", "folding.mp4")},
			mime: "video/mp4", size: 4, content: []byte("mp4!"),
			msg:    `{"type":"video","video":{"id":"media-1","caption":"Cómo doblarla"}}`,
			upload: &outUpload{MIME: "video/mp4", Filename: "folding.mp4", Size: 4}, downloaded: true},
		{name: "a GIF sent as an image goes as a document with its name",
			d:    mg.MessageWebhookData{Type: "image", Items: item("f-gif", "dance.gif")},
			mime: "image/gif", content: []byte("GIF89a"),
			msg:    `{"type":"document","document":{"id":"media-1","filename":"dance.gif"}}`,
			upload: &outUpload{MIME: "image/gif", Filename: "dance.gif", Size: 6}, downloaded: true},
		{name: "a JPEG attached as a file stays a document",
			d:    mg.MessageWebhookData{Type: "file", Items: item("f-jpeg", "plan.jpg")},
			mime: "image/jpeg", content: []byte("jpeg"),
			msg:    `{"type":"document","document":{"id":"media-1","filename":"plan.jpg"}}`,
			upload: &outUpload{MIME: "image/jpeg", Filename: "plan.jpg", Size: 4}, downloaded: true},
		{name: "a WebP photo that is not sticker-shaped goes as a document",
			d: mg.MessageWebhookData{Type: "image", Items: []mg.WebhookItem{
				{ID: "f-webp", Caption: "photo.webp", Size: 100, Width: 1200, Height: 800}}},
			mime: "image/webp", content: []byte("RIFF"),
			msg:    `{"type":"document","document":{"id":"media-1","filename":"photo.webp"}}`,
			upload: &outUpload{MIME: "image/webp", Filename: "photo.webp", Size: 4}, downloaded: true},
		{name: "an MP3 file with a caption stays a document so the caption shows",
			d:    mg.MessageWebhookData{Type: "file", Content: "La grabación", Items: item("f-mp3", "call.mp3")},
			mime: "audio/mpeg", content: []byte("ID3"),
			msg:    `{"type":"document","document":{"id":"media-1","filename":"call.mp3","caption":"La grabación"}}`,
			upload: &outUpload{MIME: "audio/mpeg", Filename: "call.mp3", Size: 3}, downloaded: true},
		{name: "an MP3 file without a caption goes as audio",
			d:    mg.MessageWebhookData{Type: "file", Items: item("f-mp3b", "call.mp3")},
			mime: "audio/mpeg", content: []byte("ID3"),
			msg:    `{"type":"audio","audio":{"id":"media-1"}}`,
			upload: &outUpload{MIME: "audio/mpeg", Filename: "call.mp3", Size: 3}, downloaded: true},
		{name: "without a MIME type the bytes decide",
			d:    mg.MessageWebhookData{Type: "image", Items: item("f-png", "")},
			mime: "", content: outPNG,
			msg:    `{"type":"image","image":{"id":"media-1"}}`,
			upload: &outUpload{MIME: "image/png", Filename: "file", Size: len(outPNG)}, downloaded: true},
		{name: "a video over 16 MB is refused without downloading it",
			d:    mg.MessageWebhookData{Type: "file", Items: item("f-big", "film.mp4")},
			mime: "video/mp4", size: 17 << 20, content: []byte("never read"),
			refusalKey: "outbound.too_large_video", args: map[string]any{"Max": "16 MB"}},
		{name: "a download past the image limit is refused",
			d:    mg.MessageWebhookData{Type: "image", Items: item("f-huge", "huge.jpg")},
			mime: "image/jpeg", content: bytes.Repeat([]byte{0xff}, 5<<20+1),
			refusalKey: "outbound.too_large_image", args: map[string]any{"Max": "5 MB"}, downloaded: true},
		{name: "a template image header refuses a PDF",
			d: mg.MessageWebhookData{Type: "text", Template: &mg.WebhookTemplate{Code: "promo.es",
				Variables: mg.TemplateVariables{Header: &mg.TemplateHeaderArgs{Type: "image",
					Attachments: []mg.TemplateAttachment{{ID: "f-pdf", Caption: "promo.pdf"}}}}}},
			mime: "application/pdf", content: []byte("%PDF-1.7"),
			refusalKey: "outbound.header_needs_image"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := newOutMediaWorld(t)
			c.d.ExternalChatID = "34600111222"
			p, ref := w.r.buildPlan(&c.d, "es")
			if ref != nil {
				t.Fatalf("refused at planning: %s", ref.Message)
			}
			w.file(p.Media.FileID, c.mime, c.size, c.content)
			err := w.r.moveMedia(context.Background(), w.l, &p)
			w.mu.Lock()
			downloads, uploads := w.downloads, w.uploads
			w.mu.Unlock()
			if (downloads > 0) != c.downloaded {
				t.Errorf("downloads = %d, want downloaded %v", downloads, c.downloaded)
			}
			if c.refusalKey != "" {
				ref := asRefusal(err)
				if ref == nil {
					t.Fatalf("err = %v, want a refusal", err)
				}
				if want := w.r.cat.T("es", c.refusalKey, c.args); ref.Message != want || ref.Code != mg.ErrorGeneral {
					t.Errorf("refusal = %+v, want general %q", ref, want)
				}
				if len(uploads) != 0 {
					t.Errorf("uploaded %v despite the refusal", uploads)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]outUpload{*c.upload}, uploads); diff != "" {
				t.Errorf("uploads (-want +got):\n%s", diff)
			}
			got, _ := json.Marshal(p.Msg)
			want := strings.Replace(c.msg, "{", `{"messaging_product":"whatsapp","recipient_type":"individual","to":"34600111222",`, 1)
			var gotV, wantV any
			_ = json.Unmarshal(got, &gotV)
			if err := json.Unmarshal([]byte(want), &wantV); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantV, gotV); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMoveMediaUnknownFile: a file MessageGateway does not know is a
// permanent failure, not a refusal with a chat message of its own.
func TestMoveMediaUnknownFile(t *testing.T) {
	t.Parallel()
	w := newOutMediaWorld(t)
	d := mg.MessageWebhookData{Type: "file", ExternalChatID: "34600111222",
		Items: []mg.WebhookItem{{ID: "f-gone", Size: 10}}}
	p, ref := w.r.buildPlan(&d, "es")
	if ref != nil {
		t.Fatal(ref.Message)
	}
	err := w.r.moveMedia(context.Background(), w.l, &p)
	if err == nil || asRefusal(err) != nil {
		t.Fatalf("err = %v, want a non-refusal error", err)
	}
	var me *mg.Error
	if !errors.As(err, &me) || me.HTTPStatus != http.StatusNotFound {
		t.Errorf("err = %v, want MessageGateway's 404", err)
	}
}

package relay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
)

// WhatsApp's media kinds for sending.
const (
	kindImage    = "image"
	kindVideo    = "video"
	kindAudio    = "audio"
	kindDocument = "document"
	kindSticker  = "sticker"
)

// limitFor is WhatsApp's size limit of a kind (Meta's media limits as
// commonly cited: image 5 MB, video and audio 16 MB, document 100 MB,
// sticker 500 KB for animated ones; a static sticker over 100 KB may still be
// refused, which this module cannot tell before sending).
func limitFor(kind string) int64 {
	switch kind {
	case kindImage:
		return 5 << 20
	case kindVideo, kindAudio:
		return 16 << 20
	case kindSticker:
		return 500 << 10
	}
	return MaxMediaBytes
}

// mimeKind is the kind WhatsApp accepts a MIME type as, "" for a type it
// takes only as a document. audio/ogg is accepted for Opus (WhatsApp's
// voice format); the codec itself is not checked.
func mimeKind(mime string) string {
	switch mime {
	case "image/jpeg", "image/png":
		return kindImage
	case "image/webp":
		return kindSticker
	case "video/mp4", "video/3gpp":
		return kindVideo
	case "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg":
		return kindAudio
	}
	return ""
}

// baseMIME drops parameters and case: "Audio/OGG; codecs=opus" -> "audio/ogg".
func baseMIME(s string) string {
	s, _, _ = strings.Cut(s, ";")
	return strings.ToLower(strings.TrimSpace(s))
}

// kindFor decides how an operator's file goes to WhatsApp:
//   - MIME unknown (before moveMedia asks MessageGateway): by the message type,
//     image -> image, audio -> audio, file -> document;
//   - a type WhatsApp plays or shows inline -> that kind (JPEG/PNG image,
//     MP4/3GPP video, AAC/AMR/MP3/M4A/OGG audio, WebP sticker);
//   - an image attached as a file stays a document: the operator chose to
//     send the file itself, uncompressed;
//   - audio or a sticker with a caption becomes a document, which keeps the
//     caption (WhatsApp shows none on those kinds);
//   - anything else -> document.
//
// settle also sends a WebP file that is not sticker-shaped as a document.
func kindFor(mgType, mime string, captioned bool) string {
	k := mimeKind(mime)
	switch {
	case mime == "" && mgType == "image":
		k = kindImage
	case mime == "" && mgType == "audio":
		k = kindAudio
	case k == "", mgType == "file" && (k == kindImage || k == kindSticker):
		k = kindDocument
	}
	if captioned && (k == kindAudio || k == kindSticker) {
		k = kindDocument
	}
	return k
}

// headerAccepts reports whether a template header of kind takes a file of
// mime: Meta allows JPEG/PNG image headers and MP4/3GPP video headers.
func headerAccepts(kind, mime string) bool {
	switch kind {
	case kindImage, kindVideo:
		return mimeKind(mime) == kind
	}
	return true
}

// tooLarge refuses a file over WhatsApp's limit for kind.
func tooLarge(kind string, rf refuseFunc) *mg.SentError {
	return rf("outbound.too_large_"+kind, map[string]any{"Max": formatSize(limitFor(kind))})
}

// formatSize writes a limit as "5 MB" or "500 KB".
func formatSize(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " KB"
}

// placeMedia makes md.Target the media object of m under md.Kind: the type,
// the one media field set, a filename only on documents, no caption where
// WhatsApp allows none.
func placeMedia(m *dialog360.OutMessage, md *outMedia) {
	t := md.Target
	m.Type = md.Kind
	m.Image, m.Video, m.Audio, m.Document, m.Sticker = nil, nil, nil, nil, nil
	t.Filename = ""
	switch md.Kind {
	case kindImage:
		m.Image = t
	case kindVideo:
		m.Video = t
	case kindAudio:
		m.Audio, t.Caption = t, ""
	case kindSticker:
		m.Sticker, t.Caption = t, ""
	default:
		m.Document, t.Filename = t, md.Name
	}
}

// settle fixes the plan's media kind once the file's MIME type (may be "")
// and size are known, and refuses what WhatsApp would.
func (p *outboundPlan) settle(mime string, size int64, rf refuseFunc) *mg.SentError {
	md := p.Media
	if md.Fixed {
		if mime != "" && !headerAccepts(md.Kind, mime) {
			return rf("outbound.header_needs_"+md.Kind, nil)
		}
	} else {
		md.Kind = kindFor(md.MGType, mime, md.Target.Caption != "")
		if md.Kind == kindSticker && !md.stickerShaped(size) {
			md.Kind = kindDocument // a WebP picture, not a sticker: WhatsApp would refuse it as one
		}
	}
	if size > limitFor(md.Kind) {
		return tooLarge(md.Kind, rf)
	}
	if !md.Fixed {
		placeMedia(&p.Msg, md)
	}
	return nil
}

// stickerShaped reports whether a WebP file can be a WhatsApp sticker:
// 512×512 pixels (when the webhook gave the size) and within the sticker limit.
func (md *outMedia) stickerShaped(size int64) bool {
	square := md.Width == 0 && md.Height == 0 || md.Width == 512 && md.Height == 512
	return square && size <= limitFor(kindSticker)
}

// errFileTooLarge means a download went past its limit.
var errFileTooLarge = errors.New("operator's file is larger than WhatsApp allows")

// moveMedia fetches an operator's file from MessageGateway and uploads it to
// 360dialog, which is how WhatsApp wants media (by id, not by link). The
// file's MIME type settles the kind; a file WhatsApp would refuse gives a
// *refusal (see asRefusal) before anything is uploaded.
func (r *Relay) moveMedia(ctx context.Context, l loaded, p *outboundPlan) error {
	rf := r.refuser(l.sess.Conn.Lang)
	info, err := l.sess.MG.File(ctx, p.Media.FileID)
	if err != nil {
		return classifyMG(err)
	}
	mime := baseMIME(info.MimeType)
	if ref := p.settle(mime, max(info.Size, p.Media.Size), rf); ref != nil {
		return refused(ref)
	}
	limit := limitFor(p.Media.Kind)
	if mime == "" {
		limit = MaxMediaBytes // the kind may still change once the bytes show the type
	}
	data, err := r.fetchOperatorFile(ctx, info.URL, limit)
	if errors.Is(err, errFileTooLarge) {
		return refused(tooLarge(p.Media.Kind, rf))
	}
	if err != nil {
		return err
	}
	if mime == "" {
		mime = baseMIME(http.DetectContentType(data))
		if ref := p.settle(mime, int64(len(data)), rf); ref != nil {
			return refused(ref)
		}
	}
	name := p.Media.Name
	if name == "" {
		name = "file"
	}
	id, err := r.d360.UploadMedia(ctx, l.key, name, mime, bytes.NewReader(data))
	if err != nil {
		return classifyD360(err)
	}
	p.Media.Target.ID = id
	return nil
}

// fetchOperatorFile downloads at most limit bytes of an operator's file.
func (r *Relay) fetchOperatorFile(ctx context.Context, url string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, jobs.Permanent(err)
	}
	resp, err := r.opts.MediaHTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download operator's file: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, errFileTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errFileTooLarge
	}
	return data, nil
}

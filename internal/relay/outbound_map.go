package relay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
)

// MaxTextChars is WhatsApp's limit for a text message body.
const MaxTextChars = 4096

// outboundPlan is what an operator's message becomes at 360dialog.
type outboundPlan struct {
	Msg   dialog360.OutMessage
	Media *outMedia // an operator's file to move from MessageGateway to 360dialog first
}

// outMedia is an operator's file; Target is the media object of Msg to fill
// with the uploaded id.
type outMedia struct {
	FileID string
	Target *dialog360.OutMedia
}

// recipient addresses a chat: BSUIDs ("ES.1502…") go in "recipient", phone
// numbers in "to".
func recipient(chat string) dialog360.OutMessage {
	if strings.Contains(chat, ".") {
		return dialog360.OutMessage{Recipient: chat}
	}
	return dialog360.OutMessage{To: strings.TrimPrefix(chat, "+")}
}

// refuseBeforeSending catches what WhatsApp would refuse, so the operator sees
// a clear error at once instead of a failed message later.
func (r *Relay) refuseBeforeSending(d *mg.MessageWebhookData, lang string) *mg.SentError {
	refuse := func(key string, args map[string]any) *mg.SentError {
		return &mg.SentError{Code: mg.ErrorGeneral, Message: r.cat.T(lang, key, args)}
	}
	switch d.Type {
	case "text":
		if strings.TrimSpace(d.Content) == "" {
			return refuse("relay.empty_text", nil)
		}
		if n := utf8.RuneCountInString(d.Content); n > MaxTextChars {
			return refuse("relay.text_too_long", map[string]any{"Max": MaxTextChars, "Count": n})
		}
	}
	return nil
}

// planOutbound maps an operator's message to a 360dialog send. A non-nil
// SentError means the message cannot be sent as it is.
func (r *Relay) planOutbound(_ context.Context, d *mg.MessageWebhookData) (outboundPlan, *mg.SentError) {
	m := recipient(d.ExternalChatID)
	if d.QuoteExternalID != "" {
		m.Context = &dialog360.OutContext{MessageID: r.currentWAMID(context.Background(), d.QuoteExternalID)}
	}
	switch d.Type {
	case "text":
		m.Type = "text"
		m.Text = &dialog360.Text{Body: d.Content}
		return outboundPlan{Msg: m}, nil
	}
	return outboundPlan{}, &mg.SentError{Code: mg.ErrorGeneral,
		Message: fmt.Sprintf("This message type (%s) cannot be sent to WhatsApp yet.", d.Type)}
}

// moveMedia fetches an operator's file from MessageGateway and uploads it to
// 360dialog, which is how WhatsApp wants media (by id, not by link).
func (r *Relay) moveMedia(ctx context.Context, l loaded, p *outboundPlan) error {
	info, err := l.sess.MG.File(ctx, p.Media.FileID)
	if err != nil {
		return classifyMG(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, info.URL, nil)
	if err != nil {
		return jobs.Permanent(err)
	}
	resp, err := r.opts.MediaHTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download operator's file: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxMediaBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxMediaBytes {
		return jobs.Permanent(errors.New("operator's file is larger than WhatsApp allows"))
	}
	mime := info.MimeType
	if mime == "" {
		mime = http.DetectContentType(data)
	}
	id, err := r.d360.UploadMedia(ctx, l.key, p.Media.Target.Filename, mime, bytes.NewReader(data))
	if err != nil {
		return classifyD360(err)
	}
	p.Media.Target.ID = id
	return nil
}

package relay

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
)

// Operators' messages become one 360dialog send each. The mapping:
//
//   - text: the chat's markup converted to WhatsApp's; preview_url when the
//     text holds an http(s) link.
//   - image, file, audio: exactly one attached file (the store and the delivery
//     states model one WhatsApp message per MessageGateway message, so several
//     files are refused with a request to send them one by one). The
//     operator's text (data.content) is the caption; the item's caption is the
//     file's name (mg-transport-telegram reads it so), sent as a document's
//     filename. The WhatsApp kind follows the file's MIME type (see kindFor).
//   - a message with a template (data.template.code set, or type "template"):
//     a template send; see outbound_map_template.go.
//   - product and order cards: readable text; see outbound_map_card.go.
//   - anything else is refused, naming the type.
//
// Refusals are SentErrors with code "general" and a message in the
// connection's language. Those visible in the webhook alone come from
// refuseBeforeSending, so the operator sees them at once; those that need the
// file's MIME type come from moveMedia as a *refusal (see asRefusal).

// MaxTextChars is WhatsApp's limit for a text message body.
const MaxTextChars = 4096

// MaxCaptionChars is WhatsApp's limit for a media caption.
const MaxCaptionChars = 1024

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
	Kind   string // image, video, audio, document or sticker; final once settled
	Fixed  bool   // a template header's file: its kind is the header's, the file must fit it
	MGType string // the operator's message type (image, file, audio); "" for a template header
	Name   string // the file's name as attached (item or attachment caption)
	Size   int64  // as the webhook reported it; 0 when unknown
	Width  int    // pixels, as the webhook reported them for images; 0 when unknown
	Height int
}

// refuseFunc builds a localized refusal.
type refuseFunc func(key string, args map[string]any) *mg.SentError

// refuser refuses in lang, the connection's language.
func (r *Relay) refuser(lang string) refuseFunc {
	return func(key string, args map[string]any) *mg.SentError {
		return &mg.SentError{Code: mg.ErrorGeneral, Message: r.cat.T(lang, key, args)}
	}
}

// refusal is an operator's message found unsendable only while moving its
// file (e.g. a video too large for WhatsApp). It is always wrapped in
// jobs.Permanent: no retry changes the file.
type refusal struct {
	SentError *mg.SentError
}

// Error implements error.
func (e *refusal) Error() string { return "refused before sending: " + e.SentError.Message }

// refused wraps e as moveMedia's error.
func refused(e *mg.SentError) error { return jobs.Permanent(&refusal{SentError: e}) }

// asRefusal returns the chat error of a refusal found by moveMedia, or nil
// when err is another failure. The send job turns a refusal into a final
// failure of the message, so the chat shows the reason.
func asRefusal(err error) *mg.SentError {
	var rf *refusal
	if errors.As(err, &rf) {
		return rf.SentError
	}
	return nil
}

// outboundMarkup converts the chat's text markup to WhatsApp's.
func outboundMarkup(s string) string { return chatToWA(s) }

// recipient addresses a chat: BSUIDs ("ES.1502…") go in "recipient", phone
// numbers in "to".
func recipient(chat string) dialog360.OutMessage {
	if strings.Contains(chat, ".") {
		return dialog360.OutMessage{Recipient: chat}
	}
	return dialog360.OutMessage{To: strings.TrimPrefix(chat, "+")}
}

// refuseBeforeSending catches what WhatsApp would refuse, so the operator sees
// a clear error at once instead of a failed message later. It runs the whole
// mapping, which needs no network.
func (r *Relay) refuseBeforeSending(d *mg.MessageWebhookData, lang string) *mg.SentError {
	_, refusal := r.buildPlan(d, lang)
	return refusal
}

// planOutbound maps an operator's message to a 360dialog send. A non-nil
// SentError means the message cannot be sent as it is; its text is in lang.
func (r *Relay) planOutbound(ctx context.Context, d *mg.MessageWebhookData, lang string) (outboundPlan, *mg.SentError) {
	p, refusal := r.buildPlan(d, lang)
	if refusal != nil {
		return outboundPlan{}, refusal
	}
	if d.QuoteExternalID != "" {
		p.Msg.Context = &dialog360.OutContext{MessageID: r.currentWAMID(ctx, d.QuoteExternalID)}
	}
	return p, nil
}

// buildPlan is the mapping without the quote, which needs the store.
func (r *Relay) buildPlan(d *mg.MessageWebhookData, lang string) (outboundPlan, *mg.SentError) {
	rf := r.refuser(lang)
	m := recipient(d.ExternalChatID)
	switch {
	case d.Type == "template" || d.Template != nil && d.Template.Code != "":
		return planTemplate(m, d.Template, templateParamNames{}, rf)
	case d.Type == "text":
		return planText(m, d.Content, rf)
	case d.Type == "image" || d.Type == "file" || d.Type == "audio":
		return planMedia(m, d, rf)
	case d.Type == "product":
		return planProduct(m, d.Product, r.translator(lang), rf)
	case d.Type == "order":
		return planOrder(m, d.Order, r.translator(lang), rf)
	}
	return outboundPlan{}, rf("outbound.type_unsupported", map[string]any{"Type": d.Type})
}

// planText sends the operator's text.
func planText(m dialog360.OutMessage, content string, rf refuseFunc) (outboundPlan, *mg.SentError) {
	body := outboundMarkup(content)
	if strings.TrimSpace(body) == "" {
		return outboundPlan{}, rf("outbound.empty_text", nil)
	}
	if n := utf8.RuneCountInString(body); n > MaxTextChars {
		return outboundPlan{}, rf("outbound.text_too_long", map[string]any{"Max": MaxTextChars, "Count": n})
	}
	m.Type = "text"
	m.Text = &dialog360.Text{Body: body, PreviewURL: hasLink(body)}
	return outboundPlan{Msg: m}, nil
}

// hasLink reports whether s holds an http(s) link, which WhatsApp previews
// only when asked to.
func hasLink(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "http://") || strings.Contains(l, "https://")
}

// planMedia sends the operator's one file. The kind chosen here, from the
// message type, is provisional: moveMedia settles it from the file's MIME type.
func planMedia(m dialog360.OutMessage, d *mg.MessageWebhookData, rf refuseFunc) (outboundPlan, *mg.SentError) {
	switch n := len(d.Items); {
	case n == 0 || d.Items[0].ID == "":
		return outboundPlan{}, rf("outbound.no_file", nil)
	case n > 1:
		return outboundPlan{}, rf("outbound.several_files", map[string]any{"Count": n})
	}
	it := d.Items[0]
	caption := outboundMarkup(strings.TrimSpace(d.Content))
	if n := utf8.RuneCountInString(caption); n > MaxCaptionChars {
		return outboundPlan{}, rf("outbound.caption_too_long", map[string]any{"Max": MaxCaptionChars, "Count": n})
	}
	if d.Type == "audio" && caption != "" {
		// WhatsApp shows no caption on audio; dropping the operator's words
		// silently would lose them, so ask for a separate text instead.
		return outboundPlan{}, rf("outbound.audio_caption", nil)
	}
	kind := kindFor(d.Type, "", caption != "")
	if it.Size > limitFor(kind) {
		return outboundPlan{}, tooLarge(kind, rf)
	}
	md := &outMedia{FileID: it.ID, Target: &dialog360.OutMedia{Caption: caption}, Kind: kind, MGType: d.Type,
		Name: strings.TrimSpace(it.Caption), Size: it.Size, Width: it.Width, Height: it.Height}
	placeMedia(&m, md)
	return outboundPlan{Msg: m, Media: md}, nil
}

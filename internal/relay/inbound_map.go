package relay

import (
	"strings"
	"time"
	"unicode/utf8"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// ReplyWindow is WhatsApp's customer-service window: free text may be sent
// until 24 hours after the customer's last message; after it, only templates.
const ReplyWindow = 24 * time.Hour

// MessageGateway's field limits (spec: text ≤65535, note ≤64000, item
// caption ≤1024, nickname and names ≤255 characters).
const (
	mgMaxText     = 65535
	mgMaxNote     = 64000
	mgMaxCaption  = 1024
	mgMaxNickname = 255
)

type planKind int

const (
	planSend     planKind = iota // POST /messages with Data
	planReaction                 // add (Reaction set) or remove a reaction on ReactionTo
	planSkip                     // nothing to show (e.g. request_welcome)
)

// inboundPlan is what one WhatsApp message becomes in MessageGateway. It is
// computed by the pure function planInbound, so the whole mapping is tested
// without network.
type inboundPlan struct {
	Kind        planKind
	Data        mg.SendData
	Media       *mediaRef // to fetch from 360dialog and attach as the message's item
	Quote       string    // wamid of the message this one answers
	ReactionTo  string    // wamid of the message reacted to
	Reaction    string    // emoji; "" removes
	OldReaction string
}

// mediaRef names a 360dialog media object to move to MessageGateway.
type mediaRef struct {
	ID       string
	MimeType string
	Filename string
	Caption  string
}

// translator localizes the few words the module adds to customers' messages
// (e.g. "Location") in the connection's language.
type translator func(key string, args map[string]any) string

func (r *Relay) translator(lang string) translator {
	return func(key string, args map[string]any) string { return r.cat.T(lang, key, args) }
}

// planInbound maps a WhatsApp message to what the operator sees in the chat.
// Every message becomes something: types MessageGateway has no card for
// (location, contacts, orders, replies, system notices) become readable text,
// and anything not understood becomes a placeholder naming its type, never an
// error, so one odd message cannot block a chat (Zammad #5439).
func planInbound(m *dialog360.Message, c *dialog360.Contact, channelID int64, t translator) inboundPlan {
	p := inboundPlan{Kind: planSend, Data: mg.SendData{
		Channel:        channelID,
		ExternalChatID: chatKey(m.FromUserID, m.From, c),
		Originator:     mg.OriginatorCustomer,
		Customer:       customer(m, c),
		Message:        mg.Message{ExternalID: m.ID},
	}}
	// WhatsApp's own time, not the time of processing: a late job must not
	// reorder the chat or stretch the reply window (chatwoot #14739).
	if sent := m.Time(); !sent.IsZero() {
		deadline := sent.Add(ReplyWindow)
		p.Data.Message.CreatedAt, p.Data.ReplyDeadline = &sent, &deadline
	}
	if m.Context != nil {
		p.Quote = m.Context.ID
	}
	switch {
	case m.DecodeError != nil:
		// Fields may be half-filled: show the placeholder, act on nothing.
	case m.Type == dialog360.TypeRequestWelcome:
		p.Kind = planSkip
		return p
	case m.Type == dialog360.TypeReaction && m.Reaction != nil:
		p.Kind, p.Quote = planReaction, ""
		p.ReactionTo, p.Reaction = m.Reaction.MessageID, m.Reaction.Emoji
		return p
	case m.Type == dialog360.TypeSystem && m.System != nil:
		// The chat stays keyed by the BSUID; the customer card gets the new phone.
		if m.System.Type == "customer_changed_number" && m.System.WaID != "" {
			p.Data.Customer.Phone = "+" + strings.TrimPrefix(m.System.WaID, "+")
		}
	}
	kind, media, body, ok := inboundContent(m, t)
	if !ok || m.DecodeError != nil {
		kind, media, body = mg.MessageText, nil, unsupportedText(m, t)
	}
	body = decorateInbound(m, body, t)
	p.Data.Message.Type = kind
	if media != nil {
		p.Media = media
		p.Data.Message.Note = truncateRunes(body, mgMaxNote)
	} else {
		p.Data.Message.Text = truncateRunes(body, mgMaxText)
	}
	return p
}

// inboundContent renders the message's own object: the MessageGateway
// message type, the media to attach and the text (or the media's note). ok is
// false when the type is not known or its object is missing.
//
// MessageGateway's types are text, file, image, audio, product, order, system
// and command. There is no video type, so videos go as files (the chat offers
// them for download); stickers are images. "order" and "product" cards need
// CRM data a WhatsApp cart does not have, so a cart is text. "system" is not
// used: MG's system messages carry an action of its own (dialog_opened,
// user_joined, ...) and the transport API has no field for one, so a number
// change is shown as a text notice in the same chat.
func inboundContent(m *dialog360.Message, t translator) (kind string, media *mediaRef, body string, ok bool) {
	switch m.Type {
	case dialog360.TypeText:
		if m.Text != nil {
			return mg.MessageText, nil, waToChat(m.Text.Body), true
		}
	case dialog360.TypeImage:
		return mediaContent(m.Image, mg.MessageImage, "image")
	case dialog360.TypeSticker:
		return mediaContent(m.Sticker, mg.MessageImage, "sticker")
	case dialog360.TypeVideo:
		return mediaContent(m.Video, mg.MessageFile, "video")
	case dialog360.TypeDocument:
		return mediaContent(m.Document, mg.MessageFile, "document")
	case dialog360.TypeAudio:
		if m.Audio != nil && m.Audio.Voice {
			return mediaContent(m.Audio, mg.MessageAudio, "voice")
		}
		return mediaContent(m.Audio, mg.MessageAudio, "audio")
	case dialog360.TypeLocation:
		if m.Location != nil {
			return mg.MessageText, nil, locationText(m.Location, t), true
		}
	case dialog360.TypeContacts:
		if len(m.Contacts) > 0 {
			return mg.MessageText, nil, contactsText(m.Contacts, t), true
		}
	case dialog360.TypeInteractive:
		if m.Interactive != nil {
			body, ok := interactiveText(m.Interactive, t)
			return mg.MessageText, nil, body, ok
		}
	case dialog360.TypeButton:
		if m.Button != nil && (m.Button.Text != "" || m.Button.Payload != "") {
			return mg.MessageText, nil, firstText(m.Button.Text, m.Button.Payload), true
		}
	case dialog360.TypeOrder:
		if m.Order != nil {
			return mg.MessageText, nil, orderText(m.Order, t), true
		}
	case dialog360.TypeSystem:
		if m.System != nil {
			body, ok := systemText(m.System, t)
			return mg.MessageText, nil, body, ok
		}
	}
	return "", nil, "", false
}

// mediaContent is a media message: the file to move and its caption, with the
// customer's markup converted, as the note.
func mediaContent(in *dialog360.InMedia, kind, name string) (string, *mediaRef, string, bool) {
	if in == nil || in.ID == "" {
		return "", nil, "", false
	}
	caption := waToChat(strings.TrimSpace(in.Caption))
	filename := in.Filename
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	if filename = strings.TrimSpace(filename); filename == "" {
		filename = name + extFor(in.MimeType)
	}
	return kind, &mediaRef{ID: in.ID, MimeType: in.MimeType, Filename: filename,
		Caption: truncateRunes(caption, mgMaxCaption)}, caption, true
}

// decorateInbound adds what WhatsApp tells about the message besides its
// content: a forward mark before it; the catalog product asked about and the
// ad that brought the customer after it.
func decorateInbound(m *dialog360.Message, body string, t translator) string {
	var head, tail []string
	if ctx := m.Context; ctx != nil {
		switch {
		case ctx.FrequentlyForwarded:
			head = append(head, t("relay.forwarded_many", nil))
		case ctx.Forwarded:
			head = append(head, t("relay.forwarded", nil))
		}
		if rp := ctx.ReferredProduct; rp != nil && rp.ProductRetailerID != "" {
			tail = append(tail, t("relay.product", map[string]any{"ID": rp.ProductRetailerID}))
		}
	}
	if r := m.Referral; r != nil {
		key := "relay.referral_ad"
		if r.SourceType == "post" {
			key = "relay.referral_post"
		}
		tail = append(tail, joinLines(t(key, nil), r.Headline, r.Body, r.SourceURL))
	}
	out := joinLines(append(head, body)...)
	for _, s := range tail {
		out = strings.TrimSpace(out + "\n\n" + s)
	}
	return out
}

// customer describes the sender: the BSUID (or phone) as the stable id; as
// nickname the WhatsApp profile name, else "@username", else the phone; the
// phone when WhatsApp shares it (username users may hide it).
func customer(m *dialog360.Message, c *dialog360.Contact) mg.Customer {
	cu := mg.Customer{ExternalID: chatKey(m.FromUserID, m.From, c)}
	phone := m.From
	var name, username string
	if c != nil {
		if phone == "" {
			phone = c.WaID
		}
		name = strings.TrimSpace(c.Profile.Name)
		username = strings.TrimPrefix(strings.TrimSpace(c.Profile.Username), "@")
	}
	if phone != "" {
		cu.Phone = "+" + strings.TrimPrefix(phone, "+")
	}
	switch {
	case name != "":
		cu.Nickname = name
		first, last, _ := strings.Cut(name, " ")
		cu.FirstName, cu.LastName = truncateRunes(first, mgMaxNickname), truncateRunes(strings.TrimSpace(last), mgMaxNickname)
	case username != "":
		cu.Nickname = "@" + username
	case cu.Phone != "":
		cu.Nickname = cu.Phone
	default:
		cu.Nickname = cu.ExternalID
	}
	cu.Nickname = truncateRunes(cu.Nickname, mgMaxNickname)
	return cu
}

// joinLines joins the non-empty, trimmed parts with newlines.
func joinLines(parts ...string) string { return strings.Join(nonBlank(parts...), "\n") }

// firstText is the first part that is not blank, trimmed.
func firstText(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// truncateRunes cuts s to at most n characters, as MessageGateway counts them.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

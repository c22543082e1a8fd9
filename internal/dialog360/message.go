package dialog360

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Inbound message types (Message.Type). "unknown" is the older name of
// "unsupported"; any other value must be treated like them.
const (
	TypeAudio          = "audio"
	TypeButton         = "button"
	TypeContacts       = "contacts"
	TypeDocument       = "document"
	TypeImage          = "image"
	TypeInteractive    = "interactive"
	TypeLocation       = "location"
	TypeOrder          = "order"
	TypeReaction       = "reaction"
	TypeRequestWelcome = "request_welcome"
	TypeSticker        = "sticker"
	TypeSystem         = "system"
	TypeTemplate       = "template" // outbound only
	TypeText           = "text"
	TypeUnknown        = "unknown"
	TypeUnsupported    = "unsupported"
	TypeVideo          = "video"
)

// Message is one inbound message (value.messages[]). From (phone) is absent
// for username users; FromUserID (BSUID) is always sent since 2026. Exactly
// the object named by Type is set. Raw keeps the message's own JSON so types
// this package does not model can still be shown.
type Message struct {
	From             string        `json:"from,omitempty"`
	FromUserID       string        `json:"from_user_id,omitempty"`
	FromParentUserID string        `json:"from_parent_user_id,omitempty"`
	ID               string        `json:"id"`
	Timestamp        string        `json:"timestamp"` // unix seconds, as a string
	Type             string        `json:"type"`
	GroupID          string        `json:"group_id,omitempty"`
	Context          *Context      `json:"context,omitempty"`
	Referral         *Referral     `json:"referral,omitempty"`
	Errors           []ErrorDetail `json:"errors,omitempty"`

	Audio       *InMedia          `json:"audio,omitempty"`
	Button      *QuickReply       `json:"button,omitempty"`
	Contacts    []ContactCard     `json:"contacts,omitempty"`
	Document    *InMedia          `json:"document,omitempty"`
	Image       *InMedia          `json:"image,omitempty"`
	Interactive *InteractiveReply `json:"interactive,omitempty"`
	Location    *Location         `json:"location,omitempty"`
	Order       *Order            `json:"order,omitempty"`
	Reaction    *Reaction         `json:"reaction,omitempty"`
	Sticker     *InMedia          `json:"sticker,omitempty"`
	System      *System           `json:"system,omitempty"`
	Text        *Text             `json:"text,omitempty"`
	Unsupported *Unsupported      `json:"unsupported,omitempty"`
	Video       *InMedia          `json:"video,omitempty"`

	// Raw is the message exactly as received.
	Raw json.RawMessage `json:"-"`
	// DecodeError is set when a known field had an unexpected JSON type; the
	// common fields are still filled where possible.
	DecodeError error `json:"-"`
}

// UnmarshalJSON decodes a message, keeping its raw JSON and tolerating
// unexpected field types (see DecodeError) so one odd message cannot make a
// whole delivery fail. Only a message that is not a JSON object is an error.
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	var p plain
	err := json.Unmarshal(b, &p)
	if err != nil {
		var loose map[string]json.RawMessage
		if lerr := json.Unmarshal(b, &loose); lerr != nil {
			return fmt.Errorf("dialog360: message is not an object: %w", lerr)
		}
		fillStrings(loose, map[string]*string{
			"from": &p.From, "from_user_id": &p.FromUserID, "id": &p.ID,
			"timestamp": &p.Timestamp, "type": &p.Type,
		})
		p.DecodeError = err
	}
	*m = Message(p)
	m.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// fillStrings copies string values of loose into empty destinations.
func fillStrings(loose map[string]json.RawMessage, dst map[string]*string) {
	for k, d := range dst {
		if *d != "" {
			continue
		}
		var s string
		if json.Unmarshal(loose[k], &s) == nil {
			*d = s
		}
	}
}

// Time returns Timestamp as a UTC time, or the zero time if it is not a number.
func (m *Message) Time() time.Time { return unixTime(m.Timestamp) }

// unixTime parses a string of unix seconds.
func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// Context tells what a message refers to: a quoted message (From, ID), a
// forward, or a catalog product the user asks about.
type Context struct {
	From                string           `json:"from,omitempty"`
	ID                  string           `json:"id,omitempty"`
	Forwarded           bool             `json:"forwarded,omitempty"`
	FrequentlyForwarded bool             `json:"frequently_forwarded,omitempty"`
	ReferredProduct     *ReferredProduct `json:"referred_product,omitempty"`
}

// ReferredProduct is the catalog item a product enquiry was started from.
type ReferredProduct struct {
	CatalogID         string `json:"catalog_id"`
	ProductRetailerID string `json:"product_retailer_id"`
}

// Referral describes the Click-to-WhatsApp ad or post the chat started from.
type Referral struct {
	SourceURL      string          `json:"source_url,omitempty"`
	SourceID       string          `json:"source_id,omitempty"`
	SourceType     string          `json:"source_type,omitempty"` // "ad" or "post"
	Headline       string          `json:"headline,omitempty"`
	Body           string          `json:"body,omitempty"`
	MediaType      string          `json:"media_type,omitempty"` // "image" or "video"
	ImageURL       string          `json:"image_url,omitempty"`
	VideoURL       string          `json:"video_url,omitempty"`
	ThumbnailURL   string          `json:"thumbnail_url,omitempty"`
	CtwaClid       string          `json:"ctwa_clid,omitempty"`
	WelcomeMessage *WelcomeMessage `json:"welcome_message,omitempty"`
}

// WelcomeMessage is the prefilled greeting of a Click-to-WhatsApp ad.
type WelcomeMessage struct {
	Text string `json:"text"`
}

// Text is a text body; PreviewURL only matters when sending.
type Text struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

// InMedia is an inbound image, video, audio, document or sticker. URL (a
// lookaside.fbsbx.com link) is a newer addition; without it call Client.Media.
type InMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"` // documents
	URL      string `json:"url,omitempty"`
	Voice    bool   `json:"voice,omitempty"`    // audio: a recorded voice note
	Animated bool   `json:"animated,omitempty"` // sticker
}

// Location is a shared or sent map position.
type Location struct {
	Latitude  Number `json:"latitude"`
	Longitude Number `json:"longitude"`
	Name      string `json:"name,omitempty"`
	Address   string `json:"address,omitempty"`
	URL       string `json:"url,omitempty"`
}

// QuickReply is a tap on a template's quick-reply button (type "button");
// Context.ID is the template message.
type QuickReply struct {
	Payload string `json:"payload"`
	Text    string `json:"text"`
}

// Reaction is an emoji reaction to MessageID; an empty Emoji removes it (and
// is sent as "" on purpose).
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// Order is a cart sent from a catalog.
type Order struct {
	CatalogID    string        `json:"catalog_id"`
	Text         string        `json:"text,omitempty"`
	ProductItems []ProductItem `json:"product_items"`
}

// ProductItem is one line of an Order.
type ProductItem struct {
	ProductRetailerID string `json:"product_retailer_id"`
	Quantity          Number `json:"quantity"`
	ItemPrice         Number `json:"item_price"`
	Currency          string `json:"currency"`
}

// System reports a change of the user: "customer_changed_number",
// "user_changed_user_id", "customer_identity_changed". WaID and UserID are the
// new phone and BSUID; stored ids must be remapped.
type System struct {
	Body         string `json:"body,omitempty"`
	Type         string `json:"type"`
	WaID         string `json:"wa_id,omitempty"`
	UserID       string `json:"user_id,omitempty"`
	ParentUserID string `json:"parent_user_id,omitempty"`
	Customer     string `json:"customer,omitempty"`
	Identity     string `json:"identity,omitempty"`
}

// Unsupported names the type WhatsApp could not deliver through the API.
type Unsupported struct {
	Type string `json:"type"`
}

package mg

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Feature says in which direction a channel supports an operation. In MG's
// convention (inferred from mg-transport-telegram, not documented), "receive"
// means MG pushes the thing to the transport by webhook and "send" means the
// transport pushes it to MG through this API.
type Feature string

// The feature values of the spec (ChannelFeature).
const (
	FeatureNone    Feature = "none"
	FeatureReceive Feature = "receive"
	FeatureSend    Feature = "send"
	FeatureBoth    Feature = "both"
)

// Channel is the body of POST /channels and PUT /channels/{id}. ID is ignored
// by MG on activation and used for the path on update.
type Channel struct {
	ID         int64           `json:"id,omitempty"`
	ExternalID string          `json:"external_id,omitempty"` // ≤64
	Type       string          `json:"type,omitempty"`        // "whatsapp" for this module
	Name       string          `json:"name,omitempty"`        // ≤100
	AvatarURL  string          `json:"avatar_url,omitempty"`  // ≤255
	Settings   ChannelSettings `json:"settings,omitzero"`
}

// ChannelSettings declares what the channel supports. Sections left zero are
// not sent (omitzero), so MG keeps its defaults for them.
type ChannelSettings struct {
	Status             StatusSettings     `json:"status,omitzero"`
	Text               TextSettings       `json:"text,omitzero"`
	Product            CardSettings       `json:"product,omitzero"`
	Order              CardSettings       `json:"order,omitzero"`
	File               MediaSettings      `json:"file,omitzero"`
	Image              MediaSettings      `json:"image,omitzero"`
	Audio              AudioSettings      `json:"audio,omitzero"`
	Reactions          ReactionSettings   `json:"reactions,omitzero"` // spelled "reaction" in the v1 client; the spec says "reactions"
	CustomerExternalID string             `json:"customer_external_id,omitempty"`
	SendingPolicy      SendingPolicy      `json:"sending_policy,omitzero"`
	Suggestions        SuggestionSettings `json:"suggestions,omitzero"`
	Template           TemplateSettings   `json:"template,omitzero"`
	WhatsApp           *WhatsAppSettings  `json:"whatsapp,omitempty"`
}

// The values of ChannelSettings.CustomerExternalID.
const (
	CustomerExternalIDPhone = "phone" // the customer's external id is a phone number
	CustomerExternalIDAny   = "any"
)

// StatusSettings says whether the transport reports delivered and read
// statuses of outbound messages to MG ("send") — see Client.MarkRead and
// Client.MarkDelivered for what MG actually offers.
type StatusSettings struct {
	Delivered Feature `json:"delivered,omitempty"`
	Read      Feature `json:"read,omitempty"`
}

// TextSettings describes text messages. MarkupFormats exists only in the spec
// (bold, italic, strikethrough, underline, inline_monospace, block_monospace, link).
type TextSettings struct {
	Creating      Feature  `json:"creating,omitempty"`
	Editing       Feature  `json:"editing,omitempty"`
	Quoting       Feature  `json:"quoting,omitempty"`
	Deleting      Feature  `json:"deleting,omitempty"`
	Reaction      Feature  `json:"reaction,omitempty"`
	MaxCharsCount uint16   `json:"max_chars_count,omitempty"`
	MarkupFormats []string `json:"markup_formats,omitempty"`
}

// CardSettings describes product and order cards.
type CardSettings struct {
	Creating Feature `json:"creating,omitempty"`
	Editing  Feature `json:"editing,omitempty"`
	Deleting Feature `json:"deleting,omitempty"`
	Reaction Feature `json:"reaction,omitempty"`
	Quoting  Feature `json:"quoting,omitempty"`
}

// MediaSettings describes file and image messages. NoteMaxCharsCount is a
// pointer because 0 ("no caption") is a meaningful value.
type MediaSettings struct {
	Creating          Feature `json:"creating,omitempty"`
	Editing           Feature `json:"editing,omitempty"`
	Quoting           Feature `json:"quoting,omitempty"`
	Deleting          Feature `json:"deleting,omitempty"`
	Reaction          Feature `json:"reaction,omitempty"`
	MaxItemsCount     int     `json:"max_items_count,omitempty"`
	NoteMaxCharsCount *uint16 `json:"note_max_chars_count,omitempty"`
	MaxItemSize       int64   `json:"max_item_size,omitempty"` // bytes
}

// AudioSettings describes audio messages.
type AudioSettings struct {
	Creating      Feature `json:"creating,omitempty"`
	Quoting       Feature `json:"quoting,omitempty"`
	Deleting      Feature `json:"deleting,omitempty"`
	Reaction      Feature `json:"reaction,omitempty"`
	MaxItemsCount int     `json:"max_items_count,omitempty"`
	MaxItemSize   int64   `json:"max_item_size,omitempty"` // bytes
}

// ReactionSettings lists the reactions an operator may use.
type ReactionSettings struct {
	Dictionary []string `json:"dictionary,omitempty"`
	MaxCount   int      `json:"max_count,omitempty"`
}

// SendingPolicy tells MG what operators may send when: NewCustomer is
// no|template|text, AfterReplyTimeout no|template, Outgoing allowed|restricted.
type SendingPolicy struct {
	NewCustomer       string `json:"new_customer,omitempty"`
	AfterReplyTimeout string `json:"after_reply_timeout,omitempty"`
	Outgoing          string `json:"outgoing,omitempty"`
}

// SuggestionSettings declares support for quick replies by type.
type SuggestionSettings struct {
	Text  Feature `json:"text,omitempty"`
	Phone Feature `json:"phone,omitempty"`
	Email Feature `json:"email,omitempty"`
	URL   Feature `json:"url,omitempty"`
}

// TemplateSettings: Creation true lets CRM users create templates, which MG
// then forwards as template_* webhooks.
type TemplateSettings struct {
	Creation bool `json:"creation,omitempty"`
}

// WhatsAppSettings are the WhatsApp-only channel properties MG shows:
// ChannelQuality high|medium|low, ChannelStatus connected|flagged|offline|pending|restricted.
type WhatsAppSettings struct {
	Tier           *int   `json:"tier,omitempty"`
	ChannelQuality string `json:"channel_quality,omitempty"`
	ChannelStatus  string `json:"channel_status,omitempty"`
}

// ChannelResult is MG's answer to activation (201), update and deactivation;
// only the time field of the operation is set.
type ChannelResult struct {
	ID            int64     `json:"id"`
	ExternalID    string    `json:"external_id,omitempty"`
	ActivatedAt   time.Time `json:"activated_at,omitzero"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
	DeactivatedAt time.Time `json:"deactivated_at,omitzero"`
}

// ChannelQuery filters GET /channels. Zero fields are not sent; Limit is
// 1..1000 (MG's default is 100).
type ChannelQuery struct {
	ID     int64
	Types  []string
	Active *bool
	Since  time.Time
	Until  time.Time
	Limit  int
}

// ChannelInfo is one element of GET /channels.
type ChannelInfo struct {
	ID            int64           `json:"id"`
	ExternalID    string          `json:"external_id"`
	Type          string          `json:"type"`
	Name          string          `json:"name"`
	Settings      ChannelSettings `json:"settings"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     *time.Time      `json:"updated_at"`
	ActivatedAt   time.Time       `json:"activated_at"`
	DeactivatedAt *time.Time      `json:"deactivated_at"`
	IsActive      bool            `json:"is_active"`
}

// queryTimeFormat is the spec's time_format for since/until, always in UTC.
const queryTimeFormat = "2006-01-02T15:04:05.999999Z07:00"

func (q ChannelQuery) values() url.Values {
	v := url.Values{}
	if q.ID != 0 {
		v.Set("id", strconv.FormatInt(q.ID, 10))
	}
	for _, t := range q.Types {
		v.Add("types", t)
	}
	if q.Active != nil {
		v.Set("active", strconv.FormatBool(*q.Active))
	}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(queryTimeFormat))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.UTC().Format(queryTimeFormat))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// ActivateChannel creates the channel in MG (POST /channels, 201).
func (c *Client) ActivateChannel(ctx context.Context, ch Channel) (ChannelResult, error) {
	var r ChannelResult
	err := c.doJSON(ctx, "POST", "/channels", nil, ch, &r)
	return r, err
}

// UpdateChannel replaces the channel's name, avatar and settings
// (PUT /channels/{ch.ID}).
func (c *Client) UpdateChannel(ctx context.Context, ch Channel) (ChannelResult, error) {
	var r ChannelResult
	err := c.doJSON(ctx, "PUT", "/channels/"+strconv.FormatInt(ch.ID, 10), nil, ch, &r)
	return r, err
}

// DeactivateChannel switches the channel off in MG (DELETE /channels/{id}).
func (c *Client) DeactivateChannel(ctx context.Context, id int64) error {
	return c.doJSON(ctx, "DELETE", "/channels/"+strconv.FormatInt(id, 10), nil, nil, nil)
}

// Channels lists this transport's channels (GET /channels).
func (c *Client) Channels(ctx context.Context, q ChannelQuery) ([]ChannelInfo, error) {
	var r []ChannelInfo
	err := c.doJSON(ctx, "GET", "/channels", q.values(), nil, &r)
	return r, err
}

package mg

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
)

// The template types, verification statuses and qualities of the spec.
const (
	TemplateTypeText  = "text"
	TemplateTypeMedia = "media"

	TemplateApproved = "approved"
	TemplatePending  = "pending"
	TemplateRejected = "rejected"
	TemplatePaused   = "paused"
	TemplateDisabled = "disabled"
)

// Template is a message template as MG stores it. The same type is used to
// activate and update one; fields MG owns (ID, ChannelID, Enabled) are not
// sent then. Category is utility|marketing|authentication; RejectionReason is
// abusive_content|incorrect_category|invalid_format|scam; Quality is
// pending|high|medium|low.
type Template struct {
	ID                 int64            `json:"id,omitempty"`
	Code               string           `json:"code"` // ≤512, unique per channel
	ChannelID          int64            `json:"channel_id,omitempty"`
	Name               string           `json:"name"`
	Enabled            bool             `json:"enabled"`
	Type               string           `json:"type,omitempty"`
	Template           []TemplateItem   `json:"template,omitempty"`
	Body               string           `json:"body"`
	Lang               string           `json:"lang,omitempty"`
	Category           string           `json:"category,omitempty"`
	Example            *TemplateExample `json:"example,omitempty"`
	VerificationStatus string           `json:"verification_status,omitempty"`
	Quality            string           `json:"quality,omitempty"`
	RejectionReason    string           `json:"rejection_reason,omitempty"`
	Header             *TemplateHeader  `json:"header,omitempty"`
	Footer             string           `json:"footer,omitempty"`
	Buttons            *TemplateButtons `json:"buttons,omitempty"`
}

// TemplateHeader is the header section; Content.Type is text|document|image|video
// and Content.Body is the text of a text header.
type TemplateHeader struct {
	Content TemplateHeaderContent `json:"content"`
}

// TemplateHeaderContent is the typed content of a header.
type TemplateHeaderContent struct {
	Type string `json:"type"`
	Body string `json:"body,omitempty"`
}

// TemplateButtons lists the buttons of a template.
type TemplateButtons struct {
	Items []TemplateButton `json:"items"`
}

// TemplateButton is one button: Type plain|phone|url; Phone is set for
// phone buttons and URL for url buttons.
type TemplateButton struct {
	Type  string `json:"type"`
	Label string `json:"label"`
	Phone string `json:"phone,omitempty"`
	URL   string `json:"url,omitempty"`
}

// TemplateExample holds sample values MG shows in the CRM.
type TemplateExample struct {
	Body        []string             `json:"body,omitempty"`
	Header      []string             `json:"header,omitempty"`
	Buttons     [][]string           `json:"buttons,omitempty"`
	Attachments []TemplateAttachment `json:"attachments,omitempty"`
}

// TemplateAttachment is an uploaded file used as a media header or example.
type TemplateAttachment struct {
	ID      string `json:"id"`
	Caption string `json:"caption,omitempty"`
}

// TemplateItem is one chunk of the legacy "template" array: literal text, or
// a variable when IsVar (Var is custom|name|first_name|last_name; empty means
// custom). WhatsApp templates are described by Body; the array is optional.
//
// Wire format: the v1 client (in production use) writes text as a plain JSON
// string and a variable as {} or {"var":"name"}; the generated client's schema
// says {"text":...} / {"var":<0..3>}. This type writes the v1 form and reads both.
type TemplateItem struct {
	IsVar bool
	Text  string
	Var   string
}

// varNames maps the spec's numeric TemplateVarType to the v1 names.
var varNames = [...]string{"custom", "name", "first_name", "last_name"}

// MarshalJSON writes the v1 form.
func (t TemplateItem) MarshalJSON() ([]byte, error) {
	if !t.IsVar {
		return json.Marshal(t.Text)
	}
	if t.Var == "" || t.Var == "custom" {
		return []byte("{}"), nil
	}
	return json.Marshal(map[string]string{"var": t.Var})
}

// UnmarshalJSON reads the v1 and the spec forms.
func (t *TemplateItem) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = TemplateItem{Text: s}
		return nil
	}
	var o struct {
		Text *string         `json:"text"`
		Var  json.RawMessage `json:"var"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return errors.New("mg: template item is neither a string nor an object")
	}
	switch {
	case o.Text != nil:
		*t = TemplateItem{Text: *o.Text}
	case len(o.Var) == 0:
		*t = TemplateItem{IsVar: true, Var: "custom"}
	default:
		var name string
		var n uint8
		switch {
		case json.Unmarshal(o.Var, &name) == nil:
		case json.Unmarshal(o.Var, &n) == nil && int(n) < len(varNames):
			name = varNames[n]
		default:
			return errors.New("mg: template item has an invalid var")
		}
		*t = TemplateItem{IsVar: true, Var: name}
	}
	return nil
}

// templateUpdate is the spec's UpdateTemplateRequest.
type templateUpdate struct {
	Name               string           `json:"name"`
	Template           []TemplateItem   `json:"template,omitempty"`
	Body               string           `json:"body"`
	Lang               string           `json:"lang,omitempty"`
	Category           string           `json:"category,omitempty"`
	Example            *TemplateExample `json:"example,omitempty"`
	VerificationStatus string           `json:"verification_status,omitempty"`
	Quality            string           `json:"quality,omitempty"`
	RejectionReason    string           `json:"rejection_reason,omitempty"`
	Header             *TemplateHeader  `json:"header,omitempty"`
	Footer             string           `json:"footer,omitempty"`
	Buttons            *TemplateButtons `json:"buttons,omitempty"`
}

func updateBody(t Template) templateUpdate {
	return templateUpdate{
		Name: t.Name, Template: t.Template, Body: t.Body, Lang: t.Lang, Category: t.Category,
		Example: t.Example, VerificationStatus: t.VerificationStatus, Quality: t.Quality,
		RejectionReason: t.RejectionReason, Header: t.Header, Footer: t.Footer, Buttons: t.Buttons,
	}
}

func templatesPath(channelID int64) string {
	return "/channels/" + strconv.FormatInt(channelID, 10) + "/templates"
}

// Templates lists the templates of all this transport's channels (GET /templates).
func (c *Client) Templates(ctx context.Context) ([]Template, error) {
	var r []Template
	err := c.doJSON(ctx, "GET", "/templates", nil, nil, &r)
	return r, err
}

// ActivateTemplate adds a template to a channel (POST /channels/{id}/templates,
// 200 or 201). Type defaults to "text" because MG requires it.
func (c *Client) ActivateTemplate(ctx context.Context, channelID int64, t Template) error {
	typ := t.Type
	if typ == "" {
		typ = TemplateTypeText
	}
	body := struct {
		Code string `json:"code"`
		Type string `json:"type"`
		templateUpdate
	}{t.Code, typ, updateBody(t)}
	return c.doJSON(ctx, "POST", templatesPath(channelID), nil, body, nil)
}

// UpdateTemplate replaces a template's content and status
// (PUT /channels/{id}/templates/{code}); t.Code is ignored.
func (c *Client) UpdateTemplate(ctx context.Context, channelID int64, code string, t Template) error {
	return c.doJSON(ctx, "PUT", templatesPath(channelID)+"/"+url.PathEscape(code), nil, updateBody(t), nil)
}

// DeactivateTemplate removes a template from a channel
// (DELETE /channels/{id}/templates/{code}).
func (c *Client) DeactivateTemplate(ctx context.Context, channelID int64, code string) error {
	return c.doJSON(ctx, "DELETE", templatesPath(channelID)+"/"+url.PathEscape(code), nil, nil, nil)
}

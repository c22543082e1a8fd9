package dialog360

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// templatePageSize is the page size asked for; the server may return fewer.
const templatePageSize = 1000

// Template is a message template as 360dialog lists it (envelope
// waba_templates). Status is lower-case from 360dialog ("approved",
// "submitted", "pending", "rejected") but Meta's upper-case values (PAUSED,
// DISABLED, ...) also occur: use Approved to compare.
type Template struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Language        string        `json:"language"`
	Category        string        `json:"category"`
	Status          string        `json:"status"`
	Components      []Component   `json:"components"`
	ParameterFormat string        `json:"parameter_format,omitempty"` // "NAMED" or "POSITIONAL"
	Namespace       string        `json:"namespace,omitempty"`
	RejectedReason  string        `json:"rejected_reason,omitempty"`
	QualityScore    *QualityScore `json:"quality_score,omitempty"`
	ModifiedAt      string        `json:"modified_at,omitempty"`
}

// Approved reports whether the template may be sent (status "approved" in
// any case).
func (t Template) Approved() bool { return strings.EqualFold(t.Status, "approved") }

// QualityScore is Meta's template quality rating. It arrives either as an
// object {"score":"GREEN","date":...} or as a bare string; both are accepted.
type QualityScore struct {
	Score string          `json:"score,omitempty"`
	Date  json.RawMessage `json:"date,omitempty"`
}

// UnmarshalJSON accepts an object or a bare score string.
func (q *QualityScore) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*q = QualityScore{Score: s}
		return nil
	}
	type plain QualityScore
	return json.Unmarshal(b, (*plain)(q))
}

// Component is a part of a template definition: Type HEADER (with Format
// TEXT|IMAGE|VIDEO|DOCUMENT|LOCATION), BODY, FOOTER or BUTTONS.
type Component struct {
	Type    string            `json:"type"`
	Format  string            `json:"format,omitempty"`
	Text    string            `json:"text,omitempty"`
	Example *ComponentExample `json:"example,omitempty"`
	Buttons []Button          `json:"buttons,omitempty"`
}

// ComponentExample gives sample values for variables, required on creation.
type ComponentExample struct {
	HeaderText            []string     `json:"header_text,omitempty"`
	HeaderHandle          []string     `json:"header_handle,omitempty"`
	HeaderTextNamedParams []NamedParam `json:"header_text_named_params,omitempty"`
	BodyText              [][]string   `json:"body_text,omitempty"`
	BodyTextNamedParams   []NamedParam `json:"body_text_named_params,omitempty"`
}

// NamedParam is a sample value for a {{name}} variable.
type NamedParam struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// Button is a template button: QUICK_REPLY, URL (Example holds a sample for
// its one variable), PHONE_NUMBER, COPY_CODE (Example holds the sample code),
// OTP or FLOW.
type Button struct {
	Type        string   `json:"type"`
	Text        string   `json:"text,omitempty"`
	URL         string   `json:"url,omitempty"`
	PhoneNumber string   `json:"phone_number,omitempty"`
	OTPType     string   `json:"otp_type,omitempty"`
	Example     []string `json:"example,omitempty"`
}

// UnmarshalJSON accepts "example" as a list or as a single string (COPY_CODE).
func (b *Button) UnmarshalJSON(data []byte) error {
	type plain Button
	var p struct {
		plain
		Example examples `json:"example"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*b = Button(p.plain)
	b.Example = p.Example
	return nil
}

// MarshalJSON writes a COPY_CODE example as the single string Meta expects.
func (b Button) MarshalJSON() ([]byte, error) {
	type plain Button
	if strings.EqualFold(b.Type, "COPY_CODE") && len(b.Example) == 1 {
		return json.Marshal(struct {
			plain
			Example string `json:"example"`
		}{plain(b), b.Example[0]})
	}
	return json.Marshal(plain(b))
}

// TemplateCreate is the body of POST /v1/configs/templates.
// AllowCategoryChange lets Meta re-categorise instead of rejecting.
type TemplateCreate struct {
	Name                string      `json:"name"`
	Category            string      `json:"category"`
	Language            string      `json:"language"`
	AllowCategoryChange bool        `json:"allow_category_change"`
	ParameterFormat     string      `json:"parameter_format,omitempty"`
	Components          []Component `json:"components"`
}

// templatePage is the 360dialog list envelope.
type templatePage struct {
	Count  int        `json:"count"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
	Total  int        `json:"total"`
	Items  []Template `json:"waba_templates"`
}

// Templates lists all templates of the key's WABA, following pages until
// offset+count reaches total.
func (c *Client) Templates(ctx context.Context, key string) ([]Template, error) {
	var all []Template
	for offset := 0; ; {
		q := url.Values{
			"limit":  {strconv.Itoa(templatePageSize)},
			"offset": {strconv.Itoa(offset)},
			"sort":   {"business_templates.name"},
		}
		var p templatePage
		if err := c.call(ctx, key, request{method: "GET", path: "/v1/configs/templates", query: q}, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		// Count is what the server says it returned; trust the list length
		// instead so a wrong count cannot loop forever or skip items.
		offset += len(p.Items)
		if len(p.Items) == 0 || offset >= p.Total {
			return all, nil
		}
	}
}

// CreateTemplate submits a new template for review; it starts pending. The
// answer's missing fields are filled from t.
func (c *Client) CreateTemplate(ctx context.Context, key string, t TemplateCreate) (Template, error) {
	if t.Name == "" || t.Language == "" || t.Category == "" {
		return Template{}, errors.New("dialog360: create template: name, language and category are required")
	}
	var out Template
	if err := c.call(ctx, key, request{method: "POST", path: "/v1/configs/templates", json: t}, &out); err != nil {
		return Template{}, err
	}
	if out.Name == "" {
		out.Name = t.Name
	}
	if out.Language == "" {
		out.Language = t.Language
	}
	if out.Category == "" {
		out.Category = t.Category
	}
	if out.Components == nil {
		out.Components = t.Components
	}
	return out, nil
}

// DeleteTemplate deletes the template name in all its languages.
func (c *Client) DeleteTemplate(ctx context.Context, key, name string) error {
	if name == "" {
		return errors.New("dialog360: delete template: empty name")
	}
	return c.call(ctx, key, request{method: "DELETE", path: "/v1/configs/templates/" + url.PathEscape(name)}, nil)
}

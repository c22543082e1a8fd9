package template

import (
	"strings"
)

// Kind is the template type the merchant picks on the settings page.
type Kind string

// The template kinds.
const (
	KindBasic Kind = "basic" // body only
	KindMedia Kind = "media" // "media and interactive": header, body, footer, buttons
)

// Parameter formats; Meta's parameter_format, lower-cased.
const (
	FormatPositional = "positional" // {{1}}, {{2}}...; the default
	FormatNamed      = "named"      // {{first_name}}...
)

// Categories accepted for new templates (Meta's categories since 2023).
const (
	CategoryMarketing      = "MARKETING"
	CategoryUtility        = "UTILITY"
	CategoryAuthentication = "AUTHENTICATION"
)

// Header formats, as in Meta's HEADER component.
const (
	HeaderText     = "TEXT"
	HeaderImage    = "IMAGE"
	HeaderVideo    = "VIDEO"
	HeaderDocument = "DOCUMENT"
	HeaderLocation = "LOCATION"
)

// Button types this module creates, as in Meta's BUTTONS component.
const (
	ButtonQuickReply = "QUICK_REPLY"
	ButtonURL        = "URL"
	ButtonPhone      = "PHONE_NUMBER"
	ButtonCopyCode   = "COPY_CODE"
)

// Draft is a template as the merchant (or the CRM) describes it before it is
// submitted. It is deliberately flatter than Meta's component list so forms
// and JSON callers can fill it directly.
type Draft struct {
	Name            string   `json:"name"`
	Category        string   `json:"category"`
	Language        string   `json:"language"`
	Kind            Kind     `json:"kind"`
	ParameterFormat string   `json:"parameter_format,omitempty"`
	Header          *Header  `json:"header,omitempty"`
	Body            Body     `json:"body"`
	Footer          string   `json:"footer,omitempty"`
	Buttons         []Button `json:"buttons,omitempty"`
}

// Header is the optional header of a media template. Text and Example apply
// to TEXT headers; MediaURL or MediaHandle (a sample file) to IMAGE, VIDEO
// and DOCUMENT headers.
type Header struct {
	Format      string `json:"format"`
	Text        string `json:"text,omitempty"`
	Example     string `json:"example,omitempty"` // value for the header's one variable
	MediaURL    string `json:"media_url,omitempty"`
	MediaHandle string `json:"media_handle,omitempty"`
}

// Body is the message text with example values for its variables. Examples[0]
// is the example for {{1}}; NamedExamples maps a named variable to its example.
type Body struct {
	Text          string            `json:"text"`
	Examples      []string          `json:"examples,omitempty"`
	NamedExamples map[string]string `json:"named_examples,omitempty"`
}

// Button is one template button. Which fields matter depends on Type: Text
// for all but COPY_CODE, URL and URLExample (the value for the URL's {{1}})
// for URL, Phone for PHONE_NUMBER, Example (the coupon code) for COPY_CODE.
type Button struct {
	Type       string `json:"type"`
	Text       string `json:"text,omitempty"`
	URL        string `json:"url,omitempty"`
	URLExample string `json:"url_example,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Example    string `json:"example,omitempty"`
}

// Normalize returns d with the forgiving parts of the input made canonical:
// category, header format and button types upper-cased; kind and parameter
// format lower-cased (an empty kind becomes "media" when a header, footer or
// button is present, else "basic"; an empty format becomes "positional");
// the language code matched case-insensitively, "-" read as "_"; spaces,
// dashes, dots and brackets dropped from phone numbers; surrounding spaces
// trimmed from name, URLs and codes; an all-empty header and a blank footer
// dropped. Texts are left as typed. Validate normalizes by itself; callers
// normalize to store or submit what was validated.
func Normalize(d Draft) Draft {
	d.Name = strings.TrimSpace(d.Name)
	if strings.TrimSpace(d.Footer) == "" {
		d.Footer = ""
	}
	d.Category = strings.ToUpper(strings.TrimSpace(d.Category))
	d.Language = normalizeLanguage(d.Language)
	d.ParameterFormat = strings.ToLower(strings.TrimSpace(d.ParameterFormat))
	if d.ParameterFormat == "" {
		d.ParameterFormat = FormatPositional
	}
	if d.Header != nil {
		h := *d.Header
		h.Format = strings.ToUpper(strings.TrimSpace(h.Format))
		h.MediaURL = strings.TrimSpace(h.MediaURL)
		h.MediaHandle = strings.TrimSpace(h.MediaHandle)
		d.Header = &h
		if h == (Header{}) {
			d.Header = nil
		}
	}
	if len(d.Buttons) > 0 {
		bs := make([]Button, len(d.Buttons))
		for i, b := range d.Buttons {
			b.Type = strings.ToUpper(strings.TrimSpace(b.Type))
			b.URL = strings.TrimSpace(b.URL)
			b.Phone = stripPhone(b.Phone)
			b.Example = strings.TrimSpace(b.Example)
			bs[i] = b
		}
		d.Buttons = bs
	}
	d.Kind = Kind(strings.ToLower(strings.TrimSpace(string(d.Kind))))
	if d.Kind == "" {
		d.Kind = KindBasic
		if d.Header != nil || d.Footer != "" || len(d.Buttons) > 0 {
			d.Kind = KindMedia
		}
	}
	return d
}

// stripPhone removes the separators people type in phone numbers, so
// "+1 (555) 123-45.67" is checked as "+15551234567".
func stripPhone(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '.', '\t':
			return -1
		}
		return r
	}, s)
}

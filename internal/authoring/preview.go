package authoring

import (
	"context"

	"waba-transport/internal/template"
)

// Bubble is a draft as WhatsApp would show it: texts with the examples
// filled in. Parts that do not apply to the draft's kind are left out.
type Bubble struct {
	HeaderFormat string         `json:"header_format,omitempty"` // TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
	Header       string         `json:"header,omitempty"`        // a text header, filled in
	MediaURL     string         `json:"media_url,omitempty"`     // a media header's sample link
	Body         string         `json:"body"`
	Footer       string         `json:"footer,omitempty"`
	Buttons      []BubbleButton `json:"buttons,omitempty"`
}

// BubbleButton is a button under the bubble. Target is where it leads: the
// sample link of a URL button, the number of a call button, the code of a
// copy-code button.
type BubbleButton struct {
	Type   string `json:"type"`
	Text   string `json:"text"`
	Target string `json:"target,omitempty"`
}

// Checked is what the editor shows beside a draft: its issues (empty when it
// may be submitted), the bubble, and the variables whose examples the form
// asks for.
type Checked struct {
	Issues     []template.Issue `json:"issues"`
	Bubble     Bubble           `json:"bubble"`
	BodyVars   []string         `json:"body_vars"`             // distinct names, in order: "1", "2" or "first_name"
	HeaderVar  string           `json:"header_var,omitempty"`  // the text header's variable, if any
	URLExample []bool           `json:"url_example,omitempty"` // per button: whether its link has a variable
}

// Check validates d and renders its bubble; it needs no account.
func Check(d template.Draft) Checked {
	n := template.Normalize(d)
	c := Checked{Issues: template.Validate(d), Bubble: Render(d), BodyVars: []string{}}
	vars, _ := template.Variables(n.Body.Text)
	seen := map[string]bool{}
	for _, v := range vars {
		if !seen[v.Name] {
			seen[v.Name] = true
			c.BodyVars = append(c.BodyVars, v.Name)
		}
	}
	if n.Header != nil && n.Header.Format == template.HeaderText {
		if hv, _ := template.Variables(n.Header.Text); len(hv) > 0 {
			c.HeaderVar = hv[0].Name
		}
	}
	for _, b := range n.Buttons {
		uv, _ := template.Variables(b.URL)
		c.URLExample = append(c.URLExample, b.Type == template.ButtonURL && len(uv) > 0)
	}
	return c
}

// Preview checks d for a number of the connection; the number is only
// authenticated, its templates are not read.
func (s *Service) Preview(ctx context.Context, clientID string, accountID int64, d template.Draft) (Checked, error) {
	if _, err := s.account(ctx, clientID, accountID); err != nil {
		return Checked{}, err
	}
	return Check(d), nil
}

// Render fills d's texts with their examples. Variables without an example
// stay as written, so the merchant sees what is still missing.
func Render(d template.Draft) Bubble {
	d = template.Normalize(d)
	named := d.ParameterFormat == template.FormatNamed
	b := Bubble{Body: d.Body.Preview()}
	if d.Kind != template.KindMedia {
		return b
	}
	if h := d.Header; h != nil {
		b.HeaderFormat = h.Format
		switch h.Format {
		case template.HeaderText:
			b.Header = fillOne(h.Text, h.Example, named)
		case template.HeaderImage, template.HeaderVideo, template.HeaderDocument:
			b.MediaURL = h.MediaURL
		}
	}
	b.Footer = d.Footer
	for _, btn := range d.Buttons {
		bb := BubbleButton{Type: btn.Type, Text: btn.Text}
		switch btn.Type {
		case template.ButtonURL:
			bb.Target = btn.ExampleURL()
		case template.ButtonPhone:
			bb.Target = btn.Phone
		case template.ButtonCopyCode:
			bb.Target = btn.Example
		}
		b.Buttons = append(b.Buttons, bb)
	}
	return b
}

// fillOne fills a text with one variable (a header) with its example.
func fillOne(text, example string, named bool) string {
	if !named {
		return template.Fill(text, example)
	}
	vars, _ := template.Variables(text)
	if len(vars) == 0 {
		return text
	}
	return template.FillNamed(text, map[string]string{vars[0].Name: example})
}

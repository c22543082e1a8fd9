package catalog

import (
	"slices"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/template"
)

// fromMG turns what a CRM user typed in the chat's template editor into a
// draft for template.Validate. MessageGateway's examples are positional
// lists: with named variables ({{first_name}}) the n-th example belongs to
// the n-th distinct name in order of appearance. mediaURL is the sample file
// of a media header (the uploaded example attachment, resolved by the caller).
// Button types: plain -> QUICK_REPLY, url -> URL (its example is the value
// of the URL's {{1}}), phone -> PHONE_NUMBER; others are kept upper-cased so
// Validate names them.
func fromMG(c mg.TemplateContent, mediaURL string) template.Draft {
	d := template.Draft{Name: c.Name, Category: c.Category, Language: c.Lang, Footer: c.Footer,
		Body: template.Body{Text: c.Body}}
	var ex mg.TemplateExample
	if c.Example != nil {
		ex = *c.Example
	}
	if names := namedVars(c.Body); len(names) > 0 {
		d.ParameterFormat = template.FormatNamed
		d.Body.NamedExamples = map[string]string{}
		for i, n := range names {
			if i < len(ex.Body) {
				d.Body.NamedExamples[n] = ex.Body[i]
			}
		}
	} else {
		d.Body.Examples = ex.Body
	}
	if h := c.Header; h != nil && (h.Content.Type != "" || h.Content.Body != "") {
		switch t := strings.ToLower(h.Content.Type); t {
		case "text", "":
			d.Header = &template.Header{Format: template.HeaderText, Text: h.Content.Body}
			if len(ex.Header) > 0 {
				d.Header.Example = ex.Header[0]
			}
		default:
			d.Header = &template.Header{Format: strings.ToUpper(t), MediaURL: mediaURL}
		}
	}
	if c.Buttons != nil {
		for i, b := range c.Buttons.Items {
			db := template.Button{Text: b.Label}
			switch strings.ToLower(b.Type) {
			case "plain":
				db.Type = template.ButtonQuickReply
			case "url":
				db.Type, db.URL = template.ButtonURL, b.URL
				if i < len(ex.Buttons) && len(ex.Buttons[i]) > 0 {
					db.URLExample = urlValue(b.URL, ex.Buttons[i][0])
				}
			case "phone":
				db.Type, db.Phone = template.ButtonPhone, b.Phone
			default:
				db.Type = strings.ToUpper(b.Type)
			}
			d.Buttons = append(d.Buttons, db)
		}
	}
	return d
}

// urlValue is the value of a URL's {{1}} in example, which may be the value
// itself or the whole sample link.
func urlValue(url, example string) string {
	vars, _ := template.Variables(url)
	if len(vars) == 0 {
		return example
	}
	return strings.TrimPrefix(example, url[:vars[0].Start])
}

// namedVars lists the distinct named variables of text in order of first
// appearance; nil when it has none.
func namedVars(text string) []string {
	vars, _ := template.Variables(text)
	var out []string
	for _, v := range vars {
		if v.Named() && !slices.Contains(out, v.Name) {
			out = append(out, v.Name)
		}
	}
	return out
}

// createRequest is the 360dialog body for a validated, normalized draft.
// Examples are sent only for the variables the texts use, as Meta wants.
func createRequest(d template.Draft) dialog360.TemplateCreate {
	named := d.ParameterFormat == template.FormatNamed
	req := dialog360.TemplateCreate{Name: d.Name, Category: d.Category, Language: d.Language,
		AllowCategoryChange: true}
	if named {
		req.ParameterFormat = "NAMED"
	}
	if h := d.Header; h != nil {
		c := dialog360.Component{Type: "HEADER", Format: h.Format}
		switch h.Format {
		case template.HeaderText:
			c.Text = h.Text
			if vars, _ := template.Variables(h.Text); len(vars) > 0 {
				if vars[0].Named() {
					c.Example = &dialog360.ComponentExample{HeaderTextNamedParams: []dialog360.NamedParam{
						{ParamName: vars[0].Name, Example: h.Example}}}
				} else {
					c.Example = &dialog360.ComponentExample{HeaderText: []string{h.Example}}
				}
			}
		case template.HeaderImage, template.HeaderVideo, template.HeaderDocument:
			sample := h.MediaHandle
			if sample == "" {
				sample = h.MediaURL
			}
			c.Example = &dialog360.ComponentExample{HeaderHandle: []string{sample}}
		}
		req.Components = append(req.Components, c)
	}
	body := dialog360.Component{Type: "BODY", Text: d.Body.Text}
	if names := namedVars(d.Body.Text); named && len(names) > 0 {
		ps := make([]dialog360.NamedParam, len(names))
		for i, n := range names {
			ps[i] = dialog360.NamedParam{ParamName: n, Example: d.Body.NamedExamples[n]}
		}
		body.Example = &dialog360.ComponentExample{BodyTextNamedParams: ps}
	} else if n := positionalCount(d.Body.Text); n > 0 {
		body.Example = &dialog360.ComponentExample{BodyText: [][]string{d.Body.Examples[:min(n, len(d.Body.Examples))]}}
	}
	req.Components = append(req.Components, body)
	if d.Footer != "" {
		req.Components = append(req.Components, dialog360.Component{Type: "FOOTER", Text: d.Footer})
	}
	if len(d.Buttons) > 0 {
		c := dialog360.Component{Type: "BUTTONS"}
		for _, b := range d.Buttons {
			db := dialog360.Button{Type: b.Type, Text: b.Text}
			switch b.Type {
			case template.ButtonURL:
				db.URL = b.URL
				if vars, _ := template.Variables(b.URL); len(vars) > 0 {
					db.Example = []string{b.ExampleURL()}
				}
			case template.ButtonPhone:
				db.PhoneNumber = b.Phone
			case template.ButtonCopyCode:
				db.Text, db.Example = "", []string{b.Example}
			}
			c.Buttons = append(c.Buttons, db)
		}
		req.Components = append(req.Components, c)
	}
	return req
}

// positionalCount is the highest {{n}} of text (numbering has no gaps once
// validated).
func positionalCount(text string) int {
	vars, _ := template.Variables(text)
	n := 0
	for _, v := range vars {
		n = max(n, v.Index)
	}
	return n
}

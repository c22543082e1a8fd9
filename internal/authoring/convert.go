package authoring

import (
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/template"
)

// Create converts a draft into the body of 360dialog's POST
// /v1/configs/templates, with the examples Meta reviews the template with:
// example.header_text (or header_text_named_params) for a text header's
// variable, example.header_handle for a media header's sample (the handle,
// else the link, see the package doc), example.body_text (one row, {{1}}
// first) or body_text_named_params for the body, and a URL button's full
// sample link. Only the examples of variables the texts use are sent. The
// draft is normalized first; call it on drafts that passed template.Validate.
func Create(d template.Draft) dialog360.TemplateCreate {
	d = template.Normalize(d)
	named := d.ParameterFormat == template.FormatNamed
	out := dialog360.TemplateCreate{
		Name: d.Name, Category: d.Category, Language: d.Language, AllowCategoryChange: true,
	}
	if named {
		out.ParameterFormat = "NAMED"
	}
	if d.Kind == template.KindMedia && d.Header != nil {
		out.Components = append(out.Components, headerComponent(*d.Header, named))
	}
	body := dialog360.Component{Type: "BODY", Text: d.Body.Text}
	if ex := bodyExample(d.Body, named); ex != nil {
		body.Example = ex
	}
	out.Components = append(out.Components, body)
	if d.Kind != template.KindMedia {
		return out
	}
	if d.Footer != "" {
		out.Components = append(out.Components, dialog360.Component{Type: "FOOTER", Text: d.Footer})
	}
	if len(d.Buttons) > 0 {
		bs := make([]dialog360.Button, 0, len(d.Buttons))
		for _, b := range d.Buttons {
			bs = append(bs, button(b))
		}
		out.Components = append(out.Components, dialog360.Component{Type: "BUTTONS", Buttons: bs})
	}
	return out
}

func headerComponent(h template.Header, named bool) dialog360.Component {
	c := dialog360.Component{Type: "HEADER", Format: h.Format}
	switch h.Format {
	case template.HeaderText:
		c.Text = h.Text
		vars, _ := template.Variables(h.Text)
		switch {
		case len(vars) == 0:
		case named:
			c.Example = &dialog360.ComponentExample{HeaderTextNamedParams: []dialog360.NamedParam{
				{ParamName: vars[0].Name, Example: h.Example}}}
		default:
			c.Example = &dialog360.ComponentExample{HeaderText: []string{h.Example}}
		}
	case template.HeaderImage, template.HeaderVideo, template.HeaderDocument:
		sample := h.MediaHandle
		if sample == "" {
			sample = h.MediaURL
		}
		c.Example = &dialog360.ComponentExample{HeaderHandle: []string{sample}}
	}
	return c
}

// bodyExample returns the body's example: {{1}}..{{n}} in one row for
// positional variables, one named param per distinct name (in order of first
// appearance) for named ones; nil when the body has no variables.
func bodyExample(b template.Body, named bool) *dialog360.ComponentExample {
	vars, _ := template.Variables(b.Text)
	if len(vars) == 0 {
		return nil
	}
	if named {
		var params []dialog360.NamedParam
		seen := map[string]bool{}
		for _, v := range vars {
			if !seen[v.Name] {
				seen[v.Name] = true
				params = append(params, dialog360.NamedParam{ParamName: v.Name, Example: b.NamedExamples[v.Name]})
			}
		}
		return &dialog360.ComponentExample{BodyTextNamedParams: params}
	}
	highest := 0
	for _, v := range vars {
		highest = max(highest, v.Index)
	}
	row := make([]string, highest)
	copy(row, b.Examples)
	return &dialog360.ComponentExample{BodyText: [][]string{row}}
}

func button(b template.Button) dialog360.Button {
	out := dialog360.Button{Type: b.Type, Text: b.Text}
	switch b.Type {
	case template.ButtonURL:
		out.URL = b.URL
		if vars, _ := template.Variables(b.URL); len(vars) > 0 {
			out.Example = []string{b.ExampleURL()}
		}
	case template.ButtonPhone:
		out.PhoneNumber = b.Phone
	case template.ButtonCopyCode:
		out.Text = "" // WhatsApp fixes the label
		out.Example = []string{b.Example}
	}
	return out
}

// FromTemplate turns a template listed by 360dialog back into a draft, so it
// can be copied or given another language. Parts the manager cannot edit
// (OTP or flow buttons, carousels) are left out.
func FromTemplate(t dialog360.Template) template.Draft {
	d := template.Draft{
		Name: t.Name, Category: strings.ToUpper(t.Category), Language: t.Language, Kind: template.KindBasic,
		ParameterFormat: strings.ToLower(t.ParameterFormat),
	}
	for _, c := range t.Components {
		ex := c.Example
		if ex == nil {
			ex = &dialog360.ComponentExample{}
		}
		switch strings.ToUpper(c.Type) {
		case "HEADER":
			d.Kind = template.KindMedia
			h := &template.Header{Format: strings.ToUpper(c.Format), Text: c.Text}
			switch {
			case len(ex.HeaderText) > 0:
				h.Example = ex.HeaderText[0]
			case len(ex.HeaderTextNamedParams) > 0:
				h.Example = ex.HeaderTextNamedParams[0].Example
			}
			if len(ex.HeaderHandle) > 0 {
				if s := ex.HeaderHandle[0]; strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
					h.MediaURL = s
				} else {
					h.MediaHandle = s
				}
			}
			d.Header = h
		case "BODY":
			d.Body.Text = c.Text
			if len(ex.BodyText) > 0 {
				d.Body.Examples = append([]string(nil), ex.BodyText[0]...)
			}
			if len(ex.BodyTextNamedParams) > 0 {
				d.Body.NamedExamples = map[string]string{}
				for _, p := range ex.BodyTextNamedParams {
					d.Body.NamedExamples[p.ParamName] = p.Example
				}
			}
		case "FOOTER":
			d.Kind = template.KindMedia
			d.Footer = c.Text
		case "BUTTONS":
			d.Kind = template.KindMedia
			for _, b := range c.Buttons {
				if tb, ok := draftButton(b); ok {
					d.Buttons = append(d.Buttons, tb)
				}
			}
		}
	}
	return d
}

func draftButton(b dialog360.Button) (template.Button, bool) {
	typ := strings.ToUpper(b.Type)
	out := template.Button{Type: typ, Text: b.Text}
	switch typ {
	case template.ButtonQuickReply:
	case template.ButtonURL:
		out.URL = b.URL
		if vars, _ := template.Variables(b.URL); len(vars) > 0 && len(b.Example) > 0 {
			// The example is the whole sample link; the draft keeps only
			// the part that replaces {{1}}.
			prefix := b.URL[:vars[0].Start]
			out.URLExample = strings.TrimPrefix(b.Example[0], prefix)
		}
	case template.ButtonPhone:
		out.Phone = b.PhoneNumber
	case template.ButtonCopyCode:
		out.Text = ""
		if len(b.Example) > 0 {
			out.Example = b.Example[0]
		}
	default:
		return out, false
	}
	return out, true
}

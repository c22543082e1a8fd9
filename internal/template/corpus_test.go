package template

import (
	"strings"
)

// corpus is a set of broken drafts that together trigger every issue key; the
// golden test records their issues and the locale test renders them all.
func corpus() map[string]Draft {
	media := func(edit func(d *Draft)) Draft {
		d := validMedia()
		edit(&d)
		return d
	}
	basic := func(edit func(d *Draft)) Draft {
		d := validBasic()
		edit(&d)
		return d
	}
	return map[string]Draft{
		"empty": {},
		"identity": basic(func(d *Draft) {
			d.Name, d.Category, d.Language, d.Kind, d.ParameterFormat = "Order-Update", "transactional", "pt", "carousel", "numbered"
		}),
		"name_long_upper": basic(func(d *Draft) { d.Name = strings.Repeat("A", 513) }),
		"basic_extras": basic(func(d *Draft) {
			m := validMedia()
			d.Header, d.Footer, d.Buttons = m.Header, m.Footer, m.Buttons
		}),
		"body_shape":    basic(func(d *Draft) { d.Body = Body{Text: "{{1}} {{2}} ok {{3}}", Examples: []string{"a", "b\nc"}} }),
		"body_too_long": basic(func(d *Draft) { d.Body.Text = strings.Repeat("x", 1025) }),
		"body_vars": basic(func(d *Draft) {
			d.Body = Body{Text: "Hi {{ 1 }} and {{3}}, dear {{name}} friend, your order is ready for pickup.",
				Examples: []string{"", "", "c"}}
		}),
		"named_in_positional": basic(func(d *Draft) {
			d.Body = Body{Text: "Dear {{name}}, your order is ready.", NamedExamples: map[string]string{"name": "Ann"}}
		}),
		"positional_in_named": basic(func(d *Draft) { d.ParameterFormat = FormatNamed; d.Body.Examples = nil }),
		"header_text": media(func(d *Draft) {
			d.Header = &Header{Format: HeaderText, Text: strings.Repeat("h", 52) + " {{1}} {{2}}"}
		}),
		"header_empty_text": media(func(d *Draft) { d.Header = &Header{Format: HeaderText} }),
		"header_gif":        media(func(d *Draft) { d.Header = &Header{Format: "gif"} }),
		"header_image":      media(func(d *Draft) { d.Header = &Header{Format: HeaderImage} }),
		"header_media_url":  media(func(d *Draft) { d.Header = &Header{Format: HeaderVideo, MediaURL: "v.mp4"} }),
		"footer":            media(func(d *Draft) { d.Footer = strings.Repeat("f", 56) + " {{1}}" }),
		"buttons": media(func(d *Draft) {
			d.Buttons = []Button{
				{Type: ButtonQuickReply, Text: "Yes"}, {Type: "LINK"}, {Type: ButtonQuickReply},
				{Type: ButtonPhone, Text: "Call", Phone: "+1 555 CALL"}, {Type: ButtonQuickReply, Text: "yes"},
				{Type: ButtonQuickReply, Text: strings.Repeat("q", 26)}, {Type: ButtonPhone, Text: "Call 2"},
				{Type: ButtonCopyCode}, {Type: ButtonCopyCode, Example: strings.Repeat("C", 16)},
				{Type: ButtonPhone, Text: "Call 3", Phone: strings.Repeat("9", 21)},
			}
		}),
		"url_buttons": media(func(d *Draft) {
			d.Buttons = []Button{
				{Type: ButtonURL, Text: "A"},
				{Type: ButtonURL, Text: "B", URL: "http://shop.example/{{2}}/x"},
				{Type: ButtonURL, Text: "C", URL: "https://shop.example/{{1}}{{ 2 }}/" + strings.Repeat("p", 2000)},
				{Type: ButtonURL, Text: "D", URL: "https://shop.example/{{1}}", URLExample: "a b"},
				{Type: ButtonURL, Text: "E", URL: "https://shop.example/{{1}}/{{1}}", URLExample: "a"},
			}
		}),
	}
}

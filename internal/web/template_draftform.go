package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"waba-transport/internal/authoring"
	"waba-transport/internal/template"
)

// The editor's inputs are named after the issue fields of package template
// ("body.text", "body.examples[0]", "buttons[1].url"), so an issue finds
// its input by name, in the page and in the script alike.
const (
	maxFormExamples = 100 // examples read from a form; more variables than this fail validation anyway
	maxFormButtons  = 10
)

// draftFromForm reads the editor's form, every part of it: the parts a
// basic template does not have stay in the form while hidden, so switching
// back keeps them (see asTyped). Line breaks are read as "\n": browsers
// send "\r\n".
func draftFromForm(f url.Values) template.Draft {
	get := func(k string) string { return strings.ReplaceAll(f.Get(k), "\r\n", "\n") }
	d := template.Draft{
		Name: get("name"), Category: get("category"), Language: get("language"),
		Kind: template.Kind(get("kind")), ParameterFormat: get("parameter_format"),
		Body: template.Body{Text: get("body.text")},
	}
	for k := range f {
		if name, ok := strings.CutPrefix(k, "body.named_examples."); ok && name != "" {
			if d.Body.NamedExamples == nil {
				d.Body.NamedExamples = map[string]string{}
			}
			d.Body.NamedExamples[name] = get(k)
		}
		if i, ok := formIndex(k, "body.examples[", maxFormExamples); ok {
			for len(d.Body.Examples) <= i {
				d.Body.Examples = append(d.Body.Examples, "")
			}
			d.Body.Examples[i] = get(k)
		}
	}
	if format := get("header.format"); format != "" {
		d.Header = &template.Header{Format: format, Text: get("header.text"), Example: get("header.example"),
			MediaURL: get("header.media_url")}
	}
	d.Footer = get("footer")
	for i := range maxFormButtons {
		p := "buttons[" + strconv.Itoa(i) + "]."
		b := template.Button{Type: get(p + "type"), Text: get(p + "text"), URL: get(p + "url"),
			URLExample: get(p + "url_example"), Phone: get(p + "phone"), Example: get(p + "example")}
		if b.Type != "" {
			d.Buttons = append(d.Buttons, b)
		}
	}
	return d
}

// asTyped is the draft the merchant means: a basic template without the
// hidden header, footer and buttons.
func asTyped(d template.Draft) template.Draft {
	if strings.EqualFold(strings.TrimSpace(string(d.Kind)), string(template.KindBasic)) {
		d.Header, d.Footer, d.Buttons = nil, "", nil
	}
	return d
}

// formIndex reads i from a key "prefix" + "i]" with 0 <= i < limit.
func formIndex(k, prefix string, limit int) (int, bool) {
	rest, ok := strings.CutPrefix(k, prefix)
	if !ok {
		return 0, false
	}
	n, ok := strings.CutSuffix(rest, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n)
	return i, err == nil && i >= 0 && i < limit && strconv.Itoa(i) == n
}

// tplForm is the editor's data: the draft as typed, what the server thinks
// of it, and where each issue is shown.
type tplForm struct {
	Action   string // where the form posts
	DraftID  int64  // 0 for a new template
	Kind     string // "basic" or "media", for the sections shown
	Format   string // parameter format
	D        template.Draft
	Bubble   authoring.Bubble
	Examples []exampleField
	Header   template.Header // the header as typed, empty when there is none
	HeaderEx bool            // whether the text header has a variable to exemplify
	Buttons  []buttonField
	Blank    buttonField // the row the script copies to add a button
	Other    []string    // issues with no input of their own on the form
	Count    int         // all issues
	All      bool        // show every issue (a saved draft, a refused post), not only those of fields typed in
	issues   map[string][]string
}

// exampleField is the example input of one body variable.
type exampleField struct{ Var, Field, Value string }

// buttonField is one row of the button editor. Index -1 is the blank row
// the script copies to add a button.
type buttonField struct {
	template.Button
	Index  int
	URLVar bool // the link has a {{1}} that needs an example
	p      *page
}

// T translates key into the page language.
func (b buttonField) T(key string) string { return b.p.T(key) }

// Issues returns the messages about one input of the row, e.g. "text".
func (b buttonField) Issues(field string) []string { return b.p.Tpl.Form.For(b.Name(field)) }

// Types are the button types the editor offers.
func (b buttonField) Types() []string {
	return []string{template.ButtonQuickReply, template.ButtonURL, template.ButtonPhone, template.ButtonCopyCode}
}

// For returns the messages of the issues about field.
func (f *tplForm) For(field string) []string { return f.issues[field] }

// Name is the prefix of a button row's inputs, e.g. "buttons[1].".
func (b buttonField) Name(field string) string {
	return "buttons[" + strconv.Itoa(b.Index) + "]." + field
}

// staticSlots are the fields whose issues have a place next to an input.
var staticSlots = []string{"name", "category", "language", "kind", "parameter_format", "header.format",
	"header.text", "header.example", "header.media_url", "body.text", "footer", "buttons"}

// newTplForm lays out the editor for d with the server's verdict c, issues
// already translated.
func newTplForm(action string, draftID int64, d template.Draft, c authoring.Checked, issues []localIssue) *tplForm {
	n := template.Normalize(d)
	f := &tplForm{Action: action, DraftID: draftID, Kind: string(n.Kind), Format: n.ParameterFormat, D: d,
		Bubble: c.Bubble, HeaderEx: c.HeaderVar != "", Count: len(issues), issues: map[string][]string{}}
	if d.Header != nil {
		f.Header = *d.Header
		f.Header.Format = n.Header.Format
	}
	slots := slices.Clone(staticSlots)
	for _, v := range c.BodyVars {
		ex := exampleField{Var: "{{" + v + "}}"}
		if i, err := strconv.Atoi(v); err == nil {
			ex.Field = "body.examples[" + strconv.Itoa(i-1) + "]"
			if i <= len(d.Body.Examples) {
				ex.Value = d.Body.Examples[i-1]
			}
		} else {
			ex.Field, ex.Value = "body.named_examples."+v, d.Body.NamedExamples[v]
		}
		f.Examples = append(f.Examples, ex)
		slots = append(slots, ex.Field)
	}
	for i, b := range d.Buttons {
		b.Type = strings.ToUpper(strings.TrimSpace(b.Type))
		bf := buttonField{Button: b, Index: i, URLVar: i < len(c.URLExample) && c.URLExample[i]}
		f.Buttons = append(f.Buttons, bf)
		for _, name := range []string{"type", "text", "url", "url_example", "phone", "example"} {
			slots = append(slots, bf.Name(name))
		}
	}
	for _, is := range issues {
		if slices.Contains(slots, is.Field) {
			f.issues[is.Field] = append(f.issues[is.Field], is.Message)
		} else {
			f.Other = append(f.Other, is.Message)
		}
	}
	return f
}

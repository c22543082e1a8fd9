package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"waba-transport/internal/sim"
)

// crmTplView is a template the module loaded into the CRM chat, with the
// variables the operator fills before sending it.
type crmTplView struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Lang     string `json:"lang,omitempty"`
	Category string `json:"category,omitempty"`
	Header   string `json:"header,omitempty"`
	Body     string `json:"body"`
	Footer   string `json:"footer,omitempty"`
	// MediaHeader is the kind of a file header (image, video, document),
	// which this page cannot fill.
	MediaHeader string      `json:"media_header,omitempty"`
	Buttons     []tplButton `json:"buttons"`
	HeaderVars  []string    `json:"header_vars"`
	BodyVars    []string    `json:"body_vars"`
	// Examples are the sample values the template was approved with.
	HeaderExamples []string `json:"header_examples,omitempty"`
	BodyExamples   []string `json:"body_examples,omitempty"`
}

// tplButton is a template button; a URL button's {{1}} is filled by the
// operator (Vars), the others need nothing.
type tplButton struct {
	Type  string   `json:"type"` // plain, url or phone
	Label string   `json:"label"`
	URL   string   `json:"url,omitempty"`
	Vars  []string `json:"vars"`
}

// waTplView is a template at 360dialog with its review status.
type waTplView struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Category string `json:"category"`
	Status   string `json:"status"`
	Pending  bool   `json:"pending"`
	Reason   string `json:"reason,omitempty"`
	Body     string `json:"body"`
}

// crmTemplates reads MessageGateway's template objects (the request the
// module made). The body is "body" with {{…}} placeholders, or, in the older
// form, "template": strings and variable objects.
func crmTemplates(ts []sim.Template) []crmTplView {
	out := []crmTplView{}
	for _, t := range ts {
		b := t.Body
		header := obj(obj(b, "header"), "content")
		v := crmTplView{Code: t.Code, Name: t.Name, Lang: str(b, "lang"), Category: str(b, "category"),
			Header: str(header, "body"), Body: str(b, "body"), Footer: str(b, "footer"), Buttons: []tplButton{},
			HeaderExamples: stringsOf(list(obj(b, "example"), "header")), BodyExamples: stringsOf(list(obj(b, "example"), "body"))}
		if k := str(header, "type"); k != "" && k != "text" {
			v.MediaHeader = k
		}
		if v.Body == "" {
			v.Body = legacyBody(list(b, "template"))
		}
		for _, it := range list(obj(b, "buttons"), "items") {
			bm := asMap(it)
			v.Buttons = append(v.Buttons, tplButton{Type: str(bm, "type"), Label: str(bm, "label"), URL: str(bm, "url"),
				Vars: variables(str(bm, "url"))})
		}
		v.HeaderVars, v.BodyVars = variables(v.Header), variables(v.Body)
		out = append(out, v)
	}
	return out
}

// stringsOf keeps the string values of a JSON array.
func stringsOf(a []any) []string {
	var out []string
	for _, v := range a {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// legacyBody writes MessageGateway's older template items as one text.
func legacyBody(items []any) string {
	var sb strings.Builder
	n := 0
	for _, it := range items {
		switch x := it.(type) {
		case string:
			sb.WriteString(x)
		case map[string]any:
			if s := str(x, "text"); s != "" {
				sb.WriteString(s)
				continue
			}
			n++
			sb.WriteString("{{" + strconv.Itoa(n) + "}}")
		}
	}
	return sb.String()
}

// variables lists the distinct placeholders of a text in order of first use.
func variables(text string) []string {
	out := []string{}
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// waTemplates reads the simulated 360dialog's templates. Every status that
// is not a final review outcome counts as waiting for review.
func waTemplates(ts []map[string]any) []waTplView {
	out := []waTplView{}
	for _, t := range ts {
		v := waTplView{Name: str(t, "name"), Language: str(t, "language"), Category: str(t, "category"),
			Status: strings.ToLower(str(t, "status"))}
		if r := str(t, "rejected_reason"); r != "" && r != "NONE" {
			v.Reason = r
		}
		for _, c := range list(t, "components") {
			if cm := asMap(c); strings.EqualFold(str(cm, "type"), "BODY") {
				v.Body = str(cm, "text")
			}
		}
		switch v.Status {
		case "approved", "rejected", "paused", "disabled", "deleted":
		default:
			v.Pending = true
		}
		out = append(out, v)
	}
	return out
}

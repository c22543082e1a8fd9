package sim

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// templateVar matches {{1}} and named {{first_name}} placeholders.
var templateVar = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// countVars counts the distinct placeholders in s.
func countVars(s string) int {
	seen := map[string]bool{}
	for _, m := range templateVar.FindAllStringSubmatch(s, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// findTemplate returns the stored template a send names (name + language
// code), or nil; callers hold d.mu.
func findTemplate(n *number, send map[string]any) map[string]any {
	name, lang := str(send, "name"), str(obj(send, "language"), "code")
	for _, t := range n.templates {
		if str(t, "name") == name && str(t, "language") == lang {
			return t
		}
	}
	return nil
}

// checkTemplateSend validates a template send against the stored template:
// 132001 when it does not exist or is not approved, 132000 when parameter
// counts differ, 132012 when a media header gets the wrong parameter type.
func checkTemplateSend(n *number, o map[string]any) (int, string) {
	name, lang := str(o, "name"), str(obj(o, "language"), "code")
	if name == "" || lang == "" {
		return 100, "The parameters template['name'] and template['language']['code'] are required"
	}
	tpl := findTemplate(n, o)
	if tpl == nil {
		return 132001, fmt.Sprintf("template name (%s) does not exist in %s", name, lang)
	}
	switch strings.ToLower(str(tpl, "status")) {
	case "approved":
	case "paused":
		return 132015, "Template is paused"
	case "disabled":
		return 132016, "Template is disabled"
	default:
		return 132001, fmt.Sprintf("template name (%s) is not approved in %s", name, lang)
	}
	return checkParams(tpl, list(o, "components"))
}

// want is what a template needs from a send.
type want struct {
	body       int
	header     int
	headerKind string // "text" or the media format in lower case
	buttons    []buttonWant
}

type buttonWant struct {
	need     int  // parameters required
	optional bool // quick replies may carry one payload
}

// wantOf reads a template's components.
func wantOf(tpl map[string]any) want {
	var w want
	for _, c := range list(tpl, "components") {
		comp, _ := c.(map[string]any)
		switch strings.ToUpper(str(comp, "type")) {
		case "HEADER":
			switch f := strings.ToUpper(str(comp, "format")); f {
			case "", "TEXT":
				w.header, w.headerKind = countVars(str(comp, "text")), "text"
			default:
				w.header, w.headerKind = 1, strings.ToLower(f)
			}
		case "BODY":
			w.body = countVars(str(comp, "text"))
		case "BUTTONS":
			for _, b := range list(comp, "buttons") {
				btn, _ := b.(map[string]any)
				var bw buttonWant
				switch strings.ToUpper(str(btn, "type")) {
				case "URL":
					bw.need = min(countVars(str(btn, "url")), 1)
				case "COPY_CODE":
					bw.need = 1
				default:
					bw.optional = true
				}
				w.buttons = append(w.buttons, bw)
			}
		}
	}
	return w
}

// checkParams compares a send's components with what the template needs.
func checkParams(tpl map[string]any, comps []any) (int, string) {
	w := wantOf(tpl)
	header, body := 0, 0
	buttons := make([]int, len(w.buttons))
	for _, c := range comps {
		comp, _ := c.(map[string]any)
		params := list(comp, "parameters")
		switch strings.ToLower(str(comp, "type")) {
		case "header":
			header = len(params)
			if w.headerKind != "text" && len(params) == 1 {
				p, _ := params[0].(map[string]any)
				if str(p, "type") != w.headerKind {
					return 132012, fmt.Sprintf("header: expected a %s parameter, got %q", w.headerKind, str(p, "type"))
				}
			}
		case "body":
			body = len(params)
		case "button":
			i, ok := buttonIndex(comp["index"])
			if !ok || i >= len(buttons) {
				return 132000, fmt.Sprintf("button index %v does not exist in the template", comp["index"])
			}
			buttons[i] = len(params)
		default:
			return 100, fmt.Sprintf("Invalid component type %q", str(comp, "type"))
		}
	}
	if header != w.header {
		return 132000, fmt.Sprintf("header: expected %d parameters, got %d", w.header, header)
	}
	if body != w.body {
		return 132000, fmt.Sprintf("body: expected %d parameters, got %d", w.body, body)
	}
	for i, bw := range w.buttons {
		got := buttons[i]
		if (bw.optional && got > 1) || (!bw.optional && got != bw.need) {
			return 132000, fmt.Sprintf("button %d: expected %d parameters, got %d", i, bw.need, got)
		}
	}
	return 0, ""
}

// buttonIndex reads "index", which Meta documents as a string but accepts as
// a number.
func buttonIndex(v any) (int, bool) {
	switch x := v.(type) {
	case string:
		i, err := strconv.Atoi(x)
		return i, err == nil && i >= 0
	case float64:
		return int(x), x >= 0 && x == float64(int(x))
	}
	return 0, false
}

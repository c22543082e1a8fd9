package sandbox

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// placeholder matches {{1}} and named {{first_name}} template variables.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// mediaURL is where the page loads a file of the simulated 360dialog.
func mediaURL(id string) string { return "/sandbox/api/media/" + id }

// customerItem renders a message the customer sent (a webhook message object).
func customerItem(m map[string]any) phoneItem {
	typ := str(m, "type")
	it := phoneItem{ID: str(m, "id"), From: "customer", Type: typ, quoteID: str(obj(m, "context"), "id")}
	o := obj(m, typ)
	switch typ {
	case "text":
		it.Text = str(o, "body")
	case "image", "sticker":
		it.Image, it.Text = mediaURL(str(o, "id")), str(o, "caption")
	case "location":
		it.Location = locationOf(o)
	case "button":
		it.Text = str(o, "text")
	case "interactive":
		it.Text = str(obj(o, "button_reply"), "title") + str(obj(o, "list_reply"), "title")
	default:
		it.Text = str(o, "caption")
	}
	return it
}

// businessItem renders a send the module made, as the phone shows it.
func businessItem(body map[string]any, templates []map[string]any) phoneItem {
	typ := str(body, "type")
	if typ == "" {
		typ = "text"
	}
	it := phoneItem{Type: typ, quoteID: str(obj(body, "context"), "message_id")}
	o := obj(body, typ)
	switch typ {
	case "text":
		it.Text = str(o, "body")
	case "image", "sticker":
		it.Image, it.Text = mediaOf(o), str(o, "caption")
	case "video", "audio", "document":
		name := str(o, "filename")
		if name == "" {
			name = typ
		}
		it.Text = strings.TrimSpace("📎 " + name + "\n" + str(o, "caption"))
	case "location":
		it.Location = locationOf(o)
	case "template":
		renderTemplate(&it, o, templates)
	case "interactive":
		renderInteractive(&it, o)
	case "contacts":
		var names []string
		for _, c := range list(body, "contacts") {
			cm, _ := c.(map[string]any)
			names = append(names, str(obj(cm, "name"), "formatted_name"))
		}
		it.Text = "👤 " + strings.Join(names, ", ")
	}
	return it
}

// mediaOf is the address of an outbound media object: its uploaded id, or
// the link the module gave.
func mediaOf(o map[string]any) string {
	if id := str(o, "id"); id != "" {
		return mediaURL(id)
	}
	return str(o, "link")
}

func locationOf(o map[string]any) *location {
	return &location{Latitude: num(o, "latitude"), Longitude: num(o, "longitude"),
		Name: str(o, "name"), Address: str(o, "address")}
}

// renderTemplate fills the stored template's header, body, footer and
// buttons with the send's parameters, as WhatsApp renders it.
func renderTemplate(it *phoneItem, send map[string]any, templates []map[string]any) {
	name, lang := str(send, "name"), str(obj(send, "language"), "code")
	var tpl map[string]any
	for _, t := range templates {
		if str(t, "name") == name && str(t, "language") == lang {
			tpl = t
		}
	}
	if tpl == nil {
		it.Text = "[template " + name + "]"
		return
	}
	params := map[string][]any{}
	buttonParams := map[int]map[string]any{}
	for _, c := range list(send, "components") {
		cm, _ := c.(map[string]any)
		kind := strings.ToLower(str(cm, "type"))
		if kind == "button" {
			i, _ := strconv.Atoi(str(cm, "index"))
			if f, isNum := cm["index"].(float64); isNum {
				i = int(f)
			}
			if ps := list(cm, "parameters"); len(ps) > 0 {
				buttonParams[i], _ = ps[0].(map[string]any)
			}
			continue
		}
		params[kind] = list(cm, "parameters")
	}
	for _, c := range list(tpl, "components") {
		cm, _ := c.(map[string]any)
		switch strings.ToUpper(str(cm, "type")) {
		case "HEADER":
			if f := strings.ToUpper(str(cm, "format")); f == "" || f == "TEXT" {
				it.Header = fill(str(cm, "text"), params["header"])
			} else if hp := params["header"]; len(hp) > 0 {
				pm, _ := hp[0].(map[string]any)
				if f == "IMAGE" {
					it.Image = mediaOf(obj(pm, "image"))
				}
			}
		case "BODY":
			it.Text = fill(str(cm, "text"), params["body"])
		case "FOOTER":
			it.Footer = str(cm, "text")
		case "BUTTONS":
			for i, b := range list(cm, "buttons") {
				bm, _ := b.(map[string]any)
				it.Buttons = append(it.Buttons, templateButton(bm, buttonParams[i]))
			}
		}
	}
}

// templateButton is one template button; a quick reply carries the payload
// the send gave it (WhatsApp echoes it in the customer's tap), else its text.
func templateButton(b, param map[string]any) phoneButton {
	title := str(b, "text")
	switch strings.ToUpper(str(b, "type")) {
	case "QUICK_REPLY":
		payload := str(param, "payload")
		if payload == "" {
			payload = title
		}
		return phoneButton{Kind: "quick_reply", Title: title, Payload: payload}
	case "URL":
		return phoneButton{Kind: "url", Title: title, URL: fill(str(b, "url"), []any{param})}
	default:
		return phoneButton{Kind: strings.ToLower(str(b, "type")), Title: title}
	}
}

// renderInteractive shows an interactive message with its reply buttons or
// list rows as tappable buttons.
func renderInteractive(it *phoneItem, o map[string]any) {
	it.Header = str(obj(o, "header"), "text")
	it.Text, it.Footer = str(obj(o, "body"), "text"), str(obj(o, "footer"), "text")
	action := obj(o, "action")
	switch str(o, "type") {
	case "button":
		for _, b := range list(action, "buttons") {
			r := obj(asMap(b), "reply")
			it.Buttons = append(it.Buttons, phoneButton{Kind: "button_reply", ID: str(r, "id"), Title: str(r, "title")})
		}
	case "list":
		for _, s := range list(action, "sections") {
			for _, row := range list(asMap(s), "rows") {
				rm := asMap(row)
				it.Buttons = append(it.Buttons, phoneButton{Kind: "list_reply", ID: str(rm, "id"), Title: str(rm, "title")})
			}
		}
	case "cta_url":
		ps := obj(action, "parameters")
		it.Buttons = append(it.Buttons, phoneButton{Kind: "url", Title: str(ps, "display_text"), URL: str(ps, "url")})
	}
}

// fill replaces {{1}} (by position) and {{name}} (by parameter_name) with the
// send's values; placeholders without a value stay visible.
func fill(text string, params []any) string {
	value := func(p map[string]any) string {
		for _, k := range []string{"text", "payload"} {
			if s := str(p, k); s != "" {
				return s
			}
		}
		for _, k := range []string{"currency", "date_time"} {
			if s := str(obj(p, k), "fallback_value"); s != "" {
				return s
			}
		}
		return ""
	}
	return placeholder.ReplaceAllStringFunc(text, func(ph string) string {
		key := placeholder.FindStringSubmatch(ph)[1]
		for i, raw := range params {
			pm, _ := raw.(map[string]any)
			if str(pm, "parameter_name") == key || strconv.Itoa(i+1) == key && str(pm, "parameter_name") == "" {
				if v := value(pm); v != "" {
					return v
				}
			}
		}
		return ph
	})
}

// sortByTime orders items by time, keeping the order of equal times.
func sortByTime[T any](items []T, at func(T) time.Time) {
	slices.SortStableFunc(items, func(a, b T) int { return at(a).Compare(at(b)) })
}

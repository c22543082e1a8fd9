package template

import (
	"slices"
	"strconv"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// MaxCode is MessageGateway's limit for a template code.
const MaxCode = 512

// codeSep joins name and language in a template code. A dot can appear in
// neither a WhatsApp template name (^[a-z0-9_]+$) nor a language code (es,
// pt_BR), needs no escaping in the URL path of MessageGateway's template
// endpoints (unlike "#"), and survives MessageGateway's trim-and-HTML-escape
// of codes.
const codeSep = "."

// Code is the MessageGateway code of the WhatsApp template name in language
// lang, e.g. "order_ready.es" or "order_ready.pt_BR". A WhatsApp template is
// identified by the pair, and the chat sends back only the code, so the code
// must hold both. ParseCode reverses it for any valid name and language whose
// code fits MaxCode; ToMG skips names so long that it does not.
func Code(name, lang string) string { return name + codeSep + lang }

// ParseCode splits a code made by Code. ok is false for a code longer than
// MaxCode, without the separator, or whose parts are not a template name
// (lowercase letters, digits, "_") and a language code (two or three
// lowercase letters, optionally "_" and a two-letter region).
func ParseCode(code string) (name, lang string, ok bool) {
	if len(code) > MaxCode {
		return "", "", false
	}
	i := strings.LastIndex(code, codeSep)
	if i < 0 {
		return "", "", false
	}
	name, lang = code[:i], code[i+len(codeSep):]
	if !ValidName(name) || !codeLang(lang) {
		return "", "", false
	}
	return name, lang, true
}

func codeLang(s string) bool {
	base, region, hasRegion := strings.Cut(s, "_")
	if len(base) < 2 || len(base) > 3 || !between(base, 'a', 'z') {
		return false
	}
	return !hasRegion || len(region) == 2 && (between(region, 'A', 'Z') || between(region, 'a', 'z'))
}

func between(s string, lo, hi rune) bool {
	for _, c := range s {
		if c < lo || c > hi {
			return false
		}
	}
	return true
}

// ToMG maps one language of a 360dialog template to the MessageGateway
// template the CRM chat offers operators. The mapping:
//
//   - code Code(name, language); name and lang as at WhatsApp, so the several
//     languages of one name are separate CRM templates with the same name.
//   - body: the text with its variables. Positional {{1}}..{{n}} stay as
//     written; named variables ({{first_name}}) become {{1}}..{{n}} in order
//     of first appearance, because the chat fills variables by number and
//     sends values only. The send keeps the names (Slots) and puts each
//     value back under its name. The legacy "template" items hold the same
//     text as string chunks and one {} (custom variable) per occurrence.
//   - header: TEXT becomes a text header (its variable numbered like the
//     body's); IMAGE, VIDEO and DOCUMENT a media header (type "media"),
//     filled with a file in the chat.
//   - footer as is; examples (body, header, buttons) from the template's; a
//     URL button's example is the value of its {{1}}, as the chat asks for it.
//   - buttons, in their WhatsApp order (the chat sends values by position):
//     QUICK_REPLY -> plain; URL -> url with its URL (the variable stays
//     {{1}}, the chat asks for the suffix); PHONE_NUMBER -> phone. COPY_CODE
//     -> plain, labelled with its text (WhatsApp's fixed "Copy offer code"
//     when absent): MessageGateway has no copy-code button, and the send
//     uses the operator's value for that button, else the example code the
//     template was approved with (see Slots).
//   - category lower case (old categories: TRANSACTIONAL and the eleven
//     pre-2022 ones -> utility, OTP -> authentication); verification_status,
//     quality and rejection_reason mapped to MessageGateway's values (MGStatus,
//     mgQuality, mgRejection), unknown ones left out.
//
// ok is false for templates the chat cannot send correctly: no BODY; a
// LOCATION header (MessageGateway headers are text or files); buttons of
// type OTP, FLOW, CATALOG, MPM and other interactive kinds whose values the
// chat cannot give; carousels, limited-time offers and other unknown
// components; a body or header mixing named and positional variables; and a
// name or language whose code ParseCode would not read back.
func ToMG(t dialog360.Template) (mg.Template, bool) {
	code := Code(t.Name, t.Language)
	if _, _, ok := ParseCode(code); !ok {
		return mg.Template{}, false
	}
	out := mg.Template{Code: code, Name: t.Name, Enabled: true, Type: mg.TemplateTypeText, Lang: t.Language,
		Category: mgCategory(t.Category), VerificationStatus: MGStatus(t.Status),
		Quality: mgQuality(t.QualityScore), RejectionReason: mgRejection(t.RejectedReason)}
	var ex mg.TemplateExample
	hasBody := false
	for _, c := range t.Components {
		switch strings.ToUpper(c.Type) {
		case "HEADER":
			switch f := strings.ToUpper(c.Format); f {
			case "", HeaderText:
				text, names, ok := numbered(c.Text)
				if !ok {
					return mg.Template{}, false
				}
				out.Header = &mg.TemplateHeader{Content: mg.TemplateHeaderContent{Type: "text", Body: text}}
				ex.Header = headerExamples(c.Example, names)
			case HeaderImage, HeaderVideo, HeaderDocument:
				out.Header = &mg.TemplateHeader{Content: mg.TemplateHeaderContent{Type: strings.ToLower(f)}}
				out.Type = mg.TemplateTypeMedia
			default:
				return mg.Template{}, false
			}
		case "BODY":
			text, names, ok := numbered(c.Text)
			if !ok {
				return mg.Template{}, false
			}
			hasBody = true
			out.Body, out.Template = text, items(text)
			ex.Body = bodyExamples(c.Example, names)
		case "FOOTER":
			out.Footer = c.Text
		case "BUTTONS":
			bs, exs, ok := mgButtons(c.Buttons)
			if !ok {
				return mg.Template{}, false
			}
			out.Buttons = &mg.TemplateButtons{Items: bs}
			if slices.ContainsFunc(exs, func(e []string) bool { return len(e) > 0 }) {
				ex.Buttons = exs
			}
		default:
			return mg.Template{}, false
		}
	}
	if !hasBody {
		return mg.Template{}, false
	}
	if len(ex.Body) > 0 || len(ex.Header) > 0 || len(ex.Buttons) > 0 {
		out.Example = &ex
	}
	return out, true
}

// copyCodeLabel is WhatsApp's fixed label of a copy-code button.
const copyCodeLabel = "Copy offer code"

func mgButtons(in []dialog360.Button) ([]mg.TemplateButton, [][]string, bool) {
	bs := make([]mg.TemplateButton, 0, len(in))
	exs := make([][]string, 0, len(in))
	for _, b := range in {
		ex := []string{}
		switch strings.ToUpper(b.Type) {
		case ButtonQuickReply:
			bs = append(bs, mg.TemplateButton{Type: "plain", Label: b.Text})
		case ButtonURL:
			bs = append(bs, mg.TemplateButton{Type: "url", Label: b.Text, URL: b.URL})
			if vars, _ := Variables(b.URL); len(vars) > 0 && len(b.Example) > 0 {
				// Meta's example is the whole sample link; the chat asks
				// for the part that replaces {{1}}.
				ex = []string{strings.TrimPrefix(b.Example[0], b.URL[:vars[0].Start])}
			}
		case ButtonPhone:
			bs = append(bs, mg.TemplateButton{Type: "phone", Label: b.Text, Phone: b.PhoneNumber})
		case ButtonCopyCode:
			label := b.Text
			if strings.TrimSpace(label) == "" {
				label = copyCodeLabel
			}
			bs = append(bs, mg.TemplateButton{Type: "plain", Label: label})
			ex = nonEmpty(b.Example)
		default:
			return nil, nil, false
		}
		exs = append(exs, ex)
	}
	return bs, exs, true
}

func nonEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// numbered returns text with named variables renumbered {{1}}..{{n}} in order
// of first appearance, and the variable names in the order the chat fills
// them (see varNames). ok is false when named and positional variables mix.
func numbered(text string) (string, []string, bool) {
	vars, _ := Variables(text)
	names, named, ok := varNames(vars)
	if !ok || !named {
		return text, names, ok
	}
	var sb strings.Builder
	last := 0
	for _, v := range vars {
		sb.WriteString(text[last:v.Start])
		sb.WriteString("{{" + strconv.Itoa(slices.Index(names, v.Name)+1) + "}}")
		last = v.End
	}
	sb.WriteString(text[last:])
	return sb.String(), names, true
}

// varNames lists the distinct variables of a text in the order the chat
// fills them: positional ones by number ("1", "2", ...), named ones by first
// appearance. named reports which kind the text uses; ok is false for a mix.
func varNames(vars []Variable) (names []string, named, ok bool) {
	var pos []int
	for _, v := range vars {
		if v.Named() {
			named = true
			if !slices.Contains(names, v.Name) {
				names = append(names, v.Name)
			}
		} else if !slices.Contains(pos, v.Index) {
			pos = append(pos, v.Index)
		}
	}
	if named && len(pos) > 0 {
		return nil, false, false
	}
	if named {
		return names, true, true
	}
	slices.Sort(pos)
	for _, p := range pos {
		names = append(names, strconv.Itoa(p))
	}
	return names, false, true
}

// items splits text into the legacy "template" items: text chunks and one
// custom variable per placeholder.
func items(text string) []mg.TemplateItem {
	vars, _ := Variables(text)
	var out []mg.TemplateItem
	last := 0
	for _, v := range vars {
		if v.Start > last {
			out = append(out, mg.TemplateItem{Text: text[last:v.Start]})
		}
		out = append(out, mg.TemplateItem{IsVar: true})
		last = v.End
	}
	if last < len(text) {
		out = append(out, mg.TemplateItem{Text: text[last:]})
	}
	return out
}

func bodyExamples(ex *dialog360.ComponentExample, names []string) []string {
	if ex == nil {
		return nil
	}
	if len(ex.BodyTextNamedParams) > 0 {
		return namedExamples(ex.BodyTextNamedParams, names)
	}
	if len(ex.BodyText) > 0 {
		return ex.BodyText[0]
	}
	return nil
}

func headerExamples(ex *dialog360.ComponentExample, names []string) []string {
	if ex == nil {
		return nil
	}
	if len(ex.HeaderTextNamedParams) > 0 {
		return namedExamples(ex.HeaderTextNamedParams, names)
	}
	return ex.HeaderText
}

// namedExamples orders named examples as the renumbered variables.
func namedExamples(ps []dialog360.NamedParam, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		for _, p := range ps {
			if p.ParamName == n {
				out[i] = p.Example
			}
		}
	}
	return out
}

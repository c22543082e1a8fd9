package relay

import (
	"strconv"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/template"
)

// MaxTemplateCode is MessageGateway's limit for a template code.
const MaxTemplateCode = template.MaxCode

// TemplateCode is the MessageGateway code of the WhatsApp template name in
// language lang, e.g. "order_ready.es"; see template.Code, which the
// template sync (package catalog) uses too.
func TemplateCode(name, lang string) string { return template.Code(name, lang) }

// ParseTemplateCode splits a code made by TemplateCode; see template.ParseCode.
func ParseTemplateCode(code string) (name, lang string, ok bool) { return template.ParseCode(code) }

// templateParamNames are the variable names of a NAMED-format template, in
// the order MessageGateway sends their values. MessageGateway's webhook
// carries values only (variables.body.args is a list of strings), so the
// names can come only from the stored template: buildPlan passes none, and
// the send job names them with fitStoredTemplate.
type templateParamNames struct {
	Header []string
	Body   []string
}

// planTemplate maps an operator's template message. Only components with
// values get an entry, as the API wants. Values are counted against the
// synced template by fitStoredTemplate, in the send job.
func planTemplate(m dialog360.OutMessage, t *mg.WebhookTemplate, names templateParamNames, rf refuseFunc) (outboundPlan, *mg.SentError) {
	if t == nil || strings.TrimSpace(t.Code) == "" {
		return outboundPlan{}, rf("outbound.template_no_code", nil)
	}
	name, lang, ok := ParseTemplateCode(strings.TrimSpace(t.Code))
	if !ok {
		return outboundPlan{}, rf("outbound.template_bad_code", map[string]any{"Code": t.Code})
	}
	tm := &dialog360.TemplateMessage{Name: name, Language: dialog360.TemplateLanguage{Code: lang}}
	var p outboundPlan
	if h := t.Variables.Header; h != nil {
		comp, md, ref := templateHeader(h, names.Header, rf)
		if ref != nil {
			return outboundPlan{}, ref
		}
		if comp != nil {
			tm.Components = append(tm.Components, *comp)
		}
		p.Media = md
	}
	args := t.Variables.Body.Args
	if len(args) == 0 {
		args = t.Args // the deprecated flat list, for older senders
	}
	if len(args) > 0 {
		params, ok := textParams(args, names.Body)
		if !ok {
			return outboundPlan{}, rf("outbound.template_empty_value", nil)
		}
		tm.Components = append(tm.Components, dialog360.TemplateComponent{Type: "body", Parameters: params})
	}
	for i, b := range t.Variables.Buttons {
		comp, ref := templateButton(i, b, rf)
		if ref != nil {
			return outboundPlan{}, ref
		}
		if comp != nil {
			tm.Components = append(tm.Components, *comp)
		}
	}
	m.Type, m.Template = "template", tm
	p.Msg = m
	return p, nil
}

// templateHeader fills the header: text values, or the one file of a media
// header (an uploaded MessageGateway file, moved like any operator's file).
func templateHeader(h *mg.TemplateHeaderArgs, names []string, rf refuseFunc) (*dialog360.TemplateComponent, *outMedia, *mg.SentError) {
	switch kind := strings.ToLower(h.Type); kind {
	case "text", "":
		if len(h.Args) == 0 {
			return nil, nil, nil
		}
		params, ok := textParams(h.Args, names)
		if !ok {
			return nil, nil, rf("outbound.template_empty_value", nil)
		}
		return &dialog360.TemplateComponent{Type: "header", Parameters: params}, nil, nil
	case kindImage, kindVideo, kindDocument:
		switch n := len(h.Attachments); {
		case n == 0 || h.Attachments[0].ID == "":
			return nil, nil, rf("outbound.template_header_no_file", nil)
		case n > 1:
			return nil, nil, rf("outbound.template_header_files", map[string]any{"Count": n})
		}
		a := h.Attachments[0]
		md := &outMedia{FileID: a.ID, Target: &dialog360.OutMedia{}, Kind: kind, Fixed: true,
			Name: strings.TrimSpace(a.Caption)}
		p := dialog360.Parameter{Type: kind}
		switch kind {
		case kindImage:
			p.Image = md.Target
		case kindVideo:
			p.Video = md.Target
		default:
			p.Document, md.Target.Filename = md.Target, md.Name
		}
		return &dialog360.TemplateComponent{Type: "header", Parameters: []dialog360.Parameter{p}}, md, nil
	default:
		return nil, nil, rf("outbound.template_header_unsupported", map[string]any{"Type": h.Type})
	}
}

// templateButton fills button i. MessageGateway's button types are plain
// (quick reply), url and phone; copy_code is accepted too in case the chat
// learns it. MessageGateway is taken to list every button of the template in
// order, so i is the button's index; buttons without values (phone, static
// URL, quick reply without payload) need no entry.
func templateButton(i int, b mg.TemplateButtonArg, rf refuseFunc) (*dialog360.TemplateComponent, *mg.SentError) {
	if len(b.Args) == 0 {
		return nil, nil
	}
	v := paramText(b.Args[0])
	if v == "" {
		return nil, rf("outbound.template_empty_value", nil)
	}
	c := &dialog360.TemplateComponent{Type: "button", Index: strconv.Itoa(i)}
	switch strings.ToLower(b.Type) {
	case "url":
		c.SubType, c.Parameters = "url", []dialog360.Parameter{{Type: "text", Text: v}}
	case "plain", "quick_reply":
		c.SubType, c.Parameters = "quick_reply", []dialog360.Parameter{{Type: "payload", Payload: v}}
	case "copy_code":
		c.SubType, c.Parameters = "copy_code", []dialog360.Parameter{{Type: "coupon_code", CouponCode: v}}
	default:
		return nil, rf("outbound.template_button_unsupported", map[string]any{"Type": b.Type, "Title": b.Title})
	}
	return c, nil
}

// textParams makes text parameters of args, named by names where given.
// ok is false when a value is empty, which WhatsApp refuses.
func textParams(args, names []string) ([]dialog360.Parameter, bool) {
	out := make([]dialog360.Parameter, 0, len(args))
	for i, a := range args {
		p := dialog360.Parameter{Type: "text", Text: paramText(a)}
		if p.Text == "" {
			return nil, false
		}
		if i < len(names) {
			p.ParameterName = names[i]
		}
		out = append(out, p)
	}
	return out, true
}

// paramText makes a value acceptable as a template parameter: WhatsApp
// refuses new lines, tabs and more than four spaces in a row, so those
// become single spaces and long runs are cut to four.
func paramText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(strings.TrimSpace(s))
	for strings.Contains(s, "     ") {
		s = strings.ReplaceAll(s, "     ", "    ")
	}
	return s
}

package relay

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"waba-transport/internal/account"
	"waba-transport/internal/catalog"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/template"
)

// A template message is checked against the template the sync stored for
// the account (package catalog) before it is sent, and completed with what
// only the stored template knows:
//
//   - the count of values per component (header, body, each button) must
//     match the template's, else the chat shows a clear refusal and nothing
//     is sent (WhatsApp would answer 132000 after the fact);
//   - named variables get their names (parameter_name), in the order the
//     sync numbered them for the chat (template.Slots);
//   - buttons get the sub_type of the template's button at that index, not
//     the chat's type: the chat shows a copy-code button as "plain", and a
//     copy-code button without a value sends the template's example code.
//
// A template the store does not know (never synced, or synced before it was
// approved) is sent as the chat describes it: WhatsApp's answer decides, and
// a template error re-syncs the account (resyncTemplates).

// fitStoredTemplate checks and completes p for account accountID; nil when
// the message may be sent.
func (r *Relay) fitStoredTemplate(ctx context.Context, accountID int64, d *mg.MessageWebhookData, p *outboundPlan,
	lang string) *mg.SentError {
	if p.Msg.Template == nil || d.Template == nil {
		return nil
	}
	code := strings.TrimSpace(d.Template.Code)
	row, err := r.st.TemplateByCode(ctx, accountID, code)
	if err != nil {
		return nil
	}
	var comps []dialog360.Component
	if json.Unmarshal(row.Components, &comps) != nil {
		return nil
	}
	return fitTemplate(p.Msg.Template, d.Template, template.SlotsOf(comps), code, r.refuser(lang))
}

// fitTemplate is fitStoredTemplate's pure part: tm was built from the chat's
// values t; s is what the template needs.
func fitTemplate(tm *dialog360.TemplateMessage, t *mg.WebhookTemplate, s template.Slots, code string,
	rf refuseFunc) *mg.SentError {
	var header, body *dialog360.TemplateComponent
	kept := tm.Components[:0:0]
	for i := range tm.Components {
		switch tm.Components[i].Type {
		case "header":
			header = &tm.Components[i]
		case "body":
			body = &tm.Components[i]
		}
	}
	mismatch := func(key string, want, got int, extra ...any) *mg.SentError {
		args := map[string]any{"Code": code, "Want": want, "Got": got}
		for i := 0; i+1 < len(extra); i += 2 {
			args[extra[i].(string)] = extra[i+1]
		}
		return rf(key, args)
	}

	// Header: text values or one file, as the template's header is.
	switch s.Header {
	case "", "text":
		got := 0
		if header != nil {
			got = len(header.Parameters)
			if got > 0 && header.Parameters[0].Type != "text" {
				return mismatch("catalog.send.header_count", len(s.HeaderVars), 0)
			}
		}
		if got != len(s.HeaderVars) {
			return mismatch("catalog.send.header_count", len(s.HeaderVars), got)
		}
		if header != nil && s.Named {
			for i := range header.Parameters {
				header.Parameters[i].ParameterName = s.HeaderVars[i]
			}
		}
	default:
		if header == nil || len(header.Parameters) != 1 || header.Parameters[0].Type != s.Header {
			return rf("catalog.send.header_"+s.Header, map[string]any{"Code": code})
		}
	}
	if header != nil {
		kept = append(kept, *header)
	}

	// Body: one value per variable; one per placeholder is accepted too
	// (the chat may count a repeated {{1}} twice) and folded.
	var params []dialog360.Parameter
	if body != nil {
		params = body.Parameters
	}
	if len(params) != len(s.Body) && len(params) == len(s.BodyOccurrences) {
		params = firstOccurrences(params, s)
	}
	if len(params) != len(s.Body) {
		return mismatch("catalog.send.body_count", len(s.Body), len(params))
	}
	if len(params) > 0 {
		for i := range params {
			if s.Named {
				params[i].ParameterName = s.Body[i]
			}
		}
		kept = append(kept, dialog360.TemplateComponent{Type: "body", Parameters: params})
	}

	// Buttons, by index.
	for i := len(s.Buttons); i < len(t.Variables.Buttons); i++ {
		if n := len(t.Variables.Buttons[i].Args); n > 0 {
			return mismatch("catalog.send.button_count", 0, n, "Button", i+1)
		}
	}
	for i, slot := range s.Buttons {
		var args []string
		if i < len(t.Variables.Buttons) {
			args = t.Variables.Buttons[i].Args
		}
		c, ok := buttonFor(i, slot, args)
		if !ok {
			return mismatch("catalog.send.button_count", slot.Vars, len(args), "Button", i+1)
		}
		if c != nil {
			kept = append(kept, *c)
		}
	}
	tm.Components = kept
	return nil
}

// firstOccurrences folds one value per placeholder into one per variable:
// each variable takes the value of its first placeholder.
func firstOccurrences(params []dialog360.Parameter, s template.Slots) []dialog360.Parameter {
	out := make([]dialog360.Parameter, len(s.Body))
	for i, name := range s.Body {
		for j, occ := range s.BodyOccurrences {
			if occ == name {
				out[i] = params[j]
				break
			}
		}
	}
	return out
}

// buttonFor fills the template's button i from the chat's values; ok is false
// when their count does not fit the button.
func buttonFor(i int, slot template.ButtonSlot, args []string) (*dialog360.TemplateComponent, bool) {
	c := &dialog360.TemplateComponent{Type: "button", Index: strconv.Itoa(i)}
	v := ""
	if len(args) > 0 {
		v = paramText(args[0])
	}
	switch slot.Type {
	case template.ButtonURL:
		if len(args) != slot.Vars {
			return nil, false
		}
		if slot.Vars == 0 {
			return nil, true
		}
		c.SubType, c.Parameters = "url", []dialog360.Parameter{{Type: "text", Text: v}}
	case template.ButtonQuickReply:
		if len(args) > 1 {
			return nil, false
		}
		if v == "" {
			return nil, true
		}
		c.SubType, c.Parameters = "quick_reply", []dialog360.Parameter{{Type: "payload", Payload: v}}
	case template.ButtonCopyCode:
		if v == "" {
			v = slot.Example
		}
		if len(args) > 1 || v == "" {
			return nil, false
		}
		c.SubType, c.Parameters = "copy_code", []dialog360.Parameter{{Type: "coupon_code", CouponCode: v}}
	default: // phone and the rest take no values
		return nil, len(args) == 0
	}
	return c, true
}

// resyncTemplates queues an immediate template sync of the account: WhatsApp
// answered a send with a template error, so the stored copy is stale.
func (r *Relay) resyncTemplates(ctx context.Context, accountID int64) {
	if err := catalog.Enqueue(ctx, r.st, accountID); err != nil {
		r.log.Error("template re-sync after a template error: queue failed", "account_id", accountID, "error", err)
		return
	}
	r.log.Info("template error from WhatsApp: templates re-synced", "account_id", accountID)
	r.runner.Notify()
}

// templateWebhook hands the CRM chat's template_create, template_update and
// template_delete to package catalog, built from the relay's own parts (it
// holds no state of its own).
func (r *Relay) templateWebhook(ctx context.Context, sess *account.Session, hook *mg.Webhook) (any, error) {
	return catalog.New(r.st, r.acc, r.d360, r.runner, r.cat, r.log, catalog.Options{}).Webhook(ctx, sess, hook)
}

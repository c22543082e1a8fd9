package sandbox

import (
	"fmt"
	"net/http"
	"strings"

	"waba-transport/internal/sim"
)

// operatorTemplateIn is a template the operator picked and filled.
type operatorTemplateIn struct {
	Code       string     `json:"code"`
	HeaderArgs []string   `json:"header_args"`
	BodyArgs   []string   `json:"body_args"`
	ButtonArgs [][]string `json:"button_args"` // per button, in order; [] for buttons without a variable
}

// handleOperatorTemplate makes the operator send one of the channel's
// templates in the CRM chat, with a value for every variable, as the CRM's
// template picker requires.
func (p *page) handleOperatorTemplate(w http.ResponseWriter, r *http.Request) {
	var in operatorTemplateIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	var tpl *crmTplView
	for _, t := range crmTemplates(p.e.CRM.Templates(p.e.ChannelID)) {
		if t.Code == in.Code {
			tpl = &t
		}
	}
	if tpl == nil {
		writeError(w, bad("code is not a template of this channel in the CRM"))
		return
	}
	if err := checkArgs("header_args", in.HeaderArgs, tpl.HeaderVars); err != nil {
		writeError(w, err)
		return
	}
	if err := checkArgs("body_args", in.BodyArgs, tpl.BodyVars); err != nil {
		writeError(w, err)
		return
	}
	buttons, err := buttonArgs(tpl.Buttons, in.ButtonArgs)
	if err != nil {
		writeError(w, err)
		return
	}
	vars := map[string]any{"body": map[string]any{"args": nonNil(in.BodyArgs)}}
	if len(tpl.HeaderVars) > 0 {
		vars["header"] = map[string]any{"type": "text", "args": in.HeaderArgs}
	}
	if len(buttons) > 0 {
		vars["buttons"] = buttons
	}
	send := sim.TemplateSend{Code: tpl.Code, Category: strings.ToLower(tpl.Category), Variables: vars,
		Content: fillArgs(tpl.Body, tpl.BodyVars, in.BodyArgs)}
	out, err := operatorResult(p.e.CRM.OperatorSendTemplate(p.e.ChannelID, p.chat(), send, sim.ToCustomer(Customer.UserID)))
	if err != nil {
		writeError(w, err)
		return
	}
	ok(w, out)
}

// buttonArgs are MessageGateway's button values: one entry per button, in
// the template's order (the module takes a button's index from its position),
// with a value for each URL variable.
func buttonArgs(buttons []tplButton, args [][]string) ([]any, error) {
	if len(args) > len(buttons) {
		return nil, bad("button_args has %d entries, the template %d buttons", len(args), len(buttons))
	}
	var out []any
	needed := false
	for i, b := range buttons {
		var a []string
		if i < len(args) {
			a = args[i]
		}
		if err := checkArgs(fmt.Sprintf("button_args[%d]", i), a, b.Vars); err != nil {
			return nil, err
		}
		needed = needed || len(a) > 0
		out = append(out, map[string]any{"type": b.Type, "title": b.Label, "args": nonNil(a)})
	}
	if !needed {
		return nil, nil
	}
	return out, nil
}

// checkArgs wants one non-blank value per variable.
func checkArgs(field string, args, vars []string) error {
	if len(args) != len(vars) {
		return bad("%s needs %d values, got %d", field, len(vars), len(args))
	}
	for i, a := range args {
		if strings.TrimSpace(a) == "" {
			return bad("%s: the value of {{%s}} is empty", field, vars[i])
		}
	}
	return nil
}

// fillArgs renders a template text with the operator's values, as the chat shows it.
func fillArgs(text string, vars, args []string) string {
	return placeholder.ReplaceAllStringFunc(text, func(ph string) string {
		key := placeholder.FindStringSubmatch(ph)[1]
		for i, v := range vars {
			if v == key && i < len(args) {
				return args[i]
			}
		}
		return ph
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

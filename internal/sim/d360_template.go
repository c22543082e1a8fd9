package sim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// templateName is Meta's rule for template names.
var templateName = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)

// AddTemplate adds a template to apiKey's WABA as if created in the Hub.
// Missing fields get defaults: status "approved", category "UTILITY", an id.
func (d *Dialog360) AddTemplate(apiKey string, t map[string]any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return
	}
	tpl := cloneMap(t)
	if tpl == nil {
		return
	}
	if str(tpl, "status") == "" {
		tpl["status"] = "approved"
	}
	if str(tpl, "category") == "" {
		tpl["category"] = "UTILITY"
	}
	n.templates = append(n.templates, d.completeTemplate(n, tpl))
	d.changed()
}

// completeTemplate adds the fields 360dialog's template objects carry;
// callers hold d.mu.
func (d *Dialog360) completeTemplate(n *number, tpl map[string]any) map[string]any {
	if str(tpl, "id") == "" {
		tpl["id"] = d.ids.numeric()
	}
	if _, ok := tpl["components"]; !ok {
		tpl["components"] = []any{}
	}
	tpl["namespace"] = "sim_namespace_" + n.WABAID
	tpl["partner_id"] = "sim_partner"
	tpl["waba_account_id"] = n.WABAID
	tpl["modified_at"] = d.now().UTC().Format("2006-01-02T15:04:05Z")
	tpl["modified_by"] = map[string]any{"user_id": "sim", "user_name": "Simulator"}
	if _, ok := tpl["rejected_reason"]; !ok {
		tpl["rejected_reason"] = "NONE"
	}
	return tpl
}

// SetTemplateStatus changes the review status of name+language (as Meta's
// review would) with an optional rejection reason.
func (d *Dialog360) SetTemplateStatus(apiKey, name, language, status, reason string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return
	}
	for _, t := range n.templates {
		if str(t, "name") == name && str(t, "language") == language {
			t["status"] = status
			if reason != "" {
				t["rejected_reason"] = reason
			}
			t["modified_at"] = d.now().UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	d.changed()
}

// Templates lists apiKey's templates, sorted by name and language.
func (d *Dialog360) Templates(apiKey string) []map[string]any {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil
	}
	out := make([]map[string]any, 0, len(n.templates))
	for _, t := range sortedTemplates(n.templates) {
		out = append(out, cloneMap(t))
	}
	return out
}

func sortedTemplates(ts []map[string]any) []map[string]any {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, func(a, b map[string]any) int {
		if c := strings.Compare(str(a, "name"), str(b, "name")); c != 0 {
			return c
		}
		return strings.Compare(str(a, "language"), str(b, "language"))
	})
	return out
}

// listTemplates handles GET /v1/configs/templates?limit&offset&filters&sort.
func (d *Dialog360) listTemplates(w http.ResponseWriter, r *http.Request, n *number) {
	q := r.URL.Query()
	limit, err1 := intParam(q.Get("limit"), 1000)
	offset, err2 := intParam(q.Get("offset"), 0)
	filters := map[string]any{}
	var err3 error
	if f := q.Get("filters"); f != "" {
		err3 = json.Unmarshal([]byte(f), &filters)
	}
	if err1 != nil || err2 != nil || err3 != nil || limit < 0 || offset < 0 {
		writeD360Error(w, http.StatusBadRequest, "Invalid limit, offset or filters")
		return
	}
	sortBy := []string{"business_templates.name"}
	if s := q.Get("sort"); s != "" {
		sortBy = strings.Split(s, ",")
	}

	d.mu.Lock()
	var match []map[string]any
	for _, t := range sortedTemplates(n.templates) {
		if matchesFilters(t, filters) {
			match = append(match, cloneMap(t))
		}
	}
	d.mu.Unlock()

	page := []map[string]any{}
	if offset < len(match) {
		page = match[offset:min(offset+limit, len(match))]
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"count":          len(page),
		"filters":        filters,
		"limit":          limit,
		"offset":         offset,
		"sort":           sortBy,
		"total":          len(match),
		"waba_templates": page,
	})
}

func intParam(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

// matchesFilters applies the documented filter keys (exact match; status
// case-insensitively).
func matchesFilters(t, filters map[string]any) bool {
	for k, v := range filters {
		want, _ := v.(string)
		field := strings.TrimPrefix(k, "business_templates.")
		got := str(t, field)
		if field == "status" {
			if !strings.EqualFold(got, want) {
				return false
			}
		} else if got != want {
			return false
		}
	}
	return true
}

// createTemplate handles POST /v1/configs/templates; new templates are
// "submitted" until SetTemplateStatus changes them.
func (d *Dialog360) createTemplate(w http.ResponseWriter, r *http.Request, n *number) {
	raw, err := readBody(r, maxJSONBody)
	var body map[string]any
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || body == nil {
		writeMetaError(w, http.StatusBadRequest, 100, "Request body is not a JSON object")
		return
	}
	if details := checkNewTemplate(body); details != "" {
		writeMetaError(w, http.StatusBadRequest, 100, details)
		return
	}
	d.mu.Lock()
	for _, t := range n.templates {
		if str(t, "name") == str(body, "name") && str(t, "language") == str(body, "language") {
			d.mu.Unlock()
			writeMetaError(w, http.StatusBadRequest, 100, "Content in this language already exists")
			return
		}
	}
	tpl := map[string]any{
		"name":       body["name"],
		"language":   body["language"],
		"category":   strings.ToUpper(str(body, "category")),
		"components": body["components"],
		"status":     "submitted",
	}
	if p, ok := body["parameter_format"]; ok {
		tpl["parameter_format"] = p
	}
	tpl = d.completeTemplate(n, tpl)
	n.templates = append(n.templates, tpl)
	resp := cloneMap(tpl)
	d.mu.Unlock()
	d.changed()
	writeJSON(w, http.StatusCreated, resp)
}

// checkNewTemplate returns why a create body is invalid, or "".
func checkNewTemplate(body map[string]any) string {
	if !templateName.MatchString(str(body, "name")) {
		return "Template name must match ^[a-z0-9_]+$ (at most 512 characters)"
	}
	if str(body, "language") == "" {
		return "The parameter language is required"
	}
	switch strings.ToUpper(str(body, "category")) {
	case "MARKETING", "UTILITY", "AUTHENTICATION":
	default:
		return "The parameter category must be MARKETING, UTILITY or AUTHENTICATION"
	}
	for _, c := range list(body, "components") {
		if m, ok := c.(map[string]any); ok && strings.EqualFold(str(m, "type"), "BODY") {
			return ""
		}
	}
	return "The template needs a BODY component"
}

// deleteTemplate handles DELETE /v1/configs/templates/{name}: all languages.
func (d *Dialog360) deleteTemplate(w http.ResponseWriter, r *http.Request, n *number) {
	name := r.PathValue("name")
	d.mu.Lock()
	before := len(n.templates)
	n.templates = slices.DeleteFunc(n.templates, func(t map[string]any) bool { return str(t, "name") == name })
	deleted := before - len(n.templates)
	d.mu.Unlock()
	if deleted == 0 {
		writeD360Error(w, http.StatusNotFound, "Template not found")
		return
	}
	d.changed()
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

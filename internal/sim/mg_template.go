package sim

import (
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Template is a template the transport copied into MG.
type Template struct {
	Body      map[string]any // the last activate/update request, parsed
	ChannelID int64
	Code      string
	CreatedAt time.Time
	ID        int64
	Name      string
	Type      string
	UpdatedAt time.Time
}

// Templates lists channelID's active templates, in creation order.
func (c *CRM) Templates(channelID int64) []Template {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Template
	for _, t := range c.templates {
		if t.ChannelID == channelID {
			cp := *t
			cp.Body = cloneMap(t.Body)
			out = append(out, cp)
		}
	}
	return out
}

// templateJSON is MG's Template model.
func templateJSON(t *Template) map[string]any {
	out := cloneMap(t.Body)
	out["id"], out["channel_id"], out["code"], out["enabled"] = t.ID, t.ChannelID, t.Code, true
	out["name"], out["type"] = t.Name, t.Type
	return out
}

// listTemplates handles GET /templates: all templates of the module's channels.
func (c *CRM) listTemplates(w http.ResponseWriter, _ *http.Request, code string) {
	out := []any{}
	c.mu.Lock()
	for _, t := range c.templates {
		if c.channel(code, t.ChannelID) != nil {
			out = append(out, templateJSON(t))
		}
	}
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// templateRequest reads and checks an activate/update body.
func templateRequest(w http.ResponseWriter, r *http.Request, create bool) (map[string]any, bool) {
	raw, err := readBody(r, maxJSONBody)
	var body map[string]any
	if err == nil {
		err = jsonUnmarshal(raw, &body)
	}
	if err != nil || body == nil {
		writeMGError(w, http.StatusBadRequest, "Invalid JSON body")
		return nil, false
	}
	name := str(body, "name")
	msg := ""
	switch {
	case name == "" || utf8.RuneCountInString(name) > 512:
		msg = "name: required, at most 512 characters"
	case create && (str(body, "code") == "" || utf8.RuneCountInString(str(body, "code")) > 512):
		msg = "code: required, at most 512 characters"
	case create && !slices.Contains([]string{"text", "media"}, str(body, "type")):
		msg = "type: must be text or media"
	}
	if msg != "" {
		writeMGError(w, http.StatusBadRequest, msg)
		return nil, false
	}
	return body, true
}

// activateTemplate handles POST /channels/{id}/templates.
func (c *CRM) activateTemplate(w http.ResponseWriter, r *http.Request, code string) {
	chID, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	body, ok := templateRequest(w, r, true)
	if !ok {
		return
	}
	now := c.now()
	c.mu.Lock()
	status, msg := http.StatusCreated, ""
	switch {
	case c.channel(code, chID) == nil:
		status, msg = http.StatusNotFound, "Channel not found"
	case c.findTemplate(chID, str(body, "code")) != nil:
		status, msg = http.StatusBadRequest, "Template with this code already exists"
	default:
		c.templates = append(c.templates, &Template{
			Body: body, ChannelID: chID, Code: str(body, "code"), CreatedAt: now, ID: c.id(),
			Name: str(body, "name"), Type: str(body, "type"), UpdatedAt: now,
		})
	}
	c.mu.Unlock()
	if msg != "" {
		writeMGError(w, status, msg)
		return
	}
	c.changed()
	writeJSON(w, status, map[string]any{})
}

// findTemplate finds a channel's template by code; callers hold c.mu.
func (c *CRM) findTemplate(chID int64, code string) *Template {
	for _, t := range c.templates {
		if t.ChannelID == chID && t.Code == code {
			return t
		}
	}
	return nil
}

// updateTemplate handles PUT /channels/{id}/templates/{code}.
func (c *CRM) updateTemplate(w http.ResponseWriter, r *http.Request, code string) {
	chID, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	body, ok := templateRequest(w, r, false)
	if !ok {
		return
	}
	c.mu.Lock()
	var t *Template
	if c.channel(code, chID) != nil {
		t = c.findTemplate(chID, r.PathValue("code"))
	}
	if t != nil {
		typ := t.Type
		if s := str(body, "type"); s != "" {
			typ = s
		}
		t.Body, t.Name, t.Type, t.UpdatedAt = body, str(body, "name"), typ, c.now()
	}
	c.mu.Unlock()
	if t == nil {
		writeMGError(w, http.StatusNotFound, "Template not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// deactivateTemplate handles DELETE /channels/{id}/templates/{code}.
func (c *CRM) deactivateTemplate(w http.ResponseWriter, r *http.Request, code string) {
	chID, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	tplCode := r.PathValue("code")
	c.mu.Lock()
	before := len(c.templates)
	if c.channel(code, chID) != nil {
		c.templates = slices.DeleteFunc(c.templates, func(t *Template) bool { return t.ChannelID == chID && t.Code == tplCode })
	}
	removed := before != len(c.templates)
	c.mu.Unlock()
	if !removed {
		writeMGError(w, http.StatusNotFound, "Template not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{})
}

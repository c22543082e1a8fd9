package sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// mgPrefix is where the transport API lives on the CRM server.
const mgPrefix = "/mg/api/transport/v1"

// mgHandler is a handler that knows which module's token called it.
type mgHandler func(w http.ResponseWriter, r *http.Request, moduleCode string)

// mgRoutes adds the MG transport API to mux.
func (c *CRM) mgRoutes(mux *http.ServeMux) {
	routes := map[string]mgHandler{
		"GET /channels":                          c.listChannels,
		"POST /channels":                         c.activateChannel,
		"PUT /channels/{id}":                     c.updateChannel,
		"DELETE /channels/{id}":                  c.deactivateChannel,
		"POST /messages":                         c.sendMessage,
		"PUT /messages":                          c.editMessage,
		"DELETE /messages":                       c.deleteMessage,
		"POST /messages/ack":                     c.ackMessage,
		"POST /messages/read":                    c.readMessage,
		"POST /messages/read_until":              c.readUntil,
		"POST /messages/reaction":                c.addReaction,
		"DELETE /messages/reaction":              c.deleteReaction,
		"POST /files/upload":                     c.uploadFile,
		"POST /files/upload_by_url":              c.uploadFileByURL,
		"GET /files/{id}":                        c.getFile,
		"GET /templates":                         c.listTemplates,
		"POST /channels/{id}/templates":          c.activateTemplate,
		"PUT /channels/{id}/templates/{code}":    c.updateTemplate,
		"DELETE /channels/{id}/templates/{code}": c.deactivateTemplate,
	}
	for pattern, h := range routes {
		method, path, _ := strings.Cut(pattern, " ")
		mux.Handle(method+" "+mgPrefix+path, c.mgAuth(h))
	}
	mux.HandleFunc("GET /mg/storage/{id}", c.downloadFile)
}

// writeMGError writes MG's error shape.
func writeMGError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"errors": []string{msg}})
}

// mgAuth applies SetDown, SetSlow and the X-Transport-Token check.
func (c *CRM) mgAuth(h mgHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		down, slow := c.down, c.slow
		c.mu.Unlock()
		if slow > 0 && !sleep(r.Context(), slow) {
			return
		}
		if down {
			writeMGError(w, http.StatusServiceUnavailable, "Service temporarily unavailable")
			return
		}
		token := r.Header.Get("X-Transport-Token")
		code := ""
		c.mu.Lock()
		for k, m := range c.modules {
			if token != "" && m.token == token {
				code = k
			}
		}
		c.mu.Unlock()
		if code == "" {
			writeMGError(w, http.StatusUnauthorized, "Invalid transport token")
			return
		}
		c.log.Debug("crm sim: mg request", "method", r.Method, "path", r.URL.Path)
		h(w, r, code)
	})
}

// decodeMG reads a JSON body into v, answering 400 on failure.
func decodeMG(w http.ResponseWriter, r *http.Request, v any) bool {
	raw, err := readBody(r, maxJSONBody)
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		writeMGError(w, http.StatusBadRequest, "Invalid JSON body: "+err.Error())
		return false
	}
	return true
}

// Channel is an MG channel a transport activated.
type Channel struct {
	Active        bool
	ActivatedAt   time.Time
	AvatarURL     string
	CreatedAt     time.Time
	DeactivatedAt time.Time
	ExternalID    string
	ID            int64
	Module        string // code of the module whose token created it
	Name          string
	Settings      map[string]any
	Type          string
	UpdatedAt     time.Time
}

// channelTypes are the types the spec allows.
var channelTypes = []string{
	"avito", "consultant", "custom", "drom", "fbmessenger", "instagram", "max", "mega_market",
	"odnoklassniki", "ozon", "skype", "telegram", "viber", "vk", "whatsapp", "wildberries",
	"yandex_chat", "yandex_market", "youla",
}

// channelBody is the activate/update request.
type channelBody struct {
	AvatarURL  *string        `json:"avatar_url"`
	ExternalID *string        `json:"external_id"`
	Name       *string        `json:"name"`
	Settings   map[string]any `json:"settings"`
	Type       *string        `json:"type"`
}

// Channels lists every channel, deactivated ones included (Active false).
func (c *CRM) Channels() []Channel {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Channel, 0, len(c.channels))
	for _, ch := range c.channels {
		cp := *ch
		cp.Settings = cloneMap(ch.Settings)
		out = append(out, cp)
	}
	return out
}

// channel finds a channel of the calling module; callers hold c.mu.
func (c *CRM) channel(code string, id int64) *Channel {
	for _, ch := range c.channels {
		if ch.ID == id && ch.Module == code {
			return ch
		}
	}
	return nil
}

func (c *CRM) activateChannel(w http.ResponseWriter, r *http.Request, code string) {
	var b channelBody
	if !decodeMG(w, r, &b) {
		return
	}
	if msg := checkChannel(b, true); msg != "" {
		writeMGError(w, http.StatusBadRequest, msg)
		return
	}
	now := c.now()
	c.mu.Lock()
	ch := &Channel{Active: true, ActivatedAt: now, CreatedAt: now, ID: c.id(), Module: code, Settings: b.Settings, Type: *b.Type}
	applyChannel(ch, b)
	c.channels = append(c.channels, ch)
	c.mu.Unlock()
	c.changed()
	writeJSON(w, http.StatusCreated, map[string]any{"id": ch.ID, "external_id": ch.ExternalID, "activated_at": mgTime(now)})
}

// checkChannel validates a channel body; type is required on activation.
func checkChannel(b channelBody, create bool) string {
	switch {
	case create && b.Type == nil:
		return "type: field is required"
	case b.Type != nil && !slices.Contains(channelTypes, *b.Type):
		return "type: unknown channel type"
	case b.Name != nil && len([]rune(*b.Name)) > 100:
		return "name: must be at most 100 characters"
	case b.ExternalID != nil && len(*b.ExternalID) > 64:
		return "external_id: must be at most 64 characters"
	}
	return ""
}

func applyChannel(ch *Channel, b channelBody) {
	if b.AvatarURL != nil {
		ch.AvatarURL = *b.AvatarURL
	}
	if b.ExternalID != nil {
		ch.ExternalID = *b.ExternalID
	}
	if b.Name != nil {
		ch.Name = *b.Name
	}
	if b.Settings != nil {
		ch.Settings = b.Settings
	}
	if b.Type != nil {
		ch.Type = *b.Type
	}
}

func (c *CRM) updateChannel(w http.ResponseWriter, r *http.Request, code string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var b channelBody
	if !decodeMG(w, r, &b) {
		return
	}
	if msg := checkChannel(b, false); msg != "" {
		writeMGError(w, http.StatusBadRequest, msg)
		return
	}
	now := c.now()
	c.mu.Lock()
	ch := c.channel(code, id)
	if ch != nil {
		applyChannel(ch, b)
		ch.UpdatedAt = now
	}
	c.mu.Unlock()
	if ch == nil {
		writeMGError(w, http.StatusNotFound, "Channel not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "external_id": ch.ExternalID, "updated_at": mgTime(now)})
}

func (c *CRM) deactivateChannel(w http.ResponseWriter, r *http.Request, code string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	now := c.now()
	c.mu.Lock()
	ch := c.channel(code, id)
	if ch != nil && ch.Active {
		ch.Active, ch.DeactivatedAt = false, now
	}
	c.mu.Unlock()
	if ch == nil {
		writeMGError(w, http.StatusNotFound, "Channel not found")
		return
	}
	c.changed()
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "deactivated_at": mgTime(ch.DeactivatedAt)})
}

// listChannels handles GET /channels?id&active&types&limit.
func (c *CRM) listChannels(w http.ResponseWriter, r *http.Request, code string) {
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("id"), 10, 64)
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 || limit > 1000 {
		limit = 100
	}
	types := q["types"]
	if len(types) == 0 {
		types = q["types[]"]
	}
	out := []any{}
	c.mu.Lock()
	for _, ch := range c.channels {
		switch {
		case ch.Module != code, id != 0 && ch.ID != id,
			q.Get("active") != "" && ch.Active != (q.Get("active") == "true" || q.Get("active") == "1"),
			len(types) > 0 && !slices.Contains(types, ch.Type):
			continue
		}
		if len(out) < limit {
			out = append(out, channelJSON(ch))
		}
	}
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func channelJSON(ch *Channel) map[string]any {
	opt := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return mgTime(t)
	}
	return map[string]any{
		"id": ch.ID, "external_id": ch.ExternalID, "type": ch.Type, "name": ch.Name,
		"settings": cloneMap(ch.Settings), "created_at": mgTime(ch.CreatedAt), "updated_at": opt(ch.UpdatedAt),
		"activated_at": mgTime(ch.ActivatedAt), "deactivated_at": opt(ch.DeactivatedAt), "is_active": ch.Active,
	}
}

package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
	"waba-transport/internal/template"
)

// wanted is a template that should be in the channel, as the sync maps it.
type wanted struct {
	MG         mg.Template
	Hash       string
	Name       string
	Language   string
	Origin     string
	Components []byte // the 360dialog components, JSON
}

// Operations of a change.
const (
	opCreate = "create"
	opUpdate = "update"
	opRemove = "remove"
)

// change is one step that brings the channel in line with 360dialog.
type change struct {
	Op   string
	Code string
	Want wanted // for create and update
}

// desired picks the templates that belong in the channel: the approved
// ones, and those created in the CRM chat (known from the store with origin
// "crm") whatever their review status, while they exist. Templates ToMG cannot
// represent are counted in skipped and left out, so an unsendable template
// never reaches the chat.
func desired(list []dialog360.Template, current map[string]store.Template) (want map[string]wanted, skipped int) {
	want = map[string]wanted{}
	for _, t := range list {
		code := template.Code(t.Name, t.Language)
		origin := store.TemplateFromSync
		if cur, ok := current[code]; ok && cur.Origin == store.TemplateFromCRM {
			origin = store.TemplateFromCRM
		}
		if !t.Approved() && (origin != store.TemplateFromCRM || template.MGStatus(t.Status) == "") {
			continue
		}
		m, ok := template.ToMG(t)
		if !ok {
			skipped++
			continue
		}
		comps, _ := json.Marshal(t.Components)
		want[code] = wanted{MG: m, Hash: hashOf(m), Name: t.Name, Language: t.Language, Origin: origin,
			Components: comps}
	}
	return want, skipped
}

// hashOf identifies a mapped template: its MessageGateway JSON, hashed.
func hashOf(m mg.Template) string {
	b, _ := json.Marshal(m)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// plan lists the changes that make current (what the module put into the
// channel) match want, removals first, each group in code order.
func plan(want map[string]wanted, current map[string]store.Template) []change {
	var out []change
	for code := range current {
		if _, ok := want[code]; !ok {
			out = append(out, change{Op: opRemove, Code: code})
		}
	}
	for code, w := range want {
		cur, ok := current[code]
		switch {
		case !ok:
			out = append(out, change{Op: opCreate, Code: code, Want: w})
		case cur.Hash != w.Hash || cur.Origin != w.Origin || !sameJSON(cur.Components, w.Components):
			out = append(out, change{Op: opUpdate, Code: code, Want: w})
		}
	}
	rank := map[string]int{opRemove: 0, opCreate: 1, opUpdate: 2}
	slices.SortFunc(out, func(a, b change) int {
		if d := rank[a.Op] - rank[b.Op]; d != 0 {
			return d
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// sameJSON compares two JSON documents by value (PostgreSQL or a re-marshal
// may change spacing).
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}

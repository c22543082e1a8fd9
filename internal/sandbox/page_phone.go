package sandbox

import (
	"encoding/json"
	"time"

	"waba-transport/internal/sim"
)

// phoneItem is one bubble on the customer's phone.
type phoneItem struct {
	ID        string        `json:"id"` // wamid
	At        time.Time     `json:"at"`
	From      string        `json:"from"` // customer or business
	Type      string        `json:"type"`
	Header    string        `json:"header,omitempty"`
	Text      string        `json:"text,omitempty"`
	Footer    string        `json:"footer,omitempty"`
	Image     string        `json:"image,omitempty"` // address the page can load
	Location  *location     `json:"location,omitempty"`
	Quote     string        `json:"quote,omitempty"` // text of the message answered
	Buttons   []phoneButton `json:"buttons,omitempty"`
	Ticks     string        `json:"ticks,omitempty"` // customer's own: waiting, sent, delivered, read
	Reactions []string      `json:"reactions,omitempty"`
	quoteID   string
}

// phoneButton is a button under a business message. Tappable kinds are
// quick_reply (template), button_reply and list_reply (interactive).
type phoneButton struct {
	Kind    string `json:"kind"`
	ID      string `json:"id,omitempty"`
	Title   string `json:"title"`
	Payload string `json:"payload,omitempty"`
	URL     string `json:"url,omitempty"`
}

// location is a shared place.
type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// phoneView builds the phone: what the customer sent (the message webhooks
// the simulated 360dialog posted) and what reached them (accepted sends that
// were not made to fail), with reactions on the message they belong to.
func (p *page) phoneView() []phoneItem {
	d := p.e.D360
	var items []phoneItem
	index := map[string]int{} // wamid -> position in items
	delivered := map[string]bool{}
	var reactions []map[string]any
	for _, dl := range d.Deliveries(D360Key) {
		m := webhookMessage(dl.Body)
		id, _ := m["id"].(string)
		if dl.Kind != "message" || m == nil || id == "" {
			continue
		}
		delivered[id] = delivered[id] || dl.OK()
		if _, seen := index[id]; seen {
			continue // a redelivery or a duplicate
		}
		if str(m, "type") == "reaction" {
			reactions = append(reactions, obj(m, "reaction"))
			index[id] = -1
			continue
		}
		it := customerItem(m)
		it.At = dl.At
		index[id] = len(items)
		items = append(items, it)
	}
	p.mu.Lock()
	for _, w := range p.waiting {
		if _, out := index[w.ID]; out {
			continue // delivered while the page was reading
		}
		it := customerItem(w.Msg)
		it.ID, it.At, it.Ticks = w.ID, w.At, "waiting"
		items = append(items, it)
	}
	p.mu.Unlock()

	customerTicks(items, delivered, d.ReadMarks(D360Key))
	templates := d.Templates(D360Key)
	for _, s := range d.Sent(D360Key) {
		if s.WAMID == "" || d.FailCode(D360Key, s.WAMID) != 0 {
			continue // refused, or never reached the phone
		}
		if str(s.Body, "type") == "reaction" {
			reactions = append(reactions, obj(s.Body, "reaction"))
			continue
		}
		it := businessItem(s.Body, templates)
		it.ID, it.At, it.From = s.WAMID, s.At, "business"
		index[s.WAMID] = len(items)
		items = append(items, it)
	}
	applyReactions(items, index, reactions)
	resolveQuotes(items)
	sortByTime(items, func(it phoneItem) time.Time { return it.At })
	return items
}

// customerTicks sets the ticks of the customer's own messages: delivered when
// the module accepted the webhook, read (blue) when the business marked it or
// a later message read, as WhatsApp shows it.
func customerTicks(items []phoneItem, delivered map[string]bool, marks []sim.ReadMark) {
	read := map[string]bool{}
	for _, m := range marks {
		read[m.MessageID] = true
	}
	readUpTo := -1
	for i, it := range items {
		if read[it.ID] {
			readUpTo = i
		}
	}
	for i := range items {
		switch {
		case items[i].Ticks == "waiting":
		case i <= readUpTo:
			items[i].Ticks = "read"
		case delivered[items[i].ID]:
			items[i].Ticks = "delivered"
		default:
			items[i].Ticks = "sent"
		}
	}
}

// applyReactions puts each message's latest reaction on it; an empty emoji
// removes the reaction.
func applyReactions(items []phoneItem, index map[string]int, reactions []map[string]any) {
	last := map[int]string{}
	for _, r := range reactions {
		if i, ok := index[str(r, "message_id")]; ok && i >= 0 {
			last[i] = str(r, "emoji")
		}
	}
	for i, emoji := range last {
		if emoji != "" {
			items[i].Reactions = []string{emoji}
		}
	}
}

// resolveQuotes fills the text of the message each bubble answers.
func resolveQuotes(items []phoneItem) {
	text := map[string]string{}
	for _, it := range items {
		t := it.Text
		if t == "" {
			t = "[" + it.Type + "]"
		}
		text[it.ID] = t
	}
	for i := range items {
		if id := items[i].quoteID; id != "" {
			items[i].Quote = text[id]
			if items[i].Quote == "" {
				items[i].Quote = "…"
			}
		}
	}
}

// webhookMessage is the first message object of a Cloud API webhook body.
func webhookMessage(body []byte) map[string]any {
	var w struct {
		Entry []struct {
			Changes []struct {
				Value struct {
					Messages []map[string]any `json:"messages"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if json.Unmarshal(body, &w) != nil {
		return nil
	}
	for _, e := range w.Entry {
		for _, c := range e.Changes {
			for _, m := range c.Value.Messages {
				return m
			}
		}
	}
	return nil
}

// str reads a string field of a JSON object.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// obj reads an object field of a JSON object.
func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// list reads an array field of a JSON object.
func list(m map[string]any, key string) []any {
	a, _ := m[key].([]any)
	return a
}

// num reads a number field of a JSON object.
func num(m map[string]any, key string) float64 {
	f, _ := m[key].(float64)
	return f
}

// asMap is v as a JSON object, nil when it is not one.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

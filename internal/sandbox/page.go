package sandbox

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"sort"
	"time"

	"waba-transport/internal/sim"
)

//go:embed page
var pageFS embed.FS

// mountPage adds the sandbox page and its small JSON API to the module's server.
func mountPage(e *Env, mux *http.ServeMux) {
	mux.Handle("GET /sandbox", http.RedirectHandler("/sandbox/", http.StatusFound))
	mux.Handle("GET /sandbox/", http.StripPrefix("/sandbox/", http.FileServerFS(mustSub(pageFS, "page"))))
	mux.HandleFunc("GET /sandbox/api/state", e.handleState)
	mux.HandleFunc("POST /sandbox/api/customer", e.handleCustomer)
	mux.HandleFunc("POST /sandbox/api/operator", e.handleOperator)
	mux.HandleFunc("POST /sandbox/api/fail", e.handleFail)
}

// bubble is one message as the page shows it.
type bubble struct {
	At     time.Time `json:"at"`
	From   string    `json:"from"` // customer or business/operator
	Text   string    `json:"text"`
	Status string    `json:"status,omitempty"`
	Error  string    `json:"error,omitempty"`
}

type state struct {
	Customer     []bubble `json:"customer"`
	Operator     []bubble `json:"operator"`
	Speed        float64  `json:"speed"`
	ResendDelay  string   `json:"resend_delay"`
	SettingsURL  string   `json:"settings_url"`
	CustomerName string   `json:"customer_name"`
	Phone        string   `json:"phone"`
}

// handleState returns both sides: what the customer's phone shows (built
// from the simulated 360dialog) and what the CRM chat shows (built from the
// simulated MessageGateway).
func (e *Env) handleState(w http.ResponseWriter, _ *http.Request) {
	s := state{Speed: e.Speed, ResendDelay: e.App.Config.ResendDelay.Round(time.Second).String(),
		SettingsURL: e.ModuleURL + "/settings/" + e.ClientID, CustomerName: Customer.Name, Phone: DisplayPhone}
	for _, d := range e.D360.Deliveries(D360Key) {
		if d.Kind == "message" && d.Attempt == 1 {
			if t := customerText(d.Body); t != "" {
				s.Customer = append(s.Customer, bubble{At: d.At, From: "customer", Text: t})
			}
		}
	}
	for _, m := range e.D360.Sent(D360Key) {
		if m.WAMID == "" {
			continue
		}
		s.Customer = append(s.Customer, bubble{At: m.At, From: "business", Text: sentText(m.Body)})
	}
	for _, m := range e.CRM.Messages(e.ChannelID) {
		s.Operator = append(s.Operator, bubble{At: m.At, From: "customer", Text: m.Text + m.Note})
	}
	for _, m := range e.CRM.OperatorMessages(e.ChannelID) {
		b := bubble{At: m.At, From: "operator", Text: m.Text, Status: m.Status}
		if m.Error != nil {
			b.Error = m.Error.Message
		}
		s.Operator = append(s.Operator, b)
	}
	sort.SliceStable(s.Customer, func(i, j int) bool { return s.Customer[i].At.Before(s.Customer[j].At) })
	sort.SliceStable(s.Operator, func(i, j int) bool { return s.Operator[i].At.Before(s.Operator[j].At) })
	writeJSON(w, http.StatusOK, s)
}

func (e *Env) handleCustomer(w http.ResponseWriter, r *http.Request) {
	var in struct{ Text string }
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in) != nil || in.Text == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "text required"})
		return
	}
	wamid, err := e.D360.CustomerText(D360Key, Customer, in.Text)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"wamid": wamid})
}

func (e *Env) handleOperator(w http.ResponseWriter, r *http.Request) {
	var in struct{ Text string }
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in) != nil || in.Text == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "text required"})
		return
	}
	id, res, err := e.CRM.OperatorSend(e.ChannelID, Customer.UserID, in.Text, sim.ToCustomer(Customer.UserID))
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"mg_message_id": id, "external_message_id": res.ExternalMessageID,
		"async": res.Async})
}

// handleFail makes the simulated 360dialog fail the next sends with a code.
func (e *Env) handleFail(w http.ResponseWriter, r *http.Request) {
	var in struct{ Count, Code int }
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&in) != nil || in.Count <= 0 || in.Code <= 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "count and code required"})
		return
	}
	e.D360.FailNextSends(D360Key, in.Count, in.Code)
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// customerText reads the text of a customer's webhook body for the phone view.
func customerText(body []byte) string {
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
		return ""
	}
	for _, e := range w.Entry {
		for _, c := range e.Changes {
			for _, m := range c.Value.Messages {
				return sentText(m)
			}
		}
	}
	return ""
}

// sentText renders a WhatsApp message object as a line of text.
func sentText(m map[string]any) string {
	typ, _ := m["type"].(string)
	obj, _ := m[typ].(map[string]any)
	switch typ {
	case "text":
		s, _ := obj["body"].(string)
		return s
	case "template":
		name, _ := obj["name"].(string)
		return "[template " + name + "]"
	case "reaction":
		s, _ := obj["emoji"].(string)
		return "[reaction " + s + "]"
	default:
		if c, ok := obj["caption"].(string); ok && c != "" {
			return "[" + typ + "] " + c
		}
		return "[" + typ + "]"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func mustSub(fsys embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

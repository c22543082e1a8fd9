package authoring

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
	"waba-transport/internal/template"
)

// StatusDraft is the status of a template saved here and not yet submitted.
const StatusDraft = "draft"

// Entry is one language of one template name: a draft saved here, or a
// template as 360dialog lists it right now.
type Entry struct {
	Name           string     `json:"name"`
	Language       string     `json:"language"`
	Category       string     `json:"category"`
	Status         string     `json:"status"` // "draft", or 360dialog's status lower-cased ("approved", "rejected"...)
	Color          string     `json:"color"`  // template.StatusColor
	RejectedReason string     `json:"rejected_reason,omitempty"`
	DraftID        int64      `json:"draft_id,omitempty"`
	Issues         int        `json:"issues"`       // a draft's validation issues; 0 for submitted templates
	ID             string     `json:"id,omitempty"` // 360dialog's template id
	UpdatedAt      *time.Time `json:"updated_at,omitempty"`
}

// Listing is a number's templates: drafts and 360dialog's list, by name then
// language. When 360dialog cannot be asked, Remote holds why and Entries
// has only the drafts.
type Listing struct {
	Entries []Entry
	Remote  error
}

// List returns the number's drafts and its templates at 360dialog, whose
// statuses are read live so the page shows the latest review result.
func (s *Service) List(ctx context.Context, clientID string, accountID int64) (Listing, error) {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return Listing{}, err
	}
	drafts, err := s.st.Drafts(ctx, a.ID)
	if err != nil {
		return Listing{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	var out Listing
	for _, d := range drafts {
		out.Entries = append(out.Entries, draftEntry(d))
	}
	remote, err := s.remote(ctx, a)
	if err != nil {
		if problem.KindOf(err) == problem.Internal {
			return Listing{}, err
		}
		out.Remote = err
	}
	for _, t := range remote {
		out.Entries = append(out.Entries, remoteEntry(t))
	}
	slices.SortStableFunc(out.Entries, func(x, y Entry) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.Language, y.Language),
			strings.Compare(x.Status, y.Status))
	})
	if out.Entries == nil {
		out.Entries = []Entry{}
	}
	return out, nil
}

func draftEntry(d store.Draft) Entry {
	at := d.UpdatedAt
	e := Entry{Name: d.Name, Language: d.Language, Category: d.Category, Status: StatusDraft,
		Color: template.StatusColor(StatusDraft), DraftID: d.ID, UpdatedAt: &at}
	if td, err := decodeDraft(d.Content); err == nil {
		e.Issues = len(template.Validate(td))
	}
	return e
}

func remoteEntry(t dialog360.Template) Entry {
	status := strings.ToLower(t.Status)
	e := Entry{Name: t.Name, Language: t.Language, Category: strings.ToUpper(t.Category), Status: status,
		Color: template.StatusColor(status), ID: t.ID}
	// 360dialog says "NONE" for templates that were not rejected.
	if r := t.RejectedReason; r != "" && !strings.EqualFold(r, "NONE") {
		e.RejectedReason = r
	}
	if at, err := time.Parse(time.RFC3339, t.ModifiedAt); err == nil {
		at = at.UTC()
		e.UpdatedAt = &at
	}
	return e
}

// Filters are the status filters the list offers, each naming the colour
// (template.StatusColor) of the statuses it keeps.
var Filters = [...]struct{ Value, Color string }{
	{"draft", "grey"}, {"pending", "yellow"}, {"approved", "green"},
	{"rejected", "red"}, {"paused", "orange"}, {"disabled", "red-dark"},
}

// Filter keeps the entries whose status falls under filter (one of
// Filters' values; "" keeps all) and whose name contains query, ignoring
// case and surrounding spaces.
func Filter(entries []Entry, filter, query string) []Entry {
	color := ""
	for _, f := range Filters {
		if f.Value == filter {
			color = f.Color
		}
	}
	q := strings.ToLower(strings.TrimSpace(query))
	out := []Entry{}
	for _, e := range entries {
		if (color == "" || e.Color == color) && strings.Contains(strings.ToLower(e.Name), q) {
			out = append(out, e)
		}
	}
	return out
}

// Group is a template name with its languages, as the list shows it.
type Group struct {
	Name     string
	Category string
	Entries  []Entry
}

// GroupByName groups entries (sorted by name) by name, keeping their order.
func GroupByName(entries []Entry) []Group {
	var out []Group
	for _, e := range entries {
		if n := len(out); n > 0 && out[n-1].Name == e.Name {
			out[n-1].Entries = append(out[n-1].Entries, e)
			continue
		}
		out = append(out, Group{Name: e.Name, Category: e.Category, Entries: []Entry{e}})
	}
	return out
}

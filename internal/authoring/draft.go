package authoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"waba-transport/internal/problem"
	"waba-transport/internal/store"
	"waba-transport/internal/template"
)

// Saved is a draft as stored here, with the issues that still keep it from
// being submitted.
type Saved struct {
	ID        int64            `json:"id"`
	Status    string           `json:"status"` // always "draft"
	Template  template.Draft   `json:"template"`
	Issues    []template.Issue `json:"issues"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// Invalid carries the issues that stopped a save or a submission; the
// problem wrapping it says so in the merchant's language, and callers show
// each issue beside its field.
type Invalid struct {
	Issues []template.Issue
}

func (e *Invalid) Error() string {
	return fmt.Sprintf("authoring: %d template issue(s)", len(e.Issues))
}

// IssuesOf returns the issues carried by err, or nil.
func IssuesOf(err error) []template.Issue {
	if inv, ok := errors.AsType[*Invalid](err); ok {
		return inv.Issues
	}
	return nil
}

// Draft returns one of the number's drafts.
func (s *Service) Draft(ctx context.Context, clientID string, accountID, draftID int64) (Saved, error) {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return Saved{}, err
	}
	row, err := s.draft(ctx, a, draftID)
	if err != nil {
		return Saved{}, err
	}
	return saved(row)
}

// draft loads a draft of account a; another number's draft is not found.
func (s *Service) draft(ctx context.Context, a store.Account, id int64) (store.Draft, error) {
	row, err := s.st.DraftByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && row.AccountID != a.ID) {
		return store.Draft{}, problem.New(problem.NotFound, "authoring.draft_not_found")
	}
	if err != nil {
		return store.Draft{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return row, nil
}

// Save stores d as a draft of the number: a new one when draftID is 0, else
// over draft draftID. A draft may still have issues, but it needs a valid
// name and language, which identify it; without them nothing is stored and
// the error carries those issues (IssuesOf).
func (s *Service) Save(ctx context.Context, clientID string, accountID, draftID int64, d template.Draft) (Saved, error) {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return Saved{}, err
	}
	d = template.Normalize(d)
	if err := identified(d); err != nil {
		return Saved{}, err
	}
	content, err := json.Marshal(d)
	if err != nil {
		return Saved{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	row := store.Draft{ID: draftID, AccountID: a.ID, Name: d.Name, Language: d.Language, Category: d.Category,
		Content: string(content)}
	if draftID == 0 {
		row.ID, err = s.st.CreateDraft(ctx, row)
	} else if _, err = s.draft(ctx, a, draftID); err == nil {
		err = s.st.UpdateDraft(ctx, row)
	}
	switch {
	case errors.Is(err, store.ErrDuplicate):
		return Saved{}, problem.New(problem.Conflict, "authoring.draft_exists", "Name", d.Name, "Language", d.Language)
	case errors.Is(err, store.ErrNotFound):
		return Saved{}, problem.New(problem.NotFound, "authoring.draft_not_found")
	case problem.As(err) != nil:
		return Saved{}, err
	case err != nil:
		return Saved{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	if row, err = s.st.DraftByID(ctx, row.ID); err != nil {
		return Saved{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return saved(row)
}

// identified refuses a draft whose name or language has an issue.
func identified(d template.Draft) error {
	var bad []template.Issue
	for _, is := range template.Validate(d) {
		if is.Field == "name" || is.Field == "language" {
			bad = append(bad, is)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return problem.Wrap(&Invalid{Issues: bad}, problem.Invalid, "authoring.draft_unnamed")
}

func saved(row store.Draft) (Saved, error) {
	d, err := decodeDraft(row.Content)
	if err != nil {
		return Saved{}, problem.Wrap(err, problem.Internal, "error.internal").WithDetail("draft %d", row.ID)
	}
	return Saved{ID: row.ID, Status: StatusDraft, Template: d, Issues: template.Validate(d), UpdatedAt: row.UpdatedAt}, nil
}

func decodeDraft(content string) (template.Draft, error) {
	var d template.Draft
	err := json.Unmarshal([]byte(content), &d)
	return d, err
}

// Copy saves a new draft with the content of template name in language (a
// draft or a template at 360dialog) under newName.
func (s *Service) Copy(ctx context.Context, clientID string, accountID int64, name, language, newName string) (Saved, error) {
	return s.derive(ctx, clientID, accountID, name, language, func(d *template.Draft) { d.Name = strings.TrimSpace(newName) })
}

// AddLanguage saves a new draft of template name in newLanguage, prefilled
// with its content in language for the merchant to translate.
func (s *Service) AddLanguage(ctx context.Context, clientID string, accountID int64, name, language, newLanguage string) (Saved, error) {
	return s.derive(ctx, clientID, accountID, name, language, func(d *template.Draft) { d.Language = newLanguage })
}

// derive saves a new draft made from an existing template by change. The
// new name and language must be free both here and at 360dialog.
func (s *Service) derive(ctx context.Context, clientID string, accountID int64, name, language string,
	change func(*template.Draft)) (Saved, error) {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return Saved{}, err
	}
	drafts, err := s.st.Drafts(ctx, a.ID)
	if err != nil {
		return Saved{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	remote, err := s.remote(ctx, a)
	if err != nil {
		return Saved{}, err
	}
	var src *template.Draft
	for _, row := range drafts {
		if row.Name == name && row.Language == language {
			if d, err := decodeDraft(row.Content); err == nil {
				src = &d
			}
		}
	}
	for _, t := range remote {
		if src == nil && t.Name == name && t.Language == language {
			d := FromTemplate(t)
			src = &d
		}
	}
	if src == nil {
		return Saved{}, problem.New(problem.NotFound, "authoring.template_not_found", "Name", name)
	}
	d := *src
	change(&d)
	d = template.Normalize(d)
	if err := identified(d); err != nil {
		return Saved{}, err
	}
	for _, t := range remote {
		if t.Name == d.Name && t.Language == d.Language {
			return Saved{}, problem.New(problem.Conflict, "authoring.template_exists", "Name", d.Name, "Language", d.Language)
		}
	}
	return s.Save(ctx, clientID, accountID, 0, d)
}

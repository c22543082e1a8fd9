package web

import (
	"context"

	"waba-transport/internal/account"
	"waba-transport/internal/authoring"
	"waba-transport/internal/template"
)

// TemplateManager is the template manager (package authoring): a number's
// templates and drafts. Every method authenticates the connection's secret
// client id and refuses a number of another connection. Errors a person may
// see are *problem.Error values; a draft's validation issues ride inside
// them (authoring.IssuesOf).
type TemplateManager interface {
	// List returns the number's drafts and its templates at 360dialog, with
	// live statuses.
	List(ctx context.Context, clientID string, accountID int64) (authoring.Listing, error)
	// Draft returns one draft.
	Draft(ctx context.Context, clientID string, accountID, draftID int64) (authoring.Saved, error)
	// Save stores a draft: a new one when draftID is 0.
	Save(ctx context.Context, clientID string, accountID, draftID int64, d template.Draft) (authoring.Saved, error)
	// Submit sends a valid draft to 360dialog for review.
	Submit(ctx context.Context, clientID string, accountID, draftID int64) (authoring.Entry, error)
	// Copy saves a draft copied from template name in language under newName.
	Copy(ctx context.Context, clientID string, accountID int64, name, language, newName string) (authoring.Saved, error)
	// AddLanguage saves a draft of template name in newLanguage, prefilled
	// from its content in language.
	AddLanguage(ctx context.Context, clientID string, accountID int64, name, language, newLanguage string) (authoring.Saved, error)
	// Delete deletes template name in all languages, at 360dialog and here.
	Delete(ctx context.Context, clientID string, accountID int64, name string) error
	// Preview validates and renders a draft as the merchant types.
	Preview(ctx context.Context, clientID string, accountID int64, d template.Draft) (authoring.Checked, error)
}

// TemplateSync loads a number's approved templates into the CRM (package
// catalog): on demand from the settings page and from the CRM's manual sync
// action, and what the page shows about the last run.
type TemplateSync interface {
	// SyncNow starts a sync of the number's templates.
	SyncNow(ctx context.Context, clientID string, accountID int64) error
	// SyncConnection starts a sync of every active number of the connection.
	SyncConnection(ctx context.Context, clientID string) error
	// SyncStatus tells how the last sync went.
	SyncStatus(ctx context.Context, clientID string, accountID int64) (account.TemplateSync, error)
}

// Package web serves the module's HTTP surface: the connect and settings pages
// that merchants use inside the CRM's iframe, the JSON API for automation, the
// callbacks of 360dialog, MessageGateway and the CRM, and the operational
// endpoints (health, readiness, metrics, static files).
//
// The package owns no business logic. It decodes requests, calls the
// interfaces below (implemented elsewhere), and maps every error to a status
// and a localized message in one place (errors.go). Every route is listed in
// routes.go.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/locale"
	"waba-transport/internal/relay"
)

// Accounts connects CRMs and manages their WhatsApp numbers. Errors a
// person may see are *problem.Error values, which this package localizes.
type Accounts interface {
	// Connect checks the CRM key, registers the module and stores the connection.
	Connect(ctx context.Context, in account.ConnectInput) (account.Connected, error)
	// Connection returns what the settings page shows about a connection.
	Connection(ctx context.Context, clientID string) (account.Connection, error)
	// SetLanguage remembers the page language picked for a connection.
	SetLanguage(ctx context.Context, clientID, lang string) error
	// Accounts lists a connection's WhatsApp numbers.
	Accounts(ctx context.Context, clientID string) ([]account.Account, error)
	// AddAccount checks a 360dialog key and activates a channel for it.
	AddAccount(ctx context.Context, clientID string, in account.AddInput) (account.Account, error)
	// RemoveAccount deactivates a number's channel and forgets the number.
	RemoveAccount(ctx context.Context, clientID string, id int64) error
	// RekeyAccount replaces a number's 360dialog key.
	RekeyAccount(ctx context.Context, clientID string, id int64, apiKey string) (account.Account, error)
	// Activity applies the CRM's activity callback (module on/off, frozen).
	Activity(ctx context.Context, a account.Activity) error
}

// InboundWebhook takes 360dialog's callbacks. The body is already limited in
// size by this package; secret is the value of the X-Waba-Secret header.
type InboundWebhook interface {
	Accept(ctx context.Context, accountRef, secret string, body []byte) error
}

// MGWebhook takes MessageGateway's callbacks. clientID is the connection's
// secret; the returned value is written as JSON with status 200.
type MGWebhook interface {
	Handle(ctx context.Context, clientID string, body []byte) (any, error)
}

// Messages answers "where is my message?" (package relay): the trail of one
// message and the replay of stored 360dialog webhooks. Both authenticate the
// connection's client id and refuse a number of another connection.
type Messages interface {
	// Trail finds a message by its MessageGateway id (digits) or any of its
	// WhatsApp ids and returns every step it went through.
	Trail(ctx context.Context, clientID string, accountID int64, ref string) (relay.Trail, error)
	// Replay re-runs one stored webhook (webhookID > 0) or those received in
	// [from, to) through the idempotent intake.
	Replay(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error)
}

// HealthCheck checks a number at 360dialog now (package account). It takes
// no client id, so the caller must make sure the number belongs to the
// connection first.
type HealthCheck interface {
	CheckHealth(ctx context.Context, accountID int64) error
}

// Deps is everything the server needs. Catalog, Accounts, Inbound and MG are
// required; the rest may be left empty.
type Deps struct {
	Logger    *slog.Logger                    // nil: logs are discarded
	Catalog   *locale.Catalog                 // messages for pages and errors
	PublicURL string                          // e.g. http://localhost:8080; https makes the cookie Secure
	Accounts  Accounts                        // connections and numbers
	Inbound   InboundWebhook                  // 360dialog callbacks
	MG        MGWebhook                       // MessageGateway callbacks
	Metrics   http.Handler                    // /metrics; nil answers 404
	Ready     func(ctx context.Context) error // readiness (e.g. database ping); nil means always ready
	Extra     func(mux *http.ServeMux)        // optional extra routes (the sandbox mounts its pages here)

	Templates    TemplateManager // the template manager's pages and API; nil: they answer 404
	TemplateSync TemplateSync    // the settings page's template sync and the CRM's sync action; nil: hidden, 404

	Messages      Messages    // message trail and replay; nil: their page and API answer 404
	Health        HealthCheck // the settings page's "Check now"; nil: the button is hidden, the route 404
	PartnerSecret string      // 360dialog partner secret; when set, x-360dialog-signature is verified
}

// NewServer returns the module's HTTP handler. It panics when the embedded
// templates do not parse, which is a build defect that tests catch.
func NewServer(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	u := newUI(d.Logger, d.Catalog, d.PublicURL)
	u.templatesOn, u.sync = d.Templates != nil, d.TemplateSync
	u.messagesOn, u.healthOn = d.Messages != nil, d.Health != nil
	mux := http.NewServeMux()
	addRoutes(mux, u, d)
	if d.Extra != nil {
		d.Extra(mux)
	}
	return recoverPanics(u, baseHeaders(rateLimited(u, mux)))
}

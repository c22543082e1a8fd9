package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/egress"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// ModuleCode is the module's code in the CRM marketplace.
const ModuleCode = "waba-transport"

// WebhookSecretHeader carries each account's secret on 360dialog's callbacks.
const WebhookSecretHeader = "X-Waba-Secret"

// Service connects CRMs and manages their WhatsApp accounts.
type Service struct {
	st        *store.Store
	box       *secret.Box
	d360      *dialog360.Client
	guard     egress.Guard
	http      *http.Client // for user-given destinations (CRM, MessageGateway)
	publicURL string
	log       *slog.Logger
	hot       *hotCache

	// AccountAdded, when set, runs after an account was added or re-keyed
	// (the template sync hooks in here).
	AccountAdded func(ctx context.Context, accountID int64)
}

// NewService returns a Service. httpc must be a client built by guard.Client.
func NewService(st *store.Store, box *secret.Box, d360 *dialog360.Client, guard egress.Guard, httpc *http.Client,
	publicURL string, log *slog.Logger) *Service {
	return &Service{st: st, box: box, d360: d360, guard: guard, http: httpc, publicURL: publicURL, log: log,
		hot: newHotCache()}
}

// Binding names for sealed values: a sealed value only opens in its own place.
func bindConn(hash, col string) string   { return "connection." + col + "." + hash }
func bindAccount(ref, col string) string { return "account." + col + "." + ref }

// Session is an authenticated connection with its secrets opened, for the
// relay and the handlers that call the CRM or MessageGateway.
type Session struct {
	Conn     store.Connection
	ClientID string
	MG       *mg.Client
}

// connByClientID finds the connection a client id belongs to; the client id
// is the connection's secret, so an unknown one is Unauthorized.
func (s *Service) connByClientID(ctx context.Context, clientID string) (store.Connection, error) {
	if clientID == "" {
		return store.Connection{}, problem.New(problem.Unauthorized, "error.unauthorized")
	}
	c, err := s.st.ConnectionByClientHash(ctx, secret.Hash(clientID))
	if errors.Is(err, store.ErrNotFound) {
		return c, problem.New(problem.Unauthorized, "error.unauthorized")
	}
	if err != nil {
		return c, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return c, nil
}

// Session opens a connection by its client id.
func (s *Service) Session(ctx context.Context, clientID string) (*Session, error) {
	c, err := s.connByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return s.session(c)
}

// SessionByID opens a connection by its row id (for jobs).
func (s *Service) SessionByID(ctx context.Context, id int64) (*Session, error) {
	c, err := s.st.ConnectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.session(c)
}

func (s *Service) session(c store.Connection) (*Session, error) {
	clientID, err := s.box.Open(c.ClientIDEnc, bindConn(c.ClientIDHash, "client_id"))
	if err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	token, err := s.box.Open(c.MGTokenEnc, bindConn(c.ClientIDHash, "mg_token"))
	if err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return &Session{Conn: c, ClientID: clientID, MG: mg.New(c.MGURL, token, s.http)}, nil
}

// AccountKey opens the 360dialog API key of an account.
func (s *Service) AccountKey(a store.Account) (string, error) {
	return s.box.Open(a.D360KeyEnc, bindAccount(a.Ref, "d360_key"))
}

// CheckWebhookSecret compares a callback's secret with the account's, in constant time.
func CheckWebhookSecret(a store.Account, given string) bool {
	h := secret.Hash(given)
	return given != "" && subtle.ConstantTimeCompare([]byte(h), []byte(a.WebhookSecretHash)) == 1
}

// Connection returns what the settings page shows about a connection.
func (s *Service) Connection(ctx context.Context, clientID string) (Connection, error) {
	c, err := s.connByClientID(ctx, clientID)
	if err != nil {
		return Connection{}, err
	}
	return Connection{ID: c.ID, CRMURL: c.CRMURL, Active: c.Active, Frozen: c.Frozen, Lang: c.Lang,
		CreatedAt: c.CreatedAt}, nil
}

// SetLanguage remembers the page language of a connection.
func (s *Service) SetLanguage(ctx context.Context, clientID, lang string) error {
	c, err := s.connByClientID(ctx, clientID)
	if err != nil {
		return err
	}
	defer s.hot.forget()
	return s.st.SetConnectionLang(ctx, c.ID, lang)
}

// Activity honours the CRM's activity callback: a module switched off or
// frozen stops relaying until it is switched on again.
func (s *Service) Activity(ctx context.Context, a Activity) error {
	c, err := s.connByClientID(ctx, a.ClientID)
	if err != nil {
		return err
	}
	defer s.hot.forget()
	if err := s.st.SetConnectionActivity(ctx, c.ID, a.Active, a.Freeze); err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.log.Info("connection activity changed", "connection_id", c.ID, "active", a.Active, "frozen", a.Freeze)
	return nil
}

// timeout bounds one remote call made while a person waits for a page.
const timeout = 20 * time.Second

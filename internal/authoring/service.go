// Package authoring is the template manager: it lets a merchant list a
// WhatsApp number's message templates with their review status, write new
// ones as drafts kept in the module's database, submit them to 360dialog,
// copy a template under a new name, add a language to it, and delete it.
//
// Whether a draft may be submitted is decided by package template alone
// (template.Validate); this package only stores drafts, converts them to
// 360dialog's component list and calls 360dialog. The settings pages and the
// JSON API both go through Service, so they behave the same.
//
// Media headers: Meta wants, as a media header's sample
// (example.header_handle), a handle returned by its Resumable Upload API,
// which the per-number 360dialog key does not offer. The manager asks the
// merchant for a public link to a sample file instead and sends that link in
// header_handle when no handle is given (Draft.Header.MediaHandle wins when
// set, e.g. by a JSON API caller who uploaded the file elsewhere). Whether
// 360dialog turns such a link into a handle is not documented; when Meta
// refuses it, the merchant reads 360dialog's answer as the reason.
package authoring

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// Keys authenticates connections and opens numbers' 360dialog keys;
// *account.Service is one.
type Keys interface {
	// Session opens a connection by its secret client id; an unknown id is
	// an Unauthorized problem.
	Session(ctx context.Context, clientID string) (*account.Session, error)
	// AccountKey opens the 360dialog API key of an account.
	AccountKey(a store.Account) (string, error)
}

// Service is the template manager. Every method takes the connection's
// secret client id and the number's id, and refuses a number of another
// connection as not found.
type Service struct {
	st   *store.Store
	keys Keys
	d360 *dialog360.Client
	log  *slog.Logger
}

// New returns a Service; log nil discards logs.
func New(st *store.Store, keys Keys, d360 *dialog360.Client, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, keys: keys, d360: d360, log: log}
}

// timeout bounds the 360dialog calls made while a person waits for a page.
const timeout = 20 * time.Second

// account authenticates clientID and returns its number accountID.
func (s *Service) account(ctx context.Context, clientID string, accountID int64) (store.Account, error) {
	sess, err := s.keys.Session(ctx, clientID)
	if err != nil {
		return store.Account{}, err
	}
	a, err := s.st.AccountByID(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.ConnectionID != sess.Conn.ID) {
		return store.Account{}, problem.New(problem.NotFound, "authoring.account_not_found")
	}
	if err != nil {
		return store.Account{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return a, nil
}

// key opens a number's 360dialog key.
func (s *Service) key(a store.Account) (string, error) {
	k, err := s.keys.AccountKey(a)
	if err != nil {
		return "", problem.Wrap(err, problem.Internal, "error.internal").WithDetail("open 360dialog key")
	}
	return k, nil
}

// remote lists a number's templates at 360dialog.
func (s *Service) remote(ctx context.Context, a store.Account) ([]dialog360.Template, error) {
	key, err := s.key(a)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	list, err := s.d360.Templates(ctx, key)
	if err != nil {
		return nil, d360Error(err)
	}
	return list, nil
}

// d360Error turns a 360dialog failure into what the merchant should read.
// 360dialog's own words (Meta's error_user_msg or details) are the reason,
// because for templates they say exactly what Meta disliked.
func d360Error(err error) error {
	var de *dialog360.Error
	switch {
	case errors.As(err, &de) && de.InvalidKey():
		return problem.Wrap(err, problem.Upstream, "authoring.d360_key_invalid")
	case errors.As(err, &de) && (de.HTTPStatus >= 500 || de.HTTPStatus == 429):
		return problem.Wrap(err, problem.Unavailable, "authoring.d360_unreachable")
	case errors.As(err, &de):
		reason := de.Details
		if reason == "" {
			reason = de.Message
		}
		return problem.Wrap(err, problem.Upstream, "authoring.d360_refused", "Reason", reason)
	default:
		return problem.Wrap(err, problem.Unavailable, "authoring.d360_unreachable")
	}
}

package catalog

import (
	"errors"
	"net/http"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// Reasons a sync does not run.
var (
	errInactive  = errors.New("the module is switched off or frozen in the CRM")
	errNoChannel = errors.New("the account has no MessageGateway channel")
)

// refusedError lists the templates MessageGateway refused in a sync.
type refusedError struct{ codes []string }

func (e refusedError) Error() string {
	return "MessageGateway refused templates: " + strings.Join(e.codes, ", ")
}

// sideError says which side a sync failed on: 360dialog (listing) or
// MessageGateway (applying a change).
type sideError struct {
	side string // "360dialog" or "MessageGateway"
	err  error
}

func (e *sideError) Error() string { return e.side + ": " + e.err.Error() }
func (e *sideError) Unwrap() error { return e.err }

// mgStatus is the HTTP status of a MessageGateway error, else 0.
func mgStatus(err error) int {
	var me *mg.Error
	if errors.As(err, &me) {
		return me.HTTPStatus
	}
	return 0
}

// refusedByMG reports whether MessageGateway refused this request itself (a
// 4xx that is not about the token, the rate, a timeout or a missing object),
// so other templates may still go through.
func refusedByMG(err error) bool {
	switch st := mgStatus(err); {
	case st < 400 || st >= 500:
		return false
	case st == http.StatusUnauthorized, st == http.StatusNotFound, st == http.StatusRequestTimeout,
		st == http.StatusTooManyRequests:
		return false
	}
	return true
}

// transient reports whether a failed sync is worth retrying soon: network
// failures, 5xx, 408 and 429 on either side, and MessageGateway's 401 (the
// CRM may be re-connecting and rotating the token).
func transient(err error) bool {
	var (
		me *mg.Error
		de *dialog360.Error
	)
	switch {
	case errors.Is(err, errInactive), errors.Is(err, errNoChannel), errors.As(err, new(refusedError)):
		return false
	case errors.As(err, &me):
		return me.HTTPStatus >= 500 || me.HTTPStatus == http.StatusTooManyRequests ||
			me.HTTPStatus == http.StatusRequestTimeout || me.HTTPStatus == http.StatusUnauthorized
	case errors.As(err, &de):
		return de.HTTPStatus >= 500 || de.HTTPStatus == http.StatusTooManyRequests ||
			de.HTTPStatus == http.StatusRequestTimeout
	}
	return true // network failures and the like
}

// explain says why a sync failed, for the settings page, in lang.
func (s *Service) explain(err error, lang string) string {
	var (
		me  *mg.Error
		de  *dialog360.Error
		ref refusedError
		se  *sideError
	)
	key, args := "catalog.sync.failed", map[string]any{}
	switch {
	case errors.Is(err, errInactive):
		key = "catalog.sync.inactive"
	case errors.Is(err, errNoChannel):
		key = "catalog.sync.no_channel"
	case errors.As(err, &ref):
		key, args["Count"], args["Codes"] = "catalog.sync.refused", len(ref.codes), strings.Join(ref.codes, ", ")
	case errors.As(err, &de) && de.InvalidKey():
		key = "catalog.sync.key_invalid"
	case errors.As(err, &de):
		key, args["Status"] = "catalog.sync.d360_failed", de.HTTPStatus
	case errors.As(err, &me):
		key, args["Status"] = "catalog.sync.mg_failed", me.HTTPStatus
	case errors.As(err, &se) && se.side == "360dialog":
		key = "catalog.sync.d360_unreachable"
	case errors.As(err, &se):
		key = "catalog.sync.mg_unreachable"
	}
	return s.cat.T(lang, key, args)
}

// Package problem holds the one application error type. Every error a user may
// see is a *problem.Error: a Kind that decides the HTTP status, a message key that
// the web layer localizes, and an internal detail that is logged, never shown.
package problem

import (
	"errors"
	"fmt"
	"net/http"
)

// Kind classifies an error for the caller; the web layer maps it to a status.
type Kind string

// The kinds of error the module reports.
const (
	Invalid         Kind = "invalid"          // bad input from the caller: 400/422
	Unauthorized    Kind = "unauthorized"     // missing or wrong secret: 401
	Forbidden       Kind = "forbidden"        // authenticated but not allowed (e.g. missing scopes): 403
	NotFound        Kind = "not_found"        // no such connection, account, message: 404
	Conflict        Kind = "conflict"         // already exists, or state forbids it: 409
	TooLarge        Kind = "too_large"        // body or file over the limit: 413
	RateLimited     Kind = "rate_limited"     // caller is over its rate: 429
	PaymentRequired Kind = "payment_required" // the CRM says the module is unpaid: 402
	Upstream        Kind = "upstream"         // the CRM, MessageGateway or 360dialog refused or failed: 502
	Unavailable     Kind = "unavailable"      // a dependency cannot be reached now: 503
	Internal        Kind = "internal"         // a bug or an unexpected failure: 500
)

// Error is the application error. Key names a localized message (see package
// locale); Args fill it. Detail is for logs only and may hold upstream text.
type Error struct {
	Kind   Kind
	Key    string
	Args   map[string]any
	Detail string
	Err    error
}

// Error implements error with the key and detail, for logs.
func (e *Error) Error() string {
	s := string(e.Kind) + ": " + e.Key
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with message key and optional arguments
// given as alternating name, value pairs.
func New(k Kind, key string, args ...any) *Error {
	e := &Error{Kind: k, Key: key}
	if len(args) > 0 {
		e.Args = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return e
}

// Wrap returns an error of kind k with message key that keeps err as its cause.
func Wrap(err error, k Kind, key string, args ...any) *Error {
	e := New(k, key, args...)
	e.Err = err
	return e
}

// WithDetail sets the log-only detail and returns e.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	if pe, ok := errors.AsType[*Error](err); ok {
		return pe
	}
	return nil
}

// KindOf returns the kind of err, Internal when err is not a *Error.
func KindOf(err error) Kind {
	if pe := As(err); pe != nil {
		return pe.Kind
	}
	return Internal
}

// Is reports whether err is a *Error of kind k.
func Is(err error, k Kind) bool { return As(err) != nil && KindOf(err) == k }

// HTTPStatus maps a kind to its HTTP status. It is the only place that does.
func HTTPStatus(k Kind) int {
	switch k {
	case Invalid:
		return http.StatusUnprocessableEntity
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case RateLimited:
		return http.StatusTooManyRequests
	case PaymentRequired:
		return http.StatusPaymentRequired
	case Upstream:
		return http.StatusBadGateway
	case Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Keys is an argument value that lists message keys; the web layer translates
// each and joins them, e.g. the scopes a CRM API key lacks.
type Keys []string

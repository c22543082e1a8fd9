package account

import (
	"context"
	"errors"
	"net/http"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
)

// d360Error turns a 360dialog failure into what the merchant should read.
func d360Error(err error) error {
	if err == nil {
		return nil
	}
	var de *dialog360.Error
	switch {
	case errors.As(err, &de) && de.InvalidKey():
		return problem.Wrap(err, problem.Invalid, "account.d360_key_invalid")
	case errors.As(err, &de) && de.HTTPStatus >= 500:
		return problem.Wrap(err, problem.Unavailable, "account.d360_unreachable")
	case errors.As(err, &de):
		return problem.Wrap(err, problem.Upstream, "account.d360_refused", "Reason", de.Message)
	case errors.Is(err, context.DeadlineExceeded):
		return problem.Wrap(err, problem.Unavailable, "account.d360_unreachable")
	default:
		return problem.Wrap(err, problem.Unavailable, "account.d360_unreachable")
	}
}

// mgError turns a MessageGateway failure into what the merchant should read.
func mgError(err error) error {
	var me *mg.Error
	switch {
	case errors.As(err, &me) && (me.HTTPStatus == http.StatusUnauthorized || me.HTTPStatus == http.StatusForbidden):
		return problem.Wrap(err, problem.Upstream, "account.mg_token_invalid")
	case errors.As(err, &me) && me.HTTPStatus >= 500:
		return problem.Wrap(err, problem.Unavailable, "account.mg_unreachable")
	case errors.As(err, &me):
		reason := ""
		if len(me.Errors) > 0 {
			reason = me.Errors[0]
		}
		return problem.Wrap(err, problem.Upstream, "account.mg_refused", "Reason", reason)
	default:
		return problem.Wrap(err, problem.Unavailable, "account.mg_unreachable")
	}
}

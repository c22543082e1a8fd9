package relay

import (
	"errors"
	"fmt"
	"net/http"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
)

// classifyMG decides whether a MessageGateway failure is worth retrying:
// 5xx, 429, 408 and network failures are (the job waits and the chat's later
// messages wait behind it); any other 4xx is a refusal no retry fixes.
func classifyMG(err error) error {
	var me *mg.Error
	if errors.As(err, &me) {
		switch {
		case me.HTTPStatus >= 500, me.HTTPStatus == http.StatusTooManyRequests,
			me.HTTPStatus == http.StatusRequestTimeout, me.HTTPStatus == http.StatusUnauthorized:
			// 401: the CRM may be re-connecting and rotating the token; retry.
			return err
		default:
			return jobs.Permanent(fmt.Errorf("MessageGateway refused: %w", err))
		}
	}
	return err
}

// classifyD360 decides the same for 360dialog calls made by inbound jobs
// (media downloads): a missing or expired media object is not retried.
func classifyD360(err error) error {
	var de *dialog360.Error
	if errors.As(err, &de) && de.HTTPStatus >= 400 && de.HTTPStatus < 500 &&
		de.HTTPStatus != http.StatusTooManyRequests && de.HTTPStatus != http.StatusRequestTimeout {
		return jobs.Permanent(fmt.Errorf("360dialog refused: %w", err))
	}
	return err
}

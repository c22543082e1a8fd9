package web

import (
	"net/http"
	"time"

	"waba-transport/internal/problem"
)

// replayInput is the body of POST .../accounts/{id}/replay: one stored
// webhook, or the range [from, to) in RFC 3339.
type replayInput struct {
	WebhookID int64      `json:"webhook_id"`
	From      *time.Time `json:"from"`
	To        *time.Time `json:"to"`
}

// handleAPIWebhookReplay re-runs stored 360dialog webhooks of a number
// through the idempotent intake: 200 {"webhooks":n,"jobs":m}. A body that is
// not JSON (or a time that is not RFC 3339) is a 400; neither or both of
// webhook_id and the range, or a range that ends before it starts, a 422.
func handleAPIWebhookReplay(u *ui, msgs Messages) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := accountID(r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		in, err := decodeJSON[replayInput](w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		hasRange := in.From != nil && in.To != nil
		hasAny := in.From != nil || in.To != nil
		if in.WebhookID < 0 || (in.WebhookID > 0) == hasAny || (in.WebhookID == 0 && !hasRange) {
			u.writeError(w, r, problem.New(problem.Invalid, "web.replay.bad_input"))
			return
		}
		var from, to time.Time
		if hasRange {
			from, to = *in.From, *in.To
		}
		res, err := msgs.Replay(r.Context(), r.PathValue("clientID"), id, in.WebhookID, from, to)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}

package relay

import (
	"context"
	"time"

	"waba-transport/internal/problem"
)

// MaxReplay bounds how many stored webhooks one replay request re-runs.
const MaxReplay = 10_000

// Replayed says what a replay did.
type Replayed struct {
	Webhooks int `json:"webhooks"` // stored webhooks re-run
	Jobs     int `json:"jobs"`     // messages and statuses that were new and are now queued
}

// Replay re-runs stored 360dialog webhooks of an account through the same
// idempotent intake as live ones: one webhook (webhookID > 0) or those
// received in [from, to). Messages and statuses already taken are skipped by
// their unique keys, so a replay acts only on what was missed.
func (r *Relay) Replay(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (Replayed, error) {
	sess, err := r.acc.Session(ctx, clientID)
	if err != nil {
		return Replayed{}, err
	}
	a, err := r.st.AccountByID(ctx, accountID)
	if err != nil || a.ConnectionID != sess.Conn.ID {
		return Replayed{}, problem.New(problem.NotFound, "account.not_found")
	}
	if webhookID == 0 && !from.Before(to) {
		return Replayed{}, problem.New(problem.Invalid, "relay.replay_range")
	}
	hooks, err := r.st.Webhooks(ctx, a.ID, webhookID, from, to, MaxReplay)
	if err != nil {
		return Replayed{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	var out Replayed
	for _, h := range hooks {
		n, err := r.intake(ctx, a, h.Body, h.ID)
		if err != nil {
			return out, err
		}
		out.Webhooks++
		out.Jobs += n
	}
	r.log.Info("replayed webhooks", "account_id", a.ID, "webhooks", out.Webhooks, "jobs", out.Jobs)
	return out, nil
}

package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"waba-transport/internal/catalog"
	"waba-transport/internal/delivery"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/store"
)

// handleStatus applies a WhatsApp status to the operator's message it belongs
// to. A status may overtake the send job that records its WhatsApp id; then
// the job is retried a few times before it is dropped (statuses of messages
// sent outside this module never find theirs).
func (r *Relay) handleStatus(ctx context.Context, j store.Job) error {
	var p statusJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	var s dialog360.Status
	if err := json.Unmarshal(p.Status, &s); err != nil {
		return jobs.Permanent(err)
	}
	at, err := r.st.AttemptByWAMID(ctx, s.ID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no message with WhatsApp id %s (yet)", s.ID)
	}
	if err != nil {
		return err
	}
	o, err := r.st.OutboundByID(ctx, at.OutboundID)
	if err != nil {
		return notFoundPermanent(err)
	}
	if delivery.Stale(o.Attempt, at.Attempt) {
		return nil // a status of the first attempt after the resend was made
	}
	code, details := 0, ""
	if len(s.Errors) > 0 {
		e := s.Errors[0]
		code = e.Code
		details = strings.TrimSpace(firstNonEmpty(e.ErrorData.Details, e.Message, e.Title))
	}
	ev, ok := delivery.StatusEvent(s.Status, code)
	if !ok {
		return nil
	}
	if s.Status == "failed" && catalog.TemplateError(code) {
		r.resyncTemplates(ctx, o.AccountID) // the stored template is stale
	}
	return r.transition(ctx, o, at.Attempt, ev, failure{Code: code, Text: details}, s.ID)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

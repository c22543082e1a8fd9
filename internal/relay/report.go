package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"waba-transport/internal/delivery"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// KindReport tells MessageGateway what happened to an operator's message.
const KindReport = "report"

// report is the payload of a KindReport job.
type report struct {
	OutboundID int64           `json:"outbound_id"`
	Action     delivery.Action `json:"action"`
	Attempt    int             `json:"attempt"`
	WAMID      string          `json:"wamid,omitempty"`
	Refusal    *mg.SentError   `json:"refusal,omitempty"`
}

// needed reports whether the action makes a call to MessageGateway.
// "Delivered" has no MessageGateway call (see mg.Client.MarkDelivered).
func (rp report) needed() bool {
	switch rp.Action {
	case delivery.ActionReportSent, delivery.ActionReportRead, delivery.ActionReportFailure,
		delivery.ActionCancelResend:
		return true
	}
	return false
}

func (rp report) key() string {
	return fmt.Sprintf("report:%d:%s:%d", rp.OutboundID, rp.Action, rp.Attempt)
}

// syncReply is the message_sent reply for a report, when the report can be
// given synchronously (sent, or refused/failed for good).
func (r *Relay) syncReply(ctx context.Context, o store.OutboundMessage, rp report) (any, bool) {
	switch {
	case rp.Action == delivery.ActionReportSent && rp.Attempt == delivery.FirstAttempt:
		return mg.MessageSentResponse{ExternalMessageID: rp.WAMID}, true
	case rp.Action == delivery.ActionReportFailure:
		return mg.MessageSentResponse{Error: r.failureError(ctx, o, rp)}, true
	}
	return nil, false
}

// failureError is what the chat shows for a message that was not delivered:
// a localized reason that says what to do, and WhatsApp's error code.
func (r *Relay) failureError(ctx context.Context, o store.OutboundMessage, rp report) *mg.SentError {
	if rp.Refusal != nil {
		return rp.Refusal
	}
	lang := "en"
	if a, err := r.st.AccountByID(ctx, o.AccountID); err == nil {
		if c, err := r.st.ConnectionByID(ctx, a.ConnectionID); err == nil {
			lang = c.Lang
		}
	}
	reason := delivery.Lookup(o.ErrorCode)
	e := &mg.SentError{Code: mg.ErrorCode(reason.MGCode), Message: delivery.Human(r.cat, lang, o.ErrorCode, o.ErrorText)}
	if o.ErrorCode != 0 {
		e.ExternalCode = strconv.Itoa(o.ErrorCode)
	}
	return e
}

// handleReport makes the MessageGateway call of a report.
func (r *Relay) handleReport(ctx context.Context, j store.Job) error {
	var rp report
	if err := json.Unmarshal(j.Payload, &rp); err != nil {
		return jobs.Permanent(err)
	}
	o, err := r.st.OutboundByID(ctx, rp.OutboundID)
	if err != nil {
		return notFoundPermanent(err)
	}
	l, err := r.load(ctx, o.AccountID)
	if err != nil {
		return err
	}
	ref := mg.MessageRef{ID: o.MGMessageID}
	switch rp.Action {
	case delivery.ActionReportSent:
		if rp.Attempt == delivery.SecondAttempt {
			// MessageGateway already heard "sent" if the first attempt was accepted.
			if at, err := r.st.Attempts(ctx, o.ID); err == nil && len(at) > 0 && at[0].Attempt == delivery.FirstAttempt {
				return nil
			}
		}
		err = l.sess.MG.Ack(ctx, mg.AckRequest{Channel: l.acc.ChannelID, Message: ref, TransportMessageID: rp.WAMID})
	case delivery.ActionReportRead:
		err = l.sess.MG.MarkRead(ctx, l.acc.ChannelID, ref)
	case delivery.ActionCancelResend:
		if delivery.State(o.State) != delivery.StateRead {
			return nil
		}
		err = l.sess.MG.MarkRead(ctx, l.acc.ChannelID, ref)
	case delivery.ActionReportFailure:
		err = l.sess.MG.Ack(ctx, mg.AckRequest{Channel: l.acc.ChannelID, Message: ref,
			Error: r.failureError(ctx, o, rp)})
	default:
		return nil
	}
	if err == nil {
		r.event(ctx, r.st, o.AccountID, o.MGMessageID, rp.WAMID, EventReported, string(rp.Action))
	}
	var me *mg.Error
	if errors.As(err, &me) && me.HTTPStatus == http.StatusNotFound {
		r.log.Info("report for a message MessageGateway no longer knows", "mg_message_id", o.MGMessageID)
		return nil
	}
	return classifyMG(err)
}

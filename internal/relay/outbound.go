package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/catalog"
	"waba-transport/internal/delivery"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// transientSendTries is how many times a send that failed for a transient
// reason (network, 5xx) is retried at once before it counts as a failed
// attempt, which then gets the one resend after the resend delay.
const transientSendTries = 5

func resendKey(outboundID int64) string { return "resend:" + strconv.FormatInt(outboundID, 10) }

// handleSend makes the first attempt of an operator's message.
func (r *Relay) handleSend(ctx context.Context, j store.Job) error {
	var p sendJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	o, err := r.st.OutboundByID(ctx, p.OutboundID)
	if err != nil {
		return notFoundPermanent(err)
	}
	if !delivery.ShouldSend(delivery.State(o.State)) {
		return nil
	}
	return r.sendAttempt(ctx, o, delivery.FirstAttempt, j.Attempts)
}

// handleResend makes the one second attempt, if the message still needs it.
func (r *Relay) handleResend(ctx context.Context, j store.Job) error {
	var p sendJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	o, err := r.st.OutboundByID(ctx, p.OutboundID)
	if err != nil {
		return notFoundPermanent(err)
	}
	cur := delivery.State(o.State)
	if cur == delivery.StateFailed && o.Attempt == delivery.FirstAttempt {
		if !delivery.ShouldResend(cur, o.Attempt) {
			return nil
		}
		next, _ := delivery.Next(cur, delivery.SecondAttempt, delivery.EventResendStarted)
		from := o.State
		o.State, o.Attempt = string(next), delivery.SecondAttempt
		if ok, err := r.st.SetOutboundStateIf(ctx, o, from, delivery.FirstAttempt); err != nil || !ok {
			return err // changed meanwhile (e.g. cancelled): reload on retry
		}
		r.event(ctx, r.st, o.AccountID, o.MGMessageID, "", EventResendStarted, "")
	}
	if delivery.State(o.State) != delivery.StateResending || o.Attempt != delivery.SecondAttempt {
		return nil // cancelled, succeeded, or already resent
	}
	return r.sendAttempt(ctx, o, delivery.SecondAttempt, j.Attempts)
}

func notFoundPermanent(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(err)
	}
	return err
}

// loaded is what a job needs about a message's account.
type loaded struct {
	acc  store.Account
	key  string
	sess *account.Session
}

func (r *Relay) load(ctx context.Context, accountID int64) (loaded, error) {
	h, err := r.acc.HotByID(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return loaded{}, notFoundPermanent(err)
	}
	if errors.Is(err, secret.ErrOpen) {
		return loaded{}, jobs.Permanent(err)
	}
	if err != nil {
		return loaded{}, err
	}
	return loaded{acc: h.Account, key: h.Key, sess: h.Session}, nil
}

// sendAttempt sends attempt n of o to WhatsApp and applies the outcome.
// Throttling (429, 130429, 131056) and transient failures are retried by the
// job after a wait; they are not failures of the attempt.
func (r *Relay) sendAttempt(ctx context.Context, o store.OutboundMessage, n, jobTries int) error {
	l, err := r.load(ctx, o.AccountID)
	if err != nil {
		return err
	}
	wamid, err := r.recordedAttempt(ctx, o.ID, n)
	if err != nil {
		return err
	}
	if wamid != "" {
		// 360dialog took this attempt before a crash cut the job short:
		// finish recording it instead of sending the message again.
		return r.transition(ctx, o, n, delivery.EventAccepted, failure{}, wamid)
	}
	var d mg.MessageWebhookData
	if err := json.Unmarshal(o.Payload, &d); err != nil {
		return jobs.Permanent(err)
	}
	if d.ExternalChatID, err = r.resolveChat(ctx, o.AccountID, d.ExternalChatID); err != nil {
		return notFoundPermanent(err)
	}
	plan, refusal := r.planOutbound(ctx, &d, l.sess.Conn.Lang)
	if refusal == nil { // templates: checked against and completed from the synced template (package catalog)
		refusal = r.fitStoredTemplate(ctx, o.AccountID, &d, &plan, l.sess.Conn.Lang)
	}
	if refusal != nil {
		r.event(ctx, r.st, o.AccountID, o.MGMessageID, "", EventRefused, refusal.Message)
		return r.transition(ctx, o, n, delivery.EventSendErrorFinal, failure{Code: 0, Text: refusal.Message, Refusal: refusal}, "")
	}
	if plan.Media != nil {
		if err := r.moveMedia(ctx, l, &plan); err != nil {
			if ref := asRefusal(err); ref != nil { // e.g. the file turned out too large
				r.event(ctx, r.st, o.AccountID, o.MGMessageID, "", EventRefused, ref.Message)
				return r.transition(ctx, o, n, delivery.EventSendErrorFinal, failure{Text: ref.Message, Refusal: ref}, "")
			}
			return err
		}
	}
	if err := r.pace(ctx, l.acc.ID); err != nil {
		return err
	}
	start := time.Now()
	res, err := r.d360.Send(ctx, l.key, plan.Msg)
	if err != nil {
		var de *dialog360.Error
		if errors.As(err, &de) {
			r.opts.Metrics.sent(time.Since(start), delivery.ErrorCode(de.Code, de.HTTPStatus))
		}
		if !errors.As(err, &de) {
			if jobTries < transientSendTries {
				return err
			}
			return r.transition(ctx, o, n, delivery.EventSendError, failure{Text: err.Error()}, "")
		}
		code := delivery.ErrorCode(de.Code, de.HTTPStatus)
		if catalog.TemplateError(code) { // templates: the synced copy is stale, re-sync the account now
			r.resyncTemplates(ctx, o.AccountID)
		}
		if delivery.IsThrottle(code, de.HTTPStatus) || (de.HTTPStatus >= 500 && jobTries < transientSendTries) {
			return fmt.Errorf("360dialog asks to wait: %w", err)
		}
		r.event(ctx, r.st, o.AccountID, o.MGMessageID, "", EventSendError,
			fmt.Sprintf("attempt %d: %d %s", n, code, strings.TrimSpace(de.Details+" "+de.Message)))
		return r.transition(ctx, o, n, delivery.SendErrorEvent(code), failure{Code: code, Text: de.Details + " " + de.Message}, "")
	}
	if err := r.st.InsertAttempt(ctx, store.Attempt{OutboundID: o.ID, Attempt: n, WAMID: res.MessageID,
		SentAt: r.st.Now()}); err != nil {
		return err
	}
	r.opts.Metrics.sent(time.Since(start), 0)
	r.event(ctx, r.st, o.AccountID, o.MGMessageID, res.MessageID, EventSent, fmt.Sprintf("attempt %d", n))
	return r.transition(ctx, o, n, delivery.EventAccepted, failure{}, res.MessageID)
}

// recordedAttempt returns the WhatsApp id of attempt n of outbound message
// id if 360dialog already accepted it, or "".
func (r *Relay) recordedAttempt(ctx context.Context, id int64, n int) (string, error) {
	atts, err := r.st.Attempts(ctx, id)
	if err != nil {
		return "", err
	}
	for _, a := range atts {
		if a.Attempt == n {
			return a.WAMID, nil
		}
	}
	return "", nil
}

// failure describes why an attempt failed.
type failure struct {
	Code    int
	Text    string
	Refusal *mg.SentError // set when the module refused before sending
}

// transition applies ev (of attempt n) to o and, in the same transaction,
// schedules what the resulting action needs: the resend job, or a report job
// that tells MessageGateway. A handler still waiting for this message on this
// replica gets the report directly and the report job is cancelled.
func (r *Relay) transition(ctx context.Context, o store.OutboundMessage, n int, ev delivery.Event, f failure, wamid string) error {
	for range 5 {
		next, action := delivery.Next(delivery.State(o.State), n, ev)
		if next == delivery.State(o.State) && action == delivery.ActionNone {
			return nil
		}
		from, fromAttempt := o.State, o.Attempt
		o.State, o.Attempt = string(next), max(o.Attempt, n)
		now := r.st.Now()
		if action == delivery.ActionScheduleResend || action == delivery.ActionReportFailure {
			o.ErrorCode, o.ErrorText, o.FailedAt = f.Code, truncateText(f.Text, 500), &now
		}
		rep := report{OutboundID: o.ID, Action: action, Attempt: n, WAMID: wamid, Refusal: f.Refusal}
		waiting := r.waiters.has(o.ID)
		var ok bool
		err := r.st.InTx(ctx, func(tx *store.Store) error {
			var err error
			if ok, err = tx.SetOutboundStateIf(ctx, o, from, fromAttempt); err != nil || !ok {
				return err
			}
			switch action {
			case delivery.ActionScheduleResend:
				payload, _ := json.Marshal(sendJob{OutboundID: o.ID})
				at := delivery.ResendAt(now, r.opts.ResendDelay)
				_, _, err = tx.InsertJob(ctx, store.NewJob{Kind: KindResend, Payload: payload, UniqueKey: resendKey(o.ID),
					RunAt: at})
				r.event(ctx, tx, o.AccountID, o.MGMessageID, wamid, EventResendScheduled, at.Format(time.RFC3339))
			case delivery.ActionCancelResend:
				_, err = tx.CancelJob(ctx, resendKey(o.ID))
			}
			if err == nil && rep.needed() {
				runAt := time.Time{}
				if waiting { // give the waiting handler the first chance
					runAt = now.Add(SyncReplyWait + time.Second)
				}
				payload, _ := json.Marshal(rep)
				_, _, err = tx.InsertJob(ctx, store.NewJob{Kind: KindReport, Payload: payload, RunAt: runAt,
					UniqueKey: rep.key()})
			}
			return err
		})
		if err != nil {
			return err
		}
		if !ok {
			if o, err = r.st.OutboundByID(ctx, o.ID); err != nil {
				return err
			}
			continue
		}
		if action == delivery.ActionScheduleResend || action == delivery.ActionReportFailure {
			r.opts.Metrics.failed(f.Code)
		}
		switch {
		case action == delivery.ActionScheduleResend:
			r.opts.Metrics.resend("scheduled")
		case n == delivery.SecondAttempt && ev == delivery.EventAccepted:
			r.opts.Metrics.resend("succeeded")
		case n == delivery.SecondAttempt && action == delivery.ActionReportFailure:
			r.opts.Metrics.resend("failed")
		}
		r.log.Info("outbound message", "account_id", o.AccountID, "mg_message_id", o.MGMessageID,
			"attempt", n, "state", o.State, "action", string(action), "error_code", f.Code)
		if rep.needed() && waiting {
			if reply, ok := r.syncReply(ctx, o, rep); ok && r.waiters.deliver(o.ID, sendResult{WAMID: wamid, Reply: reply}) {
				_, _ = r.st.CancelJob(ctx, rep.key())
				r.event(ctx, r.st, o.AccountID, o.MGMessageID, wamid, EventReported, string(action)+" (reply to message_sent)")
			}
		} else if action == delivery.ActionScheduleResend {
			// The operator's message is kept: MessageGateway shows it as sending
			// until the resend's outcome is acknowledged.
			r.waiters.deliver(o.ID, sendResult{Reply: mg.MessageSentResponse{Async: true}})
		}
		if rep.needed() || action == delivery.ActionScheduleResend {
			r.runner.Notify()
		}
		return nil
	}
	return errors.New("outbound state kept changing; will retry")
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

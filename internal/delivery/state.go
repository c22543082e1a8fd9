package delivery

// State is where one operator message stands. States only move forward; see
// Next for every transition.
type State string

// The states of an outbound message. Read, Undelivered and Cancelled are
// final: no event moves a message out of them.
const (
	// StateQueued: received from MessageGateway, not yet accepted by 360dialog.
	StateQueued State = "queued"
	// StateSent: 360dialog accepted it (returned a WhatsApp id) or WhatsApp
	// reported it sent, on the current attempt.
	StateSent State = "sent"
	// StateDelivered: WhatsApp reported it delivered to the customer's phone.
	StateDelivered State = "delivered"
	// StateRead: the customer read it (or played the voice message).
	StateRead State = "read"
	// StateFailed: the first attempt failed; the resend is scheduled. Nothing
	// has been reported to the operator yet.
	StateFailed State = "failed"
	// StateResending: the resend job has started the second attempt and its
	// outcome is not known yet.
	StateResending State = "resending"
	// StateUndelivered: final failure, reported to the operator: the second
	// attempt failed, or the first failed for a reason a resend cannot fix.
	StateUndelivered State = "undelivered"
	// StateCancelled: the operator deleted the message (or its account was
	// removed) before it reached WhatsApp or before its resend; never sent again.
	StateCancelled State = "cancelled"
)

// Event is something that happened to one attempt of a message.
type Event string

// The events Next understands. Failures come in two flavours: the plain ones
// let the one-resend rule apply, the "final" ones (Reason.Resend false, e.g.
// the 24-hour window is closed) are reported at once; StatusEvent and
// SendErrorEvent pick the right one from the error code.
const (
	EventAccepted        Event = "accepted"         // 360dialog answered the send with a WhatsApp id
	EventStatusSent      Event = "status_sent"      // status webhook "sent"
	EventStatusDelivered Event = "status_delivered" // status webhook "delivered"
	EventStatusRead      Event = "status_read"      // status webhook "read"
	EventStatusPlayed    Event = "status_played"    // status webhook "played" (voice); counts as read
	EventStatusFailed    Event = "status_failed"    // status webhook "failed", resend may help
	EventSendError       Event = "send_error"       // the send call was refused or failed, resend may help
	// EventStatusFailedFinal is a "failed" status whose reason a resend cannot fix.
	EventStatusFailedFinal Event = "status_failed_final"
	// EventSendErrorFinal is a send error whose reason a resend cannot fix.
	EventSendErrorFinal Event = "send_error_final"
	// EventResendStarted: the resend job is about to send attempt 2.
	EventResendStarted Event = "resend_started"
	// EventCancelled: the operator deleted the message in the CRM, or the
	// account was removed, so whatever has not been sent yet must not be.
	EventCancelled Event = "cancelled"
)

// Action is what the caller must do after a transition. Every transition
// returns exactly one; ActionNone when the event changes nothing.
type Action string

// The actions Next returns.
const (
	// ActionNone: nothing to do (duplicate, late or contradictory event).
	ActionNone Action = "none"
	// ActionReportSent: ack the message to MessageGateway as sent. On the
	// second attempt it may repeat an ack already made for the first one (the
	// first may have failed before MessageGateway heard anything); acks are
	// idempotent, so the caller may send it again or skip it.
	ActionReportSent Action = "report_sent"
	// ActionReportDelivered: report delivered. The message may jump here from
	// StateQueued when webhooks arrive out of order; the report then implies
	// the sent ack, which the caller must make first if it has not.
	ActionReportDelivered Action = "report_delivered"
	// ActionReportRead: report read (seen); implies sent and delivered, as above.
	ActionReportRead Action = "report_read"
	// ActionScheduleResend: schedule the one resend at ResendAt(now, delay)
	// (now = when the failure was learnt); report nothing to the operator yet.
	ActionScheduleResend Action = "schedule_resend"
	// ActionCancelResend: remove the scheduled resend job (ShouldResend would
	// also stop it, so a job that cannot be removed is harmless). When the new
	// state is Delivered or Read, the customer has the first attempt after all
	// (a success that arrived after its failure): report that state too.
	ActionCancelResend Action = "cancel_resend"
	// ActionReportFailure: report the failure to MessageGateway with the
	// error's MGCode and Human text; the message is final.
	ActionReportFailure Action = "report_failure"
)

// progress ranks the success states, so a late status never moves a message
// back (a late "sent" never overwrites "delivered" or "read").
var progress = map[State]int{StateQueued: 0, StateResending: 0, StateSent: 1, StateDelivered: 2, StateRead: 3}

// reached maps a success event to the state it proves.
var reached = map[Event]State{
	EventAccepted: StateSent, EventStatusSent: StateSent, EventStatusDelivered: StateDelivered,
	EventStatusRead: StateRead, EventStatusPlayed: StateRead,
}

// report is the action that announces entering a success state.
var report = map[State]Action{StateSent: ActionReportSent, StateDelivered: ActionReportDelivered, StateRead: ActionReportRead}

// Next applies ev, which belongs to attempt (1 or 2), to a message in cur and
// returns the new state and what the caller must do. An event that does not
// apply returns (cur, ActionNone), so duplicates and out-of-order webhooks are
// harmless. Callers drop events for which Stale is true before calling Next.
//
// Rules, in order:
//   - Read, Undelivered and Cancelled are final; an attempt other than 1 or 2,
//     or an unknown event or state, changes nothing.
//   - EventCancelled: Queued -> Cancelled (nothing was sent); Failed ->
//     Cancelled + ActionCancelResend (the resend must not go out). Elsewhere
//     the message is already with WhatsApp or on its way; it cannot be
//     unsent, so it is ignored.
//   - EventResendStarted (attempt 2 only): Failed -> Resending. It is the only
//     way out of Failed besides cancelling.
//   - A "delivered" or "read" of attempt 1 in Failed means the customer got
//     the message after all: -> Delivered/Read + ActionCancelResend. Other
//     events of attempt 1 ("sent", failures) are ignored in Failed, and all of
//     them in Resending (the second send has started). Events of attempt 2 are
//     ignored in Queued and Failed (no second attempt exists yet).
//   - Success events move forward only: sent < delivered < read ("played"
//     counts as read); each step returns the matching Report action, and a
//     jump (e.g. Queued -> Read) reports only the state reached.
//   - Failures in Delivered or Read are ignored: the phone has the message, so
//     a "failed" for the same id contradicts what WhatsApp already said.
//     Meta does send "failed" after "sent"; that one counts.
//   - A send error in Sent is ignored: the attempt already has a WhatsApp id,
//     so the error came from a repeated send, not from this one.
//   - Any other failure on attempt 1: a plain one -> Failed +
//     ActionScheduleResend; a final one -> Undelivered + ActionReportFailure.
//     On attempt 2 every failure -> Undelivered + ActionReportFailure.
func Next(cur State, attempt int, ev Event) (next State, action Action) {
	if attempt != FirstAttempt && attempt != SecondAttempt {
		return cur, ActionNone
	}
	switch cur {
	case StateQueued, StateSent, StateDelivered, StateFailed, StateResending:
	default: // final or unknown
		return cur, ActionNone
	}
	switch ev {
	case EventCancelled:
		switch cur {
		case StateQueued:
			return StateCancelled, ActionNone
		case StateFailed:
			return StateCancelled, ActionCancelResend
		}
		return cur, ActionNone
	case EventResendStarted:
		if cur == StateFailed && attempt == SecondAttempt {
			return StateResending, ActionNone
		}
		return cur, ActionNone
	}
	// The customer has the message after all: a delivered or read of the
	// first attempt while its resend waits cancels the resend. (Meta sends a
	// "failed" for an id only as its last word in practice, but webhooks are
	// reordered, and the promise is: a message that succeeded before its
	// resend time is not sent again.)
	if attempt == FirstAttempt && cur == StateFailed {
		if to, ok := reached[ev]; ok && progress[to] >= progress[StateDelivered] {
			return to, ActionCancelResend
		}
	}
	if attempt == FirstAttempt && (cur == StateFailed || cur == StateResending) ||
		attempt == SecondAttempt && (cur == StateQueued || cur == StateFailed) {
		return cur, ActionNone
	}
	if to, ok := reached[ev]; ok {
		if progress[to] > progress[cur] {
			return to, report[to]
		}
		return cur, ActionNone
	}
	return fail(cur, attempt, ev)
}

// fail applies a failure event (or ignores an unknown event).
func fail(cur State, attempt int, ev Event) (State, Action) {
	switch ev {
	case EventStatusFailed, EventStatusFailedFinal, EventSendError, EventSendErrorFinal:
	default:
		return cur, ActionNone
	}
	if cur == StateDelivered {
		return cur, ActionNone
	}
	if cur == StateSent && (ev == EventSendError || ev == EventSendErrorFinal) {
		return cur, ActionNone
	}
	if attempt == FirstAttempt && (ev == EventStatusFailed || ev == EventSendError) {
		return StateFailed, ActionScheduleResend
	}
	return StateUndelivered, ActionReportFailure
}

// StatusEvent turns a status webhook's status and, for "failed", its first
// error code into an event. ok is false for a status this module does not
// track (e.g. the retired "deleted"), which the caller ignores.
func StatusEvent(status string, code int) (ev Event, ok bool) {
	switch status {
	case "sent":
		return EventStatusSent, true
	case "delivered":
		return EventStatusDelivered, true
	case "read":
		return EventStatusRead, true
	case "played":
		return EventStatusPlayed, true
	case "failed":
		if Lookup(code).Resend {
			return EventStatusFailed, true
		}
		return EventStatusFailedFinal, true
	}
	return "", false
}

// SendErrorEvent turns the error code of a refused send into an event. The
// caller checks IsThrottle first: a throttled send is retried after a wait and
// is not a failure of the attempt. code is ErrorCode(code, httpStatus).
func SendErrorEvent(code int) Event {
	if Lookup(code).Resend {
		return EventSendError
	}
	return EventSendErrorFinal
}

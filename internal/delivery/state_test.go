package delivery

import (
	"fmt"
	"testing"
)

type step struct {
	attempt int
	ev      Event
}

// TestNextTransitions lists the transitions one by one, including the
// out-of-order webhook cases.
func TestNextTransitions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cur     State
		attempt int
		ev      Event
		want    State
		action  Action
	}{
		// First attempt, the happy path.
		{"accepted", StateQueued, 1, EventAccepted, StateSent, ActionReportSent},
		{"sent status after accept", StateSent, 1, EventStatusSent, StateSent, ActionNone},
		{"sent status before accept", StateQueued, 1, EventStatusSent, StateSent, ActionReportSent},
		{"accept after sent status", StateSent, 1, EventAccepted, StateSent, ActionNone},
		{"delivered", StateSent, 1, EventStatusDelivered, StateDelivered, ActionReportDelivered},
		{"read", StateDelivered, 1, EventStatusRead, StateRead, ActionReportRead},
		{"played counts as read", StateDelivered, 1, EventStatusPlayed, StateRead, ActionReportRead},
		{"read skips delivered", StateSent, 1, EventStatusRead, StateRead, ActionReportRead},
		{"delivered before accept", StateQueued, 1, EventStatusDelivered, StateDelivered, ActionReportDelivered},
		{"read before accept", StateQueued, 1, EventStatusRead, StateRead, ActionReportRead},

		// Never backwards.
		{"late sent after delivered", StateDelivered, 1, EventStatusSent, StateDelivered, ActionNone},
		{"late accept after delivered", StateDelivered, 1, EventAccepted, StateDelivered, ActionNone},
		{"duplicate delivered", StateDelivered, 1, EventStatusDelivered, StateDelivered, ActionNone},
		{"late sent after read", StateRead, 1, EventStatusSent, StateRead, ActionNone},
		{"late delivered after read", StateRead, 1, EventStatusDelivered, StateRead, ActionNone},
		{"played after read", StateRead, 1, EventStatusPlayed, StateRead, ActionNone},

		// First attempt fails: resend, tell nobody yet.
		{"failed after sent", StateSent, 1, EventStatusFailed, StateFailed, ActionScheduleResend},
		{"failed before accept", StateQueued, 1, EventStatusFailed, StateFailed, ActionScheduleResend},
		{"send error", StateQueued, 1, EventSendError, StateFailed, ActionScheduleResend},
		{"final send error", StateQueued, 1, EventSendErrorFinal, StateUndelivered, ActionReportFailure},
		{"final failed status", StateSent, 1, EventStatusFailedFinal, StateUndelivered, ActionReportFailure},
		{"send error after accept ignored", StateSent, 1, EventSendError, StateSent, ActionNone},
		{"final send error after accept ignored", StateSent, 1, EventSendErrorFinal, StateSent, ActionNone},
		{"failed after delivered ignored", StateDelivered, 1, EventStatusFailed, StateDelivered, ActionNone},
		{"final failed after delivered ignored", StateDelivered, 1, EventStatusFailedFinal, StateDelivered, ActionNone},
		{"failed after read ignored", StateRead, 1, EventStatusFailed, StateRead, ActionNone},

		// Failed is left only by the resend (or a cancel).
		{"late sent of attempt 1 after failed", StateFailed, 1, EventStatusSent, StateFailed, ActionNone},
		{"success before resend time cancels it (delivered)", StateFailed, 1, EventStatusDelivered, StateDelivered, ActionCancelResend},
		{"success before resend time cancels it (read)", StateFailed, 1, EventStatusRead, StateRead, ActionCancelResend},
		{"late delivered of attempt 1 while resending", StateResending, 1, EventStatusDelivered, StateResending, ActionNone},
		{"duplicate failed", StateFailed, 1, EventStatusFailed, StateFailed, ActionNone},
		{"final failed while resend pending", StateFailed, 1, EventStatusFailedFinal, StateFailed, ActionNone},
		{"resend started", StateFailed, 2, EventResendStarted, StateResending, ActionNone},
		{"resend started needs attempt 2", StateFailed, 1, EventResendStarted, StateFailed, ActionNone},
		{"resend started twice", StateResending, 2, EventResendStarted, StateResending, ActionNone},
		{"resend started without failure", StateSent, 2, EventResendStarted, StateSent, ActionNone},
		{"attempt 2 event before resend started", StateFailed, 2, EventAccepted, StateFailed, ActionNone},
		{"attempt 2 event while queued", StateQueued, 2, EventStatusDelivered, StateQueued, ActionNone},

		// Second attempt.
		{"attempt 1 delivered during resend", StateResending, 1, EventStatusDelivered, StateResending, ActionNone},
		{"attempt 1 failed during resend", StateResending, 1, EventStatusFailed, StateResending, ActionNone},
		{"resend accepted", StateResending, 2, EventAccepted, StateSent, ActionReportSent},
		{"resend delivered", StateResending, 2, EventStatusDelivered, StateDelivered, ActionReportDelivered},
		{"resend read", StateResending, 2, EventStatusRead, StateRead, ActionReportRead},
		{"resend delivered after accept", StateSent, 2, EventStatusDelivered, StateDelivered, ActionReportDelivered},
		{"resend send error", StateResending, 2, EventSendError, StateUndelivered, ActionReportFailure},
		{"resend final send error", StateResending, 2, EventSendErrorFinal, StateUndelivered, ActionReportFailure},
		{"resend failed status", StateSent, 2, EventStatusFailed, StateUndelivered, ActionReportFailure},
		{"resend failed after delivered ignored", StateDelivered, 2, EventStatusFailed, StateDelivered, ActionNone},

		// Final states stay final.
		{"undelivered ignores delivered", StateUndelivered, 2, EventStatusDelivered, StateUndelivered, ActionNone},
		{"undelivered ignores resend", StateUndelivered, 2, EventResendStarted, StateUndelivered, ActionNone},
		{"cancelled ignores accept", StateCancelled, 1, EventAccepted, StateCancelled, ActionNone},
		{"cancelled ignores resend", StateCancelled, 2, EventResendStarted, StateCancelled, ActionNone},

		// Cancelling.
		{"cancel queued", StateQueued, 1, EventCancelled, StateCancelled, ActionNone},
		{"cancel pending resend", StateFailed, 1, EventCancelled, StateCancelled, ActionCancelResend},
		{"cancel after sent ignored", StateSent, 1, EventCancelled, StateSent, ActionNone},
		{"cancel during resend ignored", StateResending, 2, EventCancelled, StateResending, ActionNone},

		// Nonsense input changes nothing.
		{"attempt 0", StateQueued, 0, EventAccepted, StateQueued, ActionNone},
		{"attempt 3", StateResending, 3, EventAccepted, StateResending, ActionNone},
		{"unknown event", StateSent, 1, Event("deleted"), StateSent, ActionNone},
		{"unknown state", State(""), 1, EventAccepted, State(""), ActionNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, action := Next(tc.cur, tc.attempt, tc.ev)
			if got != tc.want || action != tc.action {
				t.Errorf("Next(%s, %d, %s) = (%s, %s), want (%s, %s)",
					tc.cur, tc.attempt, tc.ev, got, action, tc.want, tc.action)
			}
		})
	}
}

// TestNextSequences plays whole message histories as a caller would: it
// drops stale events (Stale) and applies the rest in arrival order.
func TestNextSequences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		steps   []step
		want    State
		actions []Action
	}{
		{"delivered and read", []step{{1, EventAccepted}, {1, EventStatusSent}, {1, EventStatusDelivered}, {1, EventStatusRead}},
			StateRead, []Action{ActionReportSent, ActionReportDelivered, ActionReportRead}},
		{"webhooks reversed", []step{{1, EventStatusRead}, {1, EventStatusDelivered}, {1, EventStatusSent}, {1, EventAccepted}},
			StateRead, []Action{ActionReportRead}},
		{"failed then late delivered of attempt 1: no resend",
			[]step{{1, EventAccepted}, {1, EventStatusFailed}, {1, EventStatusDelivered}, {2, EventResendStarted},
				{1, EventStatusRead}},
			StateRead, []Action{ActionReportSent, ActionScheduleResend, ActionCancelResend, ActionReportRead}},
		{"resend started, late read of attempt 1 ignored, resend succeeds",
			[]step{{1, EventAccepted}, {1, EventStatusFailed}, {2, EventResendStarted},
				{1, EventStatusRead}, {2, EventAccepted}, {1, EventStatusFailed}, {2, EventStatusDelivered}},
			StateDelivered, []Action{ActionReportSent, ActionScheduleResend, ActionReportSent, ActionReportDelivered}},
		{"failure on attempt 2",
			[]step{{1, EventSendError}, {2, EventResendStarted}, {2, EventAccepted}, {2, EventStatusFailed}, {2, EventStatusDelivered}},
			StateUndelivered, []Action{ActionScheduleResend, ActionReportSent, ActionReportFailure}},
		{"window closed: no resend", []step{{1, EventAccepted}, {1, EventStatusFailedFinal}, {2, EventResendStarted}},
			StateUndelivered, []Action{ActionReportSent, ActionReportFailure}},
		{"deleted while resend pending", []step{{1, EventSendError}, {1, EventCancelled}, {2, EventResendStarted}},
			StateCancelled, []Action{ActionScheduleResend, ActionCancelResend}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, current := StateQueued, FirstAttempt
			var actions []Action
			for _, s := range tc.steps {
				if Stale(current, s.attempt) {
					continue
				}
				var a Action
				st, a = Next(st, s.attempt, s.ev)
				if s.ev == EventResendStarted && st == StateResending {
					current = SecondAttempt
				}
				if a != ActionNone {
					actions = append(actions, a)
				}
			}
			if st != tc.want || fmt.Sprint(actions) != fmt.Sprint(tc.actions) {
				t.Errorf("ended in %s with %v, want %s with %v", st, actions, tc.want, tc.actions)
			}
		})
	}
}

var (
	allStates = []State{StateQueued, StateSent, StateDelivered, StateRead, StateFailed, StateResending,
		StateUndelivered, StateCancelled}
	allEvents = []Event{EventAccepted, EventStatusSent, EventStatusDelivered, EventStatusRead, EventStatusPlayed,
		EventStatusFailed, EventSendError, EventStatusFailedFinal, EventSendErrorFinal, EventResendStarted,
		EventCancelled}
)

// TestNextOnlyMovesForward checks every (state, attempt, event) against the
// allowed successors and the action that must announce each state.
func TestNextOnlyMovesForward(t *testing.T) {
	t.Parallel()
	allowed := map[State][]State{
		StateQueued:    {StateSent, StateDelivered, StateRead, StateFailed, StateUndelivered, StateCancelled},
		StateSent:      {StateDelivered, StateRead, StateFailed, StateUndelivered},
		StateDelivered: {StateRead},
		StateFailed:    {StateResending, StateCancelled, StateDelivered, StateRead},
		StateResending: {StateSent, StateDelivered, StateRead, StateUndelivered},
	}
	announce := map[State]Action{StateSent: ActionReportSent, StateDelivered: ActionReportDelivered,
		StateRead: ActionReportRead, StateFailed: ActionScheduleResend, StateUndelivered: ActionReportFailure,
		StateResending: ActionNone}
	for _, cur := range allStates {
		for attempt := 0; attempt <= 3; attempt++ {
			for _, ev := range allEvents {
				next, action := Next(cur, attempt, ev)
				where := fmt.Sprintf("Next(%s, %d, %s) = (%s, %s)", cur, attempt, ev, next, action)
				if next == cur {
					if action != ActionNone {
						t.Errorf("%s: no move must mean no action", where)
					}
					continue
				}
				if !contains(allowed[cur], next) {
					t.Errorf("%s: %s may not follow %s", where, next, cur)
				}
				if next == StateFailed && attempt != FirstAttempt {
					t.Errorf("%s: only the first attempt can leave a resend pending", where)
				}
				want, ok := announce[next]
				if next == StateCancelled {
					want, ok = ActionNone, true
				}
				if cur == StateFailed && (next == StateCancelled || next == StateDelivered || next == StateRead) {
					want, ok = ActionCancelResend, true
				}
				if !ok || action != want {
					t.Errorf("%s: want action %s", where, want)
				}
			}
		}
	}
}

func contains(list []State, s State) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestStatusEvent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status string
		code   int
		want   Event
		ok     bool
	}{
		{"sent", 0, EventStatusSent, true},
		{"delivered", 0, EventStatusDelivered, true},
		{"read", 0, EventStatusRead, true},
		{"played", 0, EventStatusPlayed, true},
		{"failed", 131026, EventStatusFailed, true},
		{"failed", 131000, EventStatusFailed, true},
		{"failed", 999999, EventStatusFailed, true},
		{"failed", 131047, EventStatusFailedFinal, true},
		{"failed", 132001, EventStatusFailedFinal, true},
		{"deleted", 0, "", false},
		{"", 0, "", false},
	}
	for _, tc := range cases {
		if got, ok := StatusEvent(tc.status, tc.code); got != tc.want || ok != tc.ok {
			t.Errorf("StatusEvent(%q, %d) = (%q, %v), want (%q, %v)", tc.status, tc.code, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSendErrorEvent(t *testing.T) {
	t.Parallel()
	for code, want := range map[int]Event{
		0: EventSendError, 131000: EventSendError, 131048: EventSendError, 424242: EventSendError,
		131047: EventSendErrorFinal, 131050: EventSendErrorFinal, 401: EventSendErrorFinal, 131053: EventSendErrorFinal,
	} {
		if got := SendErrorEvent(code); got != want {
			t.Errorf("SendErrorEvent(%d) = %s, want %s", code, got, want)
		}
	}
}

// Package delivery holds the business rules for operator messages on their way
// from the CRM chat to WhatsApp, as named constants and small pure functions:
//
//   - the one-resend promise (ResendDelay, ResendAt, ShouldResend);
//   - a per-message state machine that only moves forward (State, Event, Next);
//   - the table of WhatsApp / 360dialog error codes: what each means, whether
//     the resend can help, which MessageGateway error code reports it, and a
//     localized sentence telling the shop operator what to do (Lookup, Human).
//
// Nothing here does I/O or reads a clock; the caller stores the state, runs the
// jobs and talks to MessageGateway according to the Action that Next returns.
package delivery

import "time"

// ResendDelay is the module's promise: when a message fails, it is sent one
// second time 9m30s after the module learnt of the first failure, and only a
// failure of that second attempt is reported to the operator. The configured
// WABA_RESEND_DELAY overrides it; this is the default and the documented value.
const ResendDelay = 9*time.Minute + 30*time.Second

// Attempt numbers the sends of one message. It is an alias of int so the
// number stored with a message can be passed as is.
type Attempt = int

// The two attempts a message can have: the first send and the one resend.
const (
	FirstAttempt  Attempt = 1
	SecondAttempt Attempt = 2
)

// ResendAt is when the second attempt is due: delay after learntAt, the time
// the module received the failed status or the send error. It is measured from
// when the module learnt of the failure, not from WhatsApp's status timestamp,
// because status webhooks can arrive late and the promise is about the wait
// the module adds. delay is the configured resend delay (ResendDelay by
// default); it is added exactly, with no rounding or jitter.
func ResendAt(learntAt time.Time, delay time.Duration) time.Time {
	return learntAt.Add(delay)
}

// ShouldResend tells the resend job, when it fires, whether to send the
// message again. cur and attempt are the message's stored state and current
// attempt number.
//
// It is true only while the message is still StateFailed on the first attempt.
// "Succeeded before its resend time" cannot happen with the first attempt's
// WhatsApp id: a failed status is final for that id, so Next keeps a failed
// message failed whatever late statuses of that id arrive (see Next). What can
// happen is that the message left StateFailed another way: the operator
// deleted it (StateCancelled), or the resend already started (StateResending
// or later, attempt 2, e.g. a repeated job). In all those cases nothing is
// sent, so a message is resent at most once.
func ShouldResend(cur State, attempt int) bool {
	return cur == StateFailed && attempt == FirstAttempt
}

// ShouldSend tells the first-send job whether to send the message: only a
// message still StateQueued is sent, so a message the operator deleted before
// it went out (StateCancelled) or one already accepted is not sent.
func ShouldSend(cur State) bool { return cur == StateQueued }

// Stale reports whether an event of eventAttempt belongs to an attempt the
// message has moved past (current is the message's stored attempt). Callers
// drop stale events before calling Next: once the second attempt has started,
// statuses of the first attempt's WhatsApp id say nothing about the message.
// Next cannot tell this alone in StateSent/Delivered/Read, because those
// states look the same on both attempts.
func Stale(current, eventAttempt int) bool { return eventAttempt < current }

// SendRate is the throughput a number may use at 360dialog: 80 messages per
// second by default (the High Throughput plan raises it). Every call to
// POST /messages of a number — messages, reactions, read marks — takes one
// slot, reserved across replicas, so the module itself never causes 130429.
const SendRate = 80

// SendInterval is the spacing of a number's send slots: SendRate with 5 %
// headroom, so that scheduling jitter between the module and 360dialog (a
// late send followed by punctual ones) never packs more than SendRate sends
// into one second as 360dialog measures it.
const SendInterval = time.Second * 100 / (SendRate * 95)

// SlotLateness is how late a send may leave after its slot. SendInterval's
// 5 % headroom absorbs about 50 ms of lateness per second; a send later than
// this takes a new slot, so the sends after it, on time, never catch up with it.
const SlotLateness = 15 * time.Millisecond

// MissedSlot reports whether a send whose slot was at slot, leaving at now,
// is too late for it.
func MissedSlot(slot, now time.Time) bool { return now.Sub(slot) > SlotLateness }

// Package relay moves messages between WhatsApp (360dialog) and the CRM chat
// (MessageGateway). Every webhook is stored, with one durable job per message
// or status, in one transaction before it is answered; jobs then do the remote
// calls. Unique keys in the database (WhatsApp ids, MessageGateway ids,
// (wamid, status)) make a redelivered webhook act once, and per-chat queue
// keys keep each chat in order.
package relay

import (
	"log/slog"
	"net/http"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/limit"
	"waba-transport/internal/locale"
	"waba-transport/internal/store"
)

// Job kinds.
const (
	KindInbound = "inbound" // a WhatsApp message to MessageGateway
	KindStatus  = "status"  // a WhatsApp status of an outbound message
	KindSend    = "send"    // an operator's message to WhatsApp
	KindResend  = "resend"  // the one second attempt after a failure
	KindAction  = "action"  // read marks and reactions to WhatsApp
)

// MaxWebhookBody bounds a webhook body; 360dialog's bodies are a few KiB.
const MaxWebhookBody = 1 << 20

// MaxMediaBytes bounds one media file moved between the two sides (WhatsApp's
// largest, documents, is 100 MB).
const MaxMediaBytes = 100 << 20

// Webhook rate limits per account (360dialog) and per connection
// (MessageGateway). A number at 80 messages per second causes about 240
// status webhooks per second plus its inbound messages; above the limit the
// module answers 429 and the sender retries later, so nothing is lost.
const (
	WebhookRate  = 400
	WebhookBurst = 800
)

// SyncReplyWait is how long MessageGateway's message_sent webhook waits for
// the send to WhatsApp before the module answers "async" and acknowledges later.
const SyncReplyWait = 3 * time.Second

// Options configures a Relay.
type Options struct {
	ResendDelay time.Duration // WABA_RESEND_DELAY
	MediaHTTP   *http.Client  // downloads of operators' files (egress-guarded)
	Metrics     Metrics
}

// Metrics receives the relay's measurements (package app exports them to
// Prometheus); nil functions are skipped.
type Metrics struct {
	Relayed func(lag time.Duration)            // an inbound message reached the chat; lag since WhatsApp's timestamp
	Sent    func(took time.Duration, code int) // a send to 360dialog finished; code 0 = accepted, else the error code
	Resend  func(outcome string)               // "scheduled", "succeeded" or "failed"
	Failed  func(code int)                     // an attempt failed (send error or failed status)
}

func (m Metrics) failed(code int) {
	if m.Failed != nil {
		m.Failed(code)
	}
}

func (m Metrics) relayed(lag time.Duration) {
	if m.Relayed != nil {
		m.Relayed(lag)
	}
}

func (m Metrics) sent(took time.Duration, code int) {
	if m.Sent != nil {
		m.Sent(took, code)
	}
}

func (m Metrics) resend(outcome string) {
	if m.Resend != nil {
		m.Resend(outcome)
	}
}

// Relay is the message pipeline.
type Relay struct {
	st      *store.Store
	acc     *account.Service
	d360    *dialog360.Client
	runner  *jobs.Runner
	cat     *locale.Catalog
	log     *slog.Logger
	opts    Options
	waiters *waiters
	inRate  *limit.Keyed // 360dialog callbacks, per account
	mgRate  *limit.Keyed // MessageGateway webhooks, per connection
	// touchedInbound and touchedStatus throttle the writes of each account's
	// last message and last status times.
	touchedInbound, touchedStatus toucher
	handoff                       *handoff // messages parsed at intake, for their jobs
}

// New returns a Relay and registers its job kinds with runner.
func New(st *store.Store, acc *account.Service, d360 *dialog360.Client, runner *jobs.Runner,
	cat *locale.Catalog, log *slog.Logger, opts Options) *Relay {
	r := &Relay{st: st, acc: acc, d360: d360, runner: runner, cat: cat, log: log, opts: opts, waiters: newWaiters(),
		handoff: newHandoff(handoffSize),
		inRate:  limit.NewKeyed(WebhookRate, WebhookBurst, 100_000),
		mgRate:  limit.NewKeyed(WebhookRate, WebhookBurst, 100_000)}
	runner.Register(jobs.Kind{Name: KindInbound, Handle: r.handleInbound})
	runner.Register(jobs.Kind{Name: KindStatus, Handle: r.handleStatus, MaxAttempts: 10})
	runner.Register(jobs.Kind{Name: KindSend, Handle: r.handleSend, MaxAttempts: 30})
	runner.Register(jobs.Kind{Name: KindResend, Handle: r.handleResend, MaxAttempts: 30})
	runner.Register(jobs.Kind{Name: KindAction, Handle: r.handleAction, MaxAttempts: 10})
	runner.Register(jobs.Kind{Name: KindReport, Handle: r.handleReport})
	runner.OnStart(r.resumeHeld)
	return r
}

// Package catalog keeps each WhatsApp number's approved message templates in
// its CRM chat (MessageGateway channel), so operators always pick from the
// current set, and submits templates created in the CRM chat to 360dialog.
//
// A sync reads every template of the number from 360dialog (all pages),
// maps each approved one with template.ToMG (one CRM template per name and
// language) and makes the channel match: new ones are activated, changed ones
// (the hash of the mapped template differs from the one stored) updated, and
// those deleted, rejected, paused or disabled at 360dialog deactivated.
// Templates created in the CRM chat are the exception: they stay in the chat
// with their review status (pending, rejected) until deleted at 360dialog, so
// their creator sees what became of them. What the module put into each
// channel is stored (store.Template), with the 360dialog components that a
// template message is checked against before it is sent (package relay).
//
// Syncs are durable jobs (KindSync), one per account at a time (unique key
// per account). They run when an account is added or re-keyed, on demand
// (settings page, the CRM's manual sync action), after WhatsApp answers a
// send with a template error, and periodically: a job every minute (shorter
// for short intervals) queues the accounts whose last sync is older than the
// interval plus a stable per-account offset, at most MaxDuePerRun at a time,
// so thousands of numbers neither sync in the same second nor crowd out
// message jobs. Unique keys and leases make each run happen once across
// replicas.
package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/locale"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// Job kinds.
const (
	KindSync = "template_sync"     // one account's sync
	KindDue  = "template_sync_due" // periodic: queue the accounts due (a jobs.Runner.Every name)
)

// Options configures a Service.
type Options struct {
	Interval time.Duration // WABA_TEMPLATE_SYNC_INTERVAL; 0 means config's default of 2h
}

// Service syncs templates and handles the CRM's template webhooks.
type Service struct {
	st     *store.Store
	acc    *account.Service
	d360   *dialog360.Client
	runner *jobs.Runner
	cat    *locale.Catalog
	log    *slog.Logger
	opts   Options
}

// New returns a Service. It only assembles it: RegisterJobs adds its jobs to
// the runner, so building one (e.g. for a webhook) has no side effects.
func New(st *store.Store, acc *account.Service, d360 *dialog360.Client, runner *jobs.Runner,
	cat *locale.Catalog, log *slog.Logger, opts Options) *Service {
	if opts.Interval <= 0 {
		opts.Interval = 2 * time.Hour
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, acc: acc, d360: d360, runner: runner, cat: cat, log: log, opts: opts}
}

// RegisterJobs registers the sync job and the periodic due check.
func (s *Service) RegisterJobs() {
	s.runner.Register(jobs.Kind{Name: KindSync, Handle: s.handleSync, MaxAttempts: 5, Timeout: 5 * time.Minute})
	s.runner.Every(KindDue, duePeriod(s.opts.Interval), s.queueDue)
}

// syncJob is the payload of a KindSync job.
type syncJob struct {
	AccountID int64 `json:"account_id"`
}

func syncKey(accountID int64) string { return KindSync + ":" + strconv.FormatInt(accountID, 10) }

// syncKeys are the unique keys of an account's syncs: at most one runs and
// one waits behind it (their queue key, syncKey, keeps them one at a time).
func syncKeys(accountID int64) [2]string {
	k := syncKey(accountID)
	return [2]string{k, k + ":again"}
}

// Enqueue queues a sync of the account unless one is already waiting: a
// waiting sync will read the templates as they are now. A sync already
// running may have read them before the change that asks for this one, so
// then a second one waits behind it. Callers notify the runner after their
// transaction commits. Use it inside another package's transaction (st may
// be a transaction's store).
func Enqueue(ctx context.Context, st *store.Store, accountID int64) error {
	payload, _ := json.Marshal(syncJob{AccountID: accountID})
	for _, key := range syncKeys(accountID) {
		_, inserted, err := st.InsertJob(ctx, store.NewJob{Kind: KindSync, QueueKey: syncKey(accountID),
			Payload: payload, UniqueKey: key})
		if err != nil || inserted {
			return err
		}
		if waiting, err := st.JobWaiting(ctx, key); err != nil || waiting {
			return err
		}
	}
	return nil // one runs and one waits already
}

// TemplateError reports whether a WhatsApp error code says the module's copy
// of a template is stale (missing, paused, disabled, or a different
// parameter count or format), which calls for an immediate re-sync.
func TemplateError(code int) bool {
	switch code {
	case 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018:
		return true
	}
	return false
}

// Queue queues a sync of the account and wakes the runner. Failures are
// logged: a missed sync is caught by the periodic one.
func (s *Service) Queue(ctx context.Context, accountID int64) {
	if err := Enqueue(ctx, s.st, accountID); err != nil {
		s.log.Error("template sync: queue failed", "account_id", accountID, "error", err)
		return
	}
	s.runner.Notify()
}

// ownAccount finds an account of the connection whose client id is clientID;
// another connection's account is not found.
func (s *Service) ownAccount(ctx context.Context, clientID string, accountID int64) (store.Account, error) {
	c, err := s.acc.Connection(ctx, clientID)
	if err != nil {
		return store.Account{}, err
	}
	a, err := s.st.AccountByID(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.ConnectionID != c.ID) {
		return a, problem.New(problem.NotFound, "account.not_found")
	}
	if err != nil {
		return a, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return a, nil
}

// SyncNow queues a sync of one account of the connection and returns at once;
// SyncStatus shows when it finished and what it did.
func (s *Service) SyncNow(ctx context.Context, clientID string, accountID int64) error {
	a, err := s.ownAccount(ctx, clientID, accountID)
	if err != nil {
		return err
	}
	if err := Enqueue(ctx, s.st, a.ID); err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.runner.Notify()
	return nil
}

// SyncConnection queues a sync of every active account of the connection
// (the CRM's manual template sync action).
func (s *Service) SyncConnection(ctx context.Context, clientID string) error {
	c, err := s.acc.Connection(ctx, clientID)
	if err != nil {
		return err
	}
	accs, err := s.st.Accounts(ctx, c.ID)
	if err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	for _, a := range accs {
		if !a.Active {
			continue
		}
		if err := Enqueue(ctx, s.st, a.ID); err != nil {
			return problem.Wrap(err, problem.Internal, "error.internal")
		}
	}
	s.runner.Notify()
	return nil
}

// SyncStatus returns what the settings page shows about an account's last
// template sync, and whether one is queued or running.
func (s *Service) SyncStatus(ctx context.Context, clientID string, accountID int64) (account.TemplateSync, error) {
	a, err := s.ownAccount(ctx, clientID, accountID)
	if err != nil {
		return account.TemplateSync{}, err
	}
	var out account.TemplateSync
	r, err := s.st.TemplateSyncOf(ctx, a.ID)
	switch {
	case err == nil:
		out = view(r)
	case !errors.Is(err, store.ErrNotFound):
		return out, problem.Wrap(err, problem.Internal, "error.internal")
	}
	for _, key := range syncKeys(a.ID) {
		pending, err := s.st.JobPending(ctx, key)
		if err != nil {
			return out, problem.Wrap(err, problem.Internal, "error.internal")
		}
		out.Pending = out.Pending || pending
	}
	return out, nil
}

func view(r store.TemplateSync) account.TemplateSync {
	at := r.At
	return account.TemplateSync{At: &at, OK: r.OK, Error: r.Error, Approved: r.Approved, Created: r.Created,
		Updated: r.Updated, Removed: r.Removed}
}

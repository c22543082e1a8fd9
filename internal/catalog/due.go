package catalog

import (
	"cmp"
	"context"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"waba-transport/internal/store"
)

// MaxDuePerRun bounds how many accounts one due check queues. The check runs
// every minute, so 100 covers 12,000 numbers per 2-hour interval; beyond
// that syncs fall behind gracefully instead of taking every job worker from
// the messages.
const MaxDuePerRun = 100

// PendingPoll is how often an account with templates created in the CRM
// chat and still under review is synced, so their approval (usually minutes)
// shows soon; it never exceeds the interval.
const PendingPoll = 10 * time.Minute

// duePeriod is how often the due check runs: every minute, or at a quarter of
// a short interval (tests, the sandbox) so syncs are not late by more than
// that.
func duePeriod(interval time.Duration) time.Duration {
	return max(min(time.Minute, interval/4), 100*time.Millisecond)
}

// offset is an account's stable place within a tenth of the interval: the
// same account always gets the same offset, and different accounts spread
// evenly, so numbers added (or first synced) together drift apart.
func offset(accountID int64, interval time.Duration) time.Duration {
	spread := interval / 10
	if spread <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(accountID, 10)))
	return time.Duration(h.Sum64() % uint64(spread))
}

// dueAt is when an account's next periodic sync is due: its last sync plus
// the interval (PendingPoll while it has templates under review) plus its
// offset. An account never synced is due at once.
func dueAt(c store.SyncCandidate, interval time.Duration) time.Time {
	if c.LastSyncAt == nil {
		return time.Time{}
	}
	every := interval
	if c.Pending {
		every = min(interval, PendingPoll)
	}
	return c.LastSyncAt.Add(every + offset(c.AccountID, every))
}

// due picks the accounts to queue now, most overdue first, at most limit.
func due(cands []store.SyncCandidate, now time.Time, interval time.Duration, limit int) []int64 {
	type item struct {
		id int64
		at time.Time
	}
	var ready []item
	for _, c := range cands {
		if at := dueAt(c, interval); !at.After(now) {
			ready = append(ready, item{c.AccountID, at})
		}
	}
	slices.SortFunc(ready, func(a, b item) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	out := make([]int64, 0, min(len(ready), limit))
	for _, it := range ready[:min(len(ready), limit)] {
		out = append(out, it.id)
	}
	return out
}

// queueDue is the periodic check: it queues a sync for each account that is
// due. Accounts whose sync is already queued or running are skipped by the
// job's unique key.
func (s *Service) queueDue(ctx context.Context) error {
	now := s.st.Now()
	iv := s.opts.Interval
	cands, err := s.st.TemplateSyncCandidates(ctx, now.Add(-iv), now.Add(-min(iv, PendingPoll)))
	if err != nil {
		return err
	}
	ids := due(cands, now, iv, MaxDuePerRun)
	for _, id := range ids {
		if err := Enqueue(ctx, s.st, id); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		s.runner.Notify()
	}
	return nil
}

package catalog

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/store"
)

// TestOffsetSpreadsAccounts: each account keeps its offset, offsets stay
// within a tenth of the interval, and a thousand accounts synced at the same
// moment become due over many different seconds.
func TestOffsetSpreadsAccounts(t *testing.T) {
	t.Parallel()
	const interval = 2 * time.Hour
	seconds := map[int64]bool{}
	for id := int64(1); id <= 1000; id++ {
		o := offset(id, interval)
		if o < 0 || o >= interval/10 {
			t.Fatalf("offset(%d) = %v, outside [0, %v)", id, o, interval/10)
		}
		if o != offset(id, interval) {
			t.Fatalf("offset(%d) is not stable", id)
		}
		seconds[int64(o/time.Second)] = true
	}
	if len(seconds) < 500 {
		t.Errorf("1000 accounts fall on only %d distinct seconds of the %v window", len(seconds), interval/10)
	}
}

func TestDue(t *testing.T) {
	t.Parallel()
	const interval = 2 * time.Hour
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *time.Time { x := now.Add(-d); return &x }
	cands := []store.SyncCandidate{
		{AccountID: 1, LastSyncAt: ago(interval + interval/10)}, // past interval and any offset
		{AccountID: 2}, // never synced: first
		{AccountID: 3, LastSyncAt: ago(interval / 2)},                    // not yet
		{AccountID: 4, LastSyncAt: ago(3 * interval)},                    // most overdue of the synced
		{AccountID: 5, LastSyncAt: ago(11 * time.Minute), Pending: true}, // under review: polled sooner
		{AccountID: 6, LastSyncAt: ago(time.Minute), Pending: true},
	}
	if diff := cmp.Diff([]int64{2, 4, 1, 5}, due(cands, now, interval, 10)); diff != "" {
		t.Errorf("due (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{2, 4}, due(cands, now, interval, 2)); diff != "" {
		t.Errorf("due with a limit (-want +got):\n%s", diff)
	}
	// An account becomes due exactly at last sync + interval + its offset.
	c := store.SyncCandidate{AccountID: 9, LastSyncAt: ago(interval)}
	at := dueAt(c, interval)
	if len(due([]store.SyncCandidate{c}, at.Add(-time.Nanosecond), interval, 1)) != 0 ||
		len(due([]store.SyncCandidate{c}, at, interval, 1)) != 1 {
		t.Errorf("account 9 is not due exactly at %v", at)
	}
}

func TestDuePeriod(t *testing.T) {
	t.Parallel()
	for iv, want := range map[time.Duration]time.Duration{
		2 * time.Hour: time.Minute, 2 * time.Second: 500 * time.Millisecond, time.Millisecond: 100 * time.Millisecond,
	} {
		if got := duePeriod(iv); got != want {
			t.Errorf("duePeriod(%v) = %v, want %v", iv, got, want)
		}
	}
}

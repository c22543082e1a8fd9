package relay

import (
	"testing"
	"time"
)

// TestToucherWritesEachAccountAtMostEveryTouchEvery: a burst of messages
// writes an account's last inbound time once; the next burst after
// TouchEvery writes it again; accounts do not share a budget.
func TestToucherWritesEachAccountAtMostEveryTouchEvery(t *testing.T) {
	var tc toucher
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if !tc.due(1, t0) {
		t.Fatal("first message of account 1 not written")
	}
	if tc.due(1, t0.Add(TouchEvery-time.Millisecond)) {
		t.Fatal("account 1 written twice within TouchEvery")
	}
	if !tc.due(2, t0.Add(time.Millisecond)) {
		t.Fatal("account 2 held back by account 1")
	}
	if !tc.due(1, t0.Add(TouchEvery)) {
		t.Fatal("account 1 not written again after TouchEvery")
	}
}

package delivery

import (
	"testing"
	"time"
)

func TestResendAt(t *testing.T) {
	t.Parallel()
	learnt := time.Date(2026, 11, 20, 23, 55, 10, 123456789, time.UTC)
	cases := []struct {
		delay time.Duration
		want  time.Time
	}{
		{ResendDelay, time.Date(2026, 11, 21, 0, 4, 40, 123456789, time.UTC)},
		{time.Second, time.Date(2026, 11, 20, 23, 55, 11, 123456789, time.UTC)},
		{0, learnt},
	}
	for _, tc := range cases {
		if got := ResendAt(learnt, tc.delay); !got.Equal(tc.want) {
			t.Errorf("ResendAt(%v, %v) = %v, want %v", learnt, tc.delay, got, tc.want)
		}
	}
	if ResendDelay != 570*time.Second {
		t.Errorf("ResendDelay = %v, want 9m30s", ResendDelay)
	}
}

func TestShouldResend(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		st      State
		attempt int
		want    bool
	}{
		{"first attempt failed, resend pending", StateFailed, 1, true},
		{"deleted by the operator meanwhile", StateCancelled, 1, false},
		{"resend already started (repeated job)", StateResending, 2, false},
		{"resend already delivered", StateDelivered, 2, false},
		{"final failure already reported", StateUndelivered, 1, false},
		{"never failed", StateSent, 1, false},
		{"never failed, delivered", StateDelivered, 1, false},
		{"failed state with attempt 2 is not a pending resend", StateFailed, 2, false},
		{"not sent yet", StateQueued, 0, false},
	}
	for _, tc := range cases {
		if got := ShouldResend(tc.st, tc.attempt); got != tc.want {
			t.Errorf("%s: ShouldResend(%s, %d) = %v, want %v", tc.name, tc.st, tc.attempt, got, tc.want)
		}
	}
}

func TestShouldSend(t *testing.T) {
	t.Parallel()
	for st, want := range map[State]bool{
		StateQueued: true, StateCancelled: false, StateSent: false, StateFailed: false, StateUndelivered: false,
	} {
		if got := ShouldSend(st); got != want {
			t.Errorf("ShouldSend(%s) = %v, want %v", st, got, want)
		}
	}
}

func TestStale(t *testing.T) {
	t.Parallel()
	cases := []struct {
		current, ev int
		want        bool
	}{{1, 1, false}, {2, 2, false}, {2, 1, true}, {1, 2, false}}
	for _, tc := range cases {
		if got := Stale(tc.current, tc.ev); got != tc.want {
			t.Errorf("Stale(%d, %d) = %v, want %v", tc.current, tc.ev, got, tc.want)
		}
	}
}

func TestSendIntervalKeepsUnderTheRate(t *testing.T) {
	t.Parallel()
	perSecond := float64(time.Second) / float64(SendInterval)
	if perSecond >= SendRate || perSecond < SendRate*0.9 {
		t.Fatalf("pacing at %.1f/s for a limit of %d/s", perSecond, SendRate)
	}
}

// TestMissedSlotKeepsTheHeadroom: a send may leave up to SlotLateness after
// its slot; later it takes a new one. Even at the worst accepted lateness,
// SendRate+1 consecutive slots, the first sent that late and the last on
// time, span more than a second.
func TestMissedSlotKeepsTheHeadroom(t *testing.T) {
	slot := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if MissedSlot(slot, slot) || MissedSlot(slot, slot.Add(SlotLateness)) {
		t.Fatal("a send on time or just within the lateness missed its slot")
	}
	if !MissedSlot(slot, slot.Add(SlotLateness+time.Millisecond)) {
		t.Fatal("a send later than SlotLateness kept its slot")
	}
	firstLeaves := slot.Add(SlotLateness)
	lastLeaves := slot.Add(SendRate * SendInterval)
	if span := lastLeaves.Sub(firstLeaves); span <= time.Second {
		t.Fatalf("%d sends within %v: over the limit", SendRate+1, span)
	}
}

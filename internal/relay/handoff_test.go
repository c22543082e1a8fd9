package relay

import (
	"fmt"
	"testing"

	"waba-transport/internal/dialog360"
)

// A message parsed at intake is handed to its job once; the oldest entries
// give way when the handoff is full, and a job that finds nothing reads the
// stored webhook instead.
func TestHandoffKeepsRecentMessagesOnce(t *testing.T) {
	h := newHandoff(3)
	msg := func(id string) parsedMessage {
		return parsedMessage{msg: &dialog360.Message{ID: id}, contact: &dialog360.Contact{WaID: "5511"}}
	}
	h.put(1, "wamid.A", msg("wamid.A"))
	if p, ok := h.take(2, "wamid.A"); ok {
		t.Fatalf("another account's job took %+v", p.msg)
	}
	p, ok := h.take(1, "wamid.A")
	if !ok || p.msg.ID != "wamid.A" || p.contact.WaID != "5511" {
		t.Fatalf("take = %+v, %v; want wamid.A from 5511", p, ok)
	}
	if _, ok := h.take(1, "wamid.A"); ok {
		t.Fatal("a message was handed over twice; a retried job must read the stored webhook")
	}

	for i := range 5 { // B0 … B4 into three places: B0 and B1 give way
		id := fmt.Sprintf("wamid.B%d", i)
		h.put(1, id, msg(id))
	}
	for i, want := range []bool{false, false, true, true, true} {
		if _, ok := h.take(1, fmt.Sprintf("wamid.B%d", i)); ok != want {
			t.Errorf("B%d kept = %v, want %v", i, ok, want)
		}
	}
	if len(h.byKey) != 0 {
		t.Errorf("%d entries left after every job took its own", len(h.byKey))
	}
}

package relay_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"waba-transport/internal/delivery"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/store"
)

// TestSendJobRerunAfterAcceptedAttemptSendsNothing: a crash after 360dialog
// accepted a message and its attempt was recorded, but before the message's
// state moved on, re-runs the send job; the re-run finishes the record and
// does not send the message a second time.
func TestSendJobRerunAfterAcceptedAttemptSendsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	mgID := customerThenReply(t, e, "Only once")
	var err error
	if _, err := e.D360.WaitSent(ctx, sandbox.D360Key, 1); err != nil {
		t.Fatal(err)
	}
	st := e.App.Store
	var o store.OutboundMessage
	wait(t, "the attempt recorded", func() bool {
		o, err = st.OutboundByMGID(ctx, e.AccountID, mgID)
		return err == nil && o.State != string(delivery.StateQueued)
	})
	// The state a crash between the two writes leaves: attempt 1 recorded, message still queued.
	from, fromAttempt := o.State, o.Attempt
	o.State = string(delivery.StateQueued)
	if ok, err := st.SetOutboundStateIf(ctx, o, from, fromAttempt); err != nil || !ok {
		t.Fatalf("reset to queued: %v %v", ok, err)
	}
	if _, _, err := st.InsertJob(ctx, store.NewJob{Kind: "send", Payload: fmt.Appendf(nil, `{"outbound_id":%d}`, o.ID)}); err != nil {
		t.Fatal(err)
	}
	e.App.Runner.Notify()
	wait(t, "the re-run to finish the record", func() bool {
		o, err = st.OutboundByMGID(ctx, e.AccountID, mgID)
		return err == nil && o.State != string(delivery.StateQueued)
	})
	time.Sleep(300 * time.Millisecond)
	if n := len(e.D360.Sent(sandbox.D360Key)); n != 1 {
		t.Fatalf("360dialog got %d sends, want the one before the crash", n)
	}
}

// customerThenReply has the customer write first (so the chat exists) and
// an operator answer with reply; it returns the reply's MessageGateway id.
func customerThenReply(t *testing.T, e *sandbox.Env, reply string) int64 {
	t.Helper()
	if _, err := e.D360.CustomerText(sandbox.D360Key, sandbox.Customer, "Hola"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.CRM.WaitMessages(context.Background(), e.ChannelID, 1); err != nil {
		t.Fatal(err)
	}
	mgID, _, err := e.CRM.OperatorSend(e.ChannelID, sandbox.Customer.UserID, reply)
	if err != nil {
		t.Fatal(err)
	}
	return mgID
}

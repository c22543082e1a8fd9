package relay_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"waba-transport/internal/config"
	"waba-transport/internal/relay"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/store"
)

// TestTrailOfAFailedAndResentMessage: the trail shows every step of a message
// whose first attempt failed: received, sent (attempt 1), the failed status,
// the scheduled resend, the second attempt and what the chat was told.
func TestTrailOfAFailedAndResentMessage(t *testing.T) {
	t.Parallel()
	e, err := sandbox.Start(context.Background(), sandbox.Options{DatabaseURL: store.TestDatabases(t)["sqlite"],
		Connect: true, StatusDelay: -1, SecretKey: "relay-e2e-secret-key-0123456789",
		Configure: func(c *config.Config) { c.ResendDelay = 300 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.D360.FailNextSends(sandbox.D360Key, 1, 131026)
	mgID, _, err := e.CRM.OperatorSend(e.ChannelID, sandbox.Customer.UserID, "Trail me")
	if err != nil {
		t.Fatal(err)
	}
	wait(t, "the resend to be read", func() bool { return e.CRM.MessageStatus(mgID) == "seen" })

	tr, err := e.App.Relay.Trail(context.Background(), e.ClientID, e.AccountID, fmt.Sprint(mgID))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Direction != "outbound" || len(tr.WAMIDs) != 2 || tr.State != "read" {
		t.Fatalf("trail %+v", tr)
	}
	var kinds []string
	for _, ev := range tr.Events {
		kinds = append(kinds, ev.Kind)
	}
	// Causal order (a status webhook may be stored before the send job
	// records its own step, so statuses are not part of this sequence).
	want := []string{relay.EventReceived, relay.EventSent, relay.EventResendScheduled,
		relay.EventResendStarted, relay.EventSent}
	i := 0
	for _, k := range kinds {
		if i < len(want) && k == want[i] {
			i++
		}
	}
	if i != len(want) {
		t.Fatalf("trail steps %v lack, in order, %v", kinds, want)
	}
	for _, k := range []string{relay.EventReported, "status_failed", "status_read"} {
		if !slices.Contains(kinds, k) {
			t.Fatalf("trail steps %v lack %s", kinds, k)
		}
	}
	// The same trail is found by either WhatsApp id.
	if tr2, err := e.App.Relay.Trail(context.Background(), e.ClientID, e.AccountID, tr.WAMIDs[1]); err != nil ||
		tr2.MGMessageID != mgID {
		t.Fatalf("trail by second wamid: %+v %v", tr2, err)
	}
	if _, err := e.App.Relay.Trail(context.Background(), "wrong-client", e.AccountID, fmt.Sprint(mgID)); err == nil {
		t.Fatal("trail readable without the connection's secret")
	}
}

// TestTrailOfAnInboundMessage: a customer's message's trail shows that the
// module took it (with its webhook and type) and then relayed it to the chat,
// on both databases.
func TestTrailOfAnInboundMessage(t *testing.T) {
	t.Parallel()
	for name, db := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := startEnv(t, db)
			wamid, err := e.D360.CustomerText(sandbox.D360Key, sandbox.Customer, "Hola")
			if err != nil {
				t.Fatal(err)
			}
			wait(t, "the message in the chat", func() bool { return len(e.CRM.Messages(e.ChannelID)) == 1 })
			var tr relay.Trail
			wait(t, "the relayed step", func() bool {
				tr, err = e.App.Relay.Trail(context.Background(), e.ClientID, e.AccountID, wamid)
				return err == nil && tr.State == "delivered"
			})
			if tr.Direction != "inbound" || tr.MGMessageID == 0 || len(tr.Events) != 2 {
				t.Fatalf("trail %+v", tr)
			}
			got, rel := tr.Events[0], tr.Events[1]
			if got.Kind != relay.EventReceived || !strings.HasPrefix(got.Detail, "webhook ") ||
				!strings.HasSuffix(got.Detail, ", type text") {
				t.Fatalf("first step %+v", got)
			}
			if rel.Kind != relay.EventRelayed || rel.MGMessageID != tr.MGMessageID || rel.At.Before(got.At) {
				t.Fatalf("second step %+v after %+v", rel, got)
			}
		})
	}
}

// TestReplayActsOnce: replaying stored webhooks creates no second chat
// message; replaying a range re-runs every webhook of it.
func TestReplayActsOnce(t *testing.T) {
	t.Parallel()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	for i := range 3 {
		if _, err := e.D360.CustomerText(sandbox.D360Key, sandbox.Customer, fmt.Sprintf("m%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	wait(t, "three messages", func() bool { return len(e.CRM.Messages(e.ChannelID)) == 3 })
	res, err := e.App.Relay.Replay(context.Background(), e.ClientID, e.AccountID, 0,
		time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.Webhooks < 3 || res.Jobs != 0 {
		t.Fatalf("replay %+v: want ≥3 webhooks re-run and nothing new", res)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.CRM.Messages(e.ChannelID)); n != 3 {
		t.Fatalf("%d messages after replay, want 3", n)
	}
	now := time.Now()
	if _, err := e.App.Relay.Replay(context.Background(), e.ClientID, e.AccountID, 0, now, now); err == nil {
		t.Fatal("empty range accepted")
	}
}

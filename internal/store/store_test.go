package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// clock is a settable fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// each runs fn on every test database.
func each(t *testing.T, fn func(t *testing.T, s *Store, c *clock)) {
	t.Helper()
	for name, u := range TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			c := &clock{t: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
			fn(t, OpenTest(t, u, c.now), c)
		})
	}
}

func TestConnectionsAndAccounts(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		cid, err := s.CreateConnection(ctx, Connection{ClientIDHash: "h1", ClientIDEnc: "e", CRMURL: "https://a.retailcrm.ru",
			CRMKeyEnc: "k", MGURL: "https://mg", MGTokenEnc: "t", Active: true, Lang: "es"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateConnection(ctx, Connection{ClientIDHash: "h2", CRMURL: "https://a.retailcrm.ru"}); err == nil {
			t.Fatal("second connection for the same CRM was accepted")
		}
		c, err := s.ConnectionByClientHash(ctx, "h1")
		if err != nil || c.ID != cid || c.Lang != "es" || !c.Active || c.CreatedAt.IsZero() {
			t.Fatalf("got %+v, %v", c, err)
		}
		if _, err := s.ConnectionByClientHash(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("want ErrNotFound, got %v", err)
		}
		if err := s.SetConnectionActivity(ctx, cid, false, true); err != nil {
			t.Fatal(err)
		}
		c, _ = s.ConnectionByID(ctx, cid)
		if c.Active || !c.Frozen {
			t.Fatalf("activity not stored: %+v", c)
		}

		aid, err := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: "ref1", Name: "Shop", D360KeyEnc: "x",
			KeyHint: "••••abcd", WebhookSecretHash: "sh", ChannelID: 7, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.AccountByRef(ctx, "ref1")
		if err != nil || a.ID != aid || a.ChannelID != 7 || a.LastInboundAt != nil {
			t.Fatalf("got %+v, %v", a, err)
		}
		when := time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC)
		if err := s.TouchAccountInbound(ctx, aid, when); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAccountError(ctx, aid, "boom"); err != nil {
			t.Fatal(err)
		}
		a, _ = s.AccountByChannel(ctx, cid, 7)
		if a.LastInboundAt == nil || !a.LastInboundAt.Equal(when) || a.LastError != "boom" || a.LastErrorAt == nil {
			t.Fatalf("got %+v", a)
		}
		list, err := s.Accounts(ctx, cid)
		if err != nil || len(list) != 1 {
			t.Fatalf("list %v %v", list, err)
		}
		if err := s.DeleteAccount(ctx, aid); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAccount(ctx, aid); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
	})
}

func TestTxRollsBack(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx *Store) error {
			if _, err := tx.CreateConnection(ctx, Connection{ClientIDHash: "h", CRMURL: "u"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, err := s.ConnectionByClientHash(ctx, "h"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("row survived rollback: %v", err)
		}
	})
}

func TestInboundOutboundStatusOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		m := InboundMessage{AccountID: 1, WAMID: "wamid.1", ChatKey: "ES.1", SentAt: time.Unix(1767016800, 0)}
		accept := func() (inserted bool, err error) {
			err = s.AcceptInbound(ctx, m, NewJob{Kind: "in"}, func() { inserted = true })
			return inserted, err
		}
		if ins, err := accept(); err != nil || !ins {
			t.Fatalf("first insert: %v %v", ins, err)
		}
		if ins, err := accept(); err != nil || ins {
			t.Fatalf("duplicate inserted: %v %v", ins, err)
		}
		if err := s.MarkInboundDelivered(ctx, 1, "wamid.1", 99); err != nil {
			t.Fatal(err)
		}
		got, err := s.InboundByWAMID(ctx, 1, "wamid.1")
		if err != nil || got.MGMessageID != 99 || got.State != "delivered" || !got.SentAt.Equal(m.SentAt) {
			t.Fatalf("%+v %v", got, err)
		}

		o := OutboundMessage{AccountID: 1, MGMessageID: 5, ChatKey: "ES.1", Payload: []byte(`{"a":1}`), State: "queued"}
		oid, ins, err := s.InsertOutbound(ctx, o)
		if err != nil || !ins {
			t.Fatal(err)
		}
		if _, ins, _ := s.InsertOutbound(ctx, o); ins {
			t.Fatal("duplicate outbound inserted")
		}
		if err := s.InsertAttempt(ctx, Attempt{OutboundID: oid, Attempt: 1, WAMID: "wamid.o1", SentAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		a, err := s.AttemptByWAMID(ctx, "wamid.o1")
		if err != nil || a.OutboundID != oid || a.Attempt != 1 {
			t.Fatalf("%+v %v", a, err)
		}
		failed := time.Date(2026, 11, 24, 12, 1, 0, 0, time.UTC)
		o, _ = s.OutboundByID(ctx, oid)
		o.State, o.Attempt, o.ErrorCode, o.FailedAt = "failed", 1, 131026, &failed
		if err := s.UpdateOutboundState(ctx, o); err != nil {
			t.Fatal(err)
		}
		o, _ = s.OutboundByMGID(ctx, 1, 5)
		if o.State != "failed" || o.ErrorCode != 131026 || !o.FailedAt.Equal(failed) || string(o.Payload) != `{"a":1}` {
			t.Fatalf("%+v", o)
		}

		e := StatusEvent{AccountID: 1, WAMID: "wamid.o1", Status: "delivered", OccurredAt: time.Now()}
		if ins, err := s.InsertStatus(ctx, e); err != nil || !ins {
			t.Fatal(err)
		}
		if ins, _ := s.InsertStatus(ctx, e); ins {
			t.Fatal("duplicate status inserted")
		}
	})
}

func TestOutboundCompareAndSet(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		id, _, _ := s.InsertOutbound(ctx, OutboundMessage{AccountID: 1, MGMessageID: 1, ChatKey: "c", Payload: []byte("{}"), State: "queued"})
		m, _ := s.OutboundByID(ctx, id)
		m.State, m.Attempt = "sent", 1
		if ok, err := s.SetOutboundStateIf(ctx, m, "queued", 0); !ok || err != nil {
			t.Fatalf("first CAS: %v %v", ok, err)
		}
		m.State = "failed"
		if ok, _ := s.SetOutboundStateIf(ctx, m, "queued", 0); ok {
			t.Fatal("CAS from a stale state succeeded")
		}
		got, _ := s.OutboundByID(ctx, id)
		if got.State != "sent" {
			t.Fatalf("state %s", got.State)
		}
	})
}

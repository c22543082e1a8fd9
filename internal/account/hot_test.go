package account_test

import (
	"context"
	"errors"
	"testing"

	"waba-transport/internal/account"
	"waba-transport/internal/store"
)

// TestHotAccountsFollowChanges: the relay's cached view of an account sees
// every change made through the service at once: the CRM switching the
// module off, and the account's removal.
func TestHotAccountsFollowChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	c, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey})
	if err != nil {
		t.Fatal(err)
	}
	a, err := b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key})
	if err != nil {
		t.Fatal(err)
	}
	h, err := b.svc.HotByID(ctx, a.ID)
	if err != nil || h.Key != d360Key || !h.Session.Conn.Active || h.Session.ClientID != c.ClientID {
		t.Fatalf("hot account %+v, %v", h, err)
	}
	byRef, err := b.svc.HotByRef(ctx, h.Account.Ref)
	if err != nil || byRef.Account.ID != a.ID {
		t.Fatalf("by ref: %+v, %v", byRef.Account, err)
	}

	if err := b.svc.Activity(ctx, account.Activity{ClientID: c.ClientID, Active: false}); err != nil {
		t.Fatal(err)
	}
	if h, _ := b.svc.HotByID(ctx, a.ID); h.Session.Conn.Active {
		t.Fatal("switched off in the CRM, still active for the relay")
	}

	if err := b.svc.RemoveAccount(ctx, c.ClientID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.HotByID(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removed account by id: %v", err)
	}
	if _, err := b.svc.HotByRef(ctx, h.Account.Ref); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removed account by ref: %v", err)
	}
}

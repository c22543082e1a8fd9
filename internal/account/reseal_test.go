package account_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/egress"
	"waba-transport/internal/secret"
)

// TestKeyRotation: with the new key first and the old one still listed, every
// stored secret is re-sealed; afterwards the new key alone opens them all.
func TestKeyRotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t) // sealed with "test-secret-key-0123456789"
	c, err := b.svc.Connect(ctx, account.ConnectInput{CRMURL: b.crmU, APIKey: crmKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.AddAccount(ctx, c.ClientID, account.AddInput{APIKey: d360Key}); err != nil {
		t.Fatal(err)
	}
	with := func(keys string) *account.Service {
		box, err := secret.New(keys)
		if err != nil {
			t.Fatal(err)
		}
		g := egress.Guard{AllowPrivate: true}
		return account.NewService(b.st, box, dialog360.New(b.d36U, nil), g, g.Client(5*time.Second),
			"http://module.test", slog.New(slog.DiscardHandler))
	}
	const newKey = "brand-new-secret-key-9876543210"
	if _, err := with(newKey).Session(ctx, c.ClientID); err == nil {
		t.Fatal("the new key alone opened secrets sealed with the old one")
	}
	rotating := with(newKey + ",test-secret-key-0123456789")
	n, err := rotating.Reseal(ctx)
	if err != nil || n != 4 { // client id, CRM key, MG token, 360dialog key
		t.Fatalf("re-sealed %d, %v; want 4", n, err)
	}
	if n, _ := rotating.Reseal(ctx); n != 0 {
		t.Fatalf("second pass re-sealed %d", n)
	}
	only := with(newKey)
	sess, err := only.Session(ctx, c.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	accts, _ := b.st.Accounts(ctx, sess.Conn.ID)
	if key, err := only.AccountKey(accts[0]); err != nil || key != d360Key {
		t.Fatalf("360dialog key after rotation: %q %v", key, err)
	}
}

package account_test

import (
	"context"
	"testing"

	"waba-transport/internal/account"
)

// TestHealthCheckRepairsDriftAndShowsState: a number whose callback was
// replaced (e.g. after its key was regenerated) gets ours back with a fresh
// secret; a blocked number is recorded as such and its channel shows it.
func TestHealthCheckRepairsDriftAndShowsState(t *testing.T) {
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
	ourURL, ourHdr := b.d360.Webhook(d360Key)

	// Healthy and ours: nothing changes.
	if err := b.svc.CheckHealth(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if u, h := b.d360.Webhook(d360Key); u != ourURL || h[account.WebhookSecretHeader] != ourHdr[account.WebhookSecretHeader] {
		t.Fatal("a healthy callback was re-registered")
	}
	st, _ := b.st.AccountByID(ctx, a.ID)
	if st.HealthStatus != "AVAILABLE" || !st.WebhookOK || st.HealthCheckedAt == nil {
		t.Fatalf("health %+v", st)
	}

	// Drift: someone else's callback. Meta's 30-day rule blocks the number.
	b.d360.SetWebhook(d360Key, "https://elsewhere.example/hook", nil)
	b.d360.SetHealth(d360Key, "BLOCKED", "Business information missing for 30 days")
	if err := b.svc.CheckHealth(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	u, h := b.d360.Webhook(d360Key)
	if u != ourURL || h[account.WebhookSecretHeader] == "" || h[account.WebhookSecretHeader] == ourHdr[account.WebhookSecretHeader] {
		t.Fatalf("callback not re-registered with a fresh secret: %s %v", u, h)
	}
	st, _ = b.st.AccountByID(ctx, a.ID)
	if !account.CheckWebhookSecret(st, h[account.WebhookSecretHeader]) {
		t.Fatal("the stored secret does not match the re-registered one")
	}
	if st.HealthStatus != "BLOCKED" || st.WebhookOK || st.HealthDetail == "" {
		t.Fatalf("health %+v", st)
	}
	chans := b.crm.Channels()
	wa, _ := chans[0].Settings["whatsapp"].(map[string]any)
	if wa["channel_status"] != "restricted" {
		t.Fatalf("channel settings %v", chans[0].Settings)
	}
}

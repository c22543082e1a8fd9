package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// HealthCheckInterval is how often every number's health and callback are
// checked. A regenerated 360dialog key silently drops the callback; this is
// how the module notices and repairs it.
const HealthCheckInterval = 15 * time.Minute

// Health states besides 360dialog's own AVAILABLE, LIMITED and BLOCKED.
const (
	HealthKeyInvalid  = "KEY_INVALID" // 360dialog no longer accepts the stored key
	HealthUnreachable = "UNREACHABLE" // 360dialog could not be asked
	healthAvailable   = "AVAILABLE"   // can send
	healthLimited     = "LIMITED"     // can send, with limits
	healthBlocked     = "BLOCKED"     // cannot send
)

// CheckAllHealth checks every account; one account's failure does not stop
// the others.
func (s *Service) CheckAllHealth(ctx context.Context) error {
	ids, err := s.st.AccountIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.CheckHealth(ctx, id); err != nil {
			s.log.Warn("health check failed", "account_id", id, "error", err)
		}
	}
	return nil
}

// CheckHealth asks 360dialog about a number, makes sure the callback
// registered for it is still this service's (re-registering it with a fresh
// secret when it drifted), records the result and tells MessageGateway the
// channel's state.
func (s *Service) CheckHealth(ctx context.Context, accountID int64) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	a, err := s.st.AccountByID(ctx, accountID)
	if err != nil {
		return err
	}
	key, err := s.AccountKey(a)
	if err != nil {
		return err
	}
	status, detail := healthOf(s.d360.HealthStatus(ctx, key))
	webhookOK := true
	if status != HealthKeyInvalid && status != HealthUnreachable {
		if webhookOK, err = s.ensureWebhook(ctx, a, key); err != nil {
			detail = strings.TrimSpace(detail + " callback check failed: " + err.Error())
		}
	}
	if err := s.st.SetAccountHealth(ctx, a.ID, status, detail, webhookOK); err != nil {
		return err
	}
	if status != a.HealthStatus {
		s.log.Info("number health changed", "account_id", a.ID, "from", a.HealthStatus, "to", status)
		s.updateChannelStatus(ctx, a, status)
	}
	return nil
}

// healthOf turns 360dialog's answer into a state and the reasons it gives.
func healthOf(h dialog360.HealthStatus, err error) (status, detail string) {
	var de *dialog360.Error
	switch {
	case errors.As(err, &de) && de.InvalidKey():
		return HealthKeyInvalid, "360dialog rejects the stored API key"
	case err != nil:
		return HealthUnreachable, err.Error()
	}
	var reasons []string
	for _, e := range h.Entities {
		for _, x := range e.Errors {
			reasons = append(reasons, fmt.Sprintf("%s: %s %s", e.EntityType, x.ErrorDescription, x.PossibleSolution))
		}
	}
	status = strings.ToUpper(h.CanSendMessage)
	if status == "" {
		status = healthAvailable
	}
	return status, strings.Join(reasons, "; ")
}

// ensureWebhook reads back the number's callback and re-registers ours when
// it is not there or has another secret. It reports whether it was ours.
func (s *Service) ensureWebhook(ctx context.Context, a store.Account, key string) (bool, error) {
	cfg, err := s.d360.Webhook(ctx, key)
	if err != nil {
		return true, err // unknown; not a drift
	}
	want := s.publicURL + "/webhooks/360dialog/" + a.Ref
	if cfg.URL == want && CheckWebhookSecret(a, cfg.Headers[WebhookSecretHeader]) {
		return true, nil
	}
	s.log.Warn("360dialog callback drifted; registering it again", "account_id", a.ID)
	fresh := secret.Token(24)
	if err := s.registerWebhook(ctx, key, a.Ref, fresh); err != nil {
		return false, err
	}
	a.WebhookSecretHash = secret.Hash(fresh)
	defer s.hot.forget()
	return false, s.st.UpdateAccount(ctx, a)
}

// updateChannelStatus shows the number's state on its MessageGateway channel.
func (s *Service) updateChannelStatus(ctx context.Context, a store.Account, status string) {
	sess, err := s.SessionByID(ctx, a.ConnectionID)
	if err != nil || a.ChannelID == 0 {
		return
	}
	ch := whatsappChannel(a.Name, a.Ref)
	ch.ID = a.ChannelID
	ch.Settings.WhatsApp = &mg.WhatsAppSettings{ChannelStatus: channelStatus(status)}
	if _, err := sess.MG.UpdateChannel(ctx, ch); err != nil {
		s.log.Warn("could not update the channel's status", "account_id", a.ID, "error", err)
	}
}

// channelStatus maps a health state to MessageGateway's WhatsApp channel status.
func channelStatus(health string) string {
	switch health {
	case healthAvailable:
		return "connected"
	case healthLimited:
		return "flagged"
	case healthBlocked:
		return "restricted"
	default:
		return "offline"
	}
}

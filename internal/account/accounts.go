package account

import (
	"context"
	"errors"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// Accounts lists the WhatsApp accounts of a connection.
func (s *Service) Accounts(ctx context.Context, clientID string) ([]Account, error) {
	c, err := s.connByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	rows, err := s.st.Accounts(ctx, c.ID)
	if err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	out := make([]Account, len(rows))
	for i, a := range rows {
		out[i] = view(a)
	}
	return out, nil
}

func view(a store.Account) Account {
	return Account{ID: a.ID, Name: a.Name, ChannelID: a.ChannelID, PhoneNumberID: a.PhoneNumberID,
		DisplayPhone: a.DisplayPhone, KeyHint: a.KeyHint, Active: a.Active, CreatedAt: a.CreatedAt,
		LastInboundAt: a.LastInboundAt, LastStatusAt: a.LastStatusAt, LastError: a.LastError,
		Health: Health{Status: a.HealthStatus, Detail: a.HealthDetail, CheckedAt: a.HealthCheckedAt, WebhookOK: a.WebhookOK}}
}

// AddAccount checks a 360dialog API key, registers this service's callback
// for the number (with a fresh per-account secret), activates a WhatsApp
// channel in MessageGateway and stores the account. A failure on the way
// undoes what was done (the old callback is restored), so nothing is left
// half-made.
func (s *Service) AddAccount(ctx context.Context, clientID string, in AddInput) (Account, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*timeout)
	defer cancel()
	sess, err := s.Session(ctx, clientID)
	if err != nil {
		return Account{}, err
	}
	key := strings.TrimSpace(in.APIKey)
	if key == "" {
		return Account{}, problem.New(problem.Invalid, "account.d360_key_required")
	}
	name := strings.TrimSpace(in.Name)
	if len([]rune(name)) > 100 {
		return Account{}, problem.New(problem.Invalid, "account.name_too_long", "Max", 100)
	}
	health, err := s.checkKey(ctx, key)
	if err != nil {
		return Account{}, err
	}
	if err := s.refuseDuplicate(ctx, sess.Conn.ID, 0, health.PhoneNumberID()); err != nil {
		return Account{}, err
	}
	if name == "" {
		name = "WhatsApp " + secret.Hint(health.PhoneNumberID())[len("••••"):]
	}

	ref := secret.Token(18)
	hookSecret := secret.Token(24)
	previous, _ := s.d360.Webhook(ctx, key) // restored if a later step fails
	if err := s.registerWebhook(ctx, key, ref, hookSecret); err != nil {
		return Account{}, err
	}
	undoWebhook := func() {
		if previous.URL != "" {
			if err := s.d360.SetWebhook(context.WithoutCancel(ctx), key, previous); err != nil {
				s.log.Warn("restore previous 360dialog webhook failed", "error", err)
			}
		}
	}

	ch, err := sess.MG.ActivateChannel(ctx, whatsappChannel(name, ref))
	if err != nil {
		undoWebhook()
		return Account{}, mgError(err)
	}
	a := store.Account{
		ConnectionID: sess.Conn.ID, Ref: ref, Name: name,
		D360KeyEnc: s.box.Seal(key, bindAccount(ref, "d360_key")), KeyHint: secret.Hint(key),
		WebhookSecretHash: secret.Hash(hookSecret), ChannelID: ch.ID,
		PhoneNumberID: health.PhoneNumberID(), WABAID: health.WABAID(), Active: true,
	}
	if a.ID, err = s.st.CreateAccount(ctx, a); err != nil {
		_ = sess.MG.DeactivateChannel(context.WithoutCancel(ctx), ch.ID)
		undoWebhook()
		return Account{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.log.Info("account added", "connection_id", sess.Conn.ID, "account_id", a.ID, "channel_id", ch.ID)
	if s.AccountAdded != nil {
		s.AccountAdded(ctx, a.ID)
	}
	stored, err := s.st.AccountByID(ctx, a.ID)
	if err != nil {
		return Account{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return view(stored), nil
}

// checkKey asks 360dialog whether a key works. GET /health_status also names
// the phone number; when a key cannot read it, the webhook config still
// proves the key.
func (s *Service) checkKey(ctx context.Context, key string) (dialog360.HealthStatus, error) {
	h, err := s.d360.HealthStatus(ctx, key)
	if err == nil {
		return h, nil
	}
	var de *dialog360.Error
	if errors.As(err, &de) && !de.InvalidKey() && de.HTTPStatus == 404 {
		if _, err2 := s.d360.Webhook(ctx, key); err2 == nil {
			return dialog360.HealthStatus{}, nil
		} else {
			err = err2
		}
	}
	return h, d360Error(err)
}

func (s *Service) refuseDuplicate(ctx context.Context, connID, exceptID int64, phoneNumberID string) error {
	if phoneNumberID == "" {
		return nil
	}
	rows, err := s.st.Accounts(ctx, connID)
	if err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	for _, a := range rows {
		if a.ID != exceptID && a.PhoneNumberID == phoneNumberID {
			return problem.New(problem.Conflict, "account.duplicate", "Name", a.Name)
		}
	}
	return nil
}

func (s *Service) registerWebhook(ctx context.Context, key, ref, hookSecret string) error {
	err := s.d360.SetWebhook(ctx, key, dialog360.WebhookConfig{
		URL:     s.publicURL + "/webhooks/360dialog/" + ref,
		Headers: map[string]string{WebhookSecretHeader: hookSecret},
	})
	return d360Error(err)
}

// account finds an account of a connection; another connection's id is not found.
func (s *Service) account(ctx context.Context, connID, id int64) (store.Account, error) {
	a, err := s.st.AccountByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.ConnectionID != connID) {
		return a, problem.New(problem.NotFound, "account.not_found")
	}
	if err != nil {
		return a, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return a, nil
}

// RemoveAccount deactivates the account's MessageGateway channel and forgets
// the account. A channel MessageGateway no longer knows is not an error.
func (s *Service) RemoveAccount(ctx context.Context, clientID string, id int64) error {
	sess, err := s.Session(ctx, clientID)
	if err != nil {
		return err
	}
	a, err := s.account(ctx, sess.Conn.ID, id)
	if err != nil {
		return err
	}
	if a.ChannelID != 0 {
		var me *mg.Error
		if err := sess.MG.DeactivateChannel(ctx, a.ChannelID); err != nil && !(errors.As(err, &me) && me.HTTPStatus == 404) {
			return mgError(err)
		}
	}
	defer s.hot.forget()
	if err := s.st.DeleteAccount(ctx, a.ID); err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.log.Info("account removed", "connection_id", sess.Conn.ID, "account_id", a.ID)
	return nil
}

// RekeyAccount replaces an account's 360dialog key (a regenerated key) and
// registers the callback again with it. The new key must belong to the same
// number.
func (s *Service) RekeyAccount(ctx context.Context, clientID string, id int64, apiKey string) (Account, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*timeout)
	defer cancel()
	sess, err := s.Session(ctx, clientID)
	if err != nil {
		return Account{}, err
	}
	a, err := s.account(ctx, sess.Conn.ID, id)
	if err != nil {
		return Account{}, err
	}
	key := strings.TrimSpace(apiKey)
	if key == "" {
		return Account{}, problem.New(problem.Invalid, "account.d360_key_required")
	}
	health, err := s.checkKey(ctx, key)
	if err != nil {
		return Account{}, err
	}
	if pn := health.PhoneNumberID(); pn != "" && a.PhoneNumberID != "" && pn != a.PhoneNumberID {
		return Account{}, problem.New(problem.Invalid, "account.rekey_other_number")
	}
	hookSecret := secret.Token(24)
	if err := s.registerWebhook(ctx, key, a.Ref, hookSecret); err != nil {
		return Account{}, err
	}
	a.D360KeyEnc = s.box.Seal(key, bindAccount(a.Ref, "d360_key"))
	a.KeyHint = secret.Hint(key)
	a.WebhookSecretHash = secret.Hash(hookSecret)
	if pn := health.PhoneNumberID(); pn != "" {
		a.PhoneNumberID, a.WABAID = pn, health.WABAID()
	}
	defer s.hot.forget()
	if err := s.st.UpdateAccount(ctx, a); err != nil {
		return Account{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	_ = s.st.SetAccountError(ctx, a.ID, "")
	s.log.Info("account key replaced", "connection_id", sess.Conn.ID, "account_id", a.ID)
	if s.AccountAdded != nil {
		s.AccountAdded(ctx, a.ID)
	}
	a, _ = s.st.AccountByID(ctx, a.ID)
	return view(a), nil
}

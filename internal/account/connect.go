package account

import (
	"context"
	"errors"
	"strings"

	"waba-transport/internal/crm"
	"waba-transport/internal/locale"
	"waba-transport/internal/problem"
	"waba-transport/internal/secret"
	"waba-transport/internal/store"
)

// Connect checks a CRM address and API key, registers the module in the CRM
// and stores the connection with the MessageGateway endpoint and token the
// CRM returns. Every check happens before anything is stored, so a refusal
// leaves nothing behind. Connecting a CRM again keeps its client id.
func (s *Service) Connect(ctx context.Context, in ConnectInput) (Connected, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*timeout)
	defer cancel()

	crmURL, err := crm.NormalizeURL(in.CRMURL)
	if err != nil {
		return Connected{}, err
	}
	if err := s.guard.CheckURL(crmURL); err != nil {
		return Connected{}, problem.Wrap(err, problem.Invalid, "account.crm_url_blocked")
	}
	key := strings.TrimSpace(in.APIKey)
	if key == "" {
		return Connected{}, problem.New(problem.Invalid, "account.crm_key_required")
	}
	client := crm.New(crmURL, key, s.http)
	creds, err := client.Credentials(ctx)
	if err != nil {
		return Connected{}, err
	}
	if missing := crm.MissingAccess(creds); len(missing) > 0 {
		return Connected{}, crm.MissingAccessError(missing)
	}

	existing, err := s.st.ConnectionByCRMURL(ctx, crmURL)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Connected{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	clientID := secret.Token(32)
	if found {
		if clientID, err = s.box.Open(existing.ClientIDEnc, bindConn(existing.ClientIDHash, "client_id")); err != nil {
			return Connected{}, problem.Wrap(err, problem.Internal, "error.internal")
		}
	}

	active := true
	res, err := client.EditIntegrationModule(ctx, s.module(clientID, &active))
	if err != nil {
		return Connected{}, err
	}
	if err := s.guard.CheckURL(res.MGTransport.EndpointURL); err != nil {
		return Connected{}, problem.Wrap(err, problem.Upstream, "account.mg_not_enabled")
	}

	hash := secret.Hash(clientID)
	lang := in.Lang
	if !locale.Valid(lang) {
		lang = locale.Supported[0]
	}
	c := store.Connection{
		ID:           existing.ID,
		ClientIDHash: hash,
		ClientIDEnc:  s.box.Seal(clientID, bindConn(hash, "client_id")),
		CRMURL:       crmURL,
		CRMKeyEnc:    s.box.Seal(key, bindConn(hash, "crm_key")),
		MGURL:        res.MGTransport.EndpointURL,
		MGTokenEnc:   s.box.Seal(res.MGTransport.Token, bindConn(hash, "mg_token")),
		Active:       true,
		Lang:         lang,
	}
	if found {
		err = s.st.UpdateConnection(ctx, c)
		s.hot.forget()
	} else {
		_, err = s.st.CreateConnection(ctx, c)
	}
	if err != nil {
		return Connected{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.log.Info("crm connected", "crm_url", crmURL, "reconnect", found)
	return Connected{ClientID: clientID, SettingsURL: s.settingsURL(clientID)}, nil
}

func (s *Service) settingsURL(clientID string) string { return s.publicURL + "/settings/" + clientID }

// module is the registration the CRM receives. The client id appears in the
// MessageGateway webhook URL, so MessageGateway's calls name their connection
// even without the Clientid header.
func (s *Service) module(clientID string, active *bool) crm.IntegrationModule {
	m := crm.IntegrationModule{
		Code:            ModuleCode,
		IntegrationCode: ModuleCode,
		Active:          active,
		Name:            "WhatsApp Business",
		Logo:            s.publicURL + "/static/logo.svg",
		ClientID:        clientID,
		BaseURL:         s.publicURL,
		AccountURL:      s.settingsURL(clientID),
		Actions:         map[string]string{"activity": "/actions/activity"},
	}
	m.Integrations.MgTransport = &crm.MgTransport{WebhookURL: s.publicURL + "/webhooks/mg/" + clientID}
	// The CRM's "sync templates" button calls this path (relative to BaseURL).
	m.Integrations.MgTransport.Actions = map[string]string{"manualTemplatesSync": "/actions/templates-sync/" + clientID}
	return m
}

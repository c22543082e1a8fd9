package web

import "net/http"

// addRoutes lists every route of the service. Form posts of the pages pass
// the CSRF guard; the JSON API, the webhooks and the CRM callback are
// authenticated by secrets (client id, account secret) and called by
// servers, so they are exempt.
func addRoutes(mux *http.ServeMux, u *ui, d Deps) {
	form := newFormGuard(u, d.PublicURL)

	// Pages for people, shown inside the CRM's iframe.
	mux.Handle("GET /{$}", handleConnectShow(u))
	mux.Handle("POST /connect", form(handleConnectSave(u, d.Accounts)))
	mux.Handle("GET /settings/{clientID}", handleSettingsShow(u, d.Accounts))
	mux.Handle("POST /settings/{clientID}/accounts", form(handleAccountAdd(u, d.Accounts)))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/rekey", form(handleAccountRekey(u, d.Accounts)))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/delete", form(handleAccountRemove(u, d.Accounts)))

	// JSON API for automation (CONTRACT.md).
	mux.Handle("POST /api/v1/connections", handleAPIConnectionCreate(u, d.Accounts))
	mux.Handle("GET /api/v1/connections/{clientID}/accounts", handleAPIAccountList(u, d.Accounts))
	mux.Handle("POST /api/v1/connections/{clientID}/accounts", handleAPIAccountCreate(u, d.Accounts))
	mux.Handle("PUT /api/v1/connections/{clientID}/accounts/{id}/key", handleAPIAccountRekey(u, d.Accounts))
	mux.Handle("DELETE /api/v1/connections/{clientID}/accounts/{id}", handleAPIAccountDelete(u, d.Accounts))

	// The template manager of each number (package authoring) and the
	// settings page's template sync; both optional (nil: 404).
	tm, tpl, sync := d.Templates, tplGate(u, d.Templates != nil), tplGate(u, d.TemplateSync != nil)
	mux.Handle("GET /settings/{clientID}/accounts/{id}/templates", tpl(handleTemplateList(u, d.Accounts, tm)))
	mux.Handle("GET /settings/{clientID}/accounts/{id}/templates/new", tpl(handleTemplateNew(u, d.Accounts)))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates", tpl(form(handleTemplateCreate(u, d.Accounts, tm))))
	mux.Handle("GET /settings/{clientID}/accounts/{id}/templates/drafts/{draftID}", tpl(handleTemplateEdit(u, d.Accounts, tm)))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/drafts/{draftID}", tpl(form(handleTemplateSave(u, d.Accounts, tm))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/preview", tpl(form(handleTemplatePreview(u, tm))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/copy", tpl(form(handleTemplateCopy(u, d.Accounts, tm))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/translate", tpl(form(handleTemplateTranslate(u, d.Accounts, tm))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/delete", tpl(form(handleTemplateDelete(u, d.Accounts, tm))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/templates/sync", sync(form(handleTemplateSync(u, d.Accounts, d.TemplateSync))))
	mux.Handle("GET /api/v1/connections/{clientID}/accounts/{id}/templates", tpl(handleAPITemplateList(u, tm)))
	mux.Handle("POST /api/v1/connections/{clientID}/accounts/{id}/templates", tpl(handleAPITemplateCreate(u, tm)))
	mux.Handle("PUT /api/v1/connections/{clientID}/accounts/{id}/templates/drafts/{draftID}", tpl(handleAPITemplateUpdate(u, tm)))
	mux.Handle("POST /api/v1/connections/{clientID}/accounts/{id}/templates/drafts/{draftID}/submit", tpl(handleAPITemplateSubmit(u, tm)))
	mux.Handle("DELETE /api/v1/connections/{clientID}/accounts/{id}/templates/{name}", tpl(handleAPITemplateDelete(u, tm)))

	// "Where is my message?", replay and the health check of each number;
	// optional (nil: 404).
	msgs, health := tplGate(u, d.Messages != nil), tplGate(u, d.Health != nil)
	mux.Handle("GET /settings/{clientID}/accounts/{id}/messages", msgs(handleMessageShow(u, d.Accounts, d.Messages)))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/replay", msgs(form(handleWebhookReplay(u, d.Accounts, d.Messages))))
	mux.Handle("POST /settings/{clientID}/accounts/{id}/health", health(form(handleAccountCheck(u, d.Accounts, d.Health))))
	mux.Handle("GET /api/v1/connections/{clientID}/accounts/{id}/messages/{ref...}", msgs(handleAPIMessageShow(u, d.Messages)))
	mux.Handle("POST /api/v1/connections/{clientID}/accounts/{id}/replay", msgs(handleAPIWebhookReplay(u, d.Messages)))

	// Callbacks of 360dialog, MessageGateway and the CRM.
	mux.Handle("POST /webhooks/360dialog/{accountRef}", handleDialog360Receive(u, d.Inbound, d.PartnerSecret))
	mg := handleMGReceive(u, d.MG)
	mux.Handle("POST /webhooks/mg/{clientID}", mg) // the URL we register
	mux.Handle("POST /webhooks/mg", mg)            // fallback: client id in the Clientid header
	mux.Handle("POST /actions/activity", handleActivityUpdate(u, d.Accounts))
	mux.Handle("POST /actions/templates-sync/{clientID}", sync(handleConnectionSync(u, d.TemplateSync))) // the URL we register
	mux.Handle("POST /actions/templates-sync", sync(handleConnectionSync(u, d.TemplateSync)))            // clientId in the body

	// Operations.
	mux.Handle("GET /healthz", handleHealthShow())
	mux.Handle("GET /readyz", handleReadyShow(u, d.Ready))
	mux.Handle("GET /metrics", handleMetricsShow(d.Metrics))
	mux.Handle("GET /static/", handleStaticServe())
}

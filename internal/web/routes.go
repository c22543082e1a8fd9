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

	// Callbacks of 360dialog, MessageGateway and the CRM.
	mux.Handle("POST /webhooks/360dialog/{accountRef}", handleDialog360Receive(u, d.Inbound))
	mg := handleMGReceive(u, d.MG)
	mux.Handle("POST /webhooks/mg/{clientID}", mg) // the URL we register
	mux.Handle("POST /webhooks/mg", mg)            // fallback: client id in the Clientid header
	mux.Handle("POST /actions/activity", handleActivityUpdate(u, d.Accounts))

	// Operations.
	mux.Handle("GET /healthz", handleHealthShow())
	mux.Handle("GET /readyz", handleReadyShow(u, d.Ready))
	mux.Handle("GET /metrics", handleMetricsShow(d.Metrics))
	mux.Handle("GET /static/", handleStaticServe())
}

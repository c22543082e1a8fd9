package sim

import (
	"encoding/json"
	"maps"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	crmKey   = "crm-key"
	clientID = "client-secret-1"
)

type crmBundle struct {
	module *receiver // the module's HTTP side
	sim    *CRM
	token  string
	url    string
}

func setupCRM(t *testing.T) *crmBundle {
	t.Helper()
	b := &crmBundle{module: newReceiver(t)}
	b.sim = NewCRM(CRMOptions{Now: newClock().now})
	srv := httptest.NewServer(b.sim.Handler())
	t.Cleanup(srv.Close)
	t.Cleanup(b.sim.Close)
	b.url = srv.URL
	b.sim.AddAPIKey(crmKey, FullAccessScopes(), "access_full")
	return b
}

// moduleJSON is an IntegrationModule like the module registers.
func (b *crmBundle) moduleJSON() map[string]any {
	return map[string]any{
		"code": "waba", "integrationCode": "waba", "active": true, "name": "WhatsApp (360dialog)",
		"clientId": clientID, "baseUrl": b.module.URL, "accountUrl": b.module.URL + "/settings/" + clientID,
		"actions":      map[string]any{"activity": "/actions/activity"},
		"integrations": map[string]any{"mgTransport": map[string]any{"webhookUrl": b.module.URL + "/mg/webhook"}},
	}
}

// edit posts integrationModule as a form.
func (b *crmBundle) edit(t *testing.T, key string, module map[string]any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(module)
	form := url.Values{"integrationModule": {string(raw)}}
	return call(t, "POST", b.url+"/api/v5/integration-modules/waba/edit",
		map[string]string{"X-API-KEY": key, "Content-Type": "application/x-www-form-urlencoded"}, []byte(form.Encode()))
}

// register registers the module and keeps the MG token.
func (b *crmBundle) register(t *testing.T) {
	t.Helper()
	st, resp := b.edit(t, crmKey, b.moduleJSON())
	if st != 201 {
		t.Fatalf("register: %d %v", st, resp)
	}
	b.token, _ = dig(resp, "info", "mgTransport", "token").(string)
}

// mg calls the MG transport API with the module's token.
func (b *crmBundle) mg(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	return call(t, method, b.url+"/mg/api/transport/v1"+path, map[string]string{"X-Transport-Token": b.token}, body)
}

// activate registers the module and activates a whatsapp channel.
func (b *crmBundle) activate(t *testing.T) int64 {
	t.Helper()
	b.register(t)
	st, resp := b.mg(t, "POST", "/channels", map[string]any{"type": "whatsapp", "name": "Shop ES", "external_id": "acc-1",
		"settings": map[string]any{"status": map[string]any{"delivered": "send", "read": "both"}}})
	if st != 201 {
		t.Fatalf("activate channel: %d %v", st, resp)
	}
	return int64(resp["id"].(float64))
}

func TestCRMCredentials(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.sim.AddAPIKey("narrow", []string{"order_read"}, "access_selective")
	tests := []struct {
		name   string
		url    string
		key    string
		status int
		want   map[string]any
	}{
		{"no key", "/api/credentials", "", 403, map[string]any{"success": false, "errorMsg": `"apiKey" is missing.`}},
		{"wrong key", "/api/credentials", "nope", 403, map[string]any{"success": false, "errorMsg": `Wrong "apiKey" value.`}},
		{"narrow key", "/api/credentials", "narrow", 200, map[string]any{"success": true, "credentials": []any{"/api/credentials"},
			"scopes": []any{"order_read"}, "siteAccess": "access_selective", "sitesAvailable": []any{"sim-shop"}}},
		{"key as query parameter", "/api/credentials?apiKey=narrow", "", 200, nil},
	}
	for _, tt := range tests {
		st, body := call(t, "GET", b.url+tt.url, map[string]string{"X-API-KEY": tt.key}, nil)
		if st != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, st, tt.status)
		}
		if diff := cmp.Diff(tt.want, body); tt.want != nil && diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestCRMModuleRegistration(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.sim.AddAPIKey("reader", []string{"integration_read"}, "access_full")

	b.sim.SetPaid(false)
	if st, resp := b.edit(t, crmKey, b.moduleJSON()); st != 402 || resp["success"] != false || resp["errorMsg"] == "" {
		t.Errorf("unpaid: %d %v, want 402", st, resp)
	}
	b.sim.SetPaid(true)
	if st, _ := b.edit(t, "reader", b.moduleJSON()); st != 403 {
		t.Errorf("key without integration_write: %d, want 403", st)
	}
	bad := b.moduleJSON()
	delete(bad, "clientId")
	bad["baseUrl"] = "not a url"
	st, resp := b.edit(t, crmKey, bad)
	if diff := cmp.Diff([]string{"baseUrl", "clientId"}, sortedKeys(obj(resp, "errors"))); st != 400 || diff != "" {
		t.Errorf("invalid module: %d %v", st, resp)
	}

	st, resp = b.edit(t, crmKey, b.moduleJSON())
	token, _ := dig(resp, "info", "mgTransport", "token").(string)
	if st != 201 || dig(resp, "info", "mgTransport", "endpointUrl") != b.url+"/mg" || token == "" {
		t.Fatalf("create: %d %v", st, resp)
	}
	st, resp = b.edit(t, crmKey, map[string]any{"code": "waba", "integrationCode": "waba", "name": "Renamed",
		"clientId": clientID, "baseUrl": b.module.URL})
	if st != 200 || dig(resp, "info", "mgTransport", "token") != token {
		t.Errorf("edit keeps the token: %d %v", st, resp)
	}
	st, resp = call(t, "GET", b.url+"/api/v5/integration-modules/waba", map[string]string{"X-API-KEY": "reader"}, nil)
	m := obj(resp, "integrationModule")
	if st != 200 || m["name"] != "Renamed" || m["clientId"] != clientID || dig(m, "integrations", "mgTransport", "webhookUrl") == nil {
		t.Errorf("GET module (edits merge): %d %v", st, resp)
	}
	if st, _ := call(t, "GET", b.url+"/api/v5/integration-modules/other", map[string]string{"X-API-KEY": "reader"}, nil); st != 404 {
		t.Errorf("GET unknown module: %d", st)
	}
}

func TestCRMSendActivity(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.register(t)
	if err := b.sim.SendActivity("waba", false, true); err != nil {
		t.Fatal(err)
	}
	reqs := b.module.requests()
	if len(reqs) != 1 || reqs[0].Path != "/actions/activity" ||
		reqs[0].Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("activity request: %+v", reqs)
	}
	form, err := url.ParseQuery(string(reqs[0].Body))
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("clientId") != clientID || form.Get("systemUrl") != b.url {
		t.Errorf("form: %v", form)
	}
	if diff := cmp.Diff(map[string]any{"active": false, "freeze": true}, parse(t, []byte(form.Get("activity")))); diff != "" {
		t.Errorf("activity (-want +got):\n%s", diff)
	}
	if m, _ := b.sim.Module("waba"); m["active"] != false || m["freeze"] != true {
		t.Errorf("module state after activity: %v", m)
	}
	b.module.answer = func(int) int { return 400 }
	if err := b.sim.SendActivity("waba", true, false); err == nil {
		t.Error("a 400 answer must be an error")
	}
	if err := b.sim.SendActivity("other", true, false); err == nil {
		t.Error("an unknown module must be an error")
	}
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

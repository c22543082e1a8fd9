package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// writeCRMError writes the API v5 error shape.
func writeCRMError(w http.ResponseWriter, status int, msg string, errs map[string]string) {
	body := map[string]any{"success": false, "errorMsg": msg}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, status, body)
}

// apiKey checks X-API-KEY (or ?apiKey=) and, if scope is not "", that the key
// has it; it writes the error and returns false otherwise.
func (c *CRM) apiKey(w http.ResponseWriter, r *http.Request, scope string) (keyAccess, bool) {
	key := r.Header.Get("X-API-KEY")
	if key == "" {
		key = r.URL.Query().Get("apiKey")
	}
	c.mu.Lock()
	acc, ok := c.keys[key]
	c.mu.Unlock()
	switch {
	case key == "":
		writeCRMError(w, http.StatusForbidden, `"apiKey" is missing.`, nil)
		return acc, false
	case !ok:
		writeCRMError(w, http.StatusForbidden, `Wrong "apiKey" value.`, nil)
		return acc, false
	case scope != "" && !slices.Contains(acc.scopes, scope):
		writeCRMError(w, http.StatusForbidden, "Access denied: the API key lacks the "+scope+" scope.", nil)
		return acc, false
	}
	return acc, true
}

// credentials handles GET /api/credentials.
func (c *CRM) credentials(w http.ResponseWriter, r *http.Request) {
	acc, ok := c.apiKey(w, r, "")
	if !ok {
		return
	}
	creds := []string{"/api/credentials"}
	if slices.Contains(acc.scopes, "integration_read") {
		creds = append(creds, "/api/integration-modules/{code}")
	}
	if slices.Contains(acc.scopes, "integration_write") {
		creds = append(creds, "/api/integration-modules/{code}/edit")
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"success":        true,
		"credentials":    creds,
		"scopes":         acc.scopes,
		"siteAccess":     acc.siteAccess,
		"sitesAvailable": []string{"sim-shop"},
	})
}

// editModule handles POST /api/v5/integration-modules/{code}/edit.
func (c *CRM) editModule(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.apiKey(w, r, "integration_write"); !ok {
		return
	}
	code := r.PathValue("code")
	c.mu.Lock()
	unpaid := c.unpaid
	c.mu.Unlock()
	if unpaid {
		writeCRMError(w, http.StatusPaymentRequired, "Insufficient funds on the account balance to activate the module.", nil)
		return
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(r.PostFormValue("integrationModule")), &data); err != nil || data == nil {
		writeCRMError(w, http.StatusBadRequest, "Parameter 'integrationModule' is missing or is not valid JSON.", nil)
		return
	}
	if errs := checkModule(code, data); len(errs) > 0 {
		writeCRMError(w, http.StatusBadRequest, "Errors in the entity format", errs)
		return
	}
	base := c.base(r)

	c.mu.Lock()
	m, exists := c.modules[code]
	if !exists {
		m = &module{data: map[string]any{}, token: randomToken()}
		c.modules[code] = m
	}
	for k, v := range data {
		m.data[k] = v // edit merges top-level fields, like the CRM
	}
	if _, ok := m.data["active"]; !ok {
		m.data["active"] = true
	}
	hasMG := obj(obj(m.data, "integrations"), "mgTransport") != nil
	token := m.token
	c.mu.Unlock()
	c.changed()

	info := map[string]any{
		"billingInfo": map[string]any{
			"price": 0, "priceWithDiscount": 0, "billingType": "fixed",
			"currency": map[string]any{"name": "Euro", "shortName": "EUR", "code": "EUR"},
		},
	}
	if hasMG {
		info["mgTransport"] = map[string]any{"endpointUrl": base + "/mg", "token": token}
	}
	status := http.StatusOK
	if !exists {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"success": true, "info": info})
}

// checkModule validates an IntegrationModule like the CRM's form does.
func checkModule(code string, data map[string]any) map[string]string {
	errs := map[string]string{}
	for _, f := range []string{"code", "integrationCode", "name", "clientId", "baseUrl"} {
		if str(data, f) == "" {
			errs[f] = "This value should not be blank."
		}
	}
	if v := str(data, "code"); v != "" && v != code {
		errs["code"] = "The code must match the code in the URL."
	}
	if v := str(data, "baseUrl"); v != "" && !absoluteURL(v) {
		errs["baseUrl"] = "This value is not a valid URL."
	}
	if mg := obj(obj(data, "integrations"), "mgTransport"); mg != nil && !absoluteURL(str(mg, "webhookUrl")) {
		errs["integrations.mgTransport.webhookUrl"] = "This value is not a valid URL."
	}
	return errs
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// getModule handles GET /api/v5/integration-modules/{code}.
func (c *CRM) getModule(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.apiKey(w, r, "integration_read"); !ok {
		return
	}
	data, ok := c.Module(r.PathValue("code"))
	if !ok {
		writeCRMError(w, http.StatusNotFound, "Not found", nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "integrationModule": data})
}

// Module returns what the module registered under code.
func (c *CRM) Module(code string) (map[string]any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.modules[code]
	if !ok {
		return nil, false
	}
	return cloneMap(m.data), true
}

// MGToken returns the transport token issued to module code ("" if none).
func (c *CRM) MGToken(code string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.modules[code]; ok {
		return m.token
	}
	return ""
}

// SendActivity tells module code that it was (de)activated or frozen, the way
// the CRM does: a form POST of clientId, activity JSON and systemUrl to
// baseUrl + actions.activity. A non-2xx answer is an error.
func (c *CRM) SendActivity(code string, active, freeze bool) error {
	c.mu.Lock()
	m, ok := c.modules[code]
	var action, target, clientID string
	if ok {
		m.data["active"], m.data["freeze"] = active, freeze
		action = str(obj(m.data, "actions"), "activity")
		target = strings.TrimSuffix(str(m.data, "baseUrl"), "/") + "/" + strings.TrimPrefix(action, "/")
		clientID = str(m.data, "clientId")
	}
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("sim: no module %q", code)
	}
	if action == "" || !absoluteURL(target) {
		return errors.New("sim: module has no activity action")
	}
	activity, _ := json.Marshal(map[string]bool{"active": active, "freeze": freeze})
	form := url.Values{"clientId": {clientID}, "activity": {string(activity)}, "systemUrl": {c.systemURL()}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("sim: activity request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("sim: post activity: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	c.changed()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sim: activity answered %d: %s", resp.StatusCode, body)
	}
	return nil
}

package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/store"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// startPageEnv runs a connected sandbox with the page, on SQLite, and stops
// it with the test.
func startPageEnv(t *testing.T, speed float64) *Env {
	t.Helper()
	e, err := Start(context.Background(), Options{Connect: true, Speed: speed, Extra: mountPage,
		DatabaseURL: store.TestDatabases(t)["sqlite"], SecretKey: "page-test-secret-key-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// pageCall makes one request to the page's API and parses the JSON answer.
func pageCall(t *testing.T, e *Env, method, path, contentType string, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, e.ModuleURL+"/sandbox/api/"+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s answered %s: %s", method, path, ct, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	return resp.StatusCode, out
}

// pagePost posts v as JSON and wants 200.
func pagePost(t *testing.T, e *Env, path string, v any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(v)
	st, out := pageCall(t, e, "POST", path, "application/json", b)
	if st != http.StatusOK {
		t.Fatalf("POST %s %s: %d %v", path, b, st, out)
	}
	return out
}

// readState reads what the page shows.
func readState(t *testing.T, e *Env) pageState {
	t.Helper()
	resp, err := http.Get(e.ModuleURL + "/sandbox/api/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s pageState
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// eventually waits until cond holds for the page's state; it fails the test
// with the last state after 20 s.
func eventually(t *testing.T, e *Env, what string, cond func(s pageState) bool) pageState {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := readState(t, e)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; the page shows:\ncustomer %+v\noperator %+v", what, s.Customer, s.Operator)
		}
		time.Sleep(30 * time.Millisecond) // polling the module's asynchronous work, not an assertion
	}
}

// findPhone returns the phone's bubble from whom with text.
func findPhone(s pageState, from, text string) (phoneItem, bool) {
	i := slices.IndexFunc(s.Customer, func(it phoneItem) bool { return it.From == from && it.Text == text })
	if i < 0 {
		return phoneItem{}, false
	}
	return s.Customer[i], true
}

// findChat returns the chat's message from whom with text.
func findChat(s pageState, from, text string) (chatItem, bool) {
	i := slices.IndexFunc(s.Operator, func(it chatItem) bool { return it.From == from && it.Text == text })
	if i < 0 {
		return chatItem{}, false
	}
	return s.Operator[i], true
}

// loadCRMTemplate puts the sample template order_ready into the CRM chat
// through MessageGateway's API, as the module's template sync does, unless
// the sync already did.
func loadCRMTemplate(t *testing.T, e *Env) string {
	t.Helper()
	const code = "order_ready.en"
	for _, tpl := range e.CRM.Templates(e.ChannelID) {
		if tpl.Code == code {
			return code
		}
	}
	body, _ := json.Marshal(map[string]any{
		"code": code, "name": "order_ready", "type": "text", "lang": "en", "category": "utility", "enabled": true,
		"header": map[string]any{"content": map[string]any{"type": "text", "body": "Your order is ready"}},
		"body":   "Hello {{1}}, your order {{2}} is ready for pickup at {{3}}.", "footer": "Sandbox shop",
		"buttons": map[string]any{"items": []any{
			map[string]any{"type": "plain", "label": "I'll come today"},
			map[string]any{"type": "plain", "label": "Deliver it, please"},
		}},
	})
	req, _ := http.NewRequest("POST", e.CRMURL+"/mg/api/transport/v1/channels/"+strconv.FormatInt(e.ChannelID, 10)+"/templates",
		bytes.NewReader(body))
	req.Header.Set("X-Transport-Token", e.CRM.MGToken("waba-transport"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusBadRequest { // 400: the sync was first
		t.Fatalf("activate template in MessageGateway: %d", resp.StatusCode)
	}
	return code
}

// golden compares got (JSON) with testdata/name, parsed; -update rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		var buf bytes.Buffer
		if err := json.Indent(&buf, got, "", "  "); err != nil {
			t.Fatal(err)
		}
		buf.WriteByte('\n')
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

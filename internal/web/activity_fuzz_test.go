package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseActivity feeds arbitrary form bodies to the CRM's activity
// callback parser: it must never panic, and must accept only a body with a
// client id and an activity object that says whether the module is active.
func FuzzParseActivity(f *testing.F) {
	f.Add("clientId=abc&activity=%7B%22active%22%3Atrue%2C%22freeze%22%3Afalse%7D&systemUrl=https%3A%2F%2Fx")
	f.Add("clientId=&activity=")
	f.Add("activity=%7B%22active%22%3Anull%7D&clientId=x")
	f.Add("%%%&&&==")
	f.Add("clientId=0&activity=%7B%22ACtive%22%3Atrue%2C\"0000000%22%3Afalse%7D") // keys match exactly
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/actions/activity", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return
		}
		a, err := parseActivity(r)
		if err == nil && (a.ClientID == "" || !strings.Contains(r.PostForm.Get("activity"), "active")) {
			t.Fatalf("accepted %q as %+v", body, a)
		}
	})
}

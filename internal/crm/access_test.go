package crm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/problem"
)

func TestMissingAccess(t *testing.T) {
	t.Parallel()
	all := []string{"integration_read", "integration_write", "order_read", "order_write", "customer_read"}
	cases := []struct {
		name string
		c    Credentials
		want []string
	}{
		{"everything", Credentials{SiteAccess: "access_full", Scopes: all}, nil},
		{"selected stores only", Credentials{SiteAccess: "access_selective", Scopes: all}, []string{AccessSiteFull}},
		{"no integration write", Credentials{SiteAccess: "access_full", Scopes: []string{"integration_read", "order_read", "order_write"}},
			[]string{AccessIntegrationWrite}},
		{"nothing", Credentials{}, []string{AccessSiteFull, AccessIntegrationRead, AccessIntegrationWrite, AccessOrderRead, AccessOrderWrite}},
		{"old key with method paths only",
			Credentials{SiteAccess: "access_full", Credentials: []string{"/api/integration-modules/{code}/edit"}},
			[]string{AccessIntegrationRead, AccessIntegrationWrite, AccessOrderRead, AccessOrderWrite}},
	}
	for _, tc := range cases {
		if d := cmp.Diff(tc.want, MissingAccess(tc.c)); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
}

func TestMissingAccessError(t *testing.T) {
	t.Parallel()
	err := MissingAccessError([]string{AccessSiteFull, AccessOrderWrite})
	if err.Kind != problem.Forbidden || err.Key != "crm.missing_access" {
		t.Fatalf("got %v", err)
	}
	want := map[string]any{
		"List": problem.Keys{"crm.missing.site_access_full", "crm.missing.order_write"},
	}
	if d := cmp.Diff(want, err.Args); d != "" {
		t.Error(d)
	}
}

// TestMessagesExist checks that every key this package can produce has a
// text in all four languages (read from the files, since crm must not import
// the locale package).
func TestMessagesExist(t *testing.T) {
	t.Parallel()
	keys := []string{
		"crm.url_invalid", "crm.key_invalid", "crm.payment_required", "crm.not_found", "crm.refused",
		"crm.unreachable", "crm.chat_unavailable", "crm.missing_access",
	}
	for _, id := range []string{AccessSiteFull, AccessIntegrationRead, AccessIntegrationWrite, AccessOrderRead, AccessOrderWrite} {
		keys = append(keys, "crm.missing."+id)
	}
	for _, lang := range []string{"en", "es", "ru", "pt"} {
		b, err := os.ReadFile(filepath.Join("..", "locale", "messages", "crm."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, k := range keys {
			if m[k] == "" {
				t.Errorf("crm.%s.json lacks %s", lang, k)
			}
		}
		if len(m) != len(keys) {
			t.Errorf("crm.%s.json has %d keys, the package uses %d", lang, len(m), len(keys))
		}
	}
}

package web

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"waba-transport/internal/locale"
	"waba-transport/internal/problem"
)

func TestMissingAccessListIsTranslated(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	u := newUI(slog.New(slog.DiscardHandler), cat, "http://x")
	r := httptest.NewRequest("POST", "/api/v1/connections", nil)
	err = problem.New(problem.Forbidden, "crm.missing_access", "List",
		problem.Keys{"crm.missing.integration_write", "crm.missing.order_read"})
	v := u.judge(r, err, "es")
	want := cat.T("es", "crm.missing.integration_write", nil)
	if v.Status != 403 || !strings.Contains(v.Message, want) || strings.Contains(v.Message, "crm.missing.") {
		t.Fatalf("message %q does not list the translated scopes", v.Message)
	}
}

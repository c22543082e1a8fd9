package web

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/problem"
)

// The CRM's manual template sync action, at the URL registered in the CRM or
// with clientId in the body; answered like the activity callback.
func TestTemplatesSyncAction(t *testing.T) {
	t.Parallel()
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}
	json := []string{"Content-Type", "application/json"}
	for name, tc := range map[string]struct {
		path, body string
		headers    []string
		failure    error
		wantStatus int
		wantBody   map[string]any
		wantSynced []string
	}{
		"client id in the path": {"/actions/templates-sync/cid-1", "", nil, nil, 200,
			map[string]any{"success": true}, []string{"cid-1"}},
		"client id in a form": {"/actions/templates-sync", "clientId=cid-1", form, nil, 200,
			map[string]any{"success": true}, []string{"cid-1"}},
		"client id in JSON": {"/actions/templates-sync", `{"clientId":"cid-1"}`, json, nil, 200,
			map[string]any{"success": true}, []string{"cid-1"}},
		"unknown client": {"/actions/templates-sync/cid-nope", "", nil, nil, 400,
			map[string]any{"success": false, "error": "Unknown connection."}, nil},
		"unknown client in a form": {"/actions/templates-sync", "clientId=cid-nope", form, nil, 400,
			map[string]any{"success": false, "error": "Unknown connection."}, nil},
		"no client id": {"/actions/templates-sync", "x=1", form, nil, 400,
			map[string]any{"success": false, "error": "Wrong data: clientId is required."}, nil},
		"broken JSON": {"/actions/templates-sync", `{"clientId":`, json, nil, 400,
			map[string]any{"success": false, "error": "Bad JSON: unexpected EOF"}, nil},
		"our failure": {"/actions/templates-sync/cid-1", "", nil, problem.Wrap(errors.New("db"), problem.Internal, "error.internal"), 500,
			map[string]any{"success": false, "error": "Internal trouble."}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sync := &fakeSync{known: map[string]bool{"cid-1": true}, err: tc.failure}
			b := setup(t, func(d *Deps) { d.TemplateSync = sync })
			w := b.do(http.MethodPost, tc.path, tc.body, tc.headers...)
			wantStatus(t, w, tc.wantStatus)
			if diff := cmp.Diff(tc.wantBody, decodeBody(t, w.Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantSynced, sync.conns); diff != "" {
				t.Errorf("SyncConnection calls (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("without template sync", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		wantStatus(t, b.do(http.MethodPost, "/actions/templates-sync/cid-1", ""), http.StatusNotFound)
	})
}

package web

import (
	"net/http"
	"strings"

	"waba-transport/internal/problem"
)

// syncActionInput is the JSON body the CRM may send to the sync action.
type syncActionInput struct {
	ClientID string `json:"clientId"`
}

// handleConnectionSync is the CRM's manual template sync action
// (integration module's mgTransport.actions.manualTemplatesSync): it queues
// a template sync of every active number of the connection. The connection
// is named by the path (the URL registered in the CRM) or by clientId in a
// form or JSON body, and authenticated by that secret alone. Replies as the
// activity callback does: {"success":true}; a refusal is a 400
// {"success":false,"error":...}; a failure on our side keeps its 5xx so the
// CRM may try again.
func handleConnectionSync(u *ui, sync TemplateSync) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clientID := r.PathValue("clientID")
		var err error
		if clientID == "" {
			clientID, err = syncActionClient(w, r)
		}
		if err == nil {
			err = sync.SyncConnection(r.Context(), clientID)
		}
		if err != nil {
			v := u.judge(r, err, apiLang(r))
			if v.Status < 500 {
				v.Status = http.StatusBadRequest
			}
			writeJSON(w, v.Status, activityReply{Error: v.Message})
			return
		}
		writeJSON(w, http.StatusOK, activityReply{Success: true})
	})
}

// syncActionClient reads clientId from a JSON or form body.
func syncActionClient(w http.ResponseWriter, r *http.Request) (string, error) {
	var id string
	if strings.Contains(r.Header.Get("Content-Type"), "json") {
		in, err := decodeJSON[syncActionInput](w, r)
		if err != nil {
			return "", err
		}
		id = in.ClientID
	} else {
		if err := parseForm(w, r); err != nil {
			return "", err
		}
		id = r.PostForm.Get("clientId")
	}
	if id = strings.TrimSpace(id); id == "" {
		return "", problem.New(problem.Invalid, "web.error.bad_sync_action")
	}
	return id, nil
}

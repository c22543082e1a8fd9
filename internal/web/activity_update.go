package web

import (
	"encoding/json"
	"net/http"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// activityReply is the answer the CRM expects from the activity callback.
type activityReply struct {
	Success bool   `json:"success"`
	Error   string `json:"error,omitempty"`
}

// handleActivityUpdate takes the CRM's activity callback: a form post with
// clientId, activity ({"active":bool,"freeze":bool}) and systemUrl, sent when
// the module is switched on or off or the CRM account is frozen. The caller
// is authenticated by the clientId alone. Replies {"success":true}; any
// refusal is a 400 {"success":false,"error":...} (what the CRM knows), a
// failure on our side keeps its 5xx so the CRM may try again.
func handleActivityUpdate(u *ui, accounts Accounts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := parseForm(w, r)
		var act account.Activity
		if err == nil {
			act, err = parseActivity(r)
		}
		if err == nil {
			err = accounts.Activity(r.Context(), act)
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

// parseActivity reads the callback's form fields.
func parseActivity(r *http.Request) (account.Activity, error) {
	f := r.PostForm
	a := account.Activity{ClientID: f.Get("clientId"), SystemURL: f.Get("systemUrl")}
	// Keys are matched exactly (encoding/json's struct fields would also take
	// "ACTIVE"): the CRM sends "active" and "freeze", and nothing else counts.
	var fields map[string]json.RawMessage
	var active, freeze bool
	bad := a.ClientID == "" || json.Unmarshal([]byte(f.Get("activity")), &fields) != nil ||
		fields["active"] == nil || string(fields["active"]) == "null" || json.Unmarshal(fields["active"], &active) != nil ||
		(fields["freeze"] != nil && json.Unmarshal(fields["freeze"], &freeze) != nil)
	if bad {
		return a, problem.New(problem.Invalid, "web.error.bad_activity")
	}
	a.Active, a.Freeze = active, freeze
	return a, nil
}

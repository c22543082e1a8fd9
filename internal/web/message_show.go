package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"waba-transport/internal/problem"
	"waba-transport/internal/relay"
)

// handleMessageShow shows the message trail page of a number: a search box
// for a message id and, when one is given, every step of that message. After
// a replay (?done=replayed) it says what the replay did.
func handleMessageShow(u *ui, accounts Accounts, msgs Messages) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.msgLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		q := r.URL.Query()
		if q.Get("done") == "replayed" {
			hooks, _ := strconv.Atoi(q.Get("webhooks"))
			jobs, _ := strconv.Atoi(q.Get("jobs"))
			p.Flash = p.T("web.replay.done", "Webhooks", hooks, "Jobs", jobs)
		}
		status := http.StatusOK
		t := p.Trail
		if t.Ref = strings.TrimSpace(q.Get("ref")); t.Ref != "" {
			// Switching language keeps the message on the page.
			p.LangPath += "?" + url.Values{"ref": {t.Ref}}.Encode()
			var found relay.Trail
			var err error = problem.New(problem.NotFound, "relay.message_not_found") // an over-long id names nothing
			if len(t.Ref) <= maxRef {
				found, err = msgs.Trail(r.Context(), p.ClientID, t.Account.ID, t.Ref)
			}
			if err == nil {
				t.show(p, found)
			} else {
				v := u.judge(r, err, p.Lang)
				p.Error, status = v.Message, v.Status
			}
		}
		u.renderTrail(w, r, status, p)
	})
}

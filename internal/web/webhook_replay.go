package web

import (
	"net/http"
	"net/url"
	"strconv"

	"waba-transport/internal/relay"
)

// handleWebhookReplay re-runs the number's stored 360dialog webhooks received
// in the range of the trail page's replay form (datetime-local, UTC) and
// returns to the page, which says how many webhooks ran and how many new
// messages and statuses they brought. A wrong range shows the page again
// with the reason and the entered values.
func handleWebhookReplay(u *ui, accounts Accounts, msgs Messages) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseForm(w, r); err != nil {
			u.writeError(w, r, err)
			return
		}
		p, err := u.msgLoad(w, r, accounts)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		t, f := p.Trail, r.PostForm
		from, to, err := parseReplayRange(f.Get("from"), f.Get("to"))
		var res relay.Replayed
		if err == nil {
			res, err = msgs.Replay(r.Context(), p.ClientID, t.Account.ID, 0, from, to)
		}
		if err != nil {
			u.replayFailed(w, r, p, err)
			return
		}
		q := url.Values{"done": {"replayed"}, "webhooks": {strconv.Itoa(res.Webhooks)}, "jobs": {strconv.Itoa(res.Jobs)}}
		if ref := f.Get("ref"); ref != "" && len(ref) <= maxRef {
			q.Set("ref", ref) // the page keeps showing the message it showed
		}
		http.Redirect(w, r, t.Base+"?"+q.Encode(), http.StatusSeeOther)
	})
}

// replayFailed shows the trail page again with the reason and the range the
// person entered.
func (u *ui) replayFailed(w http.ResponseWriter, r *http.Request, p *page, err error) {
	v := u.judge(r, err, p.Lang)
	p.Error = v.Message
	p.Trail.From, p.Trail.To = r.PostForm.Get("from"), r.PostForm.Get("to")
	u.renderTrail(w, r, v.Status, p)
}

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/delivery"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/relay"
	"waba-transport/internal/store"
)

// maxRef bounds a searched message id: real ones (MessageGateway digits, a
// wamid) are well under 200 characters, so longer input names no message.
const maxRef = 200

// replayInputLayout is what an <input type="datetime-local"> posts; the page
// labels the fields as UTC, the zone every time on the pages is shown in.
const replayInputLayout = "2006-01-02T15:04"

// trailPage is the data of the message trail page of one number.
type trailPage struct {
	Account  account.Account
	Base     string // the page's path: /settings/{clientID}/accounts/{id}/messages
	Replay   string // where the replay form posts
	Settings string // the settings page's path
	Ref      string // the searched message id

	// Found is set when Ref named a message; the rest describes it.
	Found     *relay.Trail
	Direction string
	State     string
	Steps     []trailStep

	From, To string // the replay form's range (datetime-local values, UTC)
}

// trailStep is one event of a trail in words.
type trailStep struct {
	At     string // e.g. 2026-11-24 14:19:22 UTC
	Text   string // what happened, in the page language
	Detail string // technical detail as recorded (webhook id, WhatsApp's reason)
	Tone   string // ok, warn, bad or "" (neutral): the colour of its dot
}

// msgBase is the path of a number's message trail page.
func msgBase(clientID string, accountID int64) string {
	return "/settings/" + url.PathEscape(clientID) + "/accounts/" + strconv.FormatInt(accountID, 10) + "/messages"
}

// msgLoad loads a number's message trail page (see loadNumberPage).
func (u *ui) msgLoad(w http.ResponseWriter, r *http.Request, accounts Accounts) (*page, error) {
	np, err := u.loadNumberPage(w, r, accounts, "account.not_found")
	if err != nil {
		return nil, err
	}
	clientID, conn, acc, lang := np.clientID, np.conn, &np.acc, np.lang
	id := acc.ID
	base := msgBase(clientID, id)
	// The default replay range is the last 24 hours, whole minutes.
	to := time.Now().UTC().Truncate(time.Minute).Add(time.Minute)
	return &page{
		cat: u.cat, Lang: lang, TitleKey: "web.trail.title", ClientID: clientID, Conn: conn, LangPath: base,
		Trail: &trailPage{Account: *acc, Base: base, Replay: strings.TrimSuffix(base, "/messages") + "/replay",
			Settings: settingsPath(clientID, ""), From: to.Add(-24 * time.Hour).Format(replayInputLayout),
			To: to.Format(replayInputLayout)},
	}, nil
}

// renderTrail writes the message trail page, embeddable by the connection's CRM.
func (u *ui) renderTrail(w http.ResponseWriter, r *http.Request, status int, p *page) {
	u.render(w, r, status, "message_trail", p, frameAncestorsFor(p.Conn.CRMURL))
}

// show puts a found trail on the page, in words.
func (t *trailPage) show(p *page, found relay.Trail) {
	t.Found = &found
	t.Direction = p.T(directionKeys[found.Direction])
	if key, ok := stateKeys[found.State]; ok {
		t.State = p.T(key)
	} else {
		t.State = found.State
	}
	for _, ev := range found.Events {
		t.Steps = append(t.Steps, describeEvent(p, found.Direction, ev))
	}
}

// directionKeys name the two directions of a message.
var directionKeys = map[string]string{
	"inbound":  "web.trail.direction.inbound",
	"outbound": "web.trail.direction.outbound",
}

// stateKeys name the states of outbound messages (package delivery) and of
// inbound ones (pending until the CRM chat has them, then delivered).
var stateKeys = map[string]string{
	string(delivery.StateQueued):      "web.trail.state.queued",
	string(delivery.StateSent):        "web.trail.state.sent",
	string(delivery.StateDelivered):   "web.trail.state.delivered",
	string(delivery.StateRead):        "web.trail.state.read",
	string(delivery.StateFailed):      "web.trail.state.failed",
	string(delivery.StateResending):   "web.trail.state.resending",
	string(delivery.StateUndelivered): "web.trail.state.undelivered",
	string(delivery.StateCancelled):   "web.trail.state.cancelled",
	"pending":                         "web.trail.state.pending",
}

// statusKeys name WhatsApp's delivery statuses.
var statusKeys = map[string]string{
	dialog360.StatusSent:      "web.trail.status.sent",
	dialog360.StatusDelivered: "web.trail.status.delivered",
	dialog360.StatusRead:      "web.trail.status.read",
	dialog360.StatusPlayed:    "web.trail.status.played",
	dialog360.StatusFailed:    "web.trail.status.failed",
}

// reportKeys name what the module told the CRM chat (the relay records the
// delivery action).
var reportKeys = map[string]string{
	string(delivery.ActionReportSent):      "web.trail.report.sent",
	string(delivery.ActionReportDelivered): "web.trail.report.delivered",
	string(delivery.ActionReportRead):      "web.trail.report.read",
	string(delivery.ActionCancelResend):    "web.trail.report.read",
	string(delivery.ActionReportFailure):   "web.trail.report.failure",
}

// describeEvent puts one recorded step into words. The relay writes details
// in fixed English forms ("attempt 2", "attempt 1: 131047 Re-engagement
// message"); what cannot be read is shown as recorded, never dropped.
func describeEvent(p *page, direction string, ev store.Event) trailStep {
	s := trailStep{At: ev.At.UTC().Format("2006-01-02 15:04:05 UTC")}
	switch kind := ev.Kind; {
	case kind == relay.EventReceived && direction == "outbound":
		s.Text, s.Detail = p.T("web.trail.event.received_crm"), ev.Detail
	case kind == relay.EventReceived:
		s.Text, s.Detail = p.T("web.trail.event.received_whatsapp"), ev.Detail
	case kind == relay.EventRelayed:
		s.Text, s.Tone = p.T("web.trail.event.relayed"), "ok"
	case kind == relay.EventSent:
		s.Tone = "ok"
		var n int
		if _, err := fmt.Sscanf(ev.Detail, "attempt %d", &n); err != nil {
			s.Text, s.Detail = p.T("web.trail.event.sent_plain", "WAMID", ev.WAMID), ev.Detail
			break
		}
		s.Text = p.T("web.trail.event.sent", "Attempt", n, "WAMID", ev.WAMID)
	case kind == relay.EventSendError:
		var n int
		head, rest, _ := strings.Cut(ev.Detail, ": ")
		codeText, reason, _ := strings.Cut(rest, " ")
		_, err1 := fmt.Sscanf(head, "attempt %d", &n)
		code, err2 := strconv.Atoi(codeText)
		if err1 != nil || err2 != nil {
			s.Text, s.Detail, s.Tone = p.T("web.trail.event.send_error_plain"), ev.Detail, "bad"
			break
		}
		s.Text, s.Detail, s.Tone = p.T("web.trail.event.send_error", "Attempt", n, "Code", code), reason, "bad"
	case kind == relay.EventRefused:
		s.Text, s.Tone = p.T("web.trail.event.refused", "Reason", ev.Detail), "bad"
	case kind == relay.EventResendScheduled:
		at := ev.Detail
		if t, err := time.Parse(time.RFC3339, ev.Detail); err == nil {
			at = t.UTC().Format("2006-01-02 15:04:05 UTC")
		}
		s.Text, s.Tone = p.T("web.trail.event.resend_scheduled", "At", at), "warn"
	case kind == relay.EventResendStarted:
		s.Text, s.Tone = p.T("web.trail.event.resend_started"), "warn"
	case kind == relay.EventReported:
		action, inReply := strings.CutSuffix(ev.Detail, " (reply to message_sent)")
		what := action
		if key, ok := reportKeys[action]; ok {
			what = p.T(key)
		}
		if inReply {
			what += " " + p.T("web.trail.report.in_reply")
		}
		s.Text = p.T("web.trail.event.reported", "What", what)
		if action == string(delivery.ActionReportFailure) {
			s.Tone = "bad"
		}
	case strings.HasPrefix(kind, "status_"):
		status := strings.TrimPrefix(kind, "status_")
		name := status
		if key, ok := statusKeys[status]; ok {
			name = p.T(key)
		}
		var code int
		if _, err := fmt.Sscanf(ev.Detail, "error %d", &code); err == nil {
			s.Text = p.T("web.trail.event.status_error", "Status", name, "Code", code)
		} else {
			s.Text, s.Detail = p.T("web.trail.event.status", "Status", name), ev.Detail
		}
		switch status {
		case dialog360.StatusFailed:
			s.Tone = "bad"
		case dialog360.StatusDelivered, dialog360.StatusRead, dialog360.StatusPlayed:
			s.Tone = "ok"
		}
	default:
		s.Text, s.Detail = kind, ev.Detail
	}
	return s
}

// parseReplayRange reads the replay form's two datetime-local values as UTC.
func parseReplayRange(from, to string) (time.Time, time.Time, error) {
	f, err1 := parseLocalTime(from)
	t, err2 := parseLocalTime(to)
	if err1 != nil || err2 != nil || !f.Before(t) {
		return f, t, problem.New(problem.Invalid, "web.replay.bad_range")
	}
	return f, t, nil
}

// parseLocalTime accepts a datetime-local value with or without seconds.
func parseLocalTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(replayInputLayout, s)
	if err != nil {
		t, err = time.Parse(replayInputLayout+":05", s)
	}
	return t, err
}

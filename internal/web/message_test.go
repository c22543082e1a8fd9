package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/problem"
	"waba-transport/internal/relay"
	"waba-transport/internal/store"
)

// Two WhatsApp ids of the trail below; the first has a "/" and a "+", as
// base64 ids may.
const (
	trailWAMID1 = "wamid.HBgLMzQ2MDAwMDAwMDEVAgARGBI5/+QTNDQTVCM0M0Q0Q2RjY2NEYA"
	trailWAMID2 = "wamid.HBgLMzQ2MDAwMDAwMDEVAgARGBJCNjA0RjVGMzk1RTM3NDJBNDMA"
)

// sampleTrail is an operator's message as the relay records it: the first
// attempt failed at WhatsApp, the one resend went through and was read.
func sampleTrail() relay.Trail {
	at := func(min, sec int) time.Time { return time.Date(2026, 11, 24, 10, min, sec, 0, time.UTC) }
	return relay.Trail{
		Direction: "outbound", MGMessageID: 4211, WAMIDs: []string{trailWAMID1, trailWAMID2}, State: "read",
		Events: []store.Event{
			{MGMessageID: 4211, Kind: relay.EventReceived, Detail: "message_sent, type text", At: at(0, 0)},
			{MGMessageID: 4211, WAMID: trailWAMID1, Kind: relay.EventSent, Detail: "attempt 1", At: at(0, 1)},
			{WAMID: trailWAMID1, Kind: "status_failed", Detail: "error 131026", At: at(0, 5)},
			{MGMessageID: 4211, Kind: relay.EventResendScheduled, Detail: "2026-11-24T10:09:35Z", At: at(0, 5)},
			{MGMessageID: 4211, Kind: relay.EventResendStarted, At: at(9, 35)},
			{MGMessageID: 4211, WAMID: trailWAMID2, Kind: relay.EventSent, Detail: "attempt 2", At: at(9, 36)},
			{MGMessageID: 4211, WAMID: trailWAMID2, Kind: relay.EventReported, Detail: "report_sent", At: at(9, 37)},
			{WAMID: trailWAMID2, Kind: "status_delivered", At: at(9, 40)},
			{WAMID: trailWAMID2, Kind: "status_read", At: at(12, 0)},
			{MGMessageID: 4211, WAMID: trailWAMID2, Kind: relay.EventReported, Detail: "report_read", At: at(12, 1)},
		},
	}
}

// trailStore answers like the relay for connection cid-1, whose number 7
// has the message of sampleTrail: an unknown client id is Unauthorized, a
// number of another connection NotFound, an unknown ref NotFound.
func trailStore(calls *[]string) *fakeTrails { return trailStoreFor("cid-1", 7, calls) }

// trailStoreFor is trailStore for another connection and number.
func trailStoreFor(ownClient string, ownAccount int64, calls *[]string) *fakeTrails {
	var mu sync.Mutex
	own := func(clientID string, accountID int64) error {
		if clientID != ownClient {
			return problem.New(problem.Unauthorized, "error.unauthorized")
		}
		if accountID != ownAccount {
			return problem.New(problem.NotFound, "account.not_found")
		}
		return nil
	}
	return &fakeTrails{
		TrailFunc: func(_ context.Context, clientID string, accountID int64, ref string) (relay.Trail, error) {
			if calls != nil {
				mu.Lock()
				*calls = append(*calls, ref)
				mu.Unlock()
			}
			if err := own(clientID, accountID); err != nil {
				return relay.Trail{}, err
			}
			if ref == "4211" || ref == trailWAMID1 || ref == trailWAMID2 {
				return sampleTrail(), nil
			}
			return relay.Trail{}, problem.New(problem.NotFound, "relay.message_not_found")
		},
		ReplayFunc: func(_ context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error) {
			if err := own(clientID, accountID); err != nil {
				return relay.Replayed{}, err
			}
			if webhookID == 0 && !from.Before(to) {
				return relay.Replayed{}, problem.New(problem.Invalid, "relay.replay_range")
			}
			return relay.Replayed{Webhooks: 3, Jobs: 2}, nil
		},
	}
}

func TestAPIMessageTrail(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		path       string
		wantStatus int
		wantCode   string // error code; empty: the trail
		wantRef    string // what Trail was asked; empty: not called
	}{
		"by CRM chat id":         {"/api/v1/connections/cid-1/accounts/7/messages/4211", 200, "", "4211"},
		"by WhatsApp id":         {"/api/v1/connections/cid-1/accounts/7/messages/" + trailWAMID1, 200, "", trailWAMID1},
		"unknown message":        {"/api/v1/connections/cid-1/accounts/7/messages/wamid.nope", 404, "relay.message_not_found", "wamid.nope"},
		"unknown connection":     {"/api/v1/connections/cid-2/accounts/7/messages/4211", 401, "error.unauthorized", "4211"},
		"other connection's no.": {"/api/v1/connections/cid-1/accounts/9/messages/4211", 404, "account.not_found", "4211"},
		"malformed number id":    {"/api/v1/connections/cid-1/accounts/x/messages/4211", 404, "error.not_found", ""},
		"over-long ref":          {"/api/v1/connections/cid-1/accounts/7/messages/" + strings.Repeat("9", 300), 404, "relay.message_not_found", ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var calls []string
			b := setup(t, func(d *Deps) { d.Messages = trailStore(&calls) })
			w := b.do(http.MethodGet, tc.path, "")
			wantStatus(t, w, tc.wantStatus)
			if tc.wantCode == "" {
				golden(t, "api_message_trail.json", w.Body.Bytes())
			} else if e := parseError(t, w); e.Error.Code != tc.wantCode || e.Error.Message == "" {
				t.Errorf("error = %+v, want code %s", e, tc.wantCode)
			}
			var want []string
			if tc.wantRef != "" {
				want = []string{tc.wantRef}
			}
			if diff := cmp.Diff(want, calls); diff != "" {
				t.Errorf("Trail calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPIReplay(t *testing.T) {
	t.Parallel()
	type call struct {
		WebhookID int64
		From, To  time.Time
	}
	ten := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		path, body string
		wantStatus int
		wantCode   string
		wantCall   *call
	}{
		"one webhook":        {"", `{"webhook_id":12}`, 200, "", &call{WebhookID: 12}},
		"a time range":       {"", `{"from":"2026-11-24T10:00:00Z","to":"2026-11-24T12:30:00+01:00"}`, 200, "", &call{From: ten, To: ten.Add(90 * time.Minute)}},
		"range ends first":   {"", `{"from":"2026-11-24T10:00:00Z","to":"2026-11-24T09:00:00Z"}`, 422, "relay.replay_range", &call{From: ten, To: ten.Add(-time.Hour)}},
		"nothing to replay":  {"", `{}`, 422, "web.replay.bad_input", nil},
		"both forms":         {"", `{"webhook_id":12,"from":"2026-11-24T10:00:00Z","to":"2026-11-24T11:00:00Z"}`, 422, "web.replay.bad_input", nil},
		"half a range":       {"", `{"from":"2026-11-24T10:00:00Z"}`, 422, "web.replay.bad_input", nil},
		"negative id":        {"", `{"webhook_id":-1}`, 422, "web.replay.bad_input", nil},
		"not JSON":           {"", `webhook_id=12`, 400, "error.bad_json", nil},
		"not a time":         {"", `{"from":"yesterday","to":"today"}`, 400, "error.bad_json", nil},
		"unknown connection": {"/api/v1/connections/cid-2/accounts/7/replay", `{"webhook_id":12}`, 401, "error.unauthorized", &call{WebhookID: 12}},
		"other connection's": {"/api/v1/connections/cid-1/accounts/9/replay", `{"webhook_id":12}`, 404, "account.not_found", &call{WebhookID: 12}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := trailStore(nil)
			var got *call
			replay := fake.ReplayFunc
			fake.ReplayFunc = func(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error) {
				got = &call{webhookID, from.UTC(), to.UTC()}
				return replay(ctx, clientID, accountID, webhookID, from, to)
			}
			b := setup(t, func(d *Deps) { d.Messages = fake })
			path := tc.path
			if path == "" {
				path = "/api/v1/connections/cid-1/accounts/7/replay"
			}
			w := b.do(http.MethodPost, path, tc.body, "Content-Type", "application/json")
			wantStatus(t, w, tc.wantStatus)
			if tc.wantCode == "" {
				if diff := cmp.Diff(map[string]any{"webhooks": 3.0, "jobs": 2.0}, decodeBody(t, w.Body)); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			} else if e := parseError(t, w); e.Error.Code != tc.wantCode || e.Error.Message == "" {
				t.Errorf("error = %+v, want code %s", e, tc.wantCode)
			}
			if diff := cmp.Diff(tc.wantCall, got); diff != "" {
				t.Errorf("Replay call (-want +got):\n%s", diff)
			}
		})
	}
}

// Without the trail service the page and the API do not exist.
func TestMessageRoutesNeedTheService(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withSettings(b, "en")
	for _, r := range []struct{ method, path, body string }{
		{http.MethodGet, "/settings/cid-1/accounts/7/messages?ref=4211", ""},
		{http.MethodPost, "/settings/cid-1/accounts/7/replay", "from=2026-11-24T10:00&to=2026-11-24T11:00"},
		{http.MethodGet, "/api/v1/connections/cid-1/accounts/7/messages/4211", ""},
		{http.MethodPost, "/api/v1/connections/cid-1/accounts/7/replay", `{"webhook_id":1}`},
	} {
		w := b.do(r.method, r.path, r.body, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		wantStatus(t, w, http.StatusNotFound)
	}
	w := b.do(http.MethodGet, "/settings/cid-1", "")
	mustNotContain(t, w.Body.String(), "/accounts/7/messages", b.deps.Catalog.T("en", "web.trail.open", nil))
}

// Each kind of step reads as words; details the relay wrote in an
// unexpected form are shown as recorded rather than lost.
func TestTrailSteps(t *testing.T) {
	t.Parallel()
	cat := testCatalog(t)
	p := &page{cat: cat, Lang: "en"}
	at := time.Date(2026, 11, 24, 10, 0, 7, 0, time.UTC)
	for _, tc := range []struct {
		dir  string
		ev   store.Event
		want trailStep
	}{
		{"inbound", store.Event{Kind: "received", Detail: "webhook 12, type text"}, trailStep{Text: "Received from WhatsApp", Detail: "webhook 12, type text"}},
		{"outbound", store.Event{Kind: "received", Detail: "message_sent, type text"}, trailStep{Text: "Received from the CRM chat", Detail: "message_sent, type text"}},
		{"inbound", store.Event{Kind: "relayed"}, trailStep{Text: "Relayed to the CRM chat", Tone: "ok"}},
		{"outbound", store.Event{Kind: "sent", WAMID: "wamid.A", Detail: "attempt 2"}, trailStep{Text: "Sent to WhatsApp (attempt 2, WhatsApp id wamid.A)", Tone: "ok"}},
		{"outbound", store.Event{Kind: "sent", WAMID: "wamid.A", Detail: "odd"}, trailStep{Text: "Sent to WhatsApp (WhatsApp id wamid.A)", Detail: "odd", Tone: "ok"}},
		{"outbound", store.Event{Kind: "send_error", Detail: "attempt 1: 131047 Re-engagement message"}, trailStep{Text: "WhatsApp refused attempt 1 (error 131047)", Detail: "Re-engagement message", Tone: "bad"}},
		{"outbound", store.Event{Kind: "send_error", Detail: "timeout"}, trailStep{Text: "WhatsApp refused the message", Detail: "timeout", Tone: "bad"}},
		{"outbound", store.Event{Kind: "refused", Detail: "The file is too large"}, trailStep{Text: "Refused before sending: The file is too large", Tone: "bad"}},
		{"outbound", store.Event{Kind: "resend_scheduled", Detail: "2026-11-24T10:09:35Z"}, trailStep{Text: "Resend scheduled at 2026-11-24 10:09:35 UTC", Tone: "warn"}},
		{"outbound", store.Event{Kind: "resend_started"}, trailStep{Text: "Second attempt started", Tone: "warn"}},
		{"outbound", store.Event{Kind: "reported", Detail: "report_failure"}, trailStep{Text: "Reported to the CRM chat: not delivered, with the reason", Tone: "bad"}},
		{"outbound", store.Event{Kind: "reported", Detail: "report_sent (reply to message_sent)"}, trailStep{Text: "Reported to the CRM chat: sent, with its WhatsApp id (in the answer to the CRM's request)"}},
		{"outbound", store.Event{Kind: "status_delivered"}, trailStep{Text: "WhatsApp status: delivered", Tone: "ok"}},
		{"outbound", store.Event{Kind: "status_failed", Detail: "error 131026"}, trailStep{Text: "WhatsApp status: failed (error 131026)", Tone: "bad"}},
		{"outbound", store.Event{Kind: "status_deleted"}, trailStep{Text: "WhatsApp status: deleted"}},
		{"outbound", store.Event{Kind: "something_new", Detail: "x"}, trailStep{Text: "something_new", Detail: "x"}},
	} {
		tc.ev.At = at
		tc.want.At = "2026-11-24 10:00:07 UTC"
		if diff := cmp.Diff(tc.want, describeEvent(p, tc.dir, tc.ev)); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tc.ev.Kind, tc.ev.Detail, diff)
		}
	}
}

package relay

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// Event kinds of a message's trail.
const (
	EventReceived        = "received"         // the module took the message (webhook stored)
	EventRelayed         = "relayed"          // an inbound message is in the CRM chat
	EventSent            = "sent"             // 360dialog accepted an attempt (detail: attempt n)
	EventSendError       = "send_error"       // an attempt was refused (detail: code and reason)
	EventRefused         = "refused"          // the module refused before sending (detail: reason)
	EventResendScheduled = "resend_scheduled" // detail: when
	EventResendStarted   = "resend_started"
	EventReported        = "reported" // told MessageGateway (detail: what)
)

// event appends a step to a message's trail; a failure is logged, not fatal.
func (r *Relay) event(ctx context.Context, q *store.Store, accountID, mgID int64, wamid, kind, detail string) {
	if err := q.AddEvent(ctx, store.Event{AccountID: accountID, MGMessageID: mgID, WAMID: wamid, Kind: kind,
		Detail: detail}); err != nil {
		r.log.Warn("trail: could not record event", "kind", kind, "error", err)
	}
}

// Trail is the whole path of one message.
type Trail struct {
	Direction   string        `json:"direction"` // inbound or outbound
	MGMessageID int64         `json:"mg_message_id,omitempty"`
	WAMIDs      []string      `json:"wamids"`
	State       string        `json:"state"`
	ErrorCode   int           `json:"error_code,omitempty"`
	Events      []store.Event `json:"events"`
}

// Trail finds a message of the connection by its MessageGateway id (digits)
// or WhatsApp id and returns its path.
func (r *Relay) Trail(ctx context.Context, clientID string, accountID int64, ref string) (Trail, error) {
	sess, err := r.acc.Session(ctx, clientID)
	if err != nil {
		return Trail{}, err
	}
	a, err := r.st.AccountByID(ctx, accountID)
	if err != nil || a.ConnectionID != sess.Conn.ID {
		return Trail{}, problem.New(problem.NotFound, "account.not_found")
	}
	if mgID, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if o, err := r.st.OutboundByMGID(ctx, a.ID, mgID); err == nil {
			return r.outboundTrail(ctx, o)
		}
	}
	if at, err := r.st.AttemptByWAMID(ctx, ref); err == nil {
		if o, err := r.st.OutboundByID(ctx, at.OutboundID); err == nil && o.AccountID == a.ID {
			return r.outboundTrail(ctx, o)
		}
	}
	in, err := r.st.InboundByWAMID(ctx, a.ID, ref)
	if errors.Is(err, store.ErrNotFound) {
		return Trail{}, problem.New(problem.NotFound, "relay.message_not_found")
	}
	if err != nil {
		return Trail{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	ev, err := r.st.Events(ctx, a.ID, in.MGMessageID, []string{in.WAMID})
	if err != nil {
		return Trail{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return Trail{Direction: "inbound", MGMessageID: in.MGMessageID, WAMIDs: []string{in.WAMID}, State: in.State,
		Events: inboundSteps(in, ev)}, nil
}

// inboundSteps adds an inbound message's own steps, kept in its row rather
// than as event rows (they are written for every message), to its other
// events, in time order.
func inboundSteps(in store.InboundMessage, ev []store.Event) []store.Event {
	steps := []store.Event{{AccountID: in.AccountID, WAMID: in.WAMID, Kind: EventReceived, At: in.CreatedAt,
		Detail: "webhook " + strconv.FormatInt(in.WebhookID, 10) + ", type " + in.Kind}}
	if in.DeliveredAt != nil && in.MGMessageID != 0 {
		steps = append(steps, store.Event{AccountID: in.AccountID, MGMessageID: in.MGMessageID, WAMID: in.WAMID,
			Kind: EventRelayed, At: *in.DeliveredAt})
	}
	out := append(steps, ev...)
	slices.SortStableFunc(out, func(a, b store.Event) int { return a.At.Compare(b.At) })
	return out
}

func (r *Relay) outboundTrail(ctx context.Context, o store.OutboundMessage) (Trail, error) {
	atts, err := r.st.Attempts(ctx, o.ID)
	if err != nil {
		return Trail{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	t := Trail{Direction: "outbound", MGMessageID: o.MGMessageID, State: o.State, ErrorCode: o.ErrorCode,
		WAMIDs: []string{}}
	for _, a := range atts {
		t.WAMIDs = append(t.WAMIDs, a.WAMID)
	}
	if t.Events, err = r.st.Events(ctx, o.AccountID, o.MGMessageID, t.WAMIDs); err != nil {
		return Trail{}, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return t, nil
}

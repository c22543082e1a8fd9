package relay

import (
	"context"
	"encoding/json"
	"errors"

	"waba-transport/internal/account"
	"waba-transport/internal/delivery"
	"waba-transport/internal/limit"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// sendJob is the payload of KindSend and KindResend jobs.
type sendJob struct {
	OutboundID int64 `json:"outbound_id"`
}

// Handle takes a MessageGateway webhook for the connection whose client id
// is clientID and returns the JSON reply.
func (r *Relay) Handle(ctx context.Context, clientID string, body []byte) (any, error) {
	sess, err := r.acc.Session(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if !r.mgRate.Allow(sess.Conn.ClientIDHash) {
		return nil, problem.New(problem.RateLimited, "error.rate_limited")
	}
	if err := limit.Depth(body, limit.MaxJSONDepth); err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}
	hook, err := mg.ParseWebhook(body)
	if err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}
	if !sess.Conn.Active || sess.Conn.Frozen {
		return nil, problem.New(problem.Conflict, "relay.module_inactive")
	}
	switch hook.Type {
	case "message_sent":
		return r.messageSent(ctx, sess, hook)
	case "message_read":
		return r.queueAction(ctx, sess, hook, actionRead)
	case "reaction_add":
		return r.queueAction(ctx, sess, hook, actionReact)
	case "reaction_delete":
		return r.queueAction(ctx, sess, hook, actionUnreact)
	case "message_deleted":
		return r.messageDeleted(ctx, sess, hook)
	case mg.WebhookTemplateCreate, mg.WebhookTemplateUpdate, mg.WebhookTemplateDelete:
		return r.templateWebhook(ctx, sess, hook) // package catalog: submitted to 360dialog
	case "message_updated":
		// WhatsApp has no edit for sent messages; say so rather than pretend.
		return nil, problem.New(problem.Invalid, "relay.cannot_edit")
	default:
		return nil, problem.New(problem.Invalid, "relay.webhook_unsupported", "Type", hook.Type)
	}
}

// accountOf finds the account of a channel within the session's connection.
func (r *Relay) accountOf(ctx context.Context, sess *account.Session, channelID int64) (store.Account, error) {
	a, err := r.st.AccountByChannel(ctx, sess.Conn.ID, channelID)
	if errors.Is(err, store.ErrNotFound) {
		return a, problem.New(problem.NotFound, "account.not_found")
	}
	if err != nil {
		return a, problem.Wrap(err, problem.Internal, "error.internal")
	}
	return a, nil
}

// messageSent stores an operator's message with its send job, then waits a
// little for the send so the usual case answers with the WhatsApp id at once.
// A repeated webhook for the same MessageGateway message sends nothing new.
func (r *Relay) messageSent(ctx context.Context, sess *account.Session, hook *mg.Webhook) (any, error) {
	d, err := hook.MessageData()
	if err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}
	a, err := r.accountOf(ctx, sess, d.ChannelID)
	if err != nil {
		return nil, err
	}
	if d.ID == 0 || d.ExternalChatID == "" {
		return nil, problem.New(problem.Invalid, "relay.webhook_invalid").WithDetail("message without id or chat")
	}
	if reason := r.refuseBeforeSending(d, sess.Conn.Lang); reason != nil {
		return mg.MessageSentResponse{Error: reason}, nil
	}

	var (
		id       int64
		inserted bool
		ch       chan sendResult
	)
	err = r.st.InTx(ctx, func(tx *store.Store) error {
		var err error
		id, inserted, err = tx.InsertOutbound(ctx, store.OutboundMessage{AccountID: a.ID, MGMessageID: d.ID,
			ChatKey: d.ExternalChatID, Payload: hook.Data, State: string(delivery.StateQueued)})
		if err != nil || !inserted {
			return err
		}
		r.event(ctx, tx, a.ID, d.ID, "", EventReceived, "message_sent, type "+d.Type)
		ch = r.waiters.add(id) // before the job can run, so its result finds us
		payload, _ := json.Marshal(sendJob{OutboundID: id})
		_, _, err = tx.InsertJob(ctx, store.NewJob{Kind: KindSend, QueueKey: outboundQueue(a.ID, d.ExternalChatID),
			Payload: payload})
		return err
	})
	if err != nil {
		if ch != nil {
			r.waiters.deliver(id, sendResult{})
		}
		return nil, problem.Wrap(err, problem.Unavailable, "error.internal")
	}
	if !inserted {
		return r.repeatedReply(ctx, a, d.ID)
	}
	r.runner.Notify()
	if res, ok := r.waiters.wait(id, ch, SyncReplyWait); ok {
		return res.Reply, nil
	}
	return mg.MessageSentResponse{Async: true}, nil
}

// repeatedReply answers a message_sent that was delivered before: with the
// WhatsApp id when the message was sent, else "async" (the ack follows).
func (r *Relay) repeatedReply(ctx context.Context, a store.Account, mgID int64) (any, error) {
	o, err := r.st.OutboundByMGID(ctx, a.ID, mgID)
	if err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	if at, err := r.st.Attempts(ctx, o.ID); err == nil && len(at) > 0 {
		return mg.MessageSentResponse{ExternalMessageID: at[0].WAMID}, nil
	}
	return mg.MessageSentResponse{Async: true}, nil
}

// messageDeleted cancels what has not gone out yet (a queued message or a
// pending resend); a message WhatsApp already has cannot be deleted.
func (r *Relay) messageDeleted(ctx context.Context, sess *account.Session, hook *mg.Webhook) (any, error) {
	d, err := hook.MessageData()
	if err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}
	a, err := r.accountOf(ctx, sess, d.ChannelID)
	if err != nil {
		return nil, err
	}
	o, err := r.st.OutboundByMGID(ctx, a.ID, d.ID)
	if err != nil {
		return nil, problem.New(problem.Invalid, "relay.cannot_delete")
	}
	next, action := delivery.Next(delivery.State(o.State), max(o.Attempt, delivery.FirstAttempt), delivery.EventCancelled)
	if next == delivery.State(o.State) {
		return nil, problem.New(problem.Invalid, "relay.cannot_delete")
	}
	from, fromAttempt := o.State, o.Attempt
	o.State = string(next)
	if ok, err := r.st.SetOutboundStateIf(ctx, o, from, fromAttempt); err != nil || !ok {
		return nil, problem.New(problem.Conflict, "relay.cannot_delete")
	}
	if action == delivery.ActionCancelResend {
		_, _ = r.st.CancelJob(ctx, resendKey(o.ID))
	}
	return struct{}{}, nil
}

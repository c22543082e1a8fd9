package relay

import (
	"context"
	"encoding/json"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// The operator actions that go to WhatsApp besides messages.
const (
	actionRead    = "read"    // the operator read the chat: blue ticks for the customer
	actionReact   = "react"   // the operator reacted to a message
	actionUnreact = "unreact" // the operator removed a reaction
)

// actionJob is the payload of a KindAction job.
type actionJob struct {
	AccountID int64  `json:"account_id"`
	Action    string `json:"action"`
	Chat      string `json:"chat"`
	WAMID     string `json:"wamid"`
	Emoji     string `json:"emoji,omitempty"`
}

// queueAction stores a read mark or reaction as a job in the chat's outbound
// queue, so it reaches WhatsApp after the messages before it.
func (r *Relay) queueAction(ctx context.Context, sess *account.Session, hook *mg.Webhook, action string) (any, error) {
	p := actionJob{Action: action}
	var channelID int64
	if action == actionRead {
		d, err := hook.MessageData()
		if err != nil {
			return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
		}
		channelID, p.Chat, p.WAMID = d.ChannelID, d.ExternalChatID, d.ExternalMessageID
	} else {
		d, err := hook.ReactionData()
		if err != nil {
			return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
		}
		channelID, p.Chat, p.WAMID, p.Emoji = d.ChannelID, d.ExternalChatID, d.ExternalMessageID, d.NewReaction
	}
	a, err := r.accountOf(ctx, sess, channelID)
	if err != nil {
		return nil, err
	}
	if p.WAMID == "" || p.Chat == "" {
		return struct{}{}, nil // nothing WhatsApp could identify
	}
	p.AccountID = a.ID
	payload, _ := json.Marshal(p)
	if _, _, err := r.st.InsertJob(ctx, store.NewJob{Kind: KindAction, QueueKey: outboundQueue(a.ID, p.Chat),
		Payload: payload}); err != nil {
		return nil, problem.Wrap(err, problem.Unavailable, "error.internal")
	}
	r.runner.Notify()
	return struct{}{}, nil
}

// handleAction sends a read mark or a reaction to WhatsApp.
func (r *Relay) handleAction(ctx context.Context, j store.Job) error {
	var p actionJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	l, err := r.load(ctx, p.AccountID)
	if err != nil {
		return err
	}
	target := r.currentWAMID(ctx, p.WAMID)
	if err := r.pace(ctx, l.acc.ID); err != nil {
		return err
	}
	switch p.Action {
	case actionRead:
		err = r.d360.MarkRead(ctx, l.key, target)
	case actionReact, actionUnreact:
		emoji := p.Emoji
		if p.Action == actionUnreact {
			emoji = ""
		}
		to, rerr := r.resolveChat(ctx, p.AccountID, p.Chat)
		if rerr != nil {
			return notFoundPermanent(rerr)
		}
		m := recipient(to)
		m.Type = "reaction"
		m.Reaction = &dialog360.Reaction{MessageID: target, Emoji: emoji}
		_, err = r.d360.Send(ctx, l.key, m)
	}
	return classifyD360(err)
}

// currentWAMID maps the id MessageGateway knows an operator's message by (its
// first WhatsApp id) to the id of its latest attempt, which is the message the
// customer has.
func (r *Relay) currentWAMID(ctx context.Context, wamid string) string {
	at, err := r.st.AttemptByWAMID(ctx, wamid)
	if err != nil {
		return wamid
	}
	all, err := r.st.Attempts(ctx, at.OutboundID)
	if err != nil || len(all) == 0 {
		return wamid
	}
	return all[len(all)-1].WAMID
}

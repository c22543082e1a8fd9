package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// handleInbound relays one WhatsApp message to MessageGateway. Errors that a
// retry can fix (MessageGateway down, 5xx, 429, network) are returned as is,
// so the job waits with bounded backoff and the chat's later messages wait
// behind it; a refusal no retry can fix is Permanent.
func (r *Relay) handleInbound(ctx context.Context, j store.Job) error {
	var p inboundJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("inbound payload: %w", err))
	}
	parsed, ok := r.handoff.take(p.AccountID, p.WAMID)
	m, contact := parsed.msg, parsed.contact
	if !ok {
		var err error
		if m, contact, err = inboundMessage(p, j.Webhook); err != nil {
			return jobs.Permanent(err)
		}
	}
	h, err := r.acc.HotByID(ctx, p.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(errors.New("account removed"))
	}
	if err != nil {
		return err
	}
	a, sess := h.Account, h.Session
	if !sess.Conn.Active || sess.Conn.Frozen {
		return errors.New("module is switched off or frozen in the CRM; waiting")
	}

	plan := planInbound(m, contact, a.ChannelID, r.translator(sess.Conn.Lang))
	if plan.Quote != "" {
		plan.Data.Quote = &mg.MessageRef{ExternalID: r.mgExternalID(ctx, plan.Quote)}
	}
	switch plan.Kind {
	case planSkip:
		return r.delivered(ctx, a.ID, m.ID, 0)
	case planReaction:
		return r.relayReaction(ctx, sess.MG, a, m.ID, plan)
	}
	if plan.Media != nil {
		if err := r.attachMedia(ctx, sess.MG, a, &plan); err != nil {
			return err
		}
	}
	res, err := sess.MG.SendMessage(ctx, plan.Data)
	switch {
	case mg.IsDuplicate(err):
		r.log.Info("inbound already in MessageGateway", "account_id", a.ID, "wa_message_id", m.ID)
		return r.delivered(ctx, a.ID, m.ID, 0)
	case err != nil:
		return classifyMG(err)
	}
	r.opts.Metrics.relayed(r.st.Now().Sub(m.Time()))
	return r.delivered(ctx, a.ID, m.ID, res.MessageID)
}

// inboundMessage finds a job's message and its sender's contact in the
// webhook that brought them (or, in a job of an earlier version, in the
// payload's copy).
func inboundMessage(p inboundJob, webhook []byte) (*dialog360.Message, *dialog360.Contact, error) {
	if p.Message != nil {
		var m dialog360.Message
		if err := json.Unmarshal(p.Message, &m); err != nil {
			return nil, nil, fmt.Errorf("inbound message: %w", err)
		}
		return &m, p.Contact, nil
	}
	if webhook == nil {
		return nil, nil, fmt.Errorf("inbound message %s: its stored webhook is gone", p.WAMID)
	}
	hook, err := dialog360.ParseWebhook(webhook)
	if err != nil {
		return nil, nil, fmt.Errorf("inbound message %s: stored webhook: %w", p.WAMID, err)
	}
	for _, v := range hook.Values() {
		for i := range v.Messages {
			if m := &v.Messages[i]; m.ID == p.WAMID {
				return m, v.Contact(m), nil
			}
		}
	}
	return nil, nil, fmt.Errorf("inbound message %s: not in its stored webhook", p.WAMID)
}

// delivered records that a customer's message reached the chat (mgID 0: it
// needed no chat message, or MessageGateway had it already), together with
// the job's completion; its "relayed" step is read from the row.
func (r *Relay) delivered(ctx context.Context, accountID int64, wamid string, mgID int64) error {
	return jobs.Commit(ctx, r.st, func(tx *store.Store) error {
		return tx.MarkInboundDelivered(ctx, accountID, wamid, mgID)
	})
}

// relayReaction adds or removes a customer's reaction on a chat message.
func (r *Relay) relayReaction(ctx context.Context, c *mg.Client, a store.Account, wamid string, plan inboundPlan) error {
	ref := r.mgRef(ctx, plan.ReactionTo)
	old, err := r.st.SetReaction(ctx, a.ID, plan.ReactionTo, plan.Reaction)
	if err != nil {
		return err
	}
	switch {
	case plan.Reaction != "":
		// A new reaction replaces the customer's previous one on that message.
		err = c.AddReaction(ctx, a.ChannelID, ref, plan.Reaction)
	case old != "":
		err = c.DeleteReaction(ctx, a.ChannelID, ref, old)
	}
	var me *mg.Error
	if errors.As(err, &me) && me.HTTPStatus == http.StatusNotFound {
		r.log.Info("reaction to a message MessageGateway does not know", "account_id", a.ID)
		err = nil
	}
	if err != nil {
		return classifyMG(err)
	}
	return r.delivered(ctx, a.ID, wamid, 0)
}

// attachMedia fetches the message's media from 360dialog right away (its URL
// expires in minutes) and uploads it to MessageGateway.
func (r *Relay) attachMedia(ctx context.Context, c *mg.Client, a store.Account, plan *inboundPlan) error {
	key, err := r.acc.AccountKey(a)
	if err != nil {
		return jobs.Permanent(err)
	}
	md := plan.Media
	info, err := r.d360.Media(ctx, key, md.ID)
	if err != nil {
		return classifyD360(err)
	}
	data, err := r.d360.Download(ctx, key, info.URL, MaxMediaBytes)
	if err != nil {
		return classifyD360(err)
	}
	mime := md.MimeType
	if mime == "" {
		mime = info.MimeType
	}
	f, err := c.UploadFile(ctx, md.Filename, mime, bytes.NewReader(data))
	if err != nil {
		return classifyMG(err)
	}
	// The caption is the message note (MG shows it once); the item carries only the file.
	plan.Data.Message.Items = []mg.Item{{ID: f.ID}}
	return nil
}

// mgExternalID is the id MessageGateway knows a WhatsApp message by: the
// wamid itself, or for a message sent a second time, its first wamid.
func (r *Relay) mgExternalID(ctx context.Context, wamid string) string {
	if at, err := r.st.AttemptByWAMID(ctx, wamid); err == nil && at.Attempt > 1 {
		if all, err := r.st.Attempts(ctx, at.OutboundID); err == nil && len(all) > 0 {
			return all[0].WAMID
		}
	}
	return wamid
}

// mgRef names a chat message for reactions: operators' messages by their
// MessageGateway id, customers' by their wamid.
func (r *Relay) mgRef(ctx context.Context, wamid string) mg.MessageRef {
	if at, err := r.st.AttemptByWAMID(ctx, wamid); err == nil {
		if o, err := r.st.OutboundByID(ctx, at.OutboundID); err == nil {
			return mg.MessageRef{ID: o.MGMessageID}
		}
	}
	return mg.MessageRef{ExternalID: wamid}
}
